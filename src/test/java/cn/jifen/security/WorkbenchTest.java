package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/** Each role's home (工作台) shows its own work, and a keeper lands on its counter. */
@IntegrationTest
class WorkbenchTest extends SecuritySupport {

    private MockHttpSession as(Who who) {
        return session(who.login, who.password);
    }

    private String home(Who who) {
        MvcResult r = perform(get("/console").session(as(who)));
        assertEquals(200, r.getResponse().getStatus());
        return body(r);
    }

    private static long number(String html, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "</span> <strong>(\\d+)</strong>").matcher(html);
        assertThat(m.find()).as("the home shows a count for " + label).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aKeeperOfOneSupermarketLandsOnItsCounter() {
        MvcResult r = perform(get("/console/start").session(as(Who.KEEPER)));
        assertEquals(302, r.getResponse().getStatus());
        long[] market = jdbc.sql("""
                SELECT s.village_id, s.id FROM supermarket s JOIN keeper_assignment k
                  ON k.village_id = s.village_id AND k.supermarket_id = s.id
                JOIN app_user u ON u.id = k.user_id WHERE u.username = 'demo-keeper'""")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        assertEquals("/console/market/" + market[0] + "/" + market[1] + "/counter", r.getResponse().getRedirectedUrl());
    }

    @Test
    void otherStaffLandOnTheirHome() {
        MvcResult r = perform(get("/console/start").session(as(Who.VILLAGE_ADMIN)));
        assertEquals("/console", r.getResponse().getRedirectedUrl());
    }

    @Test
    void aVillageAdminsHomeCountsItsReviewQueues() {
        String html = home(Who.VILLAGE_ADMIN);
        long villageId = jdbc.sql("SELECT org_unit_id FROM app_user WHERE username = :u").param("u", Who.VILLAGE_ADMIN.login)
                .query(Long.class).single();
        for (String[] q : new String[][] {{"待审核", "RECORDED"}, {"待第二人审批", "AWAITING_SECOND_APPROVAL"},
                {"有异议", "OBJECTED"}, {"公示中", "IN_PUBLICITY"}}) {
            long inDb = jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v AND status = :s")
                    .param("v", villageId).param("s", q[1]).query(Long.class).single();
            assertEquals(inDb, number(html, q[0]), q[0]);
        }
        long appeals = jdbc.sql("SELECT COUNT(DISTINCT claim_id) FROM claim_appeal WHERE village_id = :v AND status = 'OPEN'")
                .param("v", villageId).query(Long.class).single();
        assertEquals(appeals, number(html, "申诉"));
        assertThat(html).contains("id=\"home-record\"");
    }

    @Test
    void aVillageAdminsHomeListsTheLongestWaitingClaimsFirst() {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        MvcResult recorded = api("POST", "/api/v1/claims", token("demo-grid", "demo-grid"), "{\"passbookNumber\":"
                + "\"441821100201-0001\",\"itemCode\":\"WM01\",\"points\":20,\"occurredOn\":\"" + today + "\"}");
        assertEquals(201, recorded.getResponse().getStatus(), body(recorded));
        long villageId = jdbc.sql("SELECT id FROM org_unit WHERE code = '441821100201'").query(Long.class).single();
        List<Long> oldest = jdbc.sql("""
                SELECT id FROM claim WHERE village_id = :v AND status IN ('RECORDED', 'AWAITING_SECOND_APPROVAL', 'OBJECTED')
                ORDER BY recorded_at, id LIMIT 10""").param("v", villageId).query(Long.class).list();

        String html = body(perform(get("/console").session(session("demo-village", "demo-village"))));

        String table = html.substring(html.indexOf("最早的待办"));
        List<Long> shown = new ArrayList<>();
        Matcher m = Pattern.compile("/console/claims/" + villageId + "/(\\d+)\"").matcher(table);
        while (m.find()) {
            shown.add(Long.parseLong(m.group(1)));
        }
        assertEquals(oldest, shown);
    }

    @Test
    void aGridWorkersHomeShowsItsRecordsAndItsGrid() {
        String html = home(Who.GRID_WORKER);
        assertThat(html).contains("id=\"home-grid\"").contains("我最近的记录").contains("grid=441821100201-G1")
                .contains("id=\"home-record\"").doesNotContain("id=\"home-queues\"");
    }

    @Test
    void anAuditorIsNotOfferedToRecord() {
        assertThat(home(Who.AUDITOR)).doesNotContain("id=\"home-record\"").doesNotContain("id=\"home-queues\"");
    }

    @Test
    void aGridWorkersHomeListsTheVillagesActivitiesOfTodayButNotTomorrows() {
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Shanghai"));
        LocalDateTime today = now.toLocalDate().atTime(23, 30);
        String title = "今日清扫" + System.nanoTime() % 100_000;
        String token = token("demo-village", "demo-village");
        for (String[] a : new String[][] {{title, today.toString()}, {title + "明天", today.plusDays(1).toString()}}) {
            MvcResult r = api("POST", "/api/v1/activities", token, "{\"village\":\"441821100201\",\"title\":\"" + a[0]
                    + "\",\"place\":\"村委\",\"startsAt\":\"" + a[1] + "\",\"itemCode\":\"ZY01\",\"points\":5,\"quota\":10}");
            assertEquals(201, r.getResponse().getStatus(), body(r));
        }

        String html = home(Who.GRID_WORKER);

        String today_ = html.substring(html.indexOf("今天的活动"), html.indexOf("本月还没检查的责任岗"));
        assertThat(today_).contains("23:30 " + title).doesNotContain(title + "明天");
    }

    @Test
    void aGridWorkersHomeCountsThePostsNotInspectedThisMonth() {
        String token = token("demo-grid", "demo-grid");
        MvcResult r = api("GET", "/api/v1/posts/uninspected?village=441821100201&size=1", token, null);
        assertEquals(200, r.getResponse().getStatus(), body(r));
        Matcher total = Pattern.compile("\"total\":(\\d+)").matcher(body(r));
        assertThat(total.find()).isTrue();

        String html = home(Who.GRID_WORKER);

        assertThat(html).contains("本月还没检查的责任岗：" + total.group(1) + " 个");
    }

    @Test
    void aReviewerSearchesTheVillagesHistoryByStateAndPassbook() {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        String grid = token("demo-village", "demo-village");
        for (String number : new String[] {"441821100201-0002", "441821100201-0002", "441821100201-0003"}) {
            MvcResult r = api("POST", "/api/v1/claims", grid, "{\"passbookNumber\":\"" + number
                    + "\",\"itemCode\":\"WM01\",\"points\":20,\"occurredOn\":\"" + today + "\"}");
            assertEquals(201, r.getResponse().getStatus(), body(r));
        }
        long[] household = householdKey("441821100201-0002");
        long recorded = jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v AND household_id = :h AND status = 'RECORDED'")
                .param("v", household[0]).param("h", household[1]).query(Long.class).single();

        String html = body(perform(get("/console/claims").session(session("demo-village", "demo-village"))
                .param("village", "441821100201").param("status", "RECORDED").param("passbook", "441821100201-0002")));

        assertThat(html).as(html).contains("id=\"claims\"");
        String table = html.substring(html.indexOf("id=\"claims\""));
        assertThat(recorded).isGreaterThanOrEqualTo(2);
        assertEquals(Math.min(recorded, 100), table.split(">441821100201-0002</a>", -1).length - 1);
        assertThat(table).doesNotContain(">441821100201-0003</a>");
        assertThat(html).contains("id=\"claims-search\"");
    }

    @Test
    void aPassbookOfAnotherVillageFindsNothingInThisVillagesHistory() {
        String html = body(perform(get("/console/claims").session(session("demo-village", "demo-village"))
                .param("village", "441821100201").param("status", "ALL").param("passbook", "441821100202-0001")));
        assertThat(html).contains("id=\"claims-search\"").contains("id=\"claims\"").doesNotContain("441821100202-0001</a>");
    }
}
