package cn.jifen.meetings;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.TestDatabase;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * On a 360 px phone, 汤塘社区's village admin sets up the 评议小组 (themselves and two villager representatives found by
 * passbook and name), chooses meeting review, schedules a meeting, opens it (a deed the grid worker recorded is on
 * the agenda), ticks who came, enters everyone's vote, closes it and sees the item approved with the minutes to print.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class MeetingsBrowserJourneyTest extends PhoneJourney {
    private static final String VILLAGE = "441821101206";   // 汤塘社区

    @Autowired JdbcClient jdbc;
    @Autowired Claims claims;
    @Autowired OrgUnits orgUnits;

    @Override
    protected String journeyName() {
        return "meetings-journey";
    }

    private Claim deedRecordedByTheGridWorker() {
        OrgUnit village = orgUnits.byCode(VILLAGE).orElseThrow();
        OrgUnit grid = orgUnits.byCode(VILLAGE + "-G1").orElseThrow();
        Actor gridWorker = new Actor(-9, "grid-ttsq", "网格员", Role.GRID_WORKER, grid.id(), grid.path(), null, null);
        RuleItem item = claims.itemsFor(gridWorker, village, false).stream()
                .filter(i -> i.sign() == RuleSign.EARN && !i.veto() && !i.partyOnly() && !i.evidenceRequired() && i.householdCap() == null)
                .findFirst().orElseThrow();
        long household = jdbc.sql("SELECT MAX(id) FROM household WHERE village_id = :v AND grid_id = :g")
                .param("v", village.id()).param("g", grid.id()).query(Long.class).single();
        return claims.record(gridWorker, new ClaimDraft(village.id(), household, null, item.code(), item.minPoints(),
                LocalDate.now(ZoneId.of("Asia/Shanghai")), null, "清扫村道", false));
    }

    private void addRepresentative(String[] who) {
        browser.type(By.id("res-passbook"), who[0]);
        browser.type(By.id("res-name"), who[1]);
        browser.click(By.id("resident-submit"));
        wait.until(d -> d.findElement(By.id("panel")).getText().contains(who[1]));
    }

    @Test
    void theVillageAdminHoldsAMeetingOnAPhoneAndTheVoteApprovesTheDeed() {
        String admin = jdbc.sql("""
                SELECT u.username FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
                WHERE o.code = :c AND u.role = 'VILLAGE_ADMIN' AND u.username LIKE 'demo-v%' ORDER BY u.id""")
                .param("c", VILLAGE).query(String.class).list().get(0);
        List<String[]> heads = jdbc.sql("""
                SELECT p.number, r.name FROM passbook p JOIN resident r ON r.village_id = p.village_id
                     AND r.household_id = p.household_id AND r.is_head = TRUE
                WHERE p.village_id = (SELECT id FROM org_unit WHERE code = :c) ORDER BY p.household_id LIMIT 2""")
                .param("c", VILLAGE).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        Claim deed = deedRecordedByTheGridWorker();

        browser.logIn(admin, "demo-village");
        browser.get("/console/meetings/panel?village=" + VILLAGE);
        wait.until(d -> d.findElements(By.id("staff-form")).size() == 1);
        step = "panel";
        Select staff = new Select(driver.findElement(By.id("staff-user")));
        staff.getOptions().stream().filter(o -> o.getText().contains(admin)).findFirst().orElseThrow().click();
        browser.type(By.id("staff-duty"), "党支部书记");
        browser.click(By.id("staff-submit"));
        wait.until(d -> d.findElement(By.id("panel")).getText().contains("党支部书记"));
        addRepresentative(heads.get(0));
        addRepresentative(heads.get(1));
        new Select(driver.findElement(By.id("mode"))).selectByValue("MEETING");
        browser.type(By.id("mode-reason"), "村民代表会议决定按月评议");
        browser.click(By.id("mode-submit"));
        wait.until(d -> d.findElement(By.id("review-mode")).getText().contains("评议会审核"));
        browser.assertNoHorizontalScroll();
        browser.screenshot("meetings-panel-360");

        browser.get("/console/meetings?village=" + VILLAGE);
        wait.until(d -> d.findElements(By.id("schedule-form")).size() == 1);
        step = "schedule";
        browser.type(By.id("place"), "党群服务中心会议室");
        browser.assertNoHorizontalScroll();
        browser.click(By.id("schedule-submit"));
        wait.until(d -> d.findElements(By.id("open-meeting")).size() == 1);
        step = "open";
        browser.click(By.id("open-meeting"));
        wait.until(d -> d.findElements(By.id("attendance-form")).size() == 1);
        step = "attendance";
        for (WebElement box : driver.findElements(By.cssSelector("#attendance-form input[name=present]"))) {
            if (!box.isSelected()) {
                box.click();
            }
        }
        browser.click(By.id("attendance-submit"));
        wait.until(d -> d.findElement(By.id("meeting-notice")).getText().contains("出席已保存"));

        step = "votes";
        WebElement item = driver.findElements(By.cssSelector("[id^=item-]")).stream()
                .filter(e -> e.getText().contains(deed.itemLabel())).findFirst().orElseThrow();
        String itemId = item.getAttribute("id").substring(5);
        for (WebElement select : item.findElements(By.cssSelector("select[name^=choice-]"))) {
            new Select(select).selectByValue("APPROVE");
        }
        browser.assertNoHorizontalScroll();
        browser.screenshot("meeting-votes-360");
        browser.click(By.id("vote-" + itemId));
        wait.until(d -> d.findElement(By.id("meeting-notice")).getText().contains("表决已保存"));
        assertThat(browser.text(By.id("item-" + itemId))).contains("通过 3 票");

        step = "close";
        browser.click(By.id("close-meeting"));
        wait.until(d -> d.findElement(By.id("meeting-status")).getText().contains("已散会"));
        assertThat(browser.text(By.id("item-" + itemId))).contains("通过").contains("按决议执行");
        assertThat(driver.findElements(By.id("minutes-pdf"))).hasSize(1);
        browser.assertNoHorizontalScroll();
        browser.screenshot("meeting-closed-360");
        assertThat(claims.get(new Actor(-9, "x", "x", Role.COUNTY_ADMIN, 0, "/", null, null), deed.villageId(), deed.id())
                .status().name()).isEqualTo("IN_PUBLICITY");
        step = "done";
    }
}
