package cn.jifen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jifen.JifenApplication;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two real servers on one database (this test's and a second instance, each on a free port), spoken
 * to over HTTP with a cookie as a browser would: a session made on one is known to the other, and
 * ended on both when the account is deactivated. The same real server shows that the session
 * cookie is Secure when a trusted proxy (loopback by default) says the request came over https,
 * and not when anyone else says so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"server.port=0", "server.address=127.0.0.1"})
@ActiveProfiles("test")
@Import(TestDatabase.class)
class SessionsAcrossInstancesTest extends Db {
    /** The ports of this test's server (A) and of the second instance (B): free ones, so builds can run side by side. */
    static int A;
    static int B;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void startSecondInstance() {
        List<String> args = new ArrayList<>();
        TestDatabase.register((name, value) -> args.add("--" + name + "=" + value.get()));
        args.add("--server.port=0");
        args.add("--server.address=127.0.0.1");
        args.add("--jifen.demo=false"); // the first instance loaded it; the second only shares the database
        second = new SpringApplicationBuilder(JifenApplication.class).profiles("test").run(args.toArray(String[]::new));
        B = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
    }

    @Value("${local.server.port}")
    void thisServersPort(int port) {
        A = port;
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    // ---------------------------------------------------------------- a minimal HTTP/1.1 client on a plain socket

    record Answer(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null ? null : v.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(), List.of());
        }

        /** The SESSION cookie this answer sets (name=value), or null. */
        String sessionCookie() {
            return all("set-cookie").stream().filter(c -> c.startsWith("SESSION=")).map(c -> c.split(";", 2)[0])
                    .findFirst().orElse(null);
        }

        String sessionCookieLine() {
            return all("set-cookie").stream().filter(c -> c.startsWith("SESSION=")).findFirst().orElse(null);
        }
    }

    /** One request from the given local address (127.0.0.1, or 127.0.0.2 as "somebody else"). */
    static Answer send(String from, int port, String method, String path, Map<String, String> headers, String body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30000);
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\nAccept-Language: zh-CN\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                req.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String raw = all.toString(StandardCharsets.UTF_8);
            int split = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, split).split("\r\n");
            Map<String, List<String>> h = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                h.computeIfAbsent(lines[i].substring(0, c).strip().toLowerCase(), k -> new ArrayList<>())
                        .add(lines[i].substring(c + 1).strip());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), h, raw.substring(split + 4));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Answer get(int port, String path, String cookie) {
        return send("127.0.0.1", port, "GET", path, cookie == null ? Map.of() : Map.of("Cookie", cookie), null);
    }

    static Answer postForm(int port, String path, String cookie, Map<String, String> form) {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            h.put("Cookie", cookie);
        }
        return send("127.0.0.1", port, "POST", path, h, b.toString());
    }

    static Answer postJson(int port, String path, String token, String json) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        return send("127.0.0.1", port, "POST", path, h, json);
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "a CSRF field in the form");
        return m.group(1);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]+)").matcher(json);
        assertTrue(m.find(), () -> name + " in " + json);
        return m.group(1);
    }

    /** Logs in on a port with the login form; returns the SESSION cookie of the logged-in session. */
    static String login(int port, String username, String password) {
        Answer page = get(port, "/login", null);
        String cookie = page.sessionCookie();
        assertNotNull(cookie, "the login page starts a session for its CSRF token");
        Answer in = postForm(port, "/login", cookie, Map.of("username", username, "password", password,
                "_csrf", csrf(page.body())));
        assertEquals(302, in.status());
        assertFalse(in.header("location").contains("/login"), in.header("location"));
        return in.sessionCookie() == null ? cookie : in.sessionCookie();
    }

    // ---------------------------------------------------------------- two instances

    @Test
    void aSessionMadeOnOneInstanceWorksOnTheOtherAndEndsOnBothWhenTheAccountIsDeactivated() {
        String admin = field(postJson(A, "/api/v1/tokens", null,
                "{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}").body(), "token");
        String login = "twoinst" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Answer made = postJson(A, "/api/v1/users", admin, "{\"username\":\"" + login + "\",\"displayName\":\"两台测试\","
                + "\"role\":\"AUDITOR\",\"orgCode\":\"441821100\",\"password\":\"Initial-pass-2026\"}");
        assertEquals(201, made.status(), made.body());
        String id = field(made.body(), "id");

        // first login lands on the password page; the change is made on instance A
        String cookie = login(A, login, "Initial-pass-2026");
        Answer form = get(A, "/password", cookie);
        assertEquals(200, form.status());
        Answer changed = postForm(A, "/password", cookie, Map.of("currentPassword", "Initial-pass-2026",
                "newPassword", "Two-inst-pass-1", "confirmPassword", "Two-inst-pass-1", "_csrf", csrf(form.body())));
        assertEquals(302, changed.status(), changed.body());
        cookie = changed.sessionCookie() == null ? cookie : changed.sessionCookie();

        assertEquals(200, get(B, "/console", cookie).status(), "instance B knows the session made on A");
        assertEquals(200, get(A, "/console", cookie).status());

        Answer off = postJson(A, "/api/v1/users/" + id + "/active", admin, "{\"active\":false,\"reason\":\"离职\"}");
        assertEquals(200, off.status(), off.body());

        Answer onB = get(B, "/console", cookie);
        assertEquals(302, onB.status());
        assertTrue(onB.header("location").endsWith("/login"), onB.header("location"));
        assertEquals(302, get(A, "/console", cookie).status());
    }

    // ---------------------------------------------------------------- a form sent after its session ended

    @Autowired
    JdbcClient jdbc;

    @Test
    void aFormSentAfterItsSessionTimedOutGoesToTheLoginPageThatSaysSo() {
        String cookie = login(A, "demo-auditor", "demo-auditor");
        Answer form = get(A, "/password", cookie);
        assertEquals(200, form.status());
        // what the session cleanup does to a session idle past its timeout
        String sessionId = new String(Base64.getDecoder().decode(cookie.substring("SESSION=".length())),
                StandardCharsets.UTF_8);
        assertEquals(1, jdbc.sql("DELETE FROM spring_session WHERE session_id = :id").param("id", sessionId).update());

        Answer sent = postForm(A, "/password", cookie, Map.of("currentPassword", "demo-auditor",
                "newPassword", "Never-saved-1", "confirmPassword", "Never-saved-1", "_csrf", csrf(form.body())));

        assertEquals(302, sent.status(), sent.body());
        assertTrue(sent.header("location").endsWith("/login?expired"), sent.header("location"));
        assertTrue(get(A, "/login?expired", null).body().contains("登录已过期"));
    }

    @Test
    void aFormSentByADeactivatedAccountsSessionGoesToTheLoginPageAndChangesNothing() {
        String admin = field(postJson(A, "/api/v1/tokens", null,
                "{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}").body(), "token");
        String login = "ended" + Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Answer made = postJson(A, "/api/v1/users", admin, "{\"username\":\"" + login + "\",\"displayName\":\"离职测试\","
                + "\"role\":\"AUDITOR\",\"orgCode\":\"441821100\",\"password\":\"Initial-pass-2026\"}");
        assertEquals(201, made.status(), made.body());
        String cookie = login(A, login, "Initial-pass-2026");
        Answer form = get(A, "/password", cookie);
        assertEquals(200, form.status());
        String hash = jdbc.sql("SELECT password_hash FROM app_user WHERE username = :u").param("u", login)
                .query(String.class).single();
        Answer off = postJson(A, "/api/v1/users/" + field(made.body(), "id") + "/active", admin,
                "{\"active\":false,\"reason\":\"离职\"}");
        assertEquals(200, off.status(), off.body());

        Answer sent = postForm(A, "/password", cookie, Map.of("currentPassword", "Initial-pass-2026",
                "newPassword", "Never-saved-2", "confirmPassword", "Never-saved-2", "_csrf", csrf(form.body())));

        assertEquals(302, sent.status(), sent.body());
        assertTrue(sent.header("location").endsWith("/login?expired"), sent.header("location"));
        assertEquals(hash, jdbc.sql("SELECT password_hash FROM app_user WHERE username = :u").param("u", login)
                .query(String.class).single());
    }

    @Test
    void aFormWithAWrongTokenOnALiveSessionIsStillRefused() {
        String cookie = login(A, "demo-auditor", "demo-auditor");
        Answer sent = postForm(A, "/password", cookie, Map.of("currentPassword", "demo-auditor",
                "newPassword", "Never-saved-3", "confirmPassword", "Never-saved-3", "_csrf", "forged"));
        assertEquals(403, sent.status());
        assertEquals(200, get(A, "/console", cookie).status(), "the session is still alive");
    }

    // ---------------------------------------------------------------- https behind a proxy

    @Test
    void theSessionCookieIsSecureWhenATrustedProxySaysHttps() {
        Answer r = send("127.0.0.1", A, "GET", "/login", Map.of("X-Forwarded-Proto", "https"), null);
        assertEquals(200, r.status());
        String cookie = r.sessionCookieLine();
        assertNotNull(cookie);
        assertTrue(cookie.contains("Secure"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
    }

    @Test
    void theSessionCookieIsNotSecureWhenSomebodyElseSaysHttps() {
        // 127.0.0.2 is this machine too, but not in the trusted list (127.0.0.1 and ::1 by default)
        Answer r = send("127.0.0.2", A, "GET", "/login", Map.of("X-Forwarded-Proto", "https",
                "X-Forwarded-For", "203.0.113.9"), null);
        assertEquals(200, r.status());
        String cookie = r.sessionCookieLine();
        assertNotNull(cookie);
        assertFalse(cookie.contains("Secure"), cookie);
    }

    @Test
    void theSessionCookieIsNotSecureOverPlainHttpWithoutAProxy() {
        String cookie = get(A, "/login", null).sessionCookieLine();
        assertNotNull(cookie);
        assertFalse(cookie.contains("Secure"), cookie);
    }
}
