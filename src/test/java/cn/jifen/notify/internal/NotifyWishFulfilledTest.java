package cn.jifen.notify.internal;

import cn.jifen.wishes.*;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Supermarkets;
import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fulfilled wish tells the household that made it, in its own village's name, what the supermarket bought in; the
 * notice is recorded in the fulfilment's transaction (one event per wish).
 */
@IntegrationTest
class NotifyWishFulfilledTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired Wishes wishes;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Supermarkets supermarkets;
    @Autowired Funds funds;
    @Autowired Goods goods;
    @Autowired Users users;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;
    @Autowired JdbcClient jdbc;

    @Test
    void theHouseholdWhoseWishCameTrueIsToldWhatTheSupermarketBoughtIn() {
        WishFixture f = new WishFixture(orgUnits, households, supermarkets, funds, goods);
        f.serveB();
        Household h = f.b.households.get(0);
        UserAccount account = users.createVillager(f.countyAdmin, f.b.village.id(), h.id(), "secret-123");
        Wish w = wishes.propose(f.b.villager(0), null, null, null, "酱油", null);
        events.settle();
        dispatcher.runOnce();
        wishes.fulfil(f.a.admin, w.villageId(), w.id(), f.purchase("海天酱油（500毫升）", 12).id());
        events.settle();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE kind = 'WISH_FULFILLED' AND village_id = :v"
                        + " AND household_id = :h").param("v", f.b.village.id()).param("h", h.id())
                .query(Long.class).single()).isEqualTo(1);
        dispatcher.runOnce();
        Actor villager = new Actor(account.id(), account.username(), account.displayName(), Role.VILLAGER,
                f.b.village.id(), f.b.village.path(), h.id(), "127.0.0.1");
        List<Inbox.Message> mine = inbox.mine(villager, Paging.of(0, 10)).items();
        assertThat(mine).extracting(Inbox.Message::body).containsExactly(
                "【佛冈县积分制】乙村：您家许的心愿“酱油”已实现：甲村积分超市进了海天酱油（500毫升），可以去兑换了。");
    }
}
