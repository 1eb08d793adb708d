package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.rules.CountyPolicyChange;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The settings that moved from the settings file onto the county policy (V21): the file only seeds a county that
 * has not decided; what the county saves is what claims use at once; every change is kept with what it changed;
 * bad values change nothing. Each test runs in a county of its own, so the demo county's policy is never touched.
 */
@IntegrationTest
class CountyPolicySettingsTest extends Db {
    @Autowired CountyPolicies policies;
    @Autowired RuleCatalogue catalogue;
    @Autowired Claims claims;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    OrgUnit county;
    OrgUnit town;
    OrgUnit village;
    Actor countyAdmin;
    Actor townAdmin;
    Actor villageAdmin;
    Actor gridWorker;
    Household household;
    RuleItem item;

    @BeforeEach
    void county() {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO org_unit (code, name, level, path, active, created_at) VALUES (:c, '政策数据县', 'COUNTY', '/', TRUE, :t)")
                .param("c", Actors.code("QC")).param("t", OffsetDateTime.now()).update(keys, "id");
        long id = keys.getKey().longValue();
        jdbc.sql("UPDATE org_unit SET path = :p WHERE id = :id").param("p", "/" + id + "/").param("id", id).update();
        county = orgUnits.byId(id);
        countyAdmin = ClaimFixture.staff(Role.COUNTY_ADMIN, county, "county");
        town = orgUnits.create(countyAdmin, county.code(), Actors.code("QT"), "政策数据镇", null);
        village = orgUnits.create(countyAdmin, town.code(), Actors.code("QV"), "政策数据村", "VILLAGE");
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("QG"), "一网格", null);
        townAdmin = ClaimFixture.staff(Role.TOWN_ADMIN, town, "town");
        villageAdmin = ClaimFixture.staff(Role.VILLAGE_ADMIN, village, "village");
        gridWorker = ClaimFixture.staff(Role.GRID_WORKER, grid, "grid");
        household = households.create(countyAdmin, village.code(), new HouseholdDraft("0001", grid.code(), "一组1号", false,
                List.of(new ResidentDraft("户主丙", "户主", "男", "1950", null, null, false, null, false))));
        item = catalogue.create(countyAdmin, county.code(), new ItemDraft(Actors.code("QI"), "ZYFW", "环境整治", null,
                "EARN", 10, 20, "TIME", null, null, "MONTH", false, Set.of("GRID_WORKER", "VILLAGE_ADMIN"), false,
                false, true, today.minusDays(400), null));
    }

    private CountyPolicies.Draft keep(String reason) {
        return CountyPolicies.Draft.of(policies.of(county), reason);
    }

    private CountyPolicies.Draft publicity(int days) {
        CountyPolicies.Draft d = keep("公示" + days + "天");
        return new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(), d.closedThrough(),
                d.localAdjustPercent(), d.reason(), days, null, null, null, null, null, null, null, null);
    }

    /** Records a claim and approves it now: how long its publicity runs. */
    private Duration publicityOfAClaimApprovedNow() {
        Claim c = claims.record(gridWorker, new ClaimDraft(village.id(), household.id(), null, item.code(), 10, today,
                null, "打扫村道", false));
        Claim approved = claims.approve(villageAdmin, village.id(), c.id(), null, "不是重复：另一次打扫");
        assertThat(approved.status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
        return Duration.between(approved.decidedAt(), approved.publicityEndsAt());
    }

    @Test
    void aCountyThatHasNotDecidedUsesTheSettingsAsItsPolicy() {
        CountyPolicy p = policies.of(village);
        assertThat(p.updatedBy()).isNull();
        assertThat(p.publicityDays()).isEqualTo(5);
        assertThat(p.claimMaxAgeDays()).isEqualTo(90);
        assertThat(p.reservationHours()).isEqualTo(48);
        assertThat(p.flagPeriod()).isEqualTo("MONTH");
        assertThat(p.starThresholds()).containsExactly(10, 30, 50, 80, 120);
        assertThat(p.starPersonCount()).isEqualTo(10);
        assertThat(p.boardPrivacyAllowed()).containsExactly("FULL", "SURNAME", "PASSBOOK");
        assertThat(p.boardPrivacyDefault()).isEqualTo("SURNAME");
        assertThat(p.boardNegativeByName()).isFalse();
        assertThat(publicityOfAClaimApprovedNow()).isEqualTo(Duration.ofDays(5));
    }

    @Test
    void withNoVillagePeriodAClaimIsInPublicityForTheCountyDefault() {
        policies.update(countyAdmin, publicity(7));
        assertThat(claims.publicityDays(village.id())).isEqualTo(7);
        assertThat(publicityOfAClaimApprovedNow()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theVillagesOwnPeriodWinsOverTheCountyDefault() {
        policies.update(countyAdmin, publicity(7));
        claims.setPublicityDays(villageAdmin, village.code(), 3);
        assertThat(claims.ownPublicityDays(village.id())).contains(3);
        assertThat(claims.countyPublicityDays(village.id())).isEqualTo(7);
        assertThat(publicityOfAClaimApprovedNow()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void clearingTheVillagesOwnPeriodReturnsToTheCountyDefault() {
        policies.update(countyAdmin, publicity(7));
        claims.setPublicityDays(villageAdmin, village.code(), 3);
        assertThat(claims.clearPublicityDays(villageAdmin, village.code())).isEqualTo(7);
        assertThat(claims.ownPublicityDays(village.id())).isEmpty();
        assertThat(publicityOfAClaimApprovedNow()).isEqualTo(Duration.ofDays(7));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'claims.publicityDays' AND target_id = :v")
                .param("v", village.code()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aCountyDefaultChangeReachesAVillageWithoutItsOwnPeriodAtOnce() {
        policies.update(countyAdmin, publicity(7));
        assertThat(publicityOfAClaimApprovedNow()).isEqualTo(Duration.ofDays(7));
        policies.update(countyAdmin, publicity(2));
        assertThat(publicityOfAClaimApprovedNow()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void onlyAnAdminMayClearAVillagesPeriod() {
        claims.setPublicityDays(villageAdmin, village.code(), 3);
        assertThatThrownBy(() -> claims.clearPublicityDays(gridWorker, village.code())).isInstanceOf(Forbidden.class);
        assertThat(claims.ownPublicityDays(village.id())).contains(3);
    }

    @Test
    void theCountysClaimAgeLimitDecidesHowLateADeedMayBeRecorded() {
        CountyPolicies.Draft d = keep("补录期限改为10天");
        policies.update(countyAdmin, new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(),
                d.closedThrough(), d.localAdjustPercent(), d.reason(), null, 10, null, null, null, null, null, null, null));
        assertThatThrownBy(() -> claims.record(gridWorker, new ClaimDraft(village.id(), household.id(), null, item.code(),
                10, today.minusDays(11), null, "太久了", false)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(tuple("occurredOn", "error.claims.tooOld")));
        assertThat(claims.record(gridWorker, new ClaimDraft(village.id(), household.id(), null, item.code(), 10,
                today.minusDays(10), null, "十天前", false)).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    @Test
    void aChangeOfThePointsFieldsAloneKeepsTheOtherPolicyFields() {
        policies.update(countyAdmin, publicity(7));
        policies.update(countyAdmin, new CountyPolicies.Draft(15, "", 6, null, 20, "只改基础分"));
        CountyPolicy p = policies.of(village);
        assertThat(p.basePoints()).isEqualTo(15);
        assertThat(p.publicityDays()).isEqualTo(7);
    }

    @Test
    void everyChangeIsKeptWithWhoWhenWhyAndEachFieldsOldAndNewValue() {
        CountyPolicies.Draft d = keep("第一次");
        policies.update(countyAdmin, new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(),
                d.closedThrough(), d.localAdjustPercent(), "县委组织部第5号文", 7, null, 24, "QUARTER",
                List.of(20, 40, 60, 90, 150), 5, List.of("SURNAME", "PASSBOOK"), "PASSBOOK", true));
        policies.update(countyAdmin, publicity(3));
        List<CountyPolicyChange> history = policies.history(countyAdmin);
        assertThat(history).hasSize(2);
        CountyPolicyChange last = history.get(0);
        assertThat(last.reason()).isEqualTo("公示3天");
        assertThat(last.changedBy()).isEqualTo(countyAdmin.username());
        assertThat(last.changedAt()).isNotNull();
        assertThat(last.publicityDays()).isEqualTo(3);
        assertThat(last.changes()).extracting(CountyPolicyChange.Difference::field, CountyPolicyChange.Difference::before,
                CountyPolicyChange.Difference::after).containsExactly(tuple("publicityDays", "7", "3"));
        assertThat(history.get(1).changes()).extracting(CountyPolicyChange.Difference::field,
                CountyPolicyChange.Difference::before, CountyPolicyChange.Difference::after).containsExactly(
                tuple("publicityDays", "5", "7"),
                tuple("reservationHours", "48", "24"),
                tuple("flagPeriod", "MONTH", "QUARTER"),
                tuple("starThresholds", "10,30,50,80,120", "20,40,60,90,150"),
                tuple("starPersonCount", "10", "5"),
                tuple("boardPrivacyAllowed", "FULL,SURNAME,PASSBOOK", "SURNAME,PASSBOOK"),
                tuple("boardPrivacyDefault", "SURNAME", "PASSBOOK"),
                tuple("boardNegativeByName", "false", "true"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM county_policy_change WHERE county_id = :c").param("c", county.id())
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT after_state FROM audit_log WHERE action = 'policy.update' AND target_id = :c"
                        + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY").param("c", county.code()).query(String.class).single())
                .contains("publicityDays=3").contains("reservationHours=24").contains("flagPeriod=QUARTER");
    }

    @Test
    void badPolicyValuesAreRefusedFieldByFieldAndChangeNothing() {
        CountyPolicies.Draft d = keep("乱填");
        assertThatThrownBy(() -> policies.update(countyAdmin, new CountyPolicies.Draft(d.basePoints(), d.expiryDate(),
                d.vetoBlockMonths(), d.closedThrough(), d.localAdjustPercent(), d.reason(), 31, 0, 0, "WEEK",
                List.of(50, 30, 10, 80), 0, List.of("EVERYTHING"), "FULL", null)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactlyInAnyOrder(
                                tuple("publicityDays", "error.policy.range"),
                                tuple("claimMaxAgeDays", "error.policy.range"),
                                tuple("reservationHours", "error.policy.range"),
                                tuple("flagPeriod", "error.policy.flagPeriod"),
                                tuple("starThresholds", "error.policy.starThresholds"),
                                tuple("starPersonCount", "error.policy.range"),
                                tuple("boardPrivacyAllowed", "error.policy.privacyAllowed")));
        assertThatThrownBy(() -> policies.update(countyAdmin, new CountyPolicies.Draft(d.basePoints(), d.expiryDate(),
                d.vetoBlockMonths(), d.closedThrough(), d.localAdjustPercent(), d.reason(), null, null, null, null,
                List.of(10, 30, 30, 80, 120), null, List.of("PASSBOOK"), "FULL", null)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field)
                        .containsExactlyInAnyOrder("starThresholds", "boardPrivacyDefault"));
        assertThat(policies.of(village).updatedBy()).isNull();
        assertThat(policies.of(village).publicityDays()).isEqualTo(5);
        assertThat(policies.history(countyAdmin)).isEmpty();
    }

    @Test
    void onlyTheCountyAdminChangesTheNewPolicyFields() {
        Actor auditor = ClaimFixture.staff(Role.AUDITOR, county, "auditor");
        for (Actor a : List.of(townAdmin, villageAdmin, auditor)) {
            assertThatThrownBy(() -> policies.update(a, publicity(9))).isInstanceOf(Forbidden.class);
        }
        assertThat(policies.of(village).publicityDays()).isEqualTo(5);
        assertThat(policies.history(countyAdmin)).isEmpty();
    }
}
