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
import cn.jifen.rules.CountyPolicy;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The county's points policy and the local points of county items. Each test runs in a county of its
 * own (a second root made directly in the database), so changing the policy never touches the demo county.
 */
@IntegrationTest
class CountyPolicyTest extends Db {
    @Autowired CountyPolicies policies;
    @Autowired RuleCatalogue catalogue;
    @Autowired Claims claims;
    @Autowired Ledger ledger;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    OrgUnit county;
    OrgUnit town;
    OrgUnit village;
    OrgUnit otherVillage;
    Actor countyAdmin;
    Actor townAdmin;
    Actor villageAdmin;
    Actor gridWorker;
    Household household;
    Household otherHousehold;
    RuleItem countyItem;

    @BeforeEach
    void county() {
        var keys = new GeneratedKeyHolder();
        String code = Actors.code("PC");
        jdbc.sql("INSERT INTO org_unit (code, name, level, path, active, created_at) VALUES (:c, '政策测试县', 'COUNTY', '/', TRUE, :t)")
                .param("c", code).param("t", OffsetDateTime.now()).update(keys, "id");
        long id = keys.getKey().longValue();
        jdbc.sql("UPDATE org_unit SET path = :p WHERE id = :id").param("p", "/" + id + "/").param("id", id).update();
        county = orgUnits.byId(id);
        countyAdmin = ClaimFixture.staff(Role.COUNTY_ADMIN, county, "county");
        town = orgUnits.create(countyAdmin, county.code(), Actors.code("PT"), "政策测试镇", null);
        village = orgUnits.create(countyAdmin, town.code(), Actors.code("PV"), "政策测试村", "VILLAGE");
        otherVillage = orgUnits.create(countyAdmin, town.code(), Actors.code("PW"), "政策邻村", "VILLAGE");
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("PG"), "一网格", null);
        OrgUnit otherGrid = orgUnits.create(countyAdmin, otherVillage.code(), Actors.code("PH"), "一网格", null);
        townAdmin = ClaimFixture.staff(Role.TOWN_ADMIN, town, "town");
        villageAdmin = ClaimFixture.staff(Role.VILLAGE_ADMIN, village, "village");
        gridWorker = ClaimFixture.staff(Role.GRID_WORKER, grid, "grid");
        household = households.create(countyAdmin, village.code(), new HouseholdDraft("0001", grid.code(), "一组1号", false,
                List.of(new ResidentDraft("户主甲", "户主", "男", "1950", null, null, false, null, false))));
        otherHousehold = households.create(countyAdmin, otherVillage.code(), new HouseholdDraft("0001", otherGrid.code(),
                "一组1号", false, List.of(new ResidentDraft("户主乙", "户主", "男", "1951", null, null, false, null, false))));
        countyItem = catalogue.create(countyAdmin, county.code(), new ItemDraft(Actors.code("PI"), "ZYFW", "环境整治",
                null, "EARN", 10, 20, "TIME", null, null, "MONTH", false, Set.of("GRID_WORKER", "VILLAGE_ADMIN"), false,
                false, true, today.minusDays(30), null));
    }

    private CountyPolicies.Draft draft(int base, String expiry, int block, LocalDate closed, int adjust, String reason) {
        return new CountyPolicies.Draft(base, expiry, block, closed, adjust, reason);
    }

    private Claim record(Actor actor, Household h, OrgUnit v, LocalDate day, int points) {
        return claims.record(actor, new ClaimDraft(v.id(), h.id(), null, countyItem.code(), points, day, null, "测试", false));
    }

    @Test
    void beforeTheFirstSaveTheSettingsDefaultsApply() {
        CountyPolicy p = policies.of(village);
        assertThat(p.countyId()).isEqualTo(county.id());
        assertThat(p.basePoints()).isZero();
        assertThat(p.expiryDate()).isNull();
        assertThat(p.vetoBlockMonths()).isEqualTo(12);
        assertThat(p.localAdjustPercent()).isEqualTo(20);
        assertThat(p.updatedBy()).isNull();
    }

    @Test
    void theCountyAdminSavesThePolicyWithAReasonAndEveryChangeIsKept() {
        policies.update(countyAdmin, draft(10, "12-31", 6, null, 30, "县委组织部2026年第3号文"));
        policies.update(countyAdmin, draft(20, "", 0, null, 0, "取消清零"));
        CountyPolicy p = policies.of(village);
        assertThat(p.basePoints()).isEqualTo(20);
        assertThat(p.expiryDate()).isNull();
        assertThat(p.vetoBlockMonths()).isZero();
        assertThat(p.localAdjustPercent()).isZero();
        assertThat(policies.history(countyAdmin)).extracting(c -> c.reason())
                .containsExactly("取消清零", "县委组织部2026年第3号文");
        assertThat(policies.history(countyAdmin).get(1).expiryDate()).isEqualTo("12-31");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'policy.update' AND target_id = :c")
                .param("c", county.code()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void onlyTheCountyAdminMayChangeThePolicy() {
        assertThatThrownBy(() -> policies.update(townAdmin, draft(10, null, 0, null, 0, "镇里想改")))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> policies.update(villageAdmin, draft(10, null, 0, null, 0, "村里想改")))
                .isInstanceOf(Forbidden.class);
        assertThat(policies.of(village).updatedBy()).isNull();
    }

    @Test
    void badPolicyInputIsRefusedFieldByFieldAndChangesNothing() {
        assertThatThrownBy(() -> policies.update(countyAdmin, draft(-1, "13-45", 40, today, 101, " ")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactlyInAnyOrder(
                                Tuple.tuple("basePoints", "error.policy.range"),
                                Tuple.tuple("expiryDate", "error.policy.expiryDate"),
                                Tuple.tuple("vetoBlockMonths", "error.policy.range"),
                                Tuple.tuple("closedThrough", "error.policy.closedFuture"),
                                Tuple.tuple("localAdjustPercent", "error.policy.range"),
                                Tuple.tuple("reason", "error.required")));
        assertThat(policies.of(village).updatedBy()).isNull();
        assertThat(policies.history(countyAdmin)).isEmpty();
    }

    @Test
    void nothingMayBeRecordedInAClosedPeriod() {
        policies.update(countyAdmin, draft(0, null, 0, today.minusDays(3), 0, "第三季度已关账"));
        assertThatThrownBy(() -> record(gridWorker, household, village, today.minusDays(3), 10))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.claims.closedPeriod"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v").param("v", village.id())
                .query(Long.class).single()).isZero();
        assertThat(record(gridWorker, household, village, today.minusDays(2), 10).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    @Test
    void aClosedPeriodCannotBeReopened() {
        policies.update(countyAdmin, draft(0, null, 0, today.minusDays(3), 0, "关账"));
        assertThatThrownBy(() -> policies.update(countyAdmin, draft(0, null, 0, today.minusDays(10), 0, "想改回去")))
                .isInstanceOf(InvalidInput.class).hasMessage("error.policy.reopen");
        assertThatThrownBy(() -> policies.update(countyAdmin, draft(0, null, 0, null, 0, "想撤销关账")))
                .isInstanceOf(InvalidInput.class).hasMessage("error.policy.reopen");
        assertThat(policies.of(village).closedThrough()).isEqualTo(today.minusDays(3));
    }

    @Test
    void aVillageSetsItsOwnPointsForACountyItemWithinTheCountysBounds() {
        policies.update(countyAdmin, draft(0, null, 0, null, 50, "允许浮动50%"));
        catalogue.adjustPoints(villageAdmin, village.code(), countyItem.code(), 15, 30, today, "本村环境整治任务重");

        assertThat(catalogue.itemFor(village, countyItem.code(), today).orElseThrow())
                .extracting(RuleItem::minPoints, RuleItem::maxPoints).containsExactly(15, 30);
        assertThat(catalogue.itemFor(otherVillage, countyItem.code(), today).orElseThrow())
                .extracting(RuleItem::minPoints, RuleItem::maxPoints).containsExactly(10, 20);
        assertThat(record(gridWorker, household, village, today, 28).points()).isEqualTo(28);
        assertThatThrownBy(() -> record(gridWorker, household, village, today, 12))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.claims.points"));
    }

    @Test
    void aTownsPointsApplyToItsVillagesUnlessAVillageSetsItsOwn() {
        policies.update(countyAdmin, draft(0, null, 0, null, 50, "允许浮动50%"));
        catalogue.adjustPoints(townAdmin, town.code(), countyItem.code(), 12, 25, today, "全镇统一");
        catalogue.adjustPoints(villageAdmin, village.code(), countyItem.code(), 8, 15, today, "本村另定");
        assertThat(catalogue.itemFor(otherVillage, countyItem.code(), today).orElseThrow())
                .extracting(RuleItem::minPoints, RuleItem::maxPoints).containsExactly(12, 25);
        assertThat(catalogue.itemFor(village, countyItem.code(), today).orElseThrow())
                .extracting(RuleItem::minPoints, RuleItem::maxPoints).containsExactly(8, 15);
    }

    @Test
    void localPointsBeyondTheBoundsOrBackdatedAreRefused() {
        policies.update(countyAdmin, draft(0, null, 0, null, 50, "允许浮动50%"));
        // bounds: 10 × 50% = 5 up to 20 × 150% = 30
        assertThatThrownBy(() -> catalogue.adjustPoints(villageAdmin, village.code(), countyItem.code(), 4, 20, today, "太低"))
                .isInstanceOf(InvalidInput.class).hasMessage("error.rules.localBounds");
        assertThatThrownBy(() -> catalogue.adjustPoints(villageAdmin, village.code(), countyItem.code(), 10, 31, today, "太高"))
                .isInstanceOf(InvalidInput.class).hasMessage("error.rules.localBounds");
        assertThatThrownBy(() -> catalogue.adjustPoints(villageAdmin, village.code(), countyItem.code(), 10, 20,
                today.minusDays(1), "追溯"))
                .isInstanceOf(InvalidInput.class).hasMessage("error.rules.localPast");
        assertThat(catalogue.itemFor(village, countyItem.code(), today).orElseThrow().maxPoints()).isEqualTo(20);
    }

    @Test
    void localPointsNeedTheCountysPermissionTheRightRoleAndTheActorsOwnUnit() {
        policies.update(countyAdmin, draft(0, null, 0, null, 0, "不允许调整"));
        assertThatThrownBy(() -> catalogue.adjustPoints(villageAdmin, village.code(), countyItem.code(), 10, 20, today, "想调"))
                .isInstanceOf(Forbidden.class).hasMessage("error.rules.localNotAllowed");
        policies.update(countyAdmin, draft(0, null, 0, null, 50, "允许"));
        Actor keeper = ClaimFixture.staff(Role.KEEPER, village, "keeper");
        assertThatThrownBy(() -> catalogue.adjustPoints(keeper, village.code(), countyItem.code(), 10, 20, today, "管理员"))
                .isInstanceOf(Forbidden.class);
        Actor otherAdmin = ClaimFixture.staff(Role.VILLAGE_ADMIN, otherVillage, "other");
        assertThatThrownBy(() -> catalogue.adjustPoints(otherAdmin, village.code(), countyItem.code(), 10, 20, today, "越权"))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> catalogue.adjustPoints(townAdmin, village.code(), countyItem.code(), 10, 20, today, "镇替村"))
                .isInstanceOf(Forbidden.class);
    }

    @Test
    void pointsAlreadyRecordedKeepTheirValueWhenTheLocalPointsChangeLater() {
        policies.update(countyAdmin, draft(0, null, 0, null, 50, "允许"));
        Claim before = record(gridWorker, household, village, today, 20);
        catalogue.adjustPoints(villageAdmin, village.code(), countyItem.code(), 5, 8, today.plusDays(1), "明天起降低");
        assertThat(claims.approve(villageAdmin, village.id(), before.id(), null, null).points()).isEqualTo(20);
    }

    @Test
    void theExpiryDateIsReadAsMonthAndDay() {
        policies.update(countyAdmin, draft(0, "06-30", 0, null, 0, "年中清零"));
        assertThat(policies.of(village).expiryDate()).isEqualTo(MonthDay.of(6, 30));
        assertThat(policies.of(village).expiryText()).isEqualTo("06-30");
    }
}
