package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Drafts of a record (草稿), as a grid worker of 石角社区 G1 keeps them: saved incomplete from the record form or the
 * API, listed on the home (我的草稿) newest first, continued with the form filled in, submitted through the normal
 * record path (the draft deleted with it, or — refused — both kept), deleted; expired after 30 days but kept. Every
 * test uses a new household of 石角社区 G1. Who else may not reach a draft: {@link ClaimDraftsAccessMatrixTest}.
 */
@IntegrationTest
class ClaimDraftsTest extends SecuritySupport {
    static final String AUTHOR = ClaimDraftsAccessMatrixTest.AUTHOR;

    final String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    Map<String, String> h;
    String token;
    MockHttpSession session;

    @BeforeEach
    void householdAndAuthor() {
        fixedUser(AUTHOR, "GRID_WORKER", Matrix.SJ_SQ + "-G1");
        token = token(AUTHOR, PASSWORD);
        session = session(AUTHOR, PASSWORD);
        h = householdVars(freshHousehold(Matrix.SJ_SQ));
    }

    private long saveViaApi(String fields) {
        MvcResult r = api("POST", "/api/v1/claim-drafts", token, "{\"passbookNumber\":" + q(h.get("number"))
                + (fields.isEmpty() ? "" : "," + fields) + "}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        return ((Number) json(r, "$.id")).longValue();
    }

    private long drafts() {
        return count("SELECT COUNT(*) FROM claim_draft WHERE village_id = " + h.get("vid") + " AND household_id = "
                + h.get("hid"));
    }

    private long claims() {
        return count("SELECT COUNT(*) FROM claim WHERE village_id = " + h.get("vid") + " AND household_id = "
                + h.get("hid"));
    }

    private String draftRow(long id) {
        return probe("SELECT item_code, points, occurred_on, note, saved_at FROM claim_draft WHERE village_id = "
                + h.get("vid") + " AND id = " + id);
    }

    private String home() {
        MvcResult r = perform(get("/console").session(session));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return body(r);
    }

    // ---------------------------------------------------------------- API

    @Test
    void aDraftWithOnlyTheHouseholdIsSavedWith201AndItsIdAndAudited() {
        long audit = auditCount();

        MvcResult r = api("POST", "/api/v1/claim-drafts", token, "{\"passbookNumber\":" + q(h.get("number")) + "}");

        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        assertThat(((Number) json(r, "$.id")).longValue()).isPositive();
        assertThat((String) json(r, "$.passbookNumber")).isEqualTo(h.get("number"));
        assertThat((Boolean) json(r, "$.expired")).isFalse();
        assertThat(drafts()).isEqualTo(1);
        assertThat(auditCount()).isGreaterThan(audit);
    }

    @Test
    void theListIsTheAuthorsOwnNewestFirstPagedWithTheTotal() {
        long older = saveViaApi("\"note\":\"第一份\"");
        long newer = saveViaApi("\"note\":\"第二份\"");

        MvcResult r = api("GET", "/api/v1/claim-drafts?size=1", token, null);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(((Number) json(r, "$.items[0].id")).longValue()).isEqualTo(newer);
        assertThat((Integer) json(r, "$.size")).isEqualTo(1);
        assertThat(((Number) json(r, "$.total")).longValue()).isGreaterThanOrEqualTo(2);
        String second = body(api("GET", "/api/v1/claim-drafts?size=1&page=1", token, null));
        assertThat(second).contains("\"id\":" + older + ",");
    }

    @Test
    void putReplacesWhatTheDraftHolds() {
        long id = saveViaApi("\"note\":\"先存着\"");

        MvcResult r = api("PUT", "/api/v1/claim-drafts/" + id, token, "{\"passbookNumber\":" + q(h.get("number"))
                + ",\"itemCode\":\"ZL01\",\"occurredOn\":\"" + today + "\",\"note\":\"问过村里了\"}");

        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(200);
        assertThat((String) json(r, "$.itemCode")).isEqualTo("ZL01");
        assertThat((String) json(r, "$.itemLabel")).startsWith("ZL01 ");
        assertThat((String) json(r, "$.note")).isEqualTo("问过村里了");
        assertThat(drafts()).isEqualTo(1);
    }

    @Test
    void submittingADraftRecordsTheClaimAsTheClaimsApiDoesAndDeletesTheDraft() {
        long id = saveViaApi("\"itemCode\":\"ZL01\",\"occurredOn\":\"" + today + "\",\"note\":\"参加议事会\"");

        MvcResult r = api("POST", "/api/v1/claim-drafts/" + id + "/submit", token, null);

        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        assertThat((String) json(r, "$.status")).isEqualTo("RECORDED");
        assertThat((String) json(r, "$.itemCode")).isEqualTo("ZL01");
        assertThat((Integer) json(r, "$.points")).isEqualTo(5);
        assertThat((String) json(r, "$.passbookNumber")).isEqualTo(h.get("number"));
        assertThat(((Number) json(r, "$.recordedBy")).longValue()).isEqualTo(userId(AUTHOR));
        assertThat(claims()).isEqualTo(1);
        assertThat(drafts()).isZero();
    }

    @Test
    void aRefusedSubmissionRecordsNothingAndKeepsTheDraftAsItWas() {
        long id = saveViaApi("\"note\":\"细则还没定\"");
        String before = draftRow(id);

        MvcResult r = api("POST", "/api/v1/claim-drafts/" + id + "/submit", token, null);

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("itemCode");
        assertThat(hasChinese(json(r, "$.detail"))).isTrue();
        assertThat(claims()).isZero();
        assertThat(draftRow(id)).isEqualTo(before);
    }

    @Test
    void deletingADraftRemovesItAndIsAudited() {
        long id = saveViaApi("");
        long audit = auditCount();

        MvcResult r = api("DELETE", "/api/v1/claim-drafts/" + id, token, null);

        assertThat(r.getResponse().getStatus()).isEqualTo(204);
        assertThat(drafts()).isZero();
        assertThat(auditCount()).isGreaterThan(audit);
        assertThat(api("GET", "/api/v1/claim-drafts/" + id, token, null).getResponse().getStatus()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\ud800", "<b>好</b>", "TOO_LONG"})
    void savingRefusesTextAClaimWouldRefuseAndStoresNothing(String note) {
        String json = "TOO_LONG".equals(note) ? "\"" + "长".repeat(501) + "\"" : "\"说明" + note + "\"";

        MvcResult r = api("POST", "/api/v1/claim-drafts", token, "{\"passbookNumber\":" + q(h.get("number"))
                + ",\"note\":" + json + "}");

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("note");
        assertThat(hasChinese(json(r, "$.detail"))).isTrue();
        assertThat(drafts()).isZero();
    }

    @Test
    void aDraftOfAHouseholdOutsideTheAuthorsScopeIsRefused() {
        String elsewhere = freshHousehold(Matrix.SJ_HH);
        long before = count("SELECT COUNT(*) FROM claim_draft");

        MvcResult r = api("POST", "/api/v1/claim-drafts", token, "{\"passbookNumber\":" + q(elsewhere) + "}");

        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(json(r, "$.detail").toString()).contains("不在您的管辖范围内");
        assertThat(count("SELECT COUNT(*) FROM claim_draft")).isEqualTo(before);
    }

    @Test
    void aDraftWithoutAHouseholdIsRefusedSayingToChooseOne() {
        MvcResult r = api("POST", "/api/v1/claim-drafts", token, "{\"note\":\"忘了是哪户\"}");

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("请先选择农户");
    }

    @Test
    void theVillageAdminOfTheSameVillageCannotSeeOpenChangeSubmitOrDeleteTheDraft() {
        long id = saveViaApi("\"itemCode\":\"ZL01\",\"occurredOn\":\"" + today + "\",\"note\":\"网格员的草稿\"");
        String before = draftRow(id);
        String admin = token("demo-v06", "demo-village");
        MockHttpSession adminPage = session("demo-v06", "demo-village");

        assertThat(body(api("GET", "/api/v1/claim-drafts?size=500", admin, null))).doesNotContain("网格员的草稿");
        assertThat(api("GET", "/api/v1/claim-drafts/" + id, admin, null).getResponse().getStatus()).isEqualTo(404);
        assertThat(api("PUT", "/api/v1/claim-drafts/" + id, admin, "{\"passbookNumber\":" + q(h.get("number")) + "}")
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(api("POST", "/api/v1/claim-drafts/" + id + "/submit", admin, null).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(api("DELETE", "/api/v1/claim-drafts/" + id, admin, null).getResponse().getStatus()).isEqualTo(404);
        assertThat(perform(get("/console/claims/new").param("draft", String.valueOf(id)).session(adminPage))
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(perform(post("/console/claims/drafts/" + id + "/delete").with(csrf()).session(adminPage))
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(body(perform(get("/console").session(adminPage)))).doesNotContain("网格员的草稿");
        assertThat(draftRow(id)).isEqualTo(before);
        assertThat(claims()).isZero();
    }

    @Test
    void aDraftSavedMoreThan30DaysAgoIsShownExpiredAndKept() {
        long id = saveViaApi("\"note\":\"上个月的\"");
        jdbc.sql("UPDATE claim_draft SET saved_at = :t WHERE village_id = :v AND id = :id")
                .param("t", OffsetDateTime.now().minusDays(31)).param("v", Long.parseLong(h.get("vid")))
                .param("id", id).update();

        MvcResult r = api("GET", "/api/v1/claim-drafts/" + id, token, null);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat((Boolean) json(r, "$.expired")).isTrue();
        assertThat(home()).contains("id=\"draft-" + id + "\"").containsPattern(
                "(?s)id=\"draft-" + id + "\".*?已过期.*?</li>");
        assertThat(drafts()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- pages

    private MvcResult saveOnTheForm(String... params) {
        var b = post("/console/claims/drafts").with(csrf()).session(session).param("passbook", h.get("number"));
        for (int i = 0; i < params.length; i += 2) {
            b.param(params[i], params[i + 1]);
        }
        return perform(b);
    }

    private long onlyDraft() {
        List<Long> ids = jdbc.sql("SELECT id FROM claim_draft WHERE village_id = :v AND household_id = :h")
                .param("v", Long.parseLong(h.get("vid"))).param("h", Long.parseLong(h.get("hid"))).query(Long.class).list();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    @Test
    void theRecordFormOffersSaveAsDraftAndSaysThePhotoIsAddedWhenSubmitting() {
        String html = body(perform(get("/console/claims/new").param("passbook", h.get("number")).session(session)));

        assertThat(html).contains("id=\"draft-save\"", "formnovalidate", "存为草稿", "照片不存入草稿，提交时再添加");
    }

    @Test
    void savingAnIncompleteFormGoesHomeConfirmingAndTheHomeListsTheDraft() {
        MvcResult r = saveOnTheForm("note", "户主不在家，改天补", "itemCode", "");

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).endsWith("/console");
        assertThat((String) r.getFlashMap().get("notice")).isEqualTo("已存为草稿。");
        long id = onlyDraft();
        String home = home();
        assertThat(home).contains("id=\"home-drafts\"", "我的草稿", "id=\"draft-" + id + "\"", h.get("number"),
                "/console/claims/new?draft=" + id, "/console/claims/drafts/" + id + "/delete");
    }

    @Test
    void continuingOpensTheFormFilledWithWhatWasSaved() {
        saveOnTheForm("itemCode", "ZL01", "note", "议事会记录待补", "occurredOn", today);
        long id = onlyDraft();

        String html = body(perform(get("/console/claims/new").param("draft", String.valueOf(id)).session(session)));

        assertThat(html).contains("name=\"draftId\" value=\"" + id + "\"", "议事会记录待补", h.get("number"));
        assertThat(html).containsPattern("<option value=\"ZL01\"\\s+selected");
        assertThat(html).contains("id=\"draft-note\"");
    }

    @Test
    void submittingTheFormOpenedFromADraftRecordsTheClaimAndDeletesTheDraft() {
        saveOnTheForm("note", "先存");
        long id = onlyDraft();

        MvcResult r = perform(post("/console/claims").with(csrf()).session(session).param("passbook", h.get("number"))
                .param("draftId", String.valueOf(id)).param("itemCode", "ZL01").param("occurredOn", today)
                .param("note", "补全了"));

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).contains("/console/claims/" + h.get("vid") + "/");
        assertThat(claims()).isEqualTo(1);
        assertThat(drafts()).isZero();
    }

    @Test
    void aRefusedSubmissionFromTheFormKeepsTheDraftAndWhatWasTyped() {
        saveOnTheForm("note", "先存");
        long id = onlyDraft();
        String before = draftRow(id);

        MvcResult r = perform(post("/console/claims").with(csrf()).session(session).param("passbook", h.get("number"))
                .param("draftId", String.valueOf(id)).param("occurredOn", today).param("note", "细则还要问村里"));

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String html = body(r);
        assertThat(html).contains("class=\"alert error\"", "细则还要问村里", "name=\"draftId\" value=\"" + id + "\"");
        assertThat(claims()).isZero();
        assertThat(draftRow(id)).isEqualTo(before);
    }

    @Test
    void unsafeTextOnTheFormIsRefusedKeepingWhatWasTypedAndSavesNothing() {
        MvcResult r = saveOnTheForm("note", "<script>x</script>", "itemCode", "ZL01");

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("class=\"alert error\"").containsPattern("<option value=\"ZL01\"\\s+selected");
        assertThat(drafts()).isZero();
    }

    @Test
    void deletingOnTheHomeRemovesTheDraftAndSaysSo() {
        saveOnTheForm("note", "不要了");
        long id = onlyDraft();

        MvcResult r = perform(post("/console/claims/drafts/" + id + "/delete").with(csrf()).session(session));

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat((String) r.getFlashMap().get("notice")).isEqualTo("草稿已删除。");
        assertThat(drafts()).isZero();
        assertThat(home()).doesNotContain("id=\"draft-" + id + "\"");
    }
}
