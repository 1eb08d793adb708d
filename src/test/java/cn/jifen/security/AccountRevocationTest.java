package cn.jifen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.MockMvcSessions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * An account that is deactivated, gets a new password, or another role or scope loses every web
 * session and every API token at once: the next request of each is refused (the login page for
 * pages, 401 with a Chinese message for the API), and nothing it asks for is read or changed.
 * The one exception: the session in which the user changed their own password goes on.
 */
@IntegrationTest
class AccountRevocationTest extends SecuritySupport {
    @Autowired
    Users users;

    // ------------------------------------------------------------------ fixtures

    /** A throwaway staff account that has changed its first password; returns its login. */
    String staff(String role, String orgCode) {
        String login = unique("rev");
        createUser(login, role, orgCode);
        return login;
    }

    void deactivate(String login) {
        MvcResult off = api("POST", "/api/v1/users/" + userId(login) + "/active", adminToken(),
                "{\"active\":false,\"reason\":\"离职，停用账号\"}");
        assertEquals(200, off.getResponse().getStatus(), body(off));
    }

    String headPhone(String passbook) {
        MvcResult r = api("GET", "/api/v1/passbooks/" + passbook, adminToken(), null);
        assertEquals(200, r.getResponse().getStatus(), body(r));
        String phone = json(r, "$.members[0].phone");
        assertNotNull(phone, "the demo household's head has a phone");
        return phone;
    }

    String privacyOf(String villageCode) {
        return jdbc.sql("SELECT COALESCE(MAX(s.privacy), 'default') FROM board_setting s JOIN org_unit o ON o.id = s.village_id "
                + "WHERE o.code = :c").param("c", villageCode).query(String.class).single();
    }

    long auditRowsBy(String login) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE actor_name = :u").param("u", login).query(Long.class).single();
    }

    /** A page request of an ended session: sent to the login page, nothing of the page in the answer. */
    void assertSentToLogin(MvcResult r) {
        assertEquals(302, r.getResponse().getStatus(), () -> "expected the login page, got " + r.getResponse().getStatus()
                + ": " + body(r));
        assertTrue(r.getResponse().getRedirectedUrl().endsWith("/login"), r.getResponse().getRedirectedUrl());
    }

    /** An API request with an ended token: 401 with the Chinese "not logged in" answer. */
    void assertRefused(MvcResult r) {
        assertEquals(401, r.getResponse().getStatus(), () -> body(r));
        assertEquals("unauthorized", json(r, "$.error"));
        assertTrue(hasChinese(json(r, "$.detail")), body(r));
    }

    long sessionsOf(String login) {
        return count("SELECT COUNT(*) FROM spring_session WHERE principal_name = '" + login + "'");
    }

    MvcResult page(String path, MockHttpSession s) {
        return perform(get(path).session(s));
    }

    // ------------------------------------------------------------------ deactivation: the three reported reads/writes

    @Test
    void aDeactivatedStaffSessionCanNoLongerReadAHouseholdWithItsPhoneNumbers() {
        String login = staff("AUDITOR", Matrix.COUNTY);
        Map<String, String> h = householdVars(Matrix.VILLAGER_LOGIN);
        String phone = headPhone(Matrix.VILLAGER_LOGIN);
        MockHttpSession s = newSession(login, PASSWORD);
        MvcResult before = page("/console/households/" + h.get("t"), s);
        assertEquals(200, before.getResponse().getStatus());
        assertTrue(body(before).contains(phone), "the open session reads the phone before deactivation");

        deactivate(login);

        MvcResult after = page("/console/households/" + h.get("t"), s);
        assertSentToLogin(after);
        assertFalse(body(after).contains(phone));
    }

    @Test
    void aDeactivatedStaffSessionCanNoLongerExportTheCountysHouseholds() {
        String login = staff("AUDITOR", Matrix.COUNTY);
        MockHttpSession s = newSession(login, PASSWORD);
        String export = "/console/stats/export/households.csv?unit=" + Matrix.COUNTY;
        assertEquals(200, page(export, s).getResponse().getStatus(), "the export works before deactivation");

        deactivate(login);

        MvcResult after = page(export, s);
        assertSentToLogin(after);
        assertFalse(body(after).contains(Matrix.VILLAGER_LOGIN), "no household row leaves");
    }

    @Test
    void aDeactivatedStaffSessionCannotChangeABoardsPrivacyNorBeAuditedForIt() {
        String login = staff("TOWN_ADMIN", Matrix.SJ);
        MockHttpSession s = newSession(login, PASSWORD);
        assertEquals(200, page("/console/board-settings?village=" + Matrix.SJ_LS, s).getResponse().getStatus());
        String privacy = privacyOf(Matrix.SJ_LS);
        long audited = auditRowsBy(login);

        deactivate(login);

        MvcResult after = perform(post("/console/board-settings").with(csrf()).session(s)
                .param("village", Matrix.SJ_LS).param("privacy", "FULL"));
        assertSentToLogin(after);
        assertEquals(privacy, privacyOf(Matrix.SJ_LS), "the board setting is unchanged");
        assertEquals(audited, auditRowsBy(login), "nothing is audited under the deactivated name");
    }

    @Test
    void aDeactivatedStaffTokenIsRefusedForTheSameThree() {
        String auditor = staff("AUDITOR", Matrix.COUNTY);
        String townAdmin = staff("TOWN_ADMIN", Matrix.SJ);
        String auditorToken = newToken(auditor, PASSWORD);
        String adminToken = newToken(townAdmin, PASSWORD);
        Map<String, String> h = householdVars(Matrix.VILLAGER_LOGIN);
        assertEquals(200, api("GET", "/api/v1/households/" + h.get("t"), auditorToken, null).getResponse().getStatus());
        String privacy = privacyOf(Matrix.SJ_LS);
        long audited = auditRowsBy(townAdmin);

        deactivate(auditor);
        deactivate(townAdmin);

        assertRefused(api("GET", "/api/v1/households/" + h.get("t"), auditorToken, null));
        assertRefused(api("GET", "/api/v1/stats/export/households.csv?orgUnit=" + Matrix.COUNTY, auditorToken, null));
        assertRefused(api("PUT", "/api/v1/boards/" + Matrix.SJ_LS + "/settings", adminToken, "{\"privacy\":\"FULL\"}"));
        assertEquals(privacy, privacyOf(Matrix.SJ_LS));
        assertEquals(audited, auditRowsBy(townAdmin));
    }

    @Test
    void deactivationDeletesEverySessionOfTheAccountFromTheDatabase() {
        String login = staff("AUDITOR", Matrix.SJ);
        long before = sessionsOf(login);
        newSession(login, PASSWORD);
        newSession(login, PASSWORD);
        assertEquals(before + 2, sessionsOf(login), "both logins are web sessions in the database");

        deactivate(login);

        assertEquals(0, sessionsOf(login));
    }

    @Test
    void aDeactivatedVillagersSessionEnds() {
        String login = villagerWithOwnPassword();
        MockHttpSession s = newSession(login, "wode-mima-1");
        assertEquals(200, page("/me", s).getResponse().getStatus());

        deactivate(login);

        assertSentToLogin(page("/me", s));
    }

    @Test
    void reactivatingAnAccountDoesNotBringItsOldSessionsBack() {
        String login = staff("AUDITOR", Matrix.SJ);
        MockHttpSession s = newSession(login, PASSWORD);
        String token = newToken(login, PASSWORD);
        deactivate(login);
        MvcResult on = api("POST", "/api/v1/users/" + userId(login) + "/active", adminToken(),
                "{\"active\":true,\"reason\":\"复职\"}");
        assertEquals(200, on.getResponse().getStatus(), body(on));

        assertSentToLogin(page("/console", s));
        assertRefused(api("GET", "/api/v1/me", token, null));
        assertEquals(200, page("/console", newSession(login, PASSWORD)).getResponse().getStatus(), "a new login works");
    }

    // ------------------------------------------------------------------ password change

    @Test
    void changingTheOwnPasswordEndsOtherSessionsAndEarlierTokensButKeepsTheSessionThatChangedIt() {
        String login = staff("AUDITOR", Matrix.SJ);
        MockHttpSession mine = newSession(login, PASSWORD);
        MockHttpSession other = newSession(login, PASSWORD);
        String token = newToken(login, PASSWORD);
        String oldId = MockMvcSessions.sessionId(mine);

        MvcResult change = perform(post("/password").with(csrf()).session(mine).param("currentPassword", PASSWORD)
                .param("newPassword", "Rev-new-pass-1").param("confirmPassword", "Rev-new-pass-1"));
        assertEquals(200, change.getResponse().getStatus(), body(change));

        assertEquals(200, page("/console", mine).getResponse().getStatus(), "the session that changed it goes on");
        assertNotEquals(oldId, MockMvcSessions.sessionId(mine), "under a new session id");
        assertSentToLogin(page("/console", other));
        assertRefused(api("GET", "/api/v1/me", token, null));
        assertEquals(200, api("GET", "/api/v1/me", newToken(login, "Rev-new-pass-1"), null).getResponse().getStatus());
        assertEquals(1, sessionsOf(login), "only the changing session is left in the database");
    }

    @Test
    void theServiceMethodItselfEndsEverySessionAndToken() {
        // the API endpoints for a password change call Users.changeOwnPassword directly: they get the same ending
        String login = staff("AUDITOR", Matrix.SJ);
        MockHttpSession s = newSession(login, PASSWORD);
        String token = newToken(login, PASSWORD);
        var account = users.get(countyAdmin(), userId(login));
        Actor self = new Actor(account.id(), account.username(), account.displayName(), account.role(),
                account.orgUnitId(), account.orgPath(), null, "127.0.0.1");

        users.changeOwnPassword(self, PASSWORD, "Rev-new-pass-2");

        assertSentToLogin(page("/console", s));
        assertRefused(api("GET", "/api/v1/me", token, null));
        assertEquals(0, sessionsOf(login));
    }

    @Test
    void aRefusedPasswordChangeEndsNothing() {
        String login = staff("AUDITOR", Matrix.SJ);
        MockHttpSession other = newSession(login, PASSWORD);
        String token = newToken(login, PASSWORD);
        var account = users.get(countyAdmin(), userId(login));
        Actor self = new Actor(account.id(), account.username(), account.displayName(), account.role(),
                account.orgUnitId(), account.orgPath(), null, "127.0.0.1");

        assertThrows(InvalidInput.class, () -> users.changeOwnPassword(self, "not-the-password", "Rev-new-pass-3"));

        assertEquals(200, page("/console", other).getResponse().getStatus());
        assertEquals(200, api("GET", "/api/v1/me", token, null).getResponse().getStatus());
    }

    @Test
    void anAdminsPasswordResetEndsEverySessionAndToken() {
        String login = staff("AUDITOR", Matrix.SJ);
        MockHttpSession s = newSession(login, PASSWORD);
        String token = newToken(login, PASSWORD);
        MockHttpSession admin = newSession("demo-admin", "demo-admin");
        MvcResult reset = perform(post("/console/users/" + userId(login) + "/password").with(csrf()).session(admin)
                .param("password", "Reset-pass-2026").param("reason", "忘记密码"));
        assertEquals(302, reset.getResponse().getStatus(), body(reset));

        assertSentToLogin(page("/console", s));
        assertRefused(api("GET", "/api/v1/me", token, null));
        assertEquals(0, sessionsOf(login));
    }

    // ------------------------------------------------------------------ role and scope

    @Test
    void anotherRoleEndsEverySessionAndToken() {
        String login = staff("TOWN_ADMIN", Matrix.SJ);
        MockHttpSession s = newSession(login, PASSWORD);
        String token = newToken(login, PASSWORD);
        assertEquals(200, page("/console/users", s).getResponse().getStatus());

        jdbc.sql("UPDATE app_user SET role = 'AUDITOR' WHERE username = :u").param("u", login).update();

        assertSentToLogin(page("/console/users", s));
        assertRefused(api("GET", "/api/v1/me", token, null));
        MvcResult me = api("GET", "/api/v1/me", newToken(login, PASSWORD), null);
        assertEquals("AUDITOR", json(me, "$.role"), "a new login has the new role");
    }

    @Test
    void anotherScopeEndsEverySessionAndToken() {
        String login = staff("AUDITOR", Matrix.SJ);
        Map<String, String> h = householdVars(Matrix.VILLAGER_LOGIN);
        MockHttpSession s = newSession(login, PASSWORD);
        String token = newToken(login, PASSWORD);
        assertEquals(200, page("/console/households/" + h.get("t"), s).getResponse().getStatus());

        jdbc.sql("UPDATE app_user SET org_unit_id = :o WHERE username = :u").param("o", unitId(Matrix.TT))
                .param("u", login).update();

        assertSentToLogin(page("/console/households/" + h.get("t"), s));
        assertRefused(api("GET", "/api/v1/households/" + h.get("t"), token, null));
    }

    // ------------------------------------------------------------------ helpers

    Actor countyAdmin() {
        String path = jdbc.sql("SELECT path FROM org_unit WHERE code = :c").param("c", Matrix.COUNTY)
                .query(String.class).single();
        return new Actor(userId("demo-admin"), "demo-admin", "县管理员", Role.COUNTY_ADMIN, unitId(Matrix.COUNTY), path,
                null, "127.0.0.1");
    }

    /** A new household's villager account whose password the villager has already changed to "wode-mima-1". */
    String villagerWithOwnPassword() {
        String admin = token("demo-v06", "demo-village");
        MvcResult hh = api("POST", "/api/v1/villages/" + Matrix.SJ_SQ + "/households", admin,
                householdJson(unique("H"), Matrix.SJ_SQ + "-G2", "停用测试户主"));
        assertEquals(201, hh.getResponse().getStatus(), body(hh));
        Number vid = json(hh, "$.villageId");
        Number id = json(hh, "$.id");
        MvcResult acc = api("POST", "/api/v1/households/" + vid + "/" + id + "/villager-account", admin,
                "{\"password\":\"chushi88\"}");
        assertEquals(201, acc.getResponse().getStatus(), body(acc));
        String login = json(acc, "$.username");
        changePasswordViaPage(login, "chushi88", "wode-mima-1");
        return login;
    }
}
