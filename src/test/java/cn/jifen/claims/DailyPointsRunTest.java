package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.ledger.Ledger;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The scheduled points policy (base points, expiry) in an installation with two counties: each county gets
 * its own run, once a day, even when two instances fire at the same moment.
 */
@IntegrationTest
class DailyPointsRunTest extends Db {
    @Autowired PointsPolicy pointsPolicy;
    @Autowired CountyPolicies policies;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;

    final int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
    CountyWithHousehold first;
    CountyWithHousehold second;

    record CountyWithHousehold(OrgUnit county, OrgUnit village, Household household) { }

    @BeforeEach
    void twoCounties() {
        String stem = Actors.code("");
        first = county("JA" + stem, 10);
        second = county("JB" + stem, 15);
    }

    /**
     * The county row itself is inserted directly: the services keep one county per installation, but an
     * installation upgraded from a city-wide one (or the tests' policy counties) has several. Everything
     * under it goes through the services.
     */
    private CountyWithHousehold county(String code, int basePoints) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO org_unit (code, name, level, path, active, created_at) VALUES (:c, '作业测试县', 'COUNTY', '/', TRUE, :t)")
                .param("c", code).param("t", OffsetDateTime.now()).update(keys, "id");
        long id = keys.getKey().longValue();
        jdbc.sql("UPDATE org_unit SET path = :p WHERE id = :id").param("p", "/" + id + "/").param("id", id).update();
        OrgUnit county = orgUnits.byId(id);
        Actor admin = ClaimFixture.staff(Role.COUNTY_ADMIN, county, "county");
        OrgUnit town = orgUnits.create(admin, county.code(), code + "T", "作业测试镇", null);
        OrgUnit village = orgUnits.create(admin, town.code(), code + "V", "作业测试村", "VILLAGE");
        OrgUnit grid = orgUnits.create(admin, village.code(), code + "G", "一网格", null);
        Household h = households.create(admin, village.code(), new HouseholdDraft("0001", grid.code(), "一组1号", false,
                List.of(new ResidentDraft("户主", "户主", "男", "1950", null, null, false, null, false))));
        policies.update(admin, new CountyPolicies.Draft(basePoints, "01-01", 0, null, 0, "作业测试"));
        return new CountyWithHousehold(county, village, h);
    }

    private long runs(CountyWithHousehold c, String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM points_run WHERE village_id = :v AND kind = :k")
                .param("v", c.village().id()).param("k", kind).query(Long.class).single();
    }

    @Test
    void eachCountyGetsItsOwnBasePointsAndExpiry() {
        pointsPolicy.daily();

        for (CountyWithHousehold c : List.of(first, second)) {
            assertThat(runs(c, "BASE")).as("base run of %s", c.county().code()).isEqualTo(1);
            assertThat(runs(c, "EXPIRE")).as("expiry run of %s", c.county().code()).isEqualTo(1);
        }
        // base points counted in the year's score, the balance expired on 01-01
        assertThat(ledger.score(second.village().id(), second.household().id(), Period.year(year))).isEqualTo(15);
        assertThat(ledger.balance(second.village().id(), second.household().id())).isZero();
        assertThat(ledger.score(first.village().id(), first.household().id(), Period.year(year))).isEqualTo(10);
    }

    @Test
    void aSecondRunTheSameDayDoesNothing() {
        pointsPolicy.daily();
        pointsPolicy.daily();

        for (CountyWithHousehold c : List.of(first, second)) {
            assertThat(runs(c, "BASE")).isEqualTo(1);
            assertThat(runs(c, "EXPIRE")).isEqualTo(1);
        }
    }

    @Test
    void twoInstancesFiringAtOnceRunEachCountyOnce() throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        var start = new CountDownLatch(1);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    pointsPolicy.daily();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (CountyWithHousehold c : List.of(first, second)) {
            assertThat(runs(c, "BASE")).as("base runs of %s", c.county().code()).isEqualTo(1);
            assertThat(runs(c, "EXPIRE")).as("expiry runs of %s", c.county().code()).isEqualTo(1);
        }
        assertThat(ledger.score(second.village().id(), second.household().id(), Period.year(year))).isEqualTo(15);
    }
}
