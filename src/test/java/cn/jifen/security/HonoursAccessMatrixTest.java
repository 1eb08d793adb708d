package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
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
}
