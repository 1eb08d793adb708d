package cn.jifen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Logins and bearer tokens: BCrypt storage, lock-out after repeated failures (pages and API),
 * villager login by passbook number and by phone, the first-login password change of clerk-made
 * accounts, and token expiry and revocation. Every account these tests break is a throwaway one.
 */
@IntegrationTest
class LoginAndTokenTest extends SecuritySupport {

    @Autowired
    PasswordEncoder encoder;

    /** A throwaway keeper in 汤塘社区 (clerk-made: must change its password on first page login). */
    String throwaway() {
        String login = unique("seclogin");
        createUser(login, "KEEPER", Matrix.TT_SQ);
        return login;
    }

    boolean locked(String login) {
        return count("SELECT COUNT(*) FROM app_user WHERE username = '" + login + "' AND locked_until IS NOT NULL") == 1;
    }

    // ------------------------------------------------------------------ BCrypt

    @Test
    void aNewAccountsPasswordIsStoredAsABcryptHashNotAsText() {
        String login = throwaway();
        String hash = jdbc.sql("SELECT password_hash FROM app_user WHERE username = :u").param("u", login)
                .query(String.class).single();
        assertTrue(hash.startsWith("$2"), hash);
        assertEquals(60, hash.length());
        assertFalse(hash.contains(PASSWORD));
        assertTrue(encoder.matches(PASSWORD, hash));
    }

    @Test
    void noAccountAtAllHasAPasswordStoredAsText() {
        List<String> notBcrypt = jdbc.sql("SELECT username FROM app_user WHERE password_hash NOT LIKE '$2%'")
                .query(String.class).list();
        assertEquals(List.of(), notBcrypt);
        // demo passwords equal the login names: no hash may equal its login
        assertEquals(0, count("SELECT COUNT(*) FROM app_user WHERE password_hash = username"));
    }

    @Test
    void accountAnswersNeverContainAPasswordHash() {
        // every page of every account, villagers included (the list pages at most 500 at a time)
        StringBuilder all = new StringBuilder();
        for (int page = 0; ; page++) {
            MvcResult r = api("GET", "/api/v1/users?villagers=true&size=500&page=" + page, adminToken(), null);
            assertEquals(200, r.getResponse().getStatus());
            String one = body(r);
            if (one.contains("\"items\":[]")) {
                break;
            }
            all.append(one);
        }
        String body = all.toString();
        assertTrue(body.contains("demo-keeper"));
        assertTrue(body.contains("441821100201-0001"), "villagers are listed too");
        assertFalse(body.contains("$2a$") || body.contains("$2b$") || body.contains("$2y$"), body);
        assertFalse(body.contains("passwordHash") || body.contains("password_hash") || body.contains("\"hash\""), body);
    }

    // ------------------------------------------------------------------ lock-out

    @Test
    void fiveWrongPasswordsLockTheAccountSoTheRightOneIsRefusedOnTheLoginPage() {
        String login = throwaway();
        for (int i = 1; i <= 5; i++) {
            MvcResult wrong = formLogin(login, "wrong-" + i);
            assertEquals(302, wrong.getResponse().getStatus());
            assertTrue(wrong.getResponse().getRedirectedUrl().endsWith("/login?error"),
                    "attempt " + i + ": " + wrong.getResponse().getRedirectedUrl());
        }
        assertTrue(locked(login), "locked after five failures");

        MvcResult sixth = formLogin(login, PASSWORD);
        assertEquals(302, sixth.getResponse().getStatus());
        assertTrue(sixth.getResponse().getRedirectedUrl().endsWith("/login?locked"), sixth.getResponse().getRedirectedUrl());
        MockHttpSession s = (MockHttpSession) sixth.getRequest().getSession(false);
        MvcResult console = perform(s == null ? get("/password") : get("/password").session(s));
        assertTrue(console.getResponse().getRedirectedUrl().endsWith("/login"), "not logged in");

        MvcResult page = perform(get("/login?locked"));
        assertTrue(body(page).contains("账号已暂时锁定"), "the login page says the account is locked");
    }

    @Test
    void fiveWrongPasswordsLockTheAccountForApiTokensToo() {
        String login = throwaway();
        for (int i = 1; i <= 5; i++) {
            MvcResult wrong = requestToken(login, "wrong-" + i);
            assertEquals(401, wrong.getResponse().getStatus());
            assertEquals("unauthorized", json(wrong, "$.error"));
        }
        MvcResult sixth = requestToken(login, PASSWORD);
        assertEquals(401, sixth.getResponse().getStatus(), body(sixth));
        assertEquals("locked", json(sixth, "$.error"));
        assertTrue(json(sixth, "$.detail").toString().contains("锁定"), body(sixth));
        assertEquals(0, count("SELECT COUNT(*) FROM api_token t JOIN app_user u ON u.id = t.user_id "
                + "WHERE u.username = '" + login + "'"), "no token issued");
    }

    @Test
    void wrongCurrentPasswordsWhenChangingItLockTheAccountLikeWrongLogins() {
        String login = throwaway();
        String token = newToken(login, PASSWORD);
        for (int i = 1; i <= 5; i++) {
            MvcResult wrong = api("POST", "/api/v1/me/password", token,
                    "{\"currentPassword\":\"wrong-" + i + "\",\"newPassword\":\"Another-pass-2026\"}");
            assertEquals(422, wrong.getResponse().getStatus(), body(wrong));
        }
        assertTrue(locked(login), "locked after five wrong current passwords");
        MvcResult right = api("POST", "/api/v1/me/password", token,
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"Another-pass-2026\"}");
        assertEquals(422, right.getResponse().getStatus(), body(right));
        assertTrue(body(right).contains("锁定"), body(right));
        assertEquals(401, requestToken(login, PASSWORD).getResponse().getStatus(), "the login is locked too");
    }

    @Test
    void failuresOnThePagesAndTheApiCountTogether() {
        String login = throwaway();
        for (int i = 1; i <= 3; i++) {
            assertEquals(401, requestToken(login, "wrong-" + i).getResponse().getStatus());
        }
        for (int i = 4; i <= 5; i++) {
            formLogin(login, "wrong-" + i);
        }
        assertTrue(formLogin(login, PASSWORD).getResponse().getRedirectedUrl().endsWith("/login?locked"));
    }

    @Test
    void anAccountWithAnAdminSetPasswordGetsNoTokenUntilItIsChanged() throws Exception {
        String login = unique("secmc");
        asAdmin("POST", "/api/v1/users", "{\"username\":" + q(login) + ",\"displayName\":\"安全测试\","
                + "\"role\":\"AUDITOR\",\"orgCode\":" + q(Matrix.SJ) + ",\"password\":" + q(INITIAL) + "}", 201);
        MvcResult refused = requestToken(login, INITIAL);
        assertEquals(403, refused.getResponse().getStatus());
        assertTrue(body(refused).contains("修改"), body(refused));
        changePasswordViaPage(login, INITIAL, PASSWORD);
        assertEquals(201, requestToken(login, PASSWORD).getResponse().getStatus());
    }

    @Test
    void fourWrongPasswordsDoNotLockAndASuccessStartsTheCountAgain() {
        String login = throwaway();
        for (int round = 0; round < 2; round++) {
            for (int i = 1; i <= 4; i++) {
                formLogin(login, "wrong-" + i);
            }
            MvcResult ok = formLogin(login, PASSWORD);
            assertTrue(ok.getResponse().getRedirectedUrl().endsWith("/"),
                    "round " + round + ": " + ok.getResponse().getRedirectedUrl());
        }
        assertFalse(locked(login));
    }

    @Test
    void aWrongPasswordAndAnUnknownLoginGetTheSameAnswer() {
        String login = throwaway();
        MvcResult wrong = requestToken(login, "wrong-password");
        MvcResult unknown = requestToken(unique("nobody"), "wrong-password");
        assertEquals(401, wrong.getResponse().getStatus());
        assertEquals(401, unknown.getResponse().getStatus());
        assertEquals(body(wrong), body(unknown), "no hint whether the login exists");
        assertEquals("/login?error", formLogin(unique("nobody"), "x").getResponse().getRedirectedUrl()
                .replaceFirst("^https?://[^/]+", ""));
    }

    // ------------------------------------------------------------------ villagers

    @Test
    void theVillagerLogsInWithThePassbookNumber() {
        MockHttpSession s = newSession(Matrix.VILLAGER_LOGIN, "123456");
        MvcResult home = perform(get("/").session(s));
        assertTrue(home.getResponse().getRedirectedUrl().endsWith("/me"));
        MvcResult me = perform(get("/me").session(s));
        assertEquals(200, me.getResponse().getStatus());
        assertTrue(body(me).contains(Matrix.VILLAGER_LOGIN));
    }

    String villagerPhone() {
        MvcResult r = api("GET", "/api/v1/passbooks/" + Matrix.VILLAGER_LOGIN, adminToken(), null);
        assertEquals(200, r.getResponse().getStatus());
        String phone = json(r, "$.members[0].phone");
        assertNotNull(phone);
        return phone;
    }

    @Test
    void theVillagerLogsInWithThePhoneOfTheHead() {
        MockHttpSession s = newSession(villagerPhone(), "123456");
        MvcResult me = perform(get("/me").session(s));
        assertEquals(200, me.getResponse().getStatus());
        assertTrue(body(me).contains(Matrix.VILLAGER_LOGIN), "the phone opens the household's own passbook");
    }

    @Test
    void theVillagerGetsATokenWithThePhoneOfTheHead() {
        String token = newToken(villagerPhone(), "123456");
        MvcResult me = api("GET", "/api/v1/me", token, null);
        assertEquals(Matrix.VILLAGER_LOGIN, json(me, "$.username"));
        assertEquals("VILLAGER", json(me, "$.role"));
    }

    /** A village admin opens the villager account of a new household; returns its login (the passbook number). */
    String clerkMadeVillager(String password) {
        String admin = token("demo-v06", "demo-village");
        MvcResult h = api("POST", "/api/v1/villages/" + Matrix.SJ_SQ + "/households", admin,
                householdJson(unique("H"), Matrix.SJ_SQ + "-G2", "新开户主"));
        assertEquals(201, h.getResponse().getStatus(), body(h));
        String number = json(h, "$.passbookNumber");
        Number vid = json(h, "$.villageId");
        Number id = json(h, "$.id");
        MvcResult acc = api("POST", "/api/v1/households/" + vid + "/" + id + "/villager-account", admin,
                "{\"password\":" + q(password) + "}");
        assertEquals(201, acc.getResponse().getStatus(), body(acc));
        assertEquals(number, json(acc, "$.username"));
        assertEquals(Boolean.TRUE, json(acc, "$.mustChangePassword"));
        return number;
    }

    @Test
    void aClerkMadeVillagerAccountLandsOnThePasswordPageAndEveryPageSendsItBack() {
        String login = clerkMadeVillager("chushi88");
        MvcResult r = formLogin(login, "chushi88");
        assertTrue(r.getResponse().getRedirectedUrl().endsWith("/password"), r.getResponse().getRedirectedUrl());
        MockHttpSession s = (MockHttpSession) r.getRequest().getSession(false);
        for (String page : List.of("/", "/me", "/me/cover.pdf")) {
            MvcResult p = perform(get(page).session(s));
            assertEquals(302, p.getResponse().getStatus(), page);
            assertTrue(p.getResponse().getRedirectedUrl().endsWith("/password"), page);
        }
        MvcResult form = perform(get("/password").session(s));
        assertEquals(200, form.getResponse().getStatus());
        assertTrue(body(form).contains("首次登录"));
    }

    @Test
    void afterChangingThePasswordTheVillagerPagesOpenAndTheFlagIsCleared() {
        String login = clerkMadeVillager("chushi88");
        MockHttpSession s = (MockHttpSession) formLogin(login, "chushi88").getRequest().getSession(false);
        MvcResult change = perform(post("/password").with(csrf()).session(s).param("currentPassword", "chushi88")
                .param("newPassword", "wode-mima-1").param("confirmPassword", "wode-mima-1"));
        assertEquals(302, change.getResponse().getStatus(), body(change));
        assertEquals(200, perform(get("/me").session(s)).getResponse().getStatus());
        assertEquals(Boolean.FALSE, jdbc.sql("SELECT must_change_password FROM app_user WHERE username = :u")
                .param("u", login).query(Boolean.class).single());
    }

    @Test
    void afterChangingThePasswordOnlyTheNewOneWorksAndNoChangeIsAskedAgain() {
        String login = clerkMadeVillager("chushi88");
        changePasswordViaPage(login, "chushi88", "wode-mima-1");
        assertTrue(formLogin(login, "chushi88").getResponse().getRedirectedUrl().endsWith("/login?error"));
        MvcResult ok = formLogin(login, "wode-mima-1");
        assertEquals("/", ok.getResponse().getRedirectedUrl().replaceFirst("^https?://[^/]+", ""));
    }

    @Test
    void aClerkSetPasswordCannotBeKeptForeverByUsingTheApiInstead() {
        // ⚠ DISCREPANCY: the issue says the clerk's password is "changed on first login"; the API has no
        // password change and no gate, so a token is issued and works while must_change_password stays true.
        String login = clerkMadeVillager("chushi88");
        MvcResult r = requestToken(login, "chushi88");
        assertTrue(r.getResponse().getStatus() == 401 || r.getResponse().getStatus() == 403,
                "a token for an account that must still change its clerk-set password: " + r.getResponse().getStatus()
                        + " " + body(r));
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void aTokenIsRandomExpiresInTwelveHoursAndOnlyItsSha256IsStored() {
        String login = throwaway();
        MvcResult r = requestToken(login, PASSWORD);
        assertEquals(201, r.getResponse().getStatus());
        String token = json(r, "$.token");
        OffsetDateTime expires = OffsetDateTime.parse(json(r, "$.expiresAt"));
        assertTrue(token.length() >= 40, token);
        Duration left = Duration.between(OffsetDateTime.now(), expires);
        assertTrue(left.compareTo(Duration.ofHours(11).plusMinutes(55)) > 0 && left.compareTo(Duration.ofHours(12)) <= 0,
                left.toString());
        assertEquals(1, count("SELECT COUNT(*) FROM api_token WHERE token_hash = '" + sha256(token) + "'"));
        assertEquals(0, count("SELECT COUNT(*) FROM api_token WHERE token_hash = '" + token + "'"));
        assertNotEquals(token, newToken(login, PASSWORD), "each request gets its own token");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = newToken(throwaway(), PASSWORD);
        assertEquals(200, api("GET", "/api/v1/me", token, null).getResponse().getStatus());
        expire(token);
        MvcResult r = api("GET", "/api/v1/me", token, null);
        assertEquals(401, r.getResponse().getStatus());
        assertEquals("unauthorized", json(r, "$.error"));
    }

    @Test
    void aRevokedTokenIsRefusedWhileTheUsersOtherTokensStillWork() {
        String login = throwaway();
        String token = newToken(login, PASSWORD);
        String other = newToken(login, PASSWORD);
        assertEquals(204, api("DELETE", "/api/v1/tokens/current", token, null).getResponse().getStatus());
        assertEquals(401, api("GET", "/api/v1/me", token, null).getResponse().getStatus());
        assertEquals(401, api("DELETE", "/api/v1/tokens/current", token, null).getResponse().getStatus());
        assertEquals(200, api("GET", "/api/v1/me", other, null).getResponse().getStatus());
    }

    @Test
    void aDeactivatedAccountLosesItsTokensAndCannotLogInAgain() {
        String login = throwaway();
        String token = newToken(login, PASSWORD);
        MvcResult off = api("POST", "/api/v1/users/" + userId(login) + "/active", adminToken(),
                "{\"active\":false,\"reason\":\"安全测试：停用\"}");
        assertEquals(200, off.getResponse().getStatus(), body(off));
        assertEquals(401, api("GET", "/api/v1/me", token, null).getResponse().getStatus());
        assertEquals(401, requestToken(login, PASSWORD).getResponse().getStatus());
        assertTrue(formLogin(login, PASSWORD).getResponse().getRedirectedUrl().endsWith("/login?error"));
    }

    @Test
    void aPageSessionDoesNotAuthenticateTheApi() {
        // the API has no CSRF protection, so a browser session cookie must not count there
        MockHttpSession s = newSession("demo-auditor", "demo-auditor");
        assertEquals(200, perform(get("/console").session(s)).getResponse().getStatus());
        MvcResult r = perform(get("/api/v1/me").session(s));
        assertEquals(401, r.getResponse().getStatus());
        long units = count("SELECT COUNT(*) FROM org_unit");
        MockHttpSession admin = newSession("demo-admin", "demo-admin");
        MvcResult write = perform(post("/api/v1/org-units").session(admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"parentCode\":\"" + Matrix.TT_SQ + "\",\"code\":\"" + unique("SG") + "\",\"name\":\"会话\"}"));
        assertEquals(401, write.getResponse().getStatus());
        assertEquals(units, count("SELECT COUNT(*) FROM org_unit"));
    }

    @Test
    void theApisNotLoggedInAnswerIsChineseWhenTheClientNamesNoLanguage() {
        // ⚠ DISCREPANCY expected: the API chain's 401 (SecurityConfig entry point) takes the locale of the request
        // (Accept-Language, else the server JVM's default), not the application's default Chinese (WebConfig).
        MvcResult r = perform(get("/api/v1/me"));
        assertEquals(401, r.getResponse().getStatus());
        assertTrue(hasChinese(json(r, "$.detail")), body(r));
    }

    @Test
    void aTokenDoesNotOpenThePages() {
        MvcResult r = perform(get("/console").header("Authorization", "Bearer " + adminToken()));
        assertEquals(302, r.getResponse().getStatus());
        assertTrue(r.getResponse().getRedirectedUrl().endsWith("/login"));
    }
}
