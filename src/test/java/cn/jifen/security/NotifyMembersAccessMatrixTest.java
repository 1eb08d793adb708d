package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Who may sign household members up to receive the household's notices: the head for their own household (under
 * /me), an admin for the households of their village; a clerk of another village, a grid worker, a keeper or an
 * auditor may not, and a denial changes nothing. Writes only in 石角社区.
 */
@IntegrationTest
class NotifyMembersAccessMatrixTest extends SecuritySupport {

    /** A fresh household of 石角社区 with a second resident who has a mobile number: vid, hid, rid (that resident). */
    private Map<String, String> householdWithMember() {
        Map<String, String> v = householdVars(freshHousehold(Matrix.SJ_SQ));
        MvcResult r = asAdmin("POST", "/api/v1/households/" + v.get("vid") + "/" + v.get("hid") + "/residents",
                "{\"name\":\"测试成员\",\"relation\":\"子女\",\"gender\":\"女\",\"birthYear\":\"1995\","
                        + "\"phone\":\"13712345678\",\"partyMember\":false,\"disabled\":false}", 201);
        List<Number> ids = json(r, "$.members[?(@.name == '测试成员')].id");
        v.put("rid", String.valueOf(ids.get(0).longValue()));
        return v;
    }

    private static String path(Map<String, String> v) {
        return "/api/v1/households/" + v.get("vid") + "/" + v.get("hid") + "/notification-members";
    }

    private long signUps(Map<String, String> v) {
        return count("SELECT COUNT(*) FROM notify_household_member WHERE village_id = " + v.get("vid")
                + " AND household_id = " + v.get("hid") + " AND active = TRUE");
    }

    @Test
    void theVillagerSeesTheirOwnHouseholdsMembersOnlyUnderMe() {
        assertThat(api("GET", "/api/v1/me/notifications/members", tokenFor(Who.VILLAGER), null).getResponse()
                .getStatus()).isEqualTo(200);
        var page = MockMvcRequestBuilders.get("/me/notify/members").session(sessionFor(Who.VILLAGER));
        MvcResult r = perform(page);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("家里其他人接收通知");
        Map<String, String> other = householdWithMember();
        assertThat(api("GET", path(other), tokenFor(Who.VILLAGER), null).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("PUT", path(other) + "/" + other.get("rid"), tokenFor(Who.VILLAGER), "{\"consent\":true}")
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(signUps(other)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Who.class, names = {"GRID_WORKER", "KEEPER", "AUDITOR", "TOWN_AUDITOR"})
    void staffWhoAreNotAdminsMayNotSignMembersUp(Who who) {
        Map<String, String> v = householdWithMember();
        String token = tokenFor(who);   // the first token of a throwaway account is itself audited
        long audits = auditCount();
        assertThat(api("GET", path(v), token, null).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("PUT", path(v) + "/" + v.get("rid"), token, "{\"consent\":true}").getResponse()
                .getStatus()).isEqualTo(403);
        assertThat(api("GET", "/api/v1/me/notifications/members", token, null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(signUps(v)).isZero();
        assertThat(auditCount()).isEqualTo(audits);
    }

    @Test
    void aClerkOfAnotherVillageMayNotTouchTheHouseholdsOfThisOne() {
        long[] lnHousehold = jdbc.sql("SELECT org_unit_id, household_id FROM app_user WHERE username = :u")
                .param("u", Matrix.VILLAGER_LOGIN)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        String ln = "/api/v1/households/" + lnHousehold[0] + "/" + lnHousehold[1] + "/notification-members";
        assertThat(api("GET", ln, tokenFor(Who.VILLAGE_ADMIN), null).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("DELETE", ln + "/1", tokenFor(Who.VILLAGE_ADMIN), null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("GET", ln, null, null).getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void theVillagesClerkSignsAMemberUpAndOffByApiAudited() {
        Map<String, String> v = householdWithMember();
        long audits = auditCount();
        MvcResult on = api("PUT", path(v) + "/" + v.get("rid"), tokenFor(Who.VILLAGE_ADMIN),
                "{\"consent\":true,\"consentNote\":\"当面同意\"}");
        assertThat(on.getResponse().getStatus()).isEqualTo(200);
        assertThat((Boolean) json(on, "$.receiving")).isTrue();
        assertThat((String) json(on, "$.consentBy")).isEqualTo(Who.VILLAGE_ADMIN.login);
        assertThat(body(on)).doesNotContain("13712345678");
        assertThat(signUps(v)).isEqualTo(1);
        assertThat(api("DELETE", path(v) + "/" + v.get("rid"), tokenFor(Who.VILLAGE_ADMIN), null).getResponse()
                .getStatus()).isEqualTo(204);
        assertThat(signUps(v)).isZero();
        assertThat(auditCount()).isEqualTo(audits + 2);
    }

    @Test
    void aSignUpWithoutConsentOrWithANulIsRefusedAndNothingIsSaved() {
        Map<String, String> v = householdWithMember();
        MvcResult noConsent = api("PUT", path(v) + "/" + v.get("rid"), tokenFor(Who.VILLAGE_ADMIN), "{}");
        assertThat(noConsent.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(noConsent, "$.fields[0].field")).isEqualTo("consent");
        MvcResult nul = api("PUT", path(v) + "/" + v.get("rid"), tokenFor(Who.VILLAGE_ADMIN),
                "{\"consent\":true,\"consentNote\":\"当面\\u0000同意\"}");
        assertThat(nul.getResponse().getStatus()).isBetween(400, 422);
        MvcResult surrogate = api("PUT", path(v) + "/" + v.get("rid"), tokenFor(Who.VILLAGE_ADMIN),
                "{\"consent\":true,\"consentNote\":\"同意\\ud800\"}");
        assertThat(surrogate.getResponse().getStatus()).isBetween(400, 422);
        assertThat(signUps(v)).isZero();
    }

    @Test
    void theHouseholdPageCarriesTheMembersPanelForTheClerk() {
        Map<String, String> v = householdWithMember();
        var panel = MockMvcRequestBuilders.get("/console/households/" + v.get("vid") + "/" + v.get("hid")
                + "/notify-members").session(sessionFor(Who.VILLAGE_ADMIN));
        MvcResult r = perform(panel);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("测试成员").contains("登记接收").doesNotContain("13712345678");
    }
}
