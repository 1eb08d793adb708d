package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Who may read and change the county's points policy and the local points of county items, over the
 * API and the pages; and the public printable catalogue. Denials change nothing.
 */
@IntegrationTest
class PolicyAccessTest extends SecuritySupport {

    private long policyChanges() {
        return count("SELECT COUNT(*) FROM county_policy_change");
    }

    private long localRanges() {
        return count("SELECT COUNT(*) FROM rule_item_local");
    }

    @Test
    void thePolicyIsReadByAdminsAndAuditorsButNotByVillagersKeepersOrGridWorkers() {
        assertThat(api("GET", "/api/v1/policy", adminToken(), null).getResponse().getStatus()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/policy", token("demo-town", "demo-town"), null).getResponse().getStatus()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/policy", token("demo-auditor", "demo-auditor"), null).getResponse().getStatus())
                .isEqualTo(200);
        assertThat(api("GET", "/api/v1/policy", token(Matrix.VILLAGER_LOGIN, "123456"), null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("GET", "/api/v1/policy", token("demo-keeper", "demo-keeper"), null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("GET", "/api/v1/policy", token("demo-grid", "demo-grid"), null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("GET", "/api/v1/policy", null, null).getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void onlyTheCountyAdminChangesThePolicyAndOnlyWithAReason() {
        long before = policyChanges();
        String body = "{\"basePoints\":0,\"expiryDate\":null,\"vetoBlockMonths\":12,\"localAdjustPercent\":20,\"reason\":\"核对\"}";
        assertThat(api("PUT", "/api/v1/policy", token("demo-town", "demo-town"), body).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("PUT", "/api/v1/policy", token("demo-v06", "demo-village"), body).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("PUT", "/api/v1/policy", null, body).getResponse().getStatus()).isEqualTo(401);
        MvcResult noReason = api("PUT", "/api/v1/policy", adminToken(), body.replace("核对", " "));
        assertThat(noReason.getResponse().getStatus()).isBetween(400, 422);
        assertThat(hasChinese(body(noReason))).isTrue();
        assertThat(policyChanges()).isEqualTo(before);

        MvcResult ok = api("PUT", "/api/v1/policy", adminToken(), body);
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) json(ok, "$.vetoBlockMonths")).isEqualTo(12);
        assertThat(policyChanges()).isEqualTo(before + 1);
    }

    @Test
    void localPointsAreRefusedOutsideTheBoundsAndForRolesThatMayNotSetThem() {
        long before = localRanges();
        String tooHigh = "{\"minPoints\":1,\"maxPoints\":100000,\"reason\":\"试试\"}";
        MvcResult bounds = api("POST", "/api/v1/rules/DY01/local-points", token("demo-v06", "demo-village"), tooHigh);
        assertThat(bounds.getResponse().getStatus()).isBetween(400, 422);
        assertThat(body(bounds)).contains("县定分值");
        assertThat(api("POST", "/api/v1/rules/DY01/local-points", token("demo-keeper", "demo-keeper"), tooHigh)
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(api("POST", "/api/v1/rules/DY01/local-points", adminToken(), tooHigh).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("POST", "/api/v1/rules/DY01/local-points", token(Matrix.VILLAGER_LOGIN, "123456"), tooHigh)
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(localRanges()).isEqualTo(before);
    }

    @Test
    void thePolicyPageShowsToStaffAdminsAndItsFormNeedsCsrf() throws Exception {
        MvcResult page = perform(get("/console/policy").session(session("demo-town", "demo-town")));
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(page)).contains("县积分政策").doesNotContain("name=\"reason\"");
        assertThat(perform(get("/console/policy").session(session("demo-keeper", "demo-keeper"))).getResponse().getStatus())
                .isEqualTo(403);
        long before = policyChanges();
        assertThat(perform(post("/console/policy").session(session("demo-admin", "demo-admin"))
                .param("basePoints", "0").param("vetoBlockMonths", "12").param("localAdjustPercent", "20")
                .param("reason", "无令牌")).getResponse().getStatus()).isEqualTo(403);
        assertThat(perform(post("/console/policy").with(csrf()).session(session("demo-town", "demo-town"))
                .param("basePoints", "0").param("vetoBlockMonths", "12").param("localAdjustPercent", "20")
                .param("reason", "镇改县政策")).getResponse().getStatus()).isEqualTo(403);
        assertThat(policyChanges()).isEqualTo(before);
    }

    @Test
    void theCatalogueInForcePrintsAsAPdfForAnyoneInChinese() throws Exception {
        MvcResult r = perform(get("/rules.pdf"));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).isEqualTo("application/pdf");
        String text = new PdfTextExtractor(new PdfReader(r.getResponse().getContentAsByteArray())).getTextFromPage(1);
        assertThat(text).contains("积分细则").contains("党员争优");
        MvcResult village = perform(get("/rules.pdf").param("village", Matrix.SJ_LN));
        assertThat(new PdfTextExtractor(new PdfReader(village.getResponse().getContentAsByteArray())).getTextFromPage(1))
                .contains("龙南村");
        assertThat(perform(get("/rules.pdf").param("village", Matrix.NOWHERE)).getResponse().getStatus()).isEqualTo(404);
    }
}
