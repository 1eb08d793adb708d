package cn.jifen.support;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Web sessions live in the database (Spring Session), found by the SESSION cookie as in a browser,
 * so a MockHttpSession alone no longer carries a login. This bridge keeps tests that pass
 * {@code .session(s)} honest: after a request that set the SESSION cookie it records the database
 * session id in the MockHttpSession, and sends it back as the cookie whenever that MockHttpSession
 * is used again. Nothing else about the session is faked.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MockMvcSessions {
    public static final String COOKIE = "SESSION";
    static final String KEY = MockMvcSessions.class.getName() + ".sessionId";

    /** The database session id a MockHttpSession stands for (null: none). */
    public static String sessionId(HttpSession s) {
        return s == null ? null : (String) s.getAttribute(KEY);
    }

    /** The value of the SESSION cookie a browser would send for a database session id. */
    public static String cookieValue(String sessionId) {
        return Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
    }

    @Bean
    MockMvcBuilderCustomizer springSessionCookies() {
        return builder -> builder
                .defaultRequest(MockMvcRequestBuilders.get("/").with(request -> {
                    String id = sessionId(request.getSession(false));
                    if (id != null && !hasCookie(request, COOKIE)) {
                        List<Cookie> cookies = new ArrayList<>();
                        if (request.getCookies() != null) {
                            cookies.addAll(List.of(request.getCookies()));
                        }
                        cookies.add(new Cookie(COOKIE, cookieValue(id)));
                        request.setCookies(cookies.toArray(Cookie[]::new));
                    }
                    return request;
                }))
                .alwaysDo(result -> {
                    Cookie c = result.getResponse().getCookie(COOKIE);
                    if (c == null) {
                        return;
                    }
                    MockHttpServletRequest request = result.getRequest();
                    if (c.getMaxAge() == 0 || c.getValue() == null || c.getValue().isEmpty()) {
                        HttpSession s = request.getSession(false);
                        if (s != null) {
                            s.removeAttribute(KEY);
                        }
                        return;
                    }
                    request.getSession(true).setAttribute(KEY,
                            new String(Base64.getDecoder().decode(c.getValue()), StandardCharsets.UTF_8));
                });
    }

    private static boolean hasCookie(MockHttpServletRequest request, String name) {
        if (request.getCookies() == null) {
            return false;
        }
        for (Cookie c : request.getCookies()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
