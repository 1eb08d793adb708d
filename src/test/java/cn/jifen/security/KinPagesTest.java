package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The kin-relations page (亲属关系, 回避): the village admin of 石角社区 registers and removes a relation by
 * picking the staff account and the household from lists; the API shows the change and the relation keeps
 * the staff member from recording for the household. Every test uses a household of its own.
 */
@IntegrationTest
class KinPagesTest extends SecuritySupport {
    /** A grid worker of 石角社区, made once per test database. */
    static final String GRID_SJSQ = "sec-kin-grid-sjsq";

    MockHttpSession villageAdmin;
    long gridWorker;
    Map<String, String> h;

    @BeforeEach
    void householdAndStaff() {
        villageAdmin = session("demo-v06", "demo-village");
        gridWorker = fixedUser(GRID_SJSQ, "GRID_WORKER", Matrix.SJ_SQ + "-G1");
        h = householdVars(freshHousehold(Matrix.SJ_SQ));
    }

    private MvcResult add(MockHttpSession s, Object userId, String householdId, String relation) {
        return perform(post("/console/kin").with(csrf()).session(s).param("village", Matrix.SJ_SQ)
                .param("userId", String.valueOf(userId)).param("householdId", householdId).param("relation", relation)
                .param("q", h.get("number")));
    }

    private long kinRows() {
        return count("SELECT COUNT(*) FROM staff_household WHERE village_id = " + h.get("vid") + " AND household_id = "
                + h.get("hid"));
    }

    private String apiKin() {
        MvcResult r = api("GET", "/api/v1/claims/kin?village=" + Matrix.SJ_SQ, token("demo-v06", "demo-village"), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return body(r);
    }

    @Test
    void searchingByPassbookNumberOffersTheHouseholdAndTheVillageStaffToPick() {
        String html = body(perform(get("/console/kin").session(villageAdmin).param("village", Matrix.SJ_SQ)
                .param("q", h.get("number"))));

        assertThat(html).contains("<select id=\"kin-household\"", "<select id=\"kin-user\"");
        assertThat(html).contains("<option value=\"" + h.get("hid") + "\"");
        assertThat(html).contains("<option value=\"" + gridWorker + "\"");
    }

    @Test
    void theStaffListHoldsOnlyTheVillagesAdminsAndGridWorkers() {
        long keeperHere = fixedUser(Matrix.USER_SJ_SQ, "KEEPER", Matrix.SJ_SQ);
        long adminElsewhere = userId("demo-village");   // the admin of 龙南村

        String html = body(perform(get("/console/kin").session(villageAdmin).param("village", Matrix.SJ_SQ)));

        assertThat(html).contains("<option value=\"" + userId("demo-v06") + "\"");
        assertThat(html).doesNotContain("<option value=\"" + keeperHere + "\"");
        assertThat(html).doesNotContain("<option value=\"" + adminElsewhere + "\"");
    }

    @Test
    void aRelationAddedOnThePageIsListedByTheApiAndAudited() {
        long audit = auditCount();

        MvcResult r = add(villageAdmin, gridWorker, h.get("hid"), "儿子");

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).contains("/console/kin?village=" + Matrix.SJ_SQ);
        assertThat(apiKin()).contains("\"userId\":" + gridWorker + ",\"householdId\":" + h.get("hid") + ",\"relation\":\"儿子\"");
        assertThat(auditCount()).isGreaterThan(audit);
        String page = body(perform(get("/console/kin").session(villageAdmin).param("village", Matrix.SJ_SQ)));
        assertThat(page).contains(h.get("number"), "儿子");
    }

    @Test
    void aRelationAddedOnThePageKeepsThatStaffMemberFromRecordingForTheHousehold() {
        add(villageAdmin, gridWorker, h.get("hid"), "女婿");

        MvcResult r = api("POST", "/api/v1/claims", token(GRID_SJSQ, PASSWORD), "{\"passbookNumber\":" + q(h.get("number"))
                + ",\"itemCode\":\"ZL01\",\"occurredOn\":\"" + LocalDate.now() + "\"}");

        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(r)).contains("回避");
    }

    @Test
    void aRelationRemovedOnThePageIsGoneFromTheApi() {
        add(villageAdmin, gridWorker, h.get("hid"), "兄弟");
        assertThat(kinRows()).isEqualTo(1);

        MvcResult r = perform(post("/console/kin/remove").with(csrf()).session(villageAdmin).param("village", Matrix.SJ_SQ)
                .param("userId", String.valueOf(gridWorker)).param("householdId", h.get("hid")));

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(kinRows()).isZero();
        assertThat(apiKin()).doesNotContain("\"householdId\":" + h.get("hid") + ",");
    }

    @Test
    void aRefusedFormKeepsWhatWasPickedAndSaysWhyInChinese() {
        MvcResult r = add(villageAdmin, gridWorker, h.get("hid"), "   ");

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String html = body(r);
        assertThat(html).contains("class=\"alert error\"");
        assertThat(hasChinese(html.substring(html.indexOf("alert error")))).isTrue();
        assertThat(html).containsPattern("<option value=\"" + gridWorker + "\"\\s+selected");
        assertThat(html).containsPattern("<option value=\"" + h.get("hid") + "\"\\s+selected");
        assertThat(kinRows()).isZero();
    }

    @Test
    void aForgedStaffAccountIsRefusedWithTheChineseMessageAndNothingStored() {
        MvcResult r = add(villageAdmin, userId("demo-admin"), h.get("hid"), "儿子");

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("请从列表中选择本村的村管理员或网格员");
        assertThat(kinRows()).isZero();
    }

    @Test
    void theSameRelationTwiceIsRefusedAsAConflictOnThePage() {
        add(villageAdmin, gridWorker, h.get("hid"), "儿子");

        MvcResult again = add(villageAdmin, gridWorker, h.get("hid"), "儿子");

        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(again)).contains("已登记为该户的亲属");
        assertThat(kinRows()).isEqualTo(1);
    }

    @Test
    void theTownAdminReadsTheRelationsButMayNotAddOne() {
        add(villageAdmin, gridWorker, h.get("hid"), "儿子");
        MockHttpSession town = session("demo-town", "demo-town");

        String html = body(perform(get("/console/kin").session(town).param("village", Matrix.SJ_SQ)));
        MvcResult r = perform(post("/console/kin").with(csrf()).session(town).param("village", Matrix.SJ_SQ)
                .param("userId", String.valueOf(gridWorker)).param("householdId", h.get("hid")).param("relation", "女儿"));

        assertThat(html).contains(h.get("number")).doesNotContain("id=\"kin-form\"");
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(apiKin()).doesNotContain("女儿");
    }

    @Test
    void theHouseholdPageLinksToTheKinPageWithTheHouseholdPicked() {
        String html = body(perform(get("/console/households/" + h.get("t")).session(villageAdmin)));
        assertThat(html).contains("id=\"kin-link\"", "/console/kin?village=" + Matrix.SJ_SQ + "&amp;household=" + h.get("hid"));

        String kin = body(perform(get("/console/kin").session(villageAdmin).param("village", Matrix.SJ_SQ)
                .param("household", h.get("hid"))));
        assertThat(kin).containsPattern("<option value=\"" + h.get("hid") + "\"\\s+selected");
    }
}
