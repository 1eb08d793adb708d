package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The points-runs page (基础分, 到期清零): past runs of the scope, and the county admin's buttons. So that the
 * demo county's balances stay untouched, the runs are made by a county-admin account whose scope is one new
 * village of 汤塘镇 with two households (as PointsPolicyTest does with an actor); the page calls the same
 * service as the API, so the API shows the runs it made.
 */
@IntegrationTest
class PointsRunPagesTest extends SecuritySupport {
    @Autowired PasswordEncoder encoder;

    String village;
    long villageId;
    String login;
    MockHttpSession county;

    /** The demo county's daily-run lock, as a run of the scheduled job (at start-up, or a minute ago) leaves it. */
    private String countyLock() {
        return "points-daily-" + unitId("441821");
    }

    /** An hour after any scheduled run: its lock (held at least 30 s after it starts) has run out. */
    @BeforeEach
    void noScheduledRunHoldsTheCountysLock() {
        jdbc.sql("UPDATE shedlock SET lock_until = TIMESTAMP '2000-01-01 00:00:00' WHERE name = :n")
                .param("n", countyLock()).update();
    }

    @BeforeEach
    void villageWithTwoHouseholdsAndItsCountyAdmin() {
        village = unique("RV");
        asAdmin("POST", "/api/v1/org-units", "{\"parentCode\":" + q(Matrix.TT) + ",\"code\":" + q(village)
                + ",\"name\":" + q("执行测试村" + village) + ",\"villageKind\":\"VILLAGE\"}", 201);
        asAdmin("POST", "/api/v1/org-units", "{\"parentCode\":" + q(village) + ",\"code\":" + q(village + "-G1")
                + ",\"name\":\"第一网格\"}", 201);
        freshHousehold(village);
        freshHousehold(village);
        villageId = unitId(village);
        login = unique("runadm");
        jdbc.sql("""
                INSERT INTO app_user (username, display_name, password_hash, role, org_unit_id, must_change_password,
                                      failed_logins, active, created_at)
                VALUES (:u, '执行测试', :h, 'COUNTY_ADMIN', :o, FALSE, 0, TRUE, :now)""")
                .param("u", login).param("h", encoder.encode(PASSWORD)).param("o", villageId)
                .param("now", OffsetDateTime.now()).update();
        county = newSession(login, PASSWORD);
    }

    private MvcResult base(MockHttpSession s, String year, String points) {
        return perform(post("/console/points-runs/base").with(csrf()).session(s).param("year", year).param("points", points));
    }

    private long runs() {
        return count("SELECT COUNT(*) FROM points_run WHERE village_id = " + villageId);
    }

    private long entries() {
        return count("SELECT COUNT(*) FROM ledger_entry WHERE village_id = " + villageId);
    }

    private String apiRuns() {
        MvcResult r = api("GET", "/api/v1/points-runs?village=" + village, newToken(login, PASSWORD), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return body(r);
    }

    @Test
    void baseRunFromThePageSaysWhatItDidAndTheApiListsTheRun() {
        String year = String.valueOf(LocalDate.now().getYear());

        MvcResult r = base(county, year, "20");

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).endsWith("/console/points-runs");
        assertThat((String) r.getFlashMap().get("done")).contains(year, "检查 2 户", "本次新入账 2 户", "共 40 分");
        assertThat(apiRuns()).contains("\"kind\":\"BASE\"", "\"periodKey\":\"" + year + "\"", "\"posted\":2");
        String page = body(perform(get("/console/points-runs").session(county)));
        assertThat(page).contains("执行测试村" + village, "年初基础分", login);
    }

    @Test
    void aRepeatedBaseRunFromThePagePostsNothingTwice() {
        String year = String.valueOf(LocalDate.now().getYear());
        base(county, year, "20");
        long after = entries();

        MvcResult again = base(county, year, "20");

        assertThat(again.getResponse().getStatus()).isEqualTo(302);
        assertThat((String) again.getFlashMap().get("done")).contains("本次新入账 0 户");
        assertThat(entries()).isEqualTo(after);
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void expiryFromThePageZeroesTheBalancesAndSaysHowMany() {
        base(county, String.valueOf(LocalDate.now().getYear()), "15");

        MvcResult r = perform(post("/console/points-runs/expire").with(csrf()).session(county)
                .param("date", LocalDate.now().toString()));

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat((String) r.getFlashMap().get("done")).contains("本次清零 2 户", "共 30 分");
        assertThat(apiRuns()).contains("\"kind\":\"EXPIRE\"", "\"points\":30");
    }

    @Test
    void aRefusedRunKeepsWhatWasTypedAndSaysWhyInChinese() {
        long audit = auditCount();

        MvcResult r = base(county, "2020", "0");

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String html = body(r);
        assertThat(html).contains("分值须在 1 到 10,000 之间");
        assertThat(html).containsPattern("id=\"run-year\"[^>]*value=\"2020\"");
        assertThat(html).containsPattern("id=\"run-points\"[^>]*value=\"0\"");
        assertThat(runs()).isZero();
        assertThat(entries()).isZero();
        assertThat(auditCount()).isEqualTo(audit);
    }

    @Test
    void aFutureExpiryDateIsRefusedInChineseAndRunsNothing() {
        MvcResult r = perform(post("/console/points-runs/expire").with(csrf()).session(county)
                .param("date", LocalDate.now().plusDays(3).toString()));

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("日期不能晚于今天");
        assertThat(runs()).isZero();
    }

    @Test
    void aTownAdminSeesOnlyItsTownsRunsAndNoRunButtons() {
        base(county, String.valueOf(LocalDate.now().getYear()), "20");

        String sjTown = body(perform(get("/console/points-runs").session(session("demo-town", "demo-town"))));
        String countyWide = body(perform(get("/console/points-runs").session(session("demo-admin", "demo-admin"))));

        assertThat(sjTown).doesNotContain("执行测试村" + village).doesNotContain("id=\"run-base\"");
        assertThat(countyWide).contains("执行测试村" + village, "id=\"run-base\"", "id=\"run-expire\"");
    }

    @Test
    void aTownAdminMayNotRunBasePointsFromThePage() {
        long before = count("SELECT COUNT(*) FROM points_run");

        MvcResult r = base(session("demo-town", "demo-town"), String.valueOf(LocalDate.now().getYear()), "20");

        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM points_run")).isEqualTo(before);
    }

    @Test
    void thePolicyPageLinksToTheRuns() {
        String html = body(perform(get("/console/policy").session(county)));
        assertThat(html).contains("id=\"runs-link\"", "/console/points-runs");
    }

    @Test
    void aRunAskedForWhileTheScheduledRunHoldsTheCountysLockSaysSoKeepsTheFormAndRunsNothing() {
        String year = String.valueOf(LocalDate.now().getYear());
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).plusHours(14);
        if (jdbc.sql("UPDATE shedlock SET lock_until = :u, locked_at = :a, locked_by = 'scheduled' WHERE name = :n")
                .param("u", now.plusMinutes(10)).param("a", now).param("n", countyLock()).update() == 0) {
            jdbc.sql("INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES (:n, :u, :a, 'scheduled')")
                    .param("u", now.plusMinutes(10)).param("a", now).param("n", countyLock()).update();
        }
        long runsBefore = runs();
        long entriesBefore = entries();
        try {
            MvcResult r = base(county, year, "17");

            assertThat(r.getResponse().getStatus()).isEqualTo(409);
            String html = body(r);
            assertThat(html).contains("value=\"17\"");
            assertThat(runs()).isEqualTo(runsBefore);
            assertThat(entries()).isEqualTo(entriesBefore);
        } finally {
            noScheduledRunHoldsTheCountysLock();
        }
    }
}
