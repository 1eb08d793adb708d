package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.support.DemoCountyPolicy;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The settings that moved onto the county policy, over the API and the pages: who may read and change them,
 * partial updates, refusals in Chinese that change nothing, the history in words, and the village's publicity
 * period beside the county default. The demo county's policy and 石角社区's own period are put back after each test.
 */
@IntegrationTest
class PolicySettingsAccessTest extends SecuritySupport {
    static final String POINTS = "\"basePoints\":0,\"expiryDate\":null,\"vetoBlockMonths\":12,\"localAdjustPercent\":20";

    @Autowired CountyPolicies policies;
    @Autowired OrgUnits orgUnits;

    DemoCountyPolicy policy;
    List<Integer> ownPeriodBefore;

    @BeforeEach
    void remember() {
        policy = new DemoCountyPolicy(policies, orgUnits.byCode("441821").orElseThrow());
        ownPeriodBefore = ownPeriod();
    }

    @AfterEach
    void putBack() {
        policy.restore();
        jdbc.sql("DELETE FROM claim_village_setting WHERE village_id = :v").param("v", unitId(Matrix.SJ_SQ)).update();
        for (Integer days : ownPeriodBefore) {
            jdbc.sql("INSERT INTO claim_village_setting (village_id, publicity_days, updated_at, updated_by)"
                            + " VALUES (:v, :d, CURRENT_TIMESTAMP, 'test')")
                    .param("v", unitId(Matrix.SJ_SQ)).param("d", days).update();
        }
    }

    private List<Integer> ownPeriod() {
        return jdbc.sql("SELECT publicity_days FROM claim_village_setting WHERE village_id = :v")
                .param("v", unitId(Matrix.SJ_SQ)).query(Integer.class).list();
    }

    private long policyChanges() {
        return count("SELECT COUNT(*) FROM county_policy_change");
    }

    private MvcResult put(String token, String fields) {
        return api("PUT", "/api/v1/policy", token, "{" + POINTS + "," + fields + ",\"reason\":\"政策测试\"}");
    }

    private String page(String path, MockHttpSession s) {
        MvcResult r = perform(get(path).session(s));
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return body(r);
    }

    @Test
    void theApiReturnsTheNewPolicyFieldsToAdminsAndAuditors() {
        MvcResult r = api("GET", "/api/v1/policy", token("demo-auditor", "demo-auditor"), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) json(r, "$.publicityDays")).isEqualTo(5);
        assertThat((Integer) json(r, "$.claimMaxAgeDays")).isEqualTo(90);
        assertThat((Integer) json(r, "$.reservationHours")).isEqualTo(48);
        assertThat((String) json(r, "$.flagPeriod")).isEqualTo("MONTH");
        assertThat((List<Integer>) json(r, "$.starThresholds")).containsExactly(10, 30, 50, 80, 120);
        assertThat((Integer) json(r, "$.starPersonCount")).isEqualTo(10);
        assertThat((List<String>) json(r, "$.boardPrivacyAllowed")).containsExactly("FULL", "SURNAME", "PASSBOOK");
        assertThat((String) json(r, "$.boardPrivacyDefault")).isEqualTo("SURNAME");
        assertThat((Boolean) json(r, "$.boardNegativeByName")).isFalse();
    }

    @Test
    void townVillageAndAuditorMayNotChangeTheNewFieldsAndNothingChanges() {
        long before = policyChanges();
        for (String token : List.of(token("demo-town", "demo-town"), token("demo-v06", "demo-village"),
                token("demo-auditor", "demo-auditor"))) {
            assertThat(put(token, "\"publicityDays\":9,\"reservationHours\":12").getResponse().getStatus()).isEqualTo(403);
        }
        assertThat(policyChanges()).isEqualTo(before);
        assertThat((Integer) json(api("GET", "/api/v1/policy", adminToken(), null), "$.publicityDays")).isEqualTo(5);
    }

    @Test
    void theCountyAdminSetsTheNewFieldsAndABodyWithoutThemKeepsThem() {
        MvcResult ok = put(adminToken(), "\"publicityDays\":7,\"reservationHours\":24,\"flagPeriod\":\"QUARTER\","
                + "\"starThresholds\":[20,40,60,90,150],\"boardPrivacyAllowed\":[\"SURNAME\",\"PASSBOOK\"]");
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) json(ok, "$.publicityDays")).isEqualTo(7);

        MvcResult pointsOnly = api("PUT", "/api/v1/policy", adminToken(), "{" + POINTS.replace("\"basePoints\":0",
                "\"basePoints\":3") + ",\"reason\":\"只改基础分\"}");
        assertThat(pointsOnly.getResponse().getStatus()).isEqualTo(200);
        MvcResult now = api("GET", "/api/v1/policy", adminToken(), null);
        assertThat((Integer) json(now, "$.basePoints")).isEqualTo(3);
        assertThat((Integer) json(now, "$.publicityDays")).isEqualTo(7);
        assertThat((Integer) json(now, "$.reservationHours")).isEqualTo(24);
        assertThat((String) json(now, "$.flagPeriod")).isEqualTo("QUARTER");
        assertThat((List<Integer>) json(now, "$.starThresholds")).containsExactly(20, 40, 60, 90, 150);
        assertThat((List<String>) json(now, "$.boardPrivacyAllowed")).containsExactly("SURNAME", "PASSBOOK");

        MvcResult history = api("GET", "/api/v1/policy/history", adminToken(), null);
        assertThat((String) json(history, "$[0].reason")).isEqualTo("只改基础分");
        assertThat((List<String>) json(history, "$[0].changes[*].field")).containsExactly("basePoints");
        assertThat((List<String>) json(history, "$[1].changes[?(@.field == 'publicityDays')].after")).containsExactly("7");
    }

    @Test
    void outOfRangeValuesAreRefusedInChineseNamingTheFieldAndChangeNothing() {
        long before = policyChanges();
        MvcResult days = put(adminToken(), "\"publicityDays\":31");
        assertThat(days.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(days)).contains("公示天数").contains("0 到 30");
        MvcResult period = put(adminToken(), "\"flagPeriod\":\"WEEK\"");
        assertThat(period.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(period)).contains("流动红旗评选周期").contains("每季度");
        MvcResult stars = put(adminToken(), "\"starThresholds\":[10,30,50]");
        assertThat(stars.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(stars)).contains("星级党员分数线").contains("五个从小到大");
        assertThat(policyChanges()).isEqualTo(before);
        assertThat((Integer) json(api("GET", "/api/v1/policy", adminToken(), null), "$.publicityDays")).isEqualTo(5);
    }

    @Test
    void thePolicyPageShowsTheNewFieldsAndSavesThemWithAHistoryOfOldToNew() {
        MockHttpSession admin = session("demo-admin", "demo-admin");
        String html = page("/console/policy", admin);
        assertThat(html).contains("公示天数（县默认").contains("网上预订保留时间").contains("流动红旗评选周期")
                .contains("星级党员分数线").contains("正能量红人候选人数").contains("公示栏允许村里选用的显示方式")
                .contains("id=\"publicityDays\"").contains("name=\"starThresholds\"");
        MvcResult saved = perform(post("/console/policy").with(csrf()).session(admin)
                .param("basePoints", "0").param("expiryDate", "").param("vetoBlockMonths", "12")
                .param("localAdjustPercent", "20").param("publicityDays", "7").param("claimMaxAgeDays", "90")
                .param("reservationHours", "24").param("flagPeriod", "QUARTER")
                .param("starThresholds", "10", "30", "50", "80", "120").param("starPersonCount", "10")
                .param("boardPrivacyAllowedShown", "1").param("boardPrivacyAllowed", "FULL", "SURNAME", "PASSBOOK")
                .param("boardPrivacyDefault", "SURNAME").param("boardNegativeByName", "false")
                .param("reason", "页面修改"));
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);
        assertThat(policies.of(orgUnits.byCode("441821").orElseThrow()).publicityDays()).isEqualTo(7);
        String after = page("/console/policy", admin);
        assertThat(after).contains("公示天数：5 → 7").contains("网上预订保留时间：48 → 24")
                .contains("流动红旗评选周期：每月 → 每季度").contains("页面修改").contains("demo-admin");
    }

    @Test
    void thePolicyPageRefusesBadValuesAndAllModesUntickedAndChangesNothing() {
        MockHttpSession admin = session("demo-admin", "demo-admin");
        long before = policyChanges();
        MvcResult bad = perform(post("/console/policy").with(csrf()).session(admin)
                .param("basePoints", "0").param("vetoBlockMonths", "12").param("localAdjustPercent", "20")
                .param("publicityDays", "45").param("boardPrivacyAllowedShown", "1").param("reason", "乱填"));
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(bad)).contains("公示天数").contains("请至少选一种显示方式");
        assertThat(policyChanges()).isEqualTo(before);
    }

    @Test
    void theVillageSettingsPageShowsTheCountyDefaultBesideItsOwnPeriodAndClearsIt() {
        MockHttpSession v06 = session("demo-v06", "demo-village");
        jdbc.sql("DELETE FROM claim_village_setting WHERE village_id = :v").param("v", unitId(Matrix.SJ_SQ)).update();
        policy.change("县默认公示7天", d -> d.publicityDays(7));
        String path = "/console/board-settings?village=" + Matrix.SJ_SQ;
        assertThat(page(path, v06)).contains("县默认 7 天").contains("现在按 7 天公示").doesNotContain("id=\"clear-publicity\"");

        assertThat(perform(post("/console/board-settings/publicity-days").with(csrf()).session(v06)
                .param("village", Matrix.SJ_SQ).param("publicityDays", "3")).getResponse().getStatus()).isEqualTo(302);
        assertThat(page(path, v06)).contains("本村自定：3 天").contains("县默认 7 天").contains("现在按 3 天公示")
                .contains("id=\"clear-publicity\"");

        assertThat(perform(post("/console/board-settings/publicity-days/clear").with(csrf()).session(v06)
                .param("village", Matrix.SJ_SQ)).getResponse().getStatus()).isEqualTo(302);
        assertThat(ownPeriod()).isEmpty();
        assertThat(page(path, v06)).contains("现在按 7 天公示").contains("县默认 7 天");
    }

    @Test
    void theVillagePeriodApiShowsTheCountyDefaultAndOnlyTheVillagesAdminsClearIt() {
        String v06 = token("demo-v06", "demo-village");
        assertThat(api("POST", "/api/v1/claims/settings", v06,
                "{\"village\":\"" + Matrix.SJ_SQ + "\",\"publicityDays\":3}").getResponse().getStatus()).isEqualTo(200);
        MvcResult read = api("GET", "/api/v1/claims/settings?village=" + Matrix.SJ_SQ, v06, null);
        assertThat((Integer) json(read, "$.publicityDays")).isEqualTo(3);
        assertThat((Integer) json(read, "$.villagePublicityDays")).isEqualTo(3);
        assertThat((Integer) json(read, "$.countyPublicityDays")).isEqualTo(5);

        MvcResult outOfScope = api("DELETE", "/api/v1/claims/settings?village=" + Matrix.SJ_SQ,
                token("demo-village", "demo-village"), null);
        assertThat(outOfScope.getResponse().getStatus()).isIn(403, 404);
        assertThat(ownPeriod()).containsExactly(3);

        MvcResult cleared = api("DELETE", "/api/v1/claims/settings?village=" + Matrix.SJ_SQ, v06, null);
        assertThat(cleared.getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) json(cleared, "$.publicityDays")).isEqualTo(5);
        assertThat((Object) json(cleared, "$.villagePublicityDays")).isNull();
        assertThat(ownPeriod()).isEmpty();
    }

    @Test
    void theVillagePeriodFormIsRefusedToGridWorkersOtherVillagesAdminsAndBadDaysAndChangesNothing() {
        long lnBefore = count("SELECT COUNT(*) FROM claim_village_setting WHERE village_id = " + unitId(Matrix.SJ_LN));
        assertThat(perform(post("/console/board-settings/publicity-days").with(csrf()).session(session("demo-grid", "demo-grid"))
                .param("village", Matrix.SJ_LN).param("publicityDays", "3")).getResponse().getStatus()).isEqualTo(403);
        assertThat(perform(post("/console/board-settings/publicity-days/clear").with(csrf())
                .session(session("demo-grid", "demo-grid")).param("village", Matrix.SJ_LN)).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(perform(post("/console/board-settings/publicity-days").with(csrf())
                .session(session("demo-village", "demo-village")).param("village", Matrix.SJ_SQ).param("publicityDays", "3"))
                .getResponse().getStatus()).isIn(403, 404);
        MvcResult bad = perform(post("/console/board-settings/publicity-days").with(csrf())
                .session(session("demo-v06", "demo-village")).param("village", Matrix.SJ_SQ).param("publicityDays", "31"));
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(bad)).contains("公示天数须在 0 到 30 天之间");
        assertThat(ownPeriod()).isEqualTo(ownPeriodBefore);
        assertThat(count("SELECT COUNT(*) FROM claim_village_setting WHERE village_id = " + unitId(Matrix.SJ_LN)))
                .isEqualTo(lnBefore);
    }
}
