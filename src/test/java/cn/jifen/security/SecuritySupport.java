package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.Db;
import com.jayway.jsonpath.JsonPath;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Helpers shared by the security tests: bearer tokens and form logins for the demo accounts,
 * throwaway org units / households / users made through the API as the county admin, and
 * database probes that show whether a request changed anything.
 */
abstract class SecuritySupport extends Db {
    /** Password of every throwaway staff account made by these tests. */
    static final String PASSWORD = "Sec-pass-2026";
    static final String INITIAL = "Initial-pass-2026";
    /** The password of throwaway accounts after their first-login change. */
    static final String CHANGED_PASSWORD = "Sec-pass-2026-ok";

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final Map<String, MockHttpSession> SESSIONS = new ConcurrentHashMap<>();
    private static final AtomicLong SEQ = new AtomicLong();
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z]+)}");

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JdbcClient jdbc;

    /** A code / username / household ref no other test uses: [A-Za-z0-9] only, well under 32 characters. */
    static String unique(String prefix) {
        return prefix + Long.toString(System.currentTimeMillis() % 3_000_000_000L, 36) + "x" + SEQ.incrementAndGet();
    }

    /** JSON string literal. */
    static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Replaces ${name} by vars.get(name); unknown names fail loudly (a typo must not pass silently). */
    static String subst(String template, Map<String, String> vars) {
        if (template == null) {
            return null;
        }
        Matcher m = VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in " + template);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A 422 problem (RFC 9457) whose i-th field error names {@code field} with a Chinese message ending so. */
    static void assertField(MvcResult r, int i, String field, String messageEnd) {
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat((String) json(r, "$.fields[" + i + "].field")).isEqualTo(field);
        assertThat((String) json(r, "$.fields[" + i + "].message")).endsWith(messageEnd);
    }

    static String body(MvcResult r) {
        try {
            return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T json(MvcResult r, String path) {
        return JsonPath.read(body(r), path);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean hasChinese(String s) {
        return s != null && s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    // ---------------------------------------------------------------- HTTP

    MvcResult perform(MockHttpServletRequestBuilder b) {
        try {
            return mvc.perform(b).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An API call; token null means no Authorization header; body null means no body. */
    MvcResult api(String method, String path, String token, String jsonBody, String... headerPairs) {
        MockHttpServletRequestBuilder b = MockMvcRequestBuilders.request(HttpMethod.valueOf(method), URI.create(path));
        for (int i = 0; i < headerPairs.length; i += 2) {
            b.header(headerPairs[i], headerPairs[i + 1]);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            b.contentType(MediaType.APPLICATION_JSON).content(jsonBody.getBytes(StandardCharsets.UTF_8));
        }
        return perform(b);
    }

    MvcResult requestToken(String login, String password) {
        return api("POST", "/api/v1/tokens", null, "{\"username\":" + q(login) + ",\"password\":" + q(password) + "}");
    }

    /** A fresh bearer token (not cached). */
    String newToken(String login, String password) {
        MvcResult r = requestToken(login, password);
        assertEquals(201, r.getResponse().getStatus(), () -> "token for " + login + ": " + body(r));
        String token = json(r, "$.token");
        assertNotNull(token);
        return token;
    }

    /** One bearer token per login for the whole test JVM. */
    String token(String login, String password) {
        return TOKENS.computeIfAbsent(login, l -> newToken(l, password));
    }

    String adminToken() {
        return token("demo-admin", "demo-admin");
    }

    MvcResult formLogin(String login, String password) {
        return perform(post("/login").with(csrf()).param("username", login).param("password", password));
    }

    /** A new logged-in session (form login with CSRF), asserting the login succeeded. */
    MockHttpSession newSession(String login, String password) {
        MvcResult r = formLogin(login, password);
        String location = r.getResponse().getRedirectedUrl();
        if (r.getResponse().getStatus() != 302 || location == null || location.contains("/login")) {
            fail("login of " + login + " failed: " + r.getResponse().getStatus() + " → " + location);
        }
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    /** One logged-in session per login for the whole test JVM. */
    MockHttpSession session(String login, String password) {
        return SESSIONS.computeIfAbsent(login, l -> newSession(l, password));
    }

    // ---------------------------------------------------------------- database probes

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    long auditCount() {
        return count("SELECT COUNT(*) FROM audit_log");
    }

    /** Row counts of every table a request could write. */
    Map<String, Long> tableCounts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String t : List.of("org_unit", "household", "resident", "passbook", "passbook_sequence", "app_user",
                "audit_log")) {
            m.put(t, count("SELECT COUNT(*) FROM " + t));
        }
        return m;
    }

    /** The rows a probe query returns, as text (so before/after can be compared). */
    String probe(String sql) {
        if (sql == null) {
            return null;
        }
        return jdbc.sql(sql).query().listOfRows().toString();
    }

    /** (villageId, householdId) of a passbook number. */
    long[] householdKey(String passbook) {
        return jdbc.sql("SELECT village_id, household_id FROM passbook WHERE number = :n").param("n", passbook)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    long unitId(String code) {
        return jdbc.sql("SELECT id FROM org_unit WHERE code = :c").param("c", code).query(Long.class).single();
    }

    long userId(String username) {
        return jdbc.sql("SELECT id FROM app_user WHERE username = :u").param("u", username).query(Long.class).single();
    }

    /** Variables describing a household: t (villageId/id), vid, hid, number, grid (code), rid (first resident). */
    Map<String, String> householdVars(String passbook) {
        long[] k = householdKey(passbook);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("t", k[0] + "/" + k[1]);
        v.put("vid", String.valueOf(k[0]));
        v.put("hid", String.valueOf(k[1]));
        v.put("number", passbook);
        v.put("grid", jdbc.sql("SELECT g.code FROM household h JOIN org_unit g ON g.id = h.grid_id "
                + "WHERE h.village_id = :v AND h.id = :h").param("v", k[0]).param("h", k[1]).query(String.class).single());
        v.put("rid", String.valueOf(jdbc.sql("SELECT MIN(id) FROM resident WHERE village_id = :v AND household_id = :h")
                .param("v", k[0]).param("h", k[1]).query(Long.class).single()));
        return v;
    }

    // ---------------------------------------------------------------- throwaway data (as the county admin)

    MvcResult asAdmin(String method, String path, String jsonBody, int expected) {
        MvcResult r = api(method, path, adminToken(), jsonBody);
        assertEquals(expected, r.getResponse().getStatus(), () -> "setup " + method + " " + path + ": " + body(r));
        return r;
    }

    /** A new, empty grid in a village. */
    String freshGrid(String villageCode) {
        String code = unique("SG");
        asAdmin("POST", "/api/v1/org-units", "{\"parentCode\":" + q(villageCode) + ",\"code\":" + q(code)
                + ",\"name\":\"安全测试网格\"}", 201);
        return code;
    }

    /** A new grid in a village, already deactivated. */
    String freshInactiveGrid(String villageCode) {
        String code = freshGrid(villageCode);
        asAdmin("POST", "/api/v1/org-units/" + code + "/deactivate", "{\"reason\":\"安全测试准备\"}", 200);
        return code;
    }

    static String householdJson(String ref, String gridCode, String headName) {
        return "{\"householdRef\":" + q(ref) + ",\"gridCode\":" + q(gridCode) + ",\"address\":\"安全测试地址1号\","
                + "\"lowIncome\":false,\"members\":[{\"name\":" + q(headName) + ",\"relation\":\"户主\",\"gender\":\"男\","
                + "\"birthYear\":\"1970\",\"partyMember\":false,\"disabled\":false}]}";
    }

    /** A new household (one head, no phone, no villager account) in grid G1 of a village; returns its passbook number. */
    String freshHousehold(String villageCode) {
        MvcResult r = asAdmin("POST", "/api/v1/villages/" + villageCode + "/households",
                householdJson(unique("H"), villageCode + "-G1", "测试户主"), 201);
        return json(r, "$.passbookNumber");
    }

    /** Awards 5 points to a household (as the county admin); returns the posting id. */
    String earn(String villageId, String householdId) {
        MvcResult r = api("POST", "/api/v1/households/" + villageId + "/" + householdId + "/postings", adminToken(),
                "{\"kind\":\"EARN\",\"points\":5,\"itemLabel\":\"安全测试\"}", "Idempotency-Key", unique("K"));
        assertEquals(201, r.getResponse().getStatus(), () -> "setup posting: " + body(r));
        return json(r, "$.postingId");
    }

    /** A new staff account; returns its id. */
    long freshUser(String role, String orgCode) {
        return createUser(unique("sec"), role, orgCode);
    }

    long createUser(String username, String role, String orgCode) {
        return createUser(username, role, orgCode, PASSWORD);
    }

    long createUser(String username, String role, String orgCode, String finalPassword) {
        MvcResult r = asAdmin("POST", "/api/v1/users", "{\"username\":" + q(username) + ",\"displayName\":\"安全测试\","
                + "\"role\":" + q(role) + ",\"orgCode\":" + q(orgCode) + ",\"password\":" + q(INITIAL) + "}", 201);
        // an admin-set password must be changed (on the page) before the account may take API tokens
        changePasswordViaPage(username, INITIAL, finalPassword);
        return ((Number) json(r, "$.id")).longValue();
    }

    /** A staff account with a fixed name, made once per test database. */
    synchronized long fixedUser(String username, String role, String orgCode) {
        List<Long> ids = jdbc.sql("SELECT id FROM app_user WHERE username = :u").param("u", username)
                .query(Long.class).list();
        return ids.isEmpty() ? createUser(username, role, orgCode) : ids.get(0);
    }

    private static volatile String revokedToken;
    private static volatile String expiredToken;

    /** Makes sure the throwaway accounts a role row logs in with exist. */
    synchronized void ensureAccount(Matrix.Who who) {
        if (who == Matrix.Who.TOWN_AUDITOR && jdbc.sql("SELECT COUNT(*) FROM app_user WHERE username = :u")
                .param("u", who.login).query(Long.class).single() == 0) {
            createUser(who.login, "AUDITOR", Matrix.SJ, who.password);
        }
    }

    /** Logs in (landing on /password) and changes the password with the page form. */
    void changePasswordViaPage(String login, String current, String next) {
        MockHttpSession s = newSession(login, current);
        MvcResult r = perform(post("/password").with(csrf()).session(s).param("currentPassword", current)
                .param("newPassword", next).param("confirmPassword", next));
        assertEquals(302, r.getResponse().getStatus(), () -> "password change of " + login + ": " + body(r));
    }

    /** The bearer token a row sends (null: none). */
    synchronized String tokenFor(Matrix.Who who) {
        switch (who) {
            case ANONYMOUS:
                return null;
            case BAD_TOKEN:
                return "bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMTIzNDU2Nzg5MA";
            case REVOKED_TOKEN:
                if (revokedToken == null) {
                    String t = newToken("demo-admin", "demo-admin");
                    assertEquals(204, api("DELETE", "/api/v1/tokens/current", t, null).getResponse().getStatus());
                    revokedToken = t;
                }
                return revokedToken;
            case EXPIRED_TOKEN:
                if (expiredToken == null) {
                    String t = newToken("demo-admin", "demo-admin");
                    expire(t);
                    expiredToken = t;
                }
                return expiredToken;
            default:
                ensureAccount(who);
                return token(who.login, who.password);
        }
    }

    /** The logged-in session a page row uses (null: anonymous). */
    MockHttpSession sessionFor(Matrix.Who who) {
        if (who.login == null) {
            return null;
        }
        ensureAccount(who);
        return session(who.login, who.password);
    }

    /** Marks a token of ours as expired, as if 12 hours had passed. */
    void expire(String token) {
        int n = jdbc.sql("UPDATE api_token SET expires_at = :t WHERE token_hash = :h")
                .param("t", OffsetDateTime.now().minusMinutes(5)).param("h", sha256(token)).update();
        assertEquals(1, n, "exactly one token row to expire");
    }
}
