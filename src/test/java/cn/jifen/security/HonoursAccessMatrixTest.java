package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Who may use the honours and notice-board pages and API: rankings, honours workflow, certificates,
 * consent, the public board, poster and verification. Denials are tested as well as permissions.
 */
@IntegrationTest
class HonoursAccessMatrixTest extends SecuritySupport {

    private MvcResult page(String path, Matrix.Who who) {
        var b = get(path);
        var s = sessionFor(who);
        if (s != null) {
            b.session(s);
        }
        return perform(b);
    }

    // ------------------------------------------------------------------ rankings

    @Test
    void aVillageAdminSeesItsVillagesRankingPage() {
        MvcResult r = page("/console/rankings?scope=" + Matrix.SJ_SQ, Matrix.Who.VILLAGE_ADMIN);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("积分排行").contains(Matrix.SJ_SQ + "-0001");
    }

    @Test
    void aVillageAdminGets404ForAnotherVillagesRanking() {
        assertThat(page("/console/rankings?scope=" + Matrix.SJ_HH, Matrix.Who.VILLAGE_ADMIN).getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void aTownAdminGets404ForAnotherTownsRankingByApi() {
        MvcResult r = api("GET", "/api/v1/rankings?scope=" + Matrix.TT, tokenFor(Matrix.Who.TOWN_ADMIN), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void theRankingApiNeedsAToken() {
        assertThat(api("GET", "/api/v1/rankings?scope=" + Matrix.SJ_LN, null, null).getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void theCountyRankingByApiIsJsonWithRanks() {
        MvcResult r = api("GET", "/api/v1/rankings?scope=" + Matrix.COUNTY + "&kind=YEAR", adminToken(), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        Integer first = json(r, "$.lines[0].rank");
        assertThat(first).isEqualTo(1);
    }

    @Test
    void aBadPeriodIsAChineseMessageNotA500() {
        MvcResult r = api("GET", "/api/v1/rankings?scope=" + Matrix.SJ_LN + "&kind=QUARTER&period=2026-Q9", adminToken(), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(hasChinese(body(r))).isTrue();
    }

    @Test
    void theRankingExportsToXlsx() throws Exception {
        MvcResult r = page("/console/rankings.xlsx?scope=" + Matrix.SJ_SQ + "&kind=YEAR", Matrix.Who.VILLAGE_ADMIN);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.getResponse().getContentAsByteArray()))) {
            assertThat(wb.getSheetAt(0).getRow(2).getCell(0).getStringCellValue()).isEqualTo("名次");
            assertThat(wb.getSheetAt(0).getRow(3).getCell(2).getStringCellValue()).startsWith(Matrix.SJ_SQ + "-");
        }
    }

    @Test
    void aVillagerSeesItsOwnVillagesRankingOnly() {
        MvcResult own = page("/me/rankings", Matrix.Who.VILLAGER);
        assertThat(own.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(own)).contains(Matrix.SJ_LN + "-0001");
        assertThat(page("/me/rankings?scope=" + Matrix.SJ_LS, Matrix.Who.VILLAGER).getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aVillagerCannotOpenTheStaffRankingPage() {
        assertThat(page("/console/rankings", Matrix.Who.VILLAGER).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void anonymousRankingPageRedirectsToLogin() {
        MvcResult r = page("/console/rankings", Matrix.Who.ANONYMOUS);
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).contains("/login");
    }

    // ------------------------------------------------------------------ honours workflow

    private MvcResult form(String path, Matrix.Who who, String... params) {
        var b = post(path).with(csrf());
        var s = sessionFor(who);
        if (s != null) {
            b.session(s);
        }
        for (int i = 0; i < params.length; i += 2) {
            b.param(params[i], params[i + 1]);
        }
        return perform(b);
    }

    @Test
    void aVillageAdminOpensTheHonoursWorkflowOfItsVillage() {
        MvcResult r = page("/console/honours?village=" + Matrix.SJ_SQ, Matrix.Who.VILLAGE_ADMIN);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("流动红旗").contains("正能量红人").contains("星级党员").contains("confirm-flag");
    }

    /** The village-wide honours reads: names, passbook numbers and scores of every grid of the village. */
    static final List<String> HONOURS_READS = List.of(
            "/api/v1/honours/flag?village=" + Matrix.SJ_LN,
            "/api/v1/honours/stars?village=" + Matrix.SJ_LN,
            "/api/v1/honours/star-persons?village=" + Matrix.SJ_LN,
            "/api/v1/honours/awarded?scope=" + Matrix.SJ_LN + "&from=2020-01-01&to=2030-12-31",
            "/console/honours?village=" + Matrix.SJ_LN,
            "/console/honours");

    static Stream<Arguments> honoursReads() {
        List<Arguments> rows = new ArrayList<>();
        for (Matrix.Who who : List.of(Matrix.Who.GRID_WORKER, Matrix.Who.KEEPER, Matrix.Who.VILLAGE_ADMIN,
                Matrix.Who.AUDITOR)) {
            for (String path : HONOURS_READS) {
                boolean reads = who == Matrix.Who.VILLAGE_ADMIN || who == Matrix.Who.AUDITOR;
                String target = who == Matrix.Who.VILLAGE_ADMIN ? path.replace(Matrix.SJ_LN, Matrix.SJ_SQ) : path;
                rows.add(Arguments.of(who, target, reads ? 200 : 403));
            }
        }
        return rows.stream();
    }

    /**
     * A grid worker (one grid) and a keeper do not read the village-wide honours lists, by API or page;
     * the village admin and the auditor do.
     */
    @ParameterizedTest(name = "{0} GET {1} → {2}")
    @MethodSource("honoursReads")
    void honoursListsAreForAdminsAndAuditorsOnly(Matrix.Who who, String path, int expected) {
        MvcResult r = path.startsWith("/api/") ? api("GET", path, tokenFor(who), null) : page(path, who);
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(expected);
        if (expected == 403) {
            assertThat(body(r)).doesNotContain(Matrix.SJ_LN + "-0002").doesNotContain(Matrix.SJ_LN + "-0001");
        }
    }

    @Test
    void aGridWorkerMayNotOpenTheHonoursWorkflowNorConfirm() {
        MvcResult r = page("/console/honours?village=" + Matrix.SJ_LN, Matrix.Who.GRID_WORKER);
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(r)).doesNotContain("confirm-flag");
        long before = count("SELECT COUNT(*) FROM honour");
        MvcResult post = form("/console/honours/flag", Matrix.Who.GRID_WORKER, "village", Matrix.SJ_LN);
        assertThat(post.getResponse().getStatus()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM honour")).isEqualTo(before);
    }

    @Test
    void aVillageAdminGets404ForAnotherVillagesHonours() {
        assertThat(page("/console/honours?village=" + Matrix.SJ_HH, Matrix.Who.VILLAGE_ADMIN).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(form("/console/honours/flag", Matrix.Who.VILLAGE_ADMIN, "village", Matrix.SJ_HH).getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void aVillagerCannotOpenStaffHonoursButSeesItsOwn() {
        assertThat(page("/console/honours", Matrix.Who.VILLAGER).getResponse().getStatus()).isEqualTo(403);
        MvcResult own = page("/me/honours", Matrix.Who.VILLAGER);
        assertThat(own.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(own)).contains("我的荣誉").contains("积分证明");
        assertThat(page("/me/honours", Matrix.Who.VILLAGE_ADMIN).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void onlyTheCountyDefinesAwardsByApi() {
        String code = unique("AW");
        MvcResult town = api("PUT", "/api/v1/honours/awards/" + code, tokenFor(Matrix.Who.TOWN_ADMIN),
                "{\"name\":\"最美家庭\",\"topN\":5,\"minScore\":10}");
        assertThat(town.getResponse().getStatus()).isEqualTo(403);
        MvcResult county = api("PUT", "/api/v1/honours/awards/" + code, adminToken(),
                "{\"name\":\"最美家庭\",\"topN\":5,\"minScore\":10}");
        assertThat(county.getResponse().getStatus()).isEqualTo(200);
        MvcResult candidates = api("GET", "/api/v1/honours/awards/" + code + "/candidates?village=" + Matrix.SJ_SQ + "&year=2026",
                tokenFor(Matrix.Who.VILLAGE_ADMIN), null);
        assertThat(candidates.getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void anAwardWithABlankNameAndNoTopIs422NamingBothInChineseAndNothingIsDefined() {
        String code = unique("AW");
        MvcResult r = api("PUT", "/api/v1/honours/awards/" + code, adminToken(), "{\"name\":\"  \",\"topN\":0,\"minScore\":10}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("name");
        assertThat((String) json(r, "$.fields[0].message")).endsWith("不能为空，请填写。");
        assertThat((String) json(r, "$.fields[1].field")).isEqualTo("topN");
        assertThat((String) json(r, "$.fields[1].message")).endsWith("前几名：请填写 1 到 1000 之间的整数");
        assertThat(count("SELECT COUNT(*) FROM honour_award WHERE code = '" + code + "'")).isZero();
        assertThat(api("PUT", "/api/v1/honours/awards/" + code, tokenFor(Matrix.Who.TOWN_ADMIN),
                "{\"name\":\"  \",\"topN\":0,\"minScore\":10}").getResponse().getStatus()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM honour_award WHERE code = '" + code + "'")).isZero();
    }

    @Test
    void theVillagersHonoursApiAnswersOnlyForAVillager() {
        assertThat(api("GET", "/api/v1/me/honours", tokenFor(Matrix.Who.VILLAGER), null).getResponse().getStatus()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/me/honours", tokenFor(Matrix.Who.KEEPER), null).getResponse().getStatus()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ certificates

    private String issueBody(String passbook, String purpose) {
        return "{\"passbookNumber\":" + q(passbook) + ",\"purpose\":" + q(purpose)
                + ",\"from\":\"2026-01-01\",\"to\":\"2026-11-27\"}";
    }

    @Test
    void aVillageAdminIssuesACertificateForItsVillageByApi() {
        MvcResult r = api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN),
                issueBody(Matrix.SJ_SQ + "-0001", "PARTY_APPLICATION"));
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        String code = json(r, "$.code");
        MvcResult v = api("GET", "/api/v1/public/verify/" + code, null, null);
        assertThat(v.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(v)).contains("\"revoked\":false").doesNotContain(code);
    }

    @Test
    void aGridWorkerOrAuditorMayNotIssueCertificates() {
        long before = count("SELECT COUNT(*) FROM reference_certificate");
        assertThat(api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.GRID_WORKER),
                issueBody(Matrix.SJ_LN + "-0001", "PARTY_APPLICATION")).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.AUDITOR),
                issueBody(Matrix.SJ_SQ + "-0001", "PARTY_APPLICATION")).getResponse().getStatus()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM reference_certificate")).isEqualTo(before);
    }

    private String longNoteBody(String passbook) {
        return "{\"passbookNumber\":" + q(passbook) + ",\"purpose\":\"OTHER\",\"purposeNote\":" + q("说".repeat(201))
                + ",\"from\":\"2026-01-01\",\"to\":\"2026-11-27\"}";
    }

    @Test
    void aCertificateWithAnOverlongPurposeNoteIs422NamingTheNoteInChineseAndNothingIsIssued() {
        long before = count("SELECT COUNT(*) FROM reference_certificate");
        MvcResult r = api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN),
                longNoteBody(Matrix.SJ_SQ + "-0001"));
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("purposeNote");
        assertThat((String) json(r, "$.fields[0].message")).endsWith("用途说明不超过 200 个字");
        assertThat(count("SELECT COUNT(*) FROM reference_certificate")).isEqualTo(before);
    }

    @Test
    void aBadCertificateRequestFromSomeoneWhoMayNotIssueItIsRefusedForTheAccessNotForTheField() {
        long before = count("SELECT COUNT(*) FROM reference_certificate");
        assertThat(api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN),
                longNoteBody(Matrix.SJ_HH + "-0001")).getResponse().getStatus()).isEqualTo(404);
        assertThat(api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.GRID_WORKER),
                longNoteBody(Matrix.SJ_LN + "-0001")).getResponse().getStatus()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM reference_certificate")).isEqualTo(before);
    }

    @Test
    void aVillageAdminGets404IssuingForAnotherVillagesHousehold() {
        assertThat(api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN),
                issueBody(Matrix.SJ_HH + "-0001", "PARTY_APPLICATION")).getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aCreditLoanCertificateWithoutConsentIsRefusedWithAChineseMessage() {
        String passbook = freshHousehold(Matrix.SJ_SQ);
        MvcResult r = api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN), issueBody(passbook, "CREDIT_LOAN"));
        assertThat(r.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(r)).contains("同意");
    }

    @Test
    void thePartnerBankAuditorSeesOnlyConsentingHouseholdsCertificates() {
        String consenting = freshHousehold(Matrix.SJ_SQ);
        String other = freshHousehold(Matrix.SJ_SQ);
        String bankPartner = unique("银行");
        var cv = householdVars(consenting);
        MvcResult c = api("POST", "/api/v1/households/" + cv.get("vid") + "/" + cv.get("hid") + "/consents",
                tokenFor(Matrix.Who.VILLAGE_ADMIN), "{\"partner\":" + q(bankPartner) + "}");
        assertThat(c.getResponse().getStatus()).as(body(c)).isEqualTo(200);
        MvcResult yes = api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN), issueBody(consenting, "CREDIT_LOAN"));
        MvcResult no = api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN), issueBody(other, "PARTY_APPLICATION"));
        assertThat(yes.getResponse().getStatus()).isEqualTo(201);
        assertThat(no.getResponse().getStatus()).isEqualTo(201);
        String login = unique("bank");
        long bankUser = createUser(login, "AUDITOR", Matrix.SJ);
        assertThat(api("PUT", "/api/v1/auditors/" + bankUser + "/partner", tokenFor(Matrix.Who.TOWN_ADMIN),
                "{\"partner\":" + q(bankPartner) + "}").getResponse().getStatus()).isEqualTo(403);
        assertThat(api("PUT", "/api/v1/auditors/" + bankUser + "/partner", adminToken(),
                "{\"partner\":" + q(bankPartner) + "}").getResponse().getStatus()).isEqualTo(200);
        String bank = newToken(login, PASSWORD);
        MvcResult list = api("GET", "/api/v1/certificates?village=" + Matrix.SJ_SQ, bank, null);
        assertThat(list.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(list)).contains(consenting).doesNotContain(other);
        Number otherId = json(no, "$.id");
        Number yesId = json(yes, "$.id");
        assertThat(api("GET", "/api/v1/certificates/" + cv.get("vid") + "/" + otherId, bank, null).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(api("GET", "/api/v1/certificates/" + cv.get("vid") + "/" + yesId, bank, null).getResponse().getStatus())
                .isEqualTo(200);
        MvcResult ranking = api("GET", "/api/v1/rankings?scope=" + Matrix.SJ_SQ + "&kind=YEAR", bank, null);
        assertThat(body(ranking)).contains(consenting).doesNotContain(other);
        assertThat(api("GET", "/api/v1/honours/flag?village=" + Matrix.SJ_SQ, bank, null).getResponse().getStatus())
                .isEqualTo(403);
        // outside certificates and rankings the partner's auditor is refused, whatever its scope would show
        String other403 = "/api/v1/households/" + cv.get("vid") + "/" + householdVars(other).get("hid");
        for (String path : List.of(other403, "/api/v1/villages/" + Matrix.SJ_SQ + "/households",
                "/api/v1/passbooks/" + other, "/api/v1/ledger/verify?village=" + Matrix.SJ_SQ,
                "/api/v1/stats/summary?orgUnit=" + Matrix.SJ)) {
            MvcResult denied = api("GET", path, bank, null);
            assertThat(denied.getResponse().getStatus()).as(path).isEqualTo(403);
            assertThat(body(denied)).as(path).contains("合作银行");
        }
        // its home names no claims or passbooks: what needs attention in the town is for the county's own auditors
        MvcResult home = api("GET", "/api/v1/me/home", bank, null);
        assertThat(home.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(home)).contains("\"attention\":null").doesNotContain(Matrix.SJ_LN);
    }

    @Test
    void aVillagerSeesNeighboursInTheRankingOnlyBySurnameWithoutPassbookNumbersOrVetoes() {
        String villager = tokenFor(Matrix.Who.VILLAGER);
        MvcResult r = api("GET", "/api/v1/rankings?subject=HOUSEHOLD&kind=YEAR", villager, null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String body = body(r);
        assertThat(body).contains(Matrix.VILLAGER_LOGIN).contains("某")
                .doesNotContain(Matrix.SJ_LN + "-0002").doesNotContain("\"ineligible\":true");
        MvcResult residents = api("GET", "/api/v1/rankings?subject=RESIDENT&kind=YEAR", villager, null);
        assertThat(body(residents)).doesNotContain(Matrix.SJ_LN + "-0002");
        assertThat(api("GET", "/api/v1/rankings?subject=PARTY&kind=YEAR", villager, null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("GET", "/api/v1/rankings?kind=CUSTOM&from=2026-11-03&to=2026-11-03", villager, null)
                .getResponse().getStatus()).isEqualTo(403);
        // staff of the village still see names and passbook numbers
        assertThat(body(api("GET", "/api/v1/rankings?scope=" + Matrix.SJ_LN + "&subject=HOUSEHOLD&kind=YEAR",
                token("demo-village", "demo-village"), null))).contains(Matrix.SJ_LN + "-0002");
    }

    @Test
    void keepersAndGridWorkersCannotReadReferenceCertificatesOfTheirOwnVillage() {
        assertThat(api("GET", "/api/v1/certificates?village=" + Matrix.SJ_LN, tokenFor(Matrix.Who.KEEPER), null)
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(api("GET", "/api/v1/certificates?village=" + Matrix.SJ_LN, tokenFor(Matrix.Who.GRID_WORKER), null)
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(api("GET", "/api/v1/certificates?village=" + Matrix.SJ_LN, token("demo-village", "demo-village"), null)
                .getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theCertificatesPageIsForStaffOnly() {
        assertThat(page("/console/certificates?village=" + Matrix.SJ_SQ, Matrix.Who.VILLAGE_ADMIN).getResponse().getStatus())
                .isEqualTo(200);
        assertThat(page("/console/certificates?village=" + Matrix.SJ_SQ, Matrix.Who.AUDITOR).getResponse().getStatus())
                .isEqualTo(200);
        assertThat(page("/console/certificates", Matrix.Who.VILLAGER).getResponse().getStatus()).isEqualTo(403);
        assertThat(page("/console/certificates?village=" + Matrix.SJ_HH, Matrix.Who.VILLAGE_ADMIN).getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void revokingNeedsAnAdminOfTheVillage() {
        MvcResult r = api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN),
                issueBody(Matrix.SJ_SQ + "-0002", "RESERVE_CADRE"));
        Number id = json(r, "$.id");
        Number vid = json(r, "$.villageId");
        String path = "/api/v1/certificates/" + vid + "/" + id + "/revoke";
        assertThat(api("POST", path, tokenFor(Matrix.Who.AUDITOR), "{\"reason\":\"x\"}").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("POST", path, tokenFor(Matrix.Who.VILLAGER), "{\"reason\":\"x\"}").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("POST", path, tokenFor(Matrix.Who.VILLAGE_ADMIN), "{}").getResponse().getStatus()).isEqualTo(422);
        assertThat(api("POST", path, tokenFor(Matrix.Who.VILLAGE_ADMIN), "{\"reason\":\"重开\"}").getResponse().getStatus())
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ board settings and public pages

    @Test
    void boardSettingsAreChangedOnlyByAnAdminInScope() {
        assertThat(page("/console/board-settings", Matrix.Who.VILLAGER).getResponse().getStatus()).isEqualTo(403);
        assertThat(form("/console/board-settings", Matrix.Who.GRID_WORKER, "village", Matrix.SJ_LN, "privacy", "FULL")
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(form("/console/board-settings", Matrix.Who.VILLAGE_ADMIN, "village", Matrix.SJ_HH, "privacy", "FULL")
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(api("PUT", "/api/v1/boards/" + Matrix.TT_SQ + "/settings", tokenFor(Matrix.Who.TOWN_ADMIN),
                "{\"privacy\":\"FULL\"}").getResponse().getStatus()).isEqualTo(404);
        MvcResult ok = form("/console/board-settings", Matrix.Who.VILLAGE_ADMIN, "village", Matrix.SJ_SQ, "privacy", "SURNAME");
        assertThat(ok.getResponse().getStatus()).isEqualTo(302);
        assertThat(page("/console/board-settings?village=" + Matrix.SJ_SQ, Matrix.Who.VILLAGE_ADMIN).getResponse().getStatus())
                .isEqualTo(200);
    }

    @Test
    void theBoardPosterAndVerificationAreOpenToAnyone() {
        assertThat(page("/board", Matrix.Who.ANONYMOUS).getResponse().getStatus()).isEqualTo(200);
        assertThat(page("/board/" + Matrix.SJ_LN, Matrix.Who.ANONYMOUS).getResponse().getStatus()).isEqualTo(200);
        assertThat(page("/board/" + Matrix.SJ_LN + "/poster.pdf?size=A4", Matrix.Who.ANONYMOUS).getResponse().getStatus())
                .isEqualTo(200);
        assertThat(page("/board/" + Matrix.NOWHERE, Matrix.Who.ANONYMOUS).getResponse().getStatus()).isEqualTo(404);
        assertThat(page("/verify/00000000000000000000000000000000", Matrix.Who.ANONYMOUS).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(api("GET", "/api/v1/public/boards/" + Matrix.SJ_LN, null, null).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theBoardDoesNotAcceptWrites() {
        MvcResult r = perform(post("/board/" + Matrix.SJ_LN).with(csrf()));
        assertThat(r.getResponse().getStatus()).isIn(302, 403, 405);
    }

    @Test
    void certificatePdfsAreForStaffInScopeOrTheHouseholdItself() {
        MvcResult r = api("POST", "/api/v1/certificates", tokenFor(Matrix.Who.VILLAGE_ADMIN),
                issueBody(Matrix.SJ_SQ + "-0003", "PARTY_APPLICATION"));
        Number id = json(r, "$.id");
        Number vid = json(r, "$.villageId");
        String pdf = "/console/certificates/" + vid + "/" + id + "/certificate.pdf";
        MvcResult ok = page(pdf, Matrix.Who.VILLAGE_ADMIN);
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
        assertThat(ok.getResponse().getContentType()).isEqualTo("application/pdf");
        assertThat(page(pdf, Matrix.Who.VILLAGER).getResponse().getStatus()).isEqualTo(403);
        // grid workers and keepers may not read references at all: refused for their role, whatever the id
        assertThat(page(pdf, Matrix.Who.GRID_WORKER).getResponse().getStatus()).isEqualTo(403);
        assertThat(page(pdf, Matrix.Who.AUDITOR).getResponse().getStatus()).isEqualTo(200);
        assertThat(page(pdf, Matrix.Who.TOWN_AUDITOR).getResponse().getStatus()).isEqualTo(200);
        assertThat(page("/me/certificates/" + vid + "/" + id + "/certificate.pdf", Matrix.Who.VILLAGER).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(page(pdf, Matrix.Who.ANONYMOUS).getResponse().getStatus()).isEqualTo(302);
    }
}
