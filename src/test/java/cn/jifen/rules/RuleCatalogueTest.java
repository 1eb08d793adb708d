package cn.jifen.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class RuleCatalogueTest extends Db {
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;

    OrgUnit county;
    Actor countyAdmin;

    @BeforeEach
    void county() {
        county = orgUnits.byCode("441821").orElseThrow();
        countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
    }

    private ItemDraft draft(String code, int min, int max, LocalDate from) {
        return new ItemDraft(code, "ZYFW", "清扫村道", null, "EARN", min, max, "TIME", 40, null, "MONTH", false,
                Set.of("GRID_WORKER", "SELF"), false, false, true, from, null);
    }

    @Test
    void aNewCountyHasTheSevenDefaultCategories() {
        assertThat(catalogue.categories()).extracting(RuleCategory::name)
                .startsWith("党员争优", "志愿服务", "文明新风", "乡村治理", "家庭美德", "邻里互助", "遵纪守法");
    }

    @Test
    void aRevisionAddsAVersionAndLeavesTheEarlierOneAsItWas() {
        String code = Actors.code("R");
        RuleItem v1 = catalogue.create(countyAdmin, "441821", draft(code, 5, 20, LocalDate.of(2026, 1, 1)));
        catalogue.revise(countyAdmin, code, draft(code, 5, 30, LocalDate.of(2026, 7, 1)), "上限调整");
        assertThat(catalogue.version(v1.itemId(), 1).maxPoints()).isEqualTo(20);
        assertThat(catalogue.history(code)).extracting(RuleItem::version).containsExactly(2, 1);
    }

    @Test
    void theCatalogueInForceOnADayShowsTheVersionOfThatDay() {
        String code = Actors.code("R");
        catalogue.create(countyAdmin, "441821", draft(code, 5, 20, LocalDate.of(2026, 1, 1)));
        catalogue.revise(countyAdmin, code, draft(code, 5, 30, LocalDate.of(2026, 7, 1)), "上限调整");
        assertThat(item(code, LocalDate.of(2026, 3, 1)).maxPoints()).isEqualTo(20);
        assertThat(item(code, LocalDate.of(2026, 8, 1)).maxPoints()).isEqualTo(30);
        assertThat(catalogue.inForce(LocalDate.of(2025, 12, 31))).extracting(RuleItem::code).doesNotContain(code);
    }

    @Test
    void aRetiredItemIsNoLongerInForceButKeepsItsHistory() {
        String code = Actors.code("R");
        catalogue.create(countyAdmin, "441821", draft(code, 5, 20, LocalDate.of(2026, 1, 1)));
        catalogue.retire(countyAdmin, code, LocalDate.of(2026, 6, 1), "并入其他项目");
        assertThat(catalogue.inForce(LocalDate.of(2026, 6, 2))).extracting(RuleItem::code).doesNotContain(code);
        assertThat(catalogue.inForce(LocalDate.of(2026, 5, 31))).extracting(RuleItem::code).contains(code);
        assertThat(catalogue.history(code)).hasSize(1);
    }

    @Test
    void aVillageAddsLocalItemsThatApplyOnlyThere() {
        OrgUnit village = orgUnits.byCode("441821100201").orElseThrow();
        OrgUnit other = orgUnits.byCode("441821100202").orElseThrow();
        String code = Actors.code("L");
        catalogue.create(Actors.of(Role.VILLAGE_ADMIN, village), village.code(), draft(code, 5, 10, LocalDate.of(2026, 1, 1)));
        LocalDate day = LocalDate.of(2026, 2, 1);
        assertThat(catalogue.itemFor(village, code, day)).isPresent();
        assertThat(catalogue.itemFor(other, code, day)).isEmpty();
        assertThat(catalogue.itemFor(village, "ZY01", day)).as("county items apply everywhere").isPresent();
    }

    @Test
    void aRevisionOrRetirementWithoutAReasonIsRefusedNamingTheReasonAndTheItemStaysAsItWas() {
        String code = Actors.code("R");
        catalogue.create(countyAdmin, "441821", draft(code, 5, 20, LocalDate.of(2026, 1, 1)));
        assertThatThrownBy(() -> catalogue.revise(countyAdmin, code, draft(code, 5, 30, LocalDate.of(2026, 7, 1)), " "))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(tuple("reason", "error.required")));
        assertThatThrownBy(() -> catalogue.retire(countyAdmin, code, LocalDate.of(2026, 6, 1), "<b>并入</b>"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(tuple("reason", "error.markup")));
        assertThat(catalogue.history(code)).singleElement().satisfies(v -> {
            assertThat(v.maxPoints()).isEqualTo(20);
            assertThat(v.retiredOn()).isNull();
        });
    }

    @Test
    void aRevisionWithoutAReasonFromSomeoneWhoMayNotEditTheItemIsRefusedForTheAccess() {
        OrgUnit village = orgUnits.byCode("441821100201").orElseThrow();
        OrgUnit otherVillage = orgUnits.byCode("441821101201").orElseThrow();
        String code = Actors.code("R");
        catalogue.create(Actors.of(Role.VILLAGE_ADMIN, village), village.code(), draft(code, 5, 20, null));
        assertThatThrownBy(() -> catalogue.revise(Actors.of(Role.VILLAGE_ADMIN, otherVillage), code,
                draft(code, 5, 30, null), " ")).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> catalogue.retire(Actors.of(Role.GRID_WORKER, village), code, null, " "))
                .isInstanceOf(Forbidden.class);
        assertThat(catalogue.history(code)).hasSize(1);
    }

    @Test
    void aCategoryWithAMalformedCodeAndNoNameIsRefusedNamingBothAndNoneIsCreated() {
        int before = catalogue.categories().size();
        assertThatThrownBy(() -> catalogue.createCategory(countyAdmin, "分类", " "))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(tuple("code", "error.code"), tuple("name", "error.required")));
        assertThatThrownBy(() -> catalogue.updateCategory(countyAdmin, "ZYFW", "名".repeat(51), true))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(tuple("name", "error.tooLong")));
        assertThat(catalogue.categories()).hasSize(before).extracting(RuleCategory::name).contains("志愿服务");
    }

    @Test
    void aMalformedCategoryFromATownAdminIsRefusedForTheRole() {
        Actor town = Actors.of(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow());
        assertThatThrownBy(() -> catalogue.createCategory(town, "分类", " ")).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> catalogue.updateCategory(town, "ZYFW", " ", true)).isInstanceOf(Forbidden.class);
    }

    @Test
    void aVillageAdminCannotEditTheCountyCatalogue() {
        OrgUnit village = orgUnits.byCode("441821100201").orElseThrow();
        assertThatThrownBy(() -> catalogue.revise(Actors.of(Role.VILLAGE_ADMIN, village), "ZY01",
                draft("ZY01", 1, 100, LocalDate.of(2026, 1, 2)), "改分")).isInstanceOf(RuntimeException.class);
        assertThat(catalogue.history("ZY01").get(0).maxPoints()).isEqualTo(20);
    }

    @Test
    void aGridWorkerCannotCreateItems() {
        OrgUnit village = orgUnits.byCode("441821100201").orElseThrow();
        assertThatThrownBy(() -> catalogue.create(Actors.of(Role.GRID_WORKER, village), village.code(),
                draft(Actors.code("G"), 5, 10, null))).isInstanceOf(Forbidden.class);
    }

    @Test
    void pointsOutOfOrderAndSelfDeclaredDeductionsAreRefused() {
        assertThatThrownBy(() -> catalogue.create(countyAdmin, "441821", draft(Actors.code("R"), 30, 10, null)))
                .isInstanceOf(InvalidInput.class);
        ItemDraft selfDeduct = new ItemDraft(Actors.code("R"), "ZJSF", "乱倒垃圾", null, "DEDUCT", 5, 5, "TIME", null, null,
                "MONTH", false, Set.of("SELF"), false, false, true, null, null);
        assertThatThrownBy(() -> catalogue.create(countyAdmin, "441821", selfDeduct)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems()).extracting(InvalidInput.Problem::messageKey)
                        .contains("error.rules.selfDeduction"));
    }

    @Test
    void aVetoItemMustBeOnTheNegativeList() {
        ItemDraft vetoEarn = new ItemDraft(Actors.code("R"), "ZJSF", "否决", null, "EARN", 0, 0, "TIME", null, null,
                "MONTH", false, Set.of("VILLAGE_ADMIN"), false, true, true, null, null);
        assertThatThrownBy(() -> catalogue.create(countyAdmin, "441821", vetoEarn)).isInstanceOf(InvalidInput.class);
        assertThat(item("FL02", LocalDate.of(2026, 3, 1)).veto()).isTrue();
    }

    private RuleItem item(String code, LocalDate day) {
        return catalogue.inForce(day).stream().filter(i -> i.code().equals(code)).findFirst().orElseThrow();
    }
}
