package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.Paging;
import cn.jifen.support.Actors;
import cn.jifen.support.RowTimes;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reading reservations (a villager's page, the counter's list) changes nothing; the scheduled run lapses them. */
@IntegrationTest
class ReservationReadsTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Reservations reservations;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;

    private MarketFixture fixture() {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds,
                windows, ledger), 1);
    }

    private Reservation pastItsTime(MarketFixture f, Product p) {
        Reservation r = reservations.reserve(Actors.villager(f.village, f.h(0).id()), f.v(), f.supermarketId,
                items(p.id(), 2), key());
        RowTimes.moveBack(jdbc, "reservation", "expires_at", f.v(), r.id(), 3);
        return r;
    }

    private String status(MarketFixture f, Reservation r) {
        return jdbc.sql("SELECT status FROM reservation WHERE village_id = :v AND id = :id").param("v", f.v())
                .param("id", r.id()).query(String.class).single();
    }

    @Test
    void readingReservationsLapsesNothingInAnyVillageAndTheScheduledRunDoes() {
        MarketFixture here = fixture();
        MarketFixture elsewhere = fixture();
        here.earn(0, 100);
        elsewhere.earn(0, 100);
        Product oil = here.product("花生油", 30, 5, null);
        Product rice = elsewhere.product("大米", 20, 5, null);
        Reservation mine = pastItsTime(here, oil);
        Reservation theirs = pastItsTime(elsewhere, rice);

        var seen = reservations.mine(Actors.villager(here.village, here.h(0).id()), Paging.first(50)).items();
        var atCounter = reservations.held(here.keeper, here.v(), here.supermarketId);

        assertThat(status(here, mine)).isEqualTo("HELD");
        assertThat(status(elsewhere, theirs)).isEqualTo("HELD");
        assertThat(here.stock(oil.id())).as("nothing put back by a read").isEqualTo(3);
        assertThat(seen).singleElement().satisfies(r -> assertThat(r.status()).as("shown as it stands").isEqualTo("LAPSED"));
        assertThat(atCounter).extracting(Reservation::id).doesNotContain(mine.id());

        reservations.lapseDue();

        assertThat(status(here, mine)).isEqualTo("LAPSED");
        assertThat(status(elsewhere, theirs)).isEqualTo("LAPSED");
        assertThat(here.stock(oil.id())).isEqualTo(5);
    }
}
