package cn.jifen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Who may read statistics, reports and exports, and of which units: county/town/village admins and
 * auditors within their scope; out-of-scope units are 404; grid workers, keepers and villagers 403;
 * no credentials 401 (API) or the login page (pages). Also the Prometheus endpoint's address rule.
 */
@IntegrationTest
class StatsAccessMatrixTest extends SecuritySupport {

    record Row(Who who, String path, int expected) {
        @Override
        public String toString() {
            return who + " GET " + path + " → " + expected;
        }
    }

    static final Who[] READ_ROLES = {Who.COUNTY_ADMIN, Who.TOWN_ADMIN, Who.VILLAGE_ADMIN, Who.AUDITOR};
    static final Who[] NO_ROLES = {Who.GRID_WORKER, Who.KEEPER, Who.VILLAGER};

    /** Unit codes in and out of each reader's scope. */
    static List<String> in(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> List.of(Matrix.COUNTY, Matrix.SJ, Matrix.TT, Matrix.SJ_LN, Matrix.TT_TT);
            case TOWN_ADMIN -> List.of(Matrix.SJ, Matrix.SJ_LN, Matrix.SJ_SQ);
            default -> List.of(Matrix.SJ_SQ);
        };
    }

    static List<String> out(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> List.of(Matrix.NOWHERE);
            case TOWN_ADMIN -> List.of(Matrix.COUNTY, Matrix.TT, Matrix.TT_TT, Matrix.NOWHERE);
            default -> List.of(Matrix.COUNTY, Matrix.SJ, Matrix.SJ_LN, Matrix.TT_TT, Matrix.NOWHERE);
        };
    }

    static final String[] API = {"/api/v1/stats/summary?orgUnit=%s", "/api/v1/stats/breakdown?orgUnit=%s&from=2026-01-01&to=2026-12-31",
            "/api/v1/stats/export/ledger.csv?orgUnit=%s", "/api/v1/stats/practice?orgUnit=%s&from=2026-01-01&to=2026-12-31"};
    static final String[] PAGES = {"/console/stats?unit=%s", "/console/stats/report?unit=%s&period=2026",
            "/console/stats/report.pdf?unit=%s&period=2026-Q1", "/console/stats/report.xlsx?unit=%s&period=2026-03",
            "/console/stats/export/ledger.csv?unit=%s", "/console/stats/export/claims.xlsx?unit=%s",
            "/console/stats/export/households.csv?unit=%s", "/console/stats/export/stock.xlsx?unit=%s",
            "/console/stats/practice?unit=%s"};

    static Stream<Row> apiRows() {
        List<Row> rows = new ArrayList<>();
        for (String p : API) {
            for (Who w : READ_ROLES) {
                in(w).forEach(c -> rows.add(new Row(w, p.formatted(c), 200)));
                out(w).forEach(c -> rows.add(new Row(w, p.formatted(c), 404)));
            }
            for (Who w : NO_ROLES) {
                rows.add(new Row(w, p.formatted(Matrix.SJ_LN), 403));
            }
            rows.add(new Row(Who.ANONYMOUS, p.formatted(Matrix.COUNTY), 401));
            rows.add(new Row(Who.BAD_TOKEN, p.formatted(Matrix.COUNTY), 401));
        }
        rows.add(new Row(Who.TOWN_ADMIN, "/api/v1/stats/summary", 200));                       // own town by default
        rows.add(new Row(Who.COUNTY_ADMIN, "/api/v1/stats/rollup", 200));
        rows.add(new Row(Who.AUDITOR, "/api/v1/stats/rollup", 200));
        for (Who w : new Who[] {Who.TOWN_ADMIN, Who.VILLAGE_ADMIN, Who.GRID_WORKER, Who.KEEPER, Who.VILLAGER}) {
            rows.add(new Row(w, "/api/v1/stats/rollup", 403));
        }
        rows.add(new Row(Who.COUNTY_ADMIN, "/api/v1/stats/summary?orgUnit=441821100201-G1", 422)); // a grid
        rows.add(new Row(Who.COUNTY_ADMIN, "/api/v1/stats/summary?orgUnit=441821&from=2026-05-01&to=2026-04-01", 422));
        rows.add(new Row(Who.COUNTY_ADMIN, "/api/v1/stats/summary?orgUnit=441821&from=2026-13-01", 400));
        return rows.stream();
    }

    static Stream<Row> pageRows() {
        List<Row> rows = new ArrayList<>();
        for (String p : PAGES) {
            for (Who w : READ_ROLES) {
                rows.add(new Row(w, p.formatted(in(w).get(in(w).size() - 1)), 200));
                rows.add(new Row(w, p.formatted(out(w).get(0)), 404));
            }
            for (Who w : NO_ROLES) {
                rows.add(new Row(w, p.formatted(Matrix.SJ_LN), 403));
            }
            rows.add(new Row(Who.ANONYMOUS, p.formatted(Matrix.COUNTY), 302));
        }
        rows.add(new Row(Who.COUNTY_ADMIN, "/console/stats/report?unit=441821&period=2026-Q5", 422));
        rows.add(new Row(Who.COUNTY_ADMIN, "/console/stats/export/passwords.csv?unit=441821", 422));
        rows.add(new Row(Who.COUNTY_ADMIN, "/console/stats/export/ledger.pdf?unit=441821", 422));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiRows")
    void apiAnswersByRoleAndScope(Row row) {
        MvcResult r = call(row.who(), row.path(), true);
        assertEquals(row.expected(), r.getResponse().getStatus(), () -> row + ": " + SecuritySupport.body(r));
        if (row.expected() >= 400 && row.expected() != 401) {
            assertTrue(SecuritySupport.hasChinese(SecuritySupport.body(r)), () -> row + " says what is wrong in Chinese");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pageRows")
    void pagesAnswerByRoleAndScope(Row row) {
        MvcResult r = call(row.who(), row.path(), false);
        assertEquals(row.expected(), r.getResponse().getStatus(), () -> row + ": " + SecuritySupport.body(r));
        if (row.expected() == 302) {
            assertTrue(r.getResponse().getRedirectedUrl().contains("/login"));
        }
    }

    @Test
    void prometheusAnswersLocallyWithJifenMetricsAndRefusesOtherAddresses() {
        MvcResult ok = perform(get("/actuator/prometheus").with(rq -> { rq.setRemoteAddr("127.0.0.1"); return rq; }));
        assertEquals(200, ok.getResponse().getStatus());
        String body = SecuritySupport.body(ok);
        assertTrue(body.contains("jifen_claims{"), "claims by state");
        assertTrue(body.contains("jifen_ledger_postings_today{"), "postings by kind");
        assertTrue(body.contains("jifen_market_redemptions_today"), "redemptions");
        assertTrue(body.contains("jifen_passbooks"), "passbooks");
        MvcResult far = perform(get("/actuator/prometheus").with(rq -> { rq.setRemoteAddr("203.0.113.9"); return rq; }));
        assertEquals(403, far.getResponse().getStatus());
    }

    @Test
    void noOtherActuatorEndpointIsExposed() {
        for (String p : List.of("/actuator/env", "/actuator/metrics", "/actuator/beans", "/actuator/heapdump")) {
            MvcResult r = perform(get(p).session(session("demo-admin", "demo-admin")));
            assertEquals(404, r.getResponse().getStatus(), p);
        }
        assertEquals(200, perform(get("/actuator/health")).getResponse().getStatus());
    }

    MvcResult call(Who who, String path, boolean api) {
        var b = get(URI.create(path));
        if (api) {
            switch (who) {
                case ANONYMOUS -> { }
                case BAD_TOKEN -> b.header("Authorization", "Bearer made-up-token");
                default -> b.header("Authorization", "Bearer " + token(who.login, who.password));
            }
        } else if (who != Who.ANONYMOUS) {
            b.session(session(who.login, who.password));
        }
        return perform(b);
    }
}
