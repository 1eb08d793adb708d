package cn.jifen.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class HouseholdsTest extends Db {
    static final String VALID_ID = "441821196001010012";

    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired PassbookCovers covers;
    @Autowired JdbcClient jdbc;

    Actor countyAdmin;
    OrgUnit village;
    OrgUnit grid;
    OrgUnit grid2;

    @BeforeEach
    void village() {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        village = orgUnits.create(countyAdmin, "441821100", Actors.code("V"), "测试村", "VILLAGE");
        grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "一网格", null);
        grid2 = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "二网格", null);
    }

    private Household register(String ref, String idCard) {
        return households.create(countyAdmin, village.code(), new HouseholdDraft(ref, grid.code(), "一组8号", false, List.of(
                new ResidentDraft("李大明", "户主", "男", "1960", "13800138000", idCard, true, "测试村党支部", false),
                new ResidentDraft("王秀英", "配偶", "女", "1962", null, null, false, null, false))));
    }

    @Test
    void aNewHouseholdGetsTheNextPassbookNumberOfItsVillage() {
        Household first = register("001", null);
        Household second = register("002", null);
        assertThat(first.passbookNumber()).isEqualTo(village.code() + "-0001");
        assertThat(second.passbookNumber()).isEqualTo(village.code() + "-0002");
    }

    @Test
    void theIdCardIsStoredEncryptedAndShownOnlyMasked() {
        Household h = register("001", VALID_ID);
        assertThat(h.head().idCardMasked()).isEqualTo("4418**********0012");
        String stored = jdbc.sql("SELECT id_card_cipher FROM resident WHERE village_id = :v AND name = '李大明'")
                .param("v", village.id()).query(String.class).single();
        assertThat(stored).doesNotContain("19600101").isNotBlank();
    }

    @Test
    void theSamePersonCannotBeRegisteredTwiceInAVillage() {
        register("001", VALID_ID);
        assertThatThrownBy(() -> register("002", VALID_ID)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems()).extracting(InvalidInput.Problem::messageKey)
                        .contains("error.resident.idRegistered"));
        assertThat(households.list(countyAdmin, village.code(), null, null, 0, 10).total()).isEqualTo(1);
    }

    @Test
    void anInvalidIdCardChecksumIsRefused() {
        assertThatThrownBy(() -> register("001", "441821196001010011")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void everyBadFieldIsReportedAtOnceAndNothingIsSaved() {
        HouseholdDraft bad = new HouseholdDraft("", "no-such-grid", "", false, List.of(
                new ResidentDraft("", "户主", "X", "18", "12345", null, false, null, false)));
        assertThatThrownBy(() -> households.create(countyAdmin, village.code(), bad)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems()).extracting(InvalidInput.Problem::field)
                        .contains("householdRef", "address", "gridCode", "members[0].name", "members[0].gender",
                                "members[0].birthYear", "members[0].phone"));
        assertThat(households.list(countyAdmin, village.code(), null, null, 0, 10).total()).isZero();
    }

    @Test
    void aHouseholdHasExactlyOneHead() {
        HouseholdDraft twoHeads = new HouseholdDraft("001", grid.code(), "一组", false, List.of(
                new ResidentDraft("甲", "户主", "男", "1960", null, null, false, null, false),
                new ResidentDraft("乙", "户主", "男", "1961", null, null, false, null, false)));
        assertThatThrownBy(() -> households.create(countyAdmin, village.code(), twoHeads))
                .isInstanceOf(InvalidInput.class).hasMessage("error.household.oneHead");
    }

    @Test
    void namesWithMarkupAreRefused() {
        HouseholdDraft markup = new HouseholdDraft("001", grid.code(), "一组", false, List.of(
                new ResidentDraft("<script>alert(1)</script>", "户主", "男", "1960", null, null, false, null, false)));
        assertThatThrownBy(() -> households.create(countyAdmin, village.code(), markup))
                .isInstanceOf(InvalidInput.class).hasMessage("error.markup");
    }

    @Test
    void aListLineNamesTheIdsOfItsResidentsHeadFirst() {
        Household first = register("001", null);
        Household second = households.create(countyAdmin, village.code(), new HouseholdDraft("002", grid.code(), "一组9号",
                false, List.of(new ResidentDraft("张小红", "子女", "女", "1990", null, null, false, null, false),
                        new ResidentDraft("张大山", "户主", "男", "1965", null, null, false, null, false))));
        List<HouseholdSummary> lines = households.list(countyAdmin, village.code(), null, null, 0, 10).items();
        assertThat(lines).extracting(HouseholdSummary::residentIds).containsExactly(
                first.members().stream().map(Resident::id).toList(),
                List.of(second.head().id(), second.members().stream().filter(m -> !m.head()).findFirst().orElseThrow().id()));
    }

    @Test
    void aPageSizeOrPageOutOfRangeIsRefusedNotClamped() {
        register("001", null);
        assertThatThrownBy(() -> households.list(countyAdmin, village.code(), null, null, 0, 501))
                .isInstanceOf(InvalidInput.class).hasMessage("error.paging.size")
                .satisfies(e -> assertThat(((InvalidInput) e).problems().get(0).field()).isEqualTo("size"));
        assertThatThrownBy(() -> households.list(countyAdmin, village.code(), null, null, -1, 10))
                .isInstanceOf(InvalidInput.class).hasMessage("error.paging.page");
        assertThat(households.list(countyAdmin, village.code(), null, null, 0, 500).total()).isEqualTo(1);
    }

    @Test
    void aGridWorkerSeesOnlyItsOwnGrid() {
        Household inGrid = register("001", null);
        Household other = households.create(countyAdmin, village.code(), new HouseholdDraft("002", grid2.code(), "二组",
                false, List.of(new ResidentDraft("赵四", "户主", "男", "1970", null, null, false, null, false))));
        Actor worker = Actors.of(Role.GRID_WORKER, grid);
        assertThat(households.get(worker, village.id(), inGrid.id()).headName()).isEqualTo("李大明");
        assertThatThrownBy(() -> households.get(worker, village.id(), other.id())).isInstanceOf(NotFound.class);
        assertThat(households.list(worker, village.code(), null, null, 0, 50).items())
                .extracting(HouseholdSummary::householdRef).containsExactly("001");
    }

    @Test
    void aVillagerSeesOnlyItsOwnHousehold() {
        Household own = register("001", null);
        Household other = register("002", null);
        Actor villager = Actors.villager(village, own.id());
        assertThat(households.get(villager, village.id(), own.id()).passbookNumber()).isEqualTo(own.passbookNumber());
        assertThatThrownBy(() -> households.get(villager, village.id(), other.id())).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> households.list(villager, village.code(), null, null, 0, 10)).isInstanceOf(Forbidden.class);
    }

    @Test
    void aKeeperFindsAPassbookByNumberButCannotEdit() {
        Household h = register("001", null);
        Actor keeper = Actors.of(Role.KEEPER, village);
        assertThat(households.byPassbook(keeper, h.passbookNumber()).id()).isEqualTo(h.id());
        assertThatThrownBy(() -> households.update(keeper, village.id(), h.id(), grid.code(), "改地址", false, "ACTIVE", null))
                .isInstanceOf(Forbidden.class);
        assertThat(households.get(countyAdmin, village.id(), h.id()).address()).isEqualTo("一组8号");
    }

    @Test
    void aStatusChangeNeedsAReasonAndIsAudited() {
        Household h = register("001", null);
        assertThatThrownBy(() -> households.update(countyAdmin, village.id(), h.id(), grid.code(), h.address(), false,
                "MOVED_OUT", null)).isInstanceOf(InvalidInput.class).hasMessage("error.reasonRequired");
        households.update(countyAdmin, village.id(), h.id(), grid.code(), h.address(), false, "MOVED_OUT", "迁往县城");
        assertThat(households.get(countyAdmin, village.id(), h.id()).status()).isEqualTo("MOVED_OUT");
        assertThat(jdbc.sql("SELECT reason FROM audit_log WHERE action = 'household.update' AND target_id = :t")
                .param("t", h.passbookNumber()).query(String.class).single()).isEqualTo("迁往县城");
    }

    @Test
    void thePassbookCoverIsAnA5PdfWithTheNumberInChinese() throws Exception {
        Household h = register("001", null);
        byte[] pdf = covers.pdf(countyAdmin, village.id(), h.id());
        PdfReader reader = new PdfReader(pdf);
        assertThat(reader.getPageSize(1).getWidth()).isBetween(418f, 421f);
        String text = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(text).contains("积分存折").contains(h.passbookNumber()).contains("李大明");
    }
}
