package cn.jifen.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class OrgUnitsTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    OrgUnit county;
    Actor countyAdmin;
    OrgUnit town;
    OrgUnit village;

    @BeforeEach
    void tree() {
        county = orgUnits.byCode("441821").orElseThrow();
        countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        town = orgUnits.create(countyAdmin, "441821", Actors.code("T"), "测试镇", null);
        village = orgUnits.create(countyAdmin, town.code(), Actors.code("V"), "测试村", "VILLAGE");
    }

    @Test
    void childrenTakeTheLevelBelowTheirParentAndAPathUnderIt() {
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "一网格", null);
        assertThat(town.level()).isEqualTo(OrgLevel.TOWN);
        assertThat(village.level()).isEqualTo(OrgLevel.VILLAGE);
        assertThat(grid.level()).isEqualTo(OrgLevel.GRID);
        assertThat(grid.path()).startsWith(village.path()).startsWith(town.path()).startsWith(county.path());
    }

    @Test
    void aCodeIsUniqueAcrossTheCounty() {
        assertThatThrownBy(() -> orgUnits.create(countyAdmin, town.code(), village.code(), "重名", null))
                .isInstanceOf(InvalidInput.class).hasMessage("error.org.codeTaken");
    }

    @Test
    void aGridHasNoChildren() {
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "网格", null);
        assertThatThrownBy(() -> orgUnits.create(countyAdmin, grid.code(), Actors.code("X"), "下级", null))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void renameIsAuditedWithBeforeAndAfter() {
        orgUnits.rename(countyAdmin, village.code(), "新名村");
        assertThat(orgUnits.byCode(village.code()).orElseThrow().name()).isEqualTo("新名村");
        String after = jdbc.sql("SELECT after_state FROM audit_log WHERE action = 'org.rename' AND target_id = :c")
                .param("c", village.code()).query(String.class).single();
        assertThat(after).contains("新名村");
    }

    @Test
    void aTownAdminCannotSeeAnotherTownsVillage() {
        OrgUnit otherTown = orgUnits.create(countyAdmin, "441821", Actors.code("T"), "别镇", null);
        Actor otherTownAdmin = Actors.of(Role.TOWN_ADMIN, otherTown);
        assertThatThrownBy(() -> orgUnits.visible(otherTownAdmin, village.code())).isInstanceOf(NotFound.class);
        assertThat(orgUnits.tree(otherTownAdmin)).extracting(OrgUnit::code).doesNotContain(village.code());
    }

    @Test
    void aVillageAdminCannotRenameItsOwnVillageOrCreateVillages() {
        Actor villageAdmin = Actors.of(Role.VILLAGE_ADMIN, village);
        assertThatThrownBy(() -> orgUnits.rename(villageAdmin, village.code(), "自改"))
                .isInstanceOf(Forbidden.class);
        assertThat(orgUnits.byCode(village.code()).orElseThrow().name()).isEqualTo("测试村");
    }

    @Test
    void aGridWorkerCannotManageUnits() {
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "网格", null);
        assertThatThrownBy(() -> orgUnits.create(Actors.of(Role.GRID_WORKER, village), village.code(),
                Actors.code("G"), "私建", null)).isInstanceOf(Forbidden.class);
        assertThat(orgUnits.children(countyAdmin, village.code())).extracting(OrgUnit::code).containsExactly(grid.code());
    }

    @Test
    void anEmptyGridMovesToAnotherVillageOfTheTown() {
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "网格", null);
        OrgUnit other = orgUnits.create(countyAdmin, town.code(), Actors.code("V"), "邻村", "VILLAGE");
        OrgUnit moved = orgUnits.moveGrid(Actors.of(Role.TOWN_ADMIN, town), grid.code(), other.code());
        assertThat(moved.parentId()).isEqualTo(other.id());
        assertThat(moved.path()).startsWith(other.path());
    }

    @Test
    void aGridWithHouseholdsDoesNotMove() {
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "网格", null);
        households.create(countyAdmin, village.code(), new HouseholdDraft("H1", grid.code(), "一组1号", false,
                List.of(new ResidentDraft("张三", "户主", "男", "1960", null, null, false, null, false))));
        OrgUnit other = orgUnits.create(countyAdmin, town.code(), Actors.code("V"), "邻村", "VILLAGE");
        assertThatThrownBy(() -> orgUnits.moveGrid(countyAdmin, grid.code(), other.code()))
                .isInstanceOf(InvalidInput.class).hasMessage("error.org.gridHasHouseholds");
        assertThat(orgUnits.byCode(grid.code()).orElseThrow().parentId()).isEqualTo(village.id());
    }

    @Test
    void deactivationNeedsAReasonAndNoActiveChildren() {
        orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "网格", null);
        assertThatThrownBy(() -> orgUnits.setActive(countyAdmin, village.code(), false, "撤并"))
                .isInstanceOf(InvalidInput.class).hasMessage("error.org.hasActiveChildren");
        assertThatThrownBy(() -> orgUnits.setActive(countyAdmin, town.code(), false, " "))
                .isInstanceOf(InvalidInput.class);
        assertThat(orgUnits.byCode(village.code()).orElseThrow().active()).isTrue();
    }

    @Test
    void aDeactivatedUnitIsKeptAndCanBeReactivated() {
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "网格", null);
        orgUnits.setActive(countyAdmin, grid.code(), false, "合并网格");
        assertThat(orgUnits.byCode(grid.code()).orElseThrow().active()).isFalse();
        orgUnits.setActive(countyAdmin, grid.code(), true, "恢复");
        assertThat(orgUnits.byCode(grid.code()).orElseThrow().active()).isTrue();
    }
}
