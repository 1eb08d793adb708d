package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.support.Actors;
import cn.jifen.support.RowTimes;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Online reservations: goods set aside, points held, collected at the counter, or lapsing. */
@IntegrationTest
class ReservationsTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Redemptions redemptions;
    @Autowired Reservations reservations;
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired JdbcClient jdbc;

    private MarketFixture fixture(int households) {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, this.households, users, supermarkets, goods, funds,
                windows, ledger), households);
    }

    private static Actor villager(MarketFixture f, int i) {
        return Actors.villager(f.village, f.h(i).id());
    }

    @Test
    void aReservationSetsTheGoodsAsideAndHoldsThePointsWithoutSpendingThem() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product oil = f.product("花生油", 30, 5, null);

        Reservation r = reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 2), key());

        assertThat(r.held()).isTrue();
        assertThat(r.points()).isEqualTo(60);
        assertThat(f.stock(oil.id())).isEqualTo(3);
        assertThat(f.balance(0)).as("points are held, not spent").isEqualTo(100);
        assertThat(reservations.heldPoints(f.v(), f.h(0).id())).isEqualTo(60);
        assertThat(redemptions.lookup(f.keeper, f.v(), f.supermarketId, f.number(0)).held()).isEqualTo(60);
        // the counter may not spend the held points
        Product soap = f.product("香皂", 50, 5, null);
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 1), key()))
                .isInstanceOf(Conflict.class).hasMessage("error.market.heldShort");
        // nor may a second reservation
        assertThatThrownBy(() -> reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(soap.id(), 1), key()))
                .isInstanceOf(Conflict.class).hasMessage("error.market.holdShort");
        assertThat(goods.reconcile(f.v())).isEmpty();
    }

    @Test
    void theKeeperHandsTheGoodsOverAndOnlyThenThePointsAreSpent() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product oil = f.product("花生油", 30, 5, "25.00");
        Reservation r = reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 2), key());
        assertThat(reservations.held(f.keeper, f.v(), f.supermarketId)).extracting(Reservation::id).contains(r.id());

        Redemption red = reservations.collect(f.keeper, f.v(), r.id());
        Redemption again = reservations.collect(f.keeper, f.v(), r.id());

        assertThat(red.points()).isEqualTo(60);
        assertThat(again.id()).isEqualTo(red.id());
        assertThat(f.balance(0)).isEqualTo(40);
        assertThat(f.stock(oil.id())).isEqualTo(3);
        assertThat(reservations.heldPoints(f.v(), f.h(0).id())).isZero();
        assertThat(reservations.mine(villager(f, 0), Paging.first(50)).items().get(0).status()).isEqualTo("COLLECTED");
        assertThat(goods.ledger(f.admin, f.v(), f.supermarketId, null, null, oil.id(), Paging.first(10)).items())
                .extracting(Movement::kind).startsWith("REDEMPTION", "RELEASE", "RESERVE");
        assertThat(goods.reconcile(f.v())).isEmpty();
        assertThat(verifier.verify(f.v()).intact()).isTrue();
    }

    @Test
    void aReservationLapsesAfterItsTimeAndTheGoodsAndPointsAreFreedAgain() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product oil = f.product("花生油", 30, 5, null);
        Reservation r = reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 3), key());
        RowTimes.moveBack(jdbc, "reservation", "expires_at", f.v(), r.id(), 3);

        assertThat(reservations.heldPoints(f.v(), f.h(0).id())).as("a lapsed hold counts for nothing at once").isZero();
        assertThatThrownBy(() -> reservations.collect(f.keeper, f.v(), r.id())).isInstanceOf(Conflict.class);
        reservations.lapseDue();

        assertThat(reservations.mine(villager(f, 0), Paging.first(50)).items().get(0).status()).isEqualTo("LAPSED");
        assertThat(f.stock(oil.id())).isEqualTo(5);
        assertThat(f.balance(0)).isEqualTo(100);
        assertThat(goods.reconcile(f.v())).isEmpty();
        assertThatThrownBy(() -> reservations.collect(f.keeper, f.v(), r.id()))
                .isInstanceOf(Conflict.class).hasMessage("error.market.reservationClosed");
    }

    @Test
    void theVillagerCancelsTheirOwnReservationOnlyAndTheSameKeyReservesOnce() {
        MarketFixture f = fixture(2);
        f.earn(0, 100);
        Product oil = f.product("花生油", 30, 5, null);
        String k = key();
        Reservation r = reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 1), k);
        Reservation twice = reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 1), k);
        assertThat(twice.id()).isEqualTo(r.id());
        assertThat(f.stock(oil.id())).isEqualTo(4);
        // another household sending the same key gets a refusal, never the first household's reservation
        f.earn(1, 100);
        assertThatThrownBy(() -> reservations.reserve(villager(f, 1), f.v(), f.supermarketId, items(oil.id(), 1), k))
                .isInstanceOf(Conflict.class).hasMessage("error.requestKey.reused");
        assertThat(f.stock(oil.id())).isEqualTo(4);

        assertThatThrownBy(() -> reservations.cancel(villager(f, 1), f.v(), r.id())).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> reservations.cancel(f.keeper, f.v(), r.id())).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> reservations.reserve(f.keeper, f.v(), f.supermarketId, items(oil.id(), 1), key()))
                .isInstanceOf(Forbidden.class);
        Reservation c = reservations.cancel(villager(f, 0), f.v(), r.id());

        assertThat(c.status()).isEqualTo("CANCELLED");
        assertThat(f.stock(oil.id())).isEqualTo(5);
        assertThat(reservations.heldPoints(f.v(), f.h(0).id())).isZero();
        List<Movement> m = goods.ledger(f.admin, f.v(), f.supermarketId, null, null, oil.id(), Paging.first(10)).items();
        assertThat(m.get(0).kind()).isEqualTo("RELEASE");
    }
}
