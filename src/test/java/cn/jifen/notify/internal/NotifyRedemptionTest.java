package cn.jifen.notify.internal;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.market.*;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;

import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * What a redemption at the counter tells whom: the household gets a receipt naming the supermarket; a redemption that
 * leaves a product at its low-stock threshold tells the keepers, once per product and day, and not the household; a
 * reservation tells the household it is ready, and reminds it once a day before its hold ends.
 */
@IntegrationTest
@RecordApplicationEvents
class NotifyRedemptionTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired ApplicationEvents published;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Redemptions redemptions;
    @Autowired Ledger ledger;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;
    @Autowired Reservations reservations;

    MarketFixture f;
    Actor villager;

    /** A supermarket village of {@code households} households; the first one's head has a villager account. */
    private void market(int households) {
        events.settle();
        dispatcher.runOnce();
        f = new MarketFixture(new MarketFixture.Beans(orgUnits, this.households, users, supermarkets, goods, funds,
                windows, ledger), households);
        UserAccount v = users.createVillager(f.countyAdmin, f.v(), f.h(0).id(), "secret-123");
        villager = new Actor(v.id(), v.username(), v.displayName(), Role.VILLAGER, f.v(), f.village.path(), f.h(0).id(),
                "127.0.0.1");
    }

    private List<String> inboxOf(Actor a) {
        return inbox.mine(a, Paging.of(0, 50)).items().stream().map(Inbox.Message::body).toList();
    }

    @Test
    void theHouseholdGetsAReceiptNamingTheSupermarket() {
        market(2);
        Product rice = f.product("大米", 30, 20, null);
        f.earn(0, 100);
        f.earn(1, 100);
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(rice.id(), 1), key());
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(villager)).contains("【佛冈县积分制】超市测试村：您家在测试积分超市兑换用去30分，可用积分70分。");
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(rice.id(), 2), key());
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(villager)).noneMatch(b -> b.contains("用去60分"));
    }

    @Test
    void theKeeperIsToldOnceADayThatAProductRunsLowAndTheHouseholdIsNot() {
        market(1);
        Product oil = f.product("食用油", 10, 5, null); // low-stock threshold 2
        f.earn(0, 100);
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 2), key()); // 3 left
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(f.keeper)).noneMatch(b -> b.contains("库存不足"));

        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 1), key()); // 2 left
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 1), key()); // 1 left
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(f.keeper)).filteredOn(b -> b.contains("库存不足"))
                .containsExactly("【佛冈县积分制】超市测试村：“食用油”只剩2件，库存不足，请及时进货。");
        assertThat(inboxOf(villager)).noneMatch(b -> b.contains("库存不足"));
    }

    @Test
    void onlyTheRedemptionThatTakesTheStockDownToItsThresholdPublishesLowStock() {
        market(1);
        Product oil = f.product("食用油", 10, 5, null); // low-stock threshold 2
        f.earn(0, 100);
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 2), key()); // 3 left
        assertThat(published.stream(LowStock.class)).isEmpty();
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 1), key()); // 2 left
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 1), key()); // 1 left
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 1), key()); // 0 left
        assertThat(published.stream(LowStock.class)).extracting(LowStock::left).containsExactly(2);
    }

    @Test
    void aReservationTellsTheHouseholdItIsReadyAndUntilWhen() {
        market(1);
        Product oil = f.product("食用油", 10, 5, null);
        f.earn(0, 100);
        Reservation r = reservations.reserve(villager, f.v(), f.supermarketId, items(oil.id(), 2), key());
        events.settle();
        dispatcher.runOnce();
        String until = r.expiresAt().atZoneSameInstant(ZoneId.of("Asia/Shanghai"))
                .format(DateTimeFormatter.ofPattern("M月d日H:mm"));
        assertThat(inboxOf(villager)).filteredOn(b -> b.contains("预订")).containsExactly(
                "【佛冈县积分制】超市测试村：您家在" + supermarkets.ofVillage(f.v()).stream()
                        .filter(s -> s.id() == f.supermarketId).findFirst().orElseThrow().name() + "预订的物品（"
                        + r.points() + "分）已备好，请在" + until + "前去领取，过时自动取消。");
    }

    @Test
    void aReservationStillHeldADayBeforeItsHoldEndsRemindsTheHouseholdOnce() {
        market(1);
        Product oil = f.product("食用油", 10, 5, null);
        f.earn(0, 100);
        Reservation r = reservations.reserve(villager, f.v(), f.supermarketId, items(oil.id(), 2), key()); // 48 h
        reservations.remindEndingSoon(r.expiresAt().minusHours(30));
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(villager)).noneMatch(b -> b.contains("还没有领取"));

        reservations.remindEndingSoon(r.expiresAt().minusHours(23));
        reservations.remindEndingSoon(r.expiresAt().minusHours(22)); // the next hourly run: nothing new
        events.settle();
        dispatcher.runOnce();
        String until = r.expiresAt().atZoneSameInstant(ZoneId.of("Asia/Shanghai"))
                .format(DateTimeFormatter.ofPattern("M月d日H:mm"));
        assertThat(inboxOf(villager)).filteredOn(b -> b.contains("还没有领取")).containsExactly(
                "【佛冈县积分制】超市测试村：您家预订的物品（" + r.points() + "分）还没有领取，" + until
                        + "过期后自动取消，请尽快去领。");
    }

    @Test
    void everyHouseholdOfTheVillageHearsOnceThatTheRedemptionDayIsComingTheDayBefore() {
        market(2);
        UserAccount v2 = users.createVillager(f.countyAdmin, f.v(), f.h(1).id(), "secret-123");
        Actor villager2 = new Actor(v2.id(), v2.username(), v2.displayName(), Role.VILLAGER, f.v(), f.village.path(),
                f.h(1).id(), "127.0.0.1");
        LocalDateTime opens = LocalDateTime.now(ZoneId.of("Asia/Shanghai"))
                .plusDays(3).withHour(9).withMinute(0).withSecond(0).withNano(0);
        windows.schedule(f.admin, f.village.code(), "春季集中兑换日", opens, opens.withHour(12));

        windows.remindRedemptionDays(opens.minusHours(30)); // more than a day ahead: not yet
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(villager)).noneMatch(b -> b.contains("集中兑换日："));

        assertThat(windows.remindRedemptionDays(opens.minusHours(23))).isPositive();
        windows.remindRedemptionDays(opens.minusHours(22)); // the next hourly run: the same notice, not a new one
        events.settle();
        dispatcher.runOnce();

        String expected = "【佛冈县积分制】超市测试村：积分超市集中兑换日：" + opens.getMonthValue() + "月"
                + opens.getDayOfMonth() + "日9:00到12:00（春季集中兑换日），请带上积分存折去兑换。";
        assertThat(inboxOf(villager)).filteredOn(b -> b.contains("集中兑换日：")).containsExactly(expected);
        assertThat(inboxOf(villager2)).filteredOn(b -> b.contains("集中兑换日：")).containsExactly(expected);
        assertThat(inboxOf(f.keeper)).noneMatch(b -> b.contains("集中兑换日："));
    }
}
