package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.DemoCountyPolicy;
import cn.jifen.support.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** How long an online reservation holds goods and points is the county's policy, read when the villager reserves. */
@IntegrationTest
class ReservationPolicyTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Reservations reservations;
    @Autowired Ledger ledger;
    @Autowired CountyPolicies policies;

    DemoCountyPolicy policy;

    @BeforeEach
    void remember() {
        policy = new DemoCountyPolicy(policies, orgUnits.byCode("441821").orElseThrow());
    }

    @AfterEach
    void putBack() {
        policy.restore();
    }

    private Reservation reserve(MarketFixture f, Product p) {
        return reservations.reserve(Actors.villager(f.village, f.h(0).id()), f.v(), f.supermarketId, items(p.id(), 1), key());
    }

    @Test
    void aReservationExpiresAfterTheCountysHoursAndAChangeAppliesToTheNextReservationAtOnce() {
        MarketFixture f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds,
                windows, ledger), 1);
        f.earn(0, 100);
        Product soap = f.product("香皂", 5, 10, null);
        assertThat(reservations.reservationHours(f.v())).isEqualTo(48);

        policy.change("预订保留一天", d -> d.reservationHours(24));
        Reservation day = reserve(f, soap);
        assertThat(Duration.between(day.createdAt(), day.expiresAt())).isEqualTo(Duration.ofHours(24));
        assertThat(reservations.reservationHours(f.v())).isEqualTo(24);

        policy.change("预订保留六小时", d -> d.reservationHours(6));
        Reservation six = reserve(f, soap);
        assertThat(Duration.between(six.createdAt(), six.expiresAt())).isEqualTo(Duration.ofHours(6));
        assertThat(reservations.held(f.keeper, f.v(), f.supermarketId)).filteredOn(r -> r.id() == day.id())
                .singleElement().extracting(Reservation::expiresAt).isEqualTo(day.expiresAt());
    }
}
