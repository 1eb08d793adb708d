package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.ledger.Ledger;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.JobLocks;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    @Autowired JobLocks locks;

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
        // the village has been there since last year, so this year's expiry day (01-01) concerns it
        backdate(village);
        return new CountyWithHousehold(county, village, h);
    }

    private void backdate(OrgUnit village) {
        jdbc.sql("UPDATE org_unit SET created_at = :t WHERE id = :id")
                .param("t", OffsetDateTime.of(year - 1, 6, 1, 0, 0, 0, 0, ZoneOffset.ofHours(8)))
                .param("id", village.id()).update();
    }

    /** A village (with one household) set up now in a county's first town, through the services. */
    private CountyWithHousehold newVillage(CountyWithHousehold in, String suffix) {
        Actor admin = ClaimFixture.staff(Role.COUNTY_ADMIN, in.county(), "county");
        OrgUnit village = orgUnits.create(admin, in.county().code() + "T", in.county().code() + "V" + suffix, "新设村", "VILLAGE");
        OrgUnit grid = orgUnits.create(admin, village.code(), in.county().code() + "G" + suffix, "一网格", null);
        Household h = households.create(admin, village.code(), new HouseholdDraft("0001", grid.code(), "一组1号", false,
                List.of(new ResidentDraft("户主", "户主", "男", "1950", null, null, false, null, false))));
        return new CountyWithHousehold(in.county(), village, h);
    }

    /** The next hourly check: the lock a county's run keeps for at least 30 s after it has long been released. */
    private void anHourLater() {
        jdbc.sql("UPDATE shedlock SET lock_until = TIMESTAMP '2000-01-01 00:00:00' WHERE name LIKE 'points-daily-%'").update();
    }

    private long basePostings(CountyWithHousehold c) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM ledger_entry WHERE village_id = :v AND household_id = :h AND leg_no = 0
                AND source_type = 'policy' AND source_ref = :ref""")
                .param("v", c.village().id()).param("h", c.household().id()).param("ref", "base-" + year)
                .query(Long.class).single();
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

    @Test
    void aVillageSetUpAfterTheCountysRunGetsItsBasePointsAtTheNextRunAndTheOthersNotTwice() {
        pointsPolicy.daily();
        CountyWithHousehold added = newVillage(first, "N");
        anHourLater();

        pointsPolicy.daily();

        assertThat(runs(added, "BASE")).isEqualTo(1);
        assertThat(ledger.score(added.village().id(), added.household().id(), Period.year(year))).isEqualTo(10);
        assertThat(basePostings(added)).isEqualTo(1);
        // set up after this year's expiry day (01-01): nothing it holds was there to expire on that day
        assertThat(runs(added, "EXPIRE")).isZero();
        assertThat(ledger.balance(added.village().id(), added.household().id())).isEqualTo(10);
        for (CountyWithHousehold c : List.of(first, second)) {
            assertThat(runs(c, "BASE")).isEqualTo(1);
            assertThat(runs(c, "EXPIRE")).isEqualTo(1);
            assertThat(basePostings(c)).isEqualTo(1);
        }
        assertThat(ledger.score(first.village().id(), first.household().id(), Period.year(year))).isEqualTo(10);
    }

    @Test
    void aVillageTheRunDidNotReachGetsItsRunNextTimeWithoutPostingTwiceWhatWasPosted() {
        CountyWithHousehold other = newVillage(first, "B");
        pointsPolicy.daily();
        // as if the run had stopped after posting this village's base points but before logging its run
        jdbc.sql("DELETE FROM points_run WHERE village_id = :v AND kind = 'BASE'").param("v", other.village().id()).update();
        anHourLater();

        pointsPolicy.daily();

        assertThat(runs(other, "BASE")).isEqualTo(1);
        assertThat(basePostings(other)).isEqualTo(1);
        assertThat(ledger.score(other.village().id(), other.household().id(), Period.year(year))).isEqualTo(10);
        assertThat(runs(first, "BASE")).isEqualTo(1);
        assertThat(basePostings(first)).isEqualTo(1);
    }

    @Test
    void aManualRunIsRefusedWhileTheCountysScheduledRunHoldsItsLock() throws Exception {
        Actor countyAdmin = ClaimFixture.staff(Role.COUNTY_ADMIN, first.county(), "county");
        var pool = Executors.newSingleThreadExecutor();
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try {
            Future<?> scheduled = pool.submit(() -> locks.runAlone("points-daily-" + first.county().id(),
                    Duration.ofMinutes(5), Duration.ZERO, () -> {
                        holding.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return null;
                    }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> pointsPolicy.grantBase(countyAdmin, year, 10)).isInstanceOf(Conflict.class)
                    .hasMessage("error.claims.pointsRunBusy");
            assertThatThrownBy(() -> pointsPolicy.expire(countyAdmin, LocalDate.now(ZoneId.of("Asia/Shanghai"))))
                    .isInstanceOf(Conflict.class);
            release.countDown();
            scheduled.get();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(runs(first, "BASE")).isZero();
        assertThat(basePostings(first)).isZero();
    }

    @Test
    void aManualRunAndTheScheduledRunStartedTogetherPostAndLogOnce() throws Exception {
        Actor countyAdmin = ClaimFixture.staff(Role.COUNTY_ADMIN, first.county(), "county");
        var pool = Executors.newFixedThreadPool(2);
        var start = new CountDownLatch(1);
        try {
            Future<?> scheduled = pool.submit(() -> {
                start.await();
                return pointsPolicy.daily();
            });
            Future<?> manual = pool.submit(() -> {
                start.await();
                try {
                    return pointsPolicy.grantBase(countyAdmin, year, 10);
                } catch (Conflict busy) {
                    return List.of(); // the scheduled run had the lock: refused, nothing done
                }
            });
            start.countDown();
            scheduled.get();
            manual.get();
        } finally {
            pool.shutdownNow();
        }

        assertThat(runs(first, "BASE")).isEqualTo(1);
        assertThat(basePostings(first)).isEqualTo(1);
        assertThat(ledger.score(first.village().id(), first.household().id(), Period.year(year))).isEqualTo(10);
    }
}
