package cn.jifen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Every answer tells the browser to send no Referer to other sites (paths name households and
 * passbooks), and the health endpoint shows its parts (database, disk) only to logged-in staff.
 */
@IntegrationTest
class SecurityHeadersAndHealthTest extends SecuritySupport {

    @Test
    void everyAnswerCarriesReferrerPolicySameOrigin() {
        MockHttpSession staff = newSession("demo-auditor", "demo-auditor");
        List<MvcResult> answers = List.of(
                perform(get("/login")),
                perform(get("/console").session(staff)),
                perform(get("/console")),                                  // redirect to login
                perform(get("/board/" + Matrix.SJ_LN)),
                perform(get("/css/jifen.css")),
                perform(get("/actuator/health")),
                api("GET", "/api/v1/me", null, null),                      // 401
                api("GET", "/api/v1/me", adminToken(), null),
                api("GET", "/api/v1/public/boards/" + Matrix.SJ_LN, null, null));
        for (MvcResult r : answers) {
            assertEquals("same-origin", r.getResponse().getHeader("Referrer-Policy"),
                    () -> r.getRequest().getRequestURI() + " " + r.getResponse().getStatus());
        }
    }

    @Test
    void anonymousHealthShowsOnlyTheStatus() {
        MvcResult r = perform(get("/actuator/health"));
        assertEquals(200, r.getResponse().getStatus());
        assertEquals("UP", json(r, "$.status"));
        assertFalse(body(r).contains("components") || body(r).contains("\"db\""), body(r));
    }

    @Test
    void aVillagersHealthShowsOnlyTheStatus() {
        MvcResult r = perform(get("/actuator/health").session(newSession(Matrix.VILLAGER_LOGIN, "123456")));
        assertEquals(200, r.getResponse().getStatus());
        assertFalse(body(r).contains("components") || body(r).contains("\"db\""), body(r));
    }

    @Test
    void staffSeeTheHealthOfTheDatabase() {
        MvcResult r = perform(get("/actuator/health").session(newSession("demo-auditor", "demo-auditor")));
        assertEquals(200, r.getResponse().getStatus());
        assertEquals("UP", json(r, "$.components.db.status"));
        assertTrue(body(r).contains("\"db\""));
    }
}
