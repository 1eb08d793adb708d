package cn.jifen.volunteers;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.support.TestDatabase;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import javax.imageio.ImageIO;
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
 * Volunteering on a 360 px phone: the village admin appoints the informant of 龙南村's first grid; the informant
 * reports a pile of rubbish with a photo on the phone; the grid worker sees it with the photo and confirms it into a
 * deduction claim; the informant sees it confirmed. Then a team's activity: the admin sets up a team, adds the
 * activity, the clerk checks a member in and out, and the team page shows the hours. Screenshots in
 * target/screenshots/volunteers-*.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class VolunteersBrowserJourneyTest extends PhoneJourney {
    static final String VILLAGE = "441821100201";
    static final String INFORMANT = VILLAGE + "-0001";

    @Autowired JdbcClient jdbc;

    @Override
    protected String journeyName() {
        return "volunteers";
    }

    private static Path photo() throws Exception {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x79, 0x55, 0x48));
        g.fillRect(0, 0, 320, 240);
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(60, 140, 200, 70);
        g.dispose();
        Path file = Files.createTempFile("informant-", ".png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void anInformantsReportWithAPhotoIsConfirmedByTheGridWorker() throws Exception {
        // an earlier run on the same database may have left the household serving: stand it down first
        jdbc.sql("UPDATE informant SET ended_on = CURRENT_DATE, ended_by = 'test' WHERE passbook_number = :p AND ended_on IS NULL")
                .param("p", INFORMANT).update();
        String note = "浏览器测试：门前乱堆建筑垃圾 " + System.nanoTime() % 100000;

        step = "appoint";
        browser.logIn("demo-village", "demo-village");
        browser.get("/console/informants?village=" + VILLAGE);
        new Select(driver.findElement(By.id("appoint-grid"))).selectByValue(VILLAGE + "-G1");
        browser.type(By.id("appoint-passbook"), INFORMANT);
        browser.click(By.id("appoint-submit"));
        wait.until(d -> d.findElement(By.id("informants")).getText().contains(INFORMANT));
        browser.assertNoHorizontalScroll();

        step = "report";
        browser.logIn(INFORMANT, "123456");
        browser.get("/me/reports");
        new Select(driver.findElement(By.id("report-kind"))).selectByValue("CLUTTER");
        browser.type(By.id("report-note"), note);
        browser.type(By.id("report-subject"), VILLAGE + "-0004");
        driver.findElement(By.id("report-photo")).sendKeys(photo().toAbsolutePath().toString());
        browser.click(By.id("report-submit"));
        wait.until(d -> d.findElement(By.id("notice")).isDisplayed());
        assertThat(browser.text(By.id("my-reports"))).contains(note).contains("待核实");
        browser.assertNoHorizontalScroll();
        browser.screenshot("volunteers-informant-report");

        step = "confirm";
        browser.logIn("demo-grid", "demo-grid");
        browser.get("/console/informants");
        WebElement card = driver.findElements(By.cssSelector(".report")).stream()
                .filter(e -> e.getText().contains(note)).findFirst().orElseThrow();
        String id = card.getDomAttribute("id").replace("report-", "");
        Object loaded = browser.js("const i = document.querySelector('#report-" + id + " img.report-photo');"
                + " return i != null && i.complete && i.naturalWidth > 0;");
        assertThat(loaded).as("the photo shows on the grid worker's page").isEqualTo(true);
        new Select(driver.findElement(By.id("item-" + id))).selectByValue("FL01");
        browser.type(By.id("points-" + id), "10");
        browser.click(By.cssSelector("#report-" + id + " button.confirm-submit"));
        wait.until(d -> d.findElement(By.id("notice")).getText().contains("已采纳"));
        assertThat(browser.text(By.id("report-" + id))).contains("已采纳").contains("#");
        browser.assertNoHorizontalScroll();
        browser.screenshot("volunteers-grid-worker-confirms");

        step = "informant-sees";
        browser.logIn(INFORMANT, "123456");
        browser.get("/me/reports");
        wait.until(d -> d.findElement(By.id("my-reports")).getText().contains("已采纳"));
        step = "done";
    }

    @Test
    void aTeamActivityCheckInAndCheckOutShowAsTheTeamsHours() {
        String team = "浏览器测试队" + System.nanoTime() % 100000;
        LocalDateTime start = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusHours(3).withSecond(0).withNano(0);

        step = "activity";
        browser.logIn("demo-village", "demo-village");
        browser.get("/console/activities?village=" + VILLAGE);
        browser.type(By.id("act-title"), team + "清扫村道");
        browser.type(By.id("act-place"), "村委会门口");
        browser.js("document.getElementById('act-time').value = arguments[0]", start.toString());
        new Select(driver.findElement(By.id("act-item"))).selectByValue("ZY01");
        browser.type(By.id("act-points"), "10");
        browser.type(By.id("act-quota"), "5");
        browser.type(By.id("act-minutes"), "120");
        browser.click(By.id("activity-publish"));
        wait.until(d -> d.getCurrentUrl().matches(".*/console/activities/\\d+/\\d+$"));
        String activityPath = driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
        browser.type(By.cssSelector("form input[name='passbook']"), VILLAGE + "-0010");
        browser.click(By.id("signup-submit"));
        wait.until(d -> d.findElement(By.id("roster")).getText().contains(VILLAGE + "-0010"));

        step = "team";
        browser.get("/console/volunteers?scope=" + VILLAGE);
        browser.type(By.id("team-name"), team);
        new Select(driver.findElement(By.id("team-type"))).selectByValue("ENVIRONMENT");
        browser.type(By.id("team-captain"), VILLAGE + "-0007");
        browser.click(By.id("team-create"));
        wait.until(d -> d.getCurrentUrl().matches(".*/console/volunteers/\\d+/\\d+$"));
        String teamPath = driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
        browser.type(By.id("join-passbook"), VILLAGE + "-0010");
        browser.js("document.getElementById('join-on').value = arguments[0]", start.toLocalDate().minusDays(7).toString());
        browser.click(By.id("join-submit"));
        wait.until(d -> d.findElement(By.id("members")).getText().contains(VILLAGE + "-0010"));
        String option = driver.findElements(By.cssSelector("#link-activity option")).stream().map(WebElement::getText)
                .filter(t -> t.contains(team)).findFirst().orElseThrow();
        new Select(driver.findElement(By.id("link-activity"))).selectByVisibleText(option);
        browser.click(By.id("link-submit"));
        wait.until(d -> d.findElement(By.id("team-activities")).getText().contains(team));
        browser.assertNoHorizontalScroll();

        step = "check-in-out";
        browser.get(activityPath);
        browser.click(By.cssSelector("#roster form[action$='/checkins'] button"));
        wait.until(d -> !d.findElements(By.cssSelector("#roster form.checkout")).isEmpty());
        // the paper roster says the volunteer came at the start (the test cannot wait three hours)
        String[] ids = activityPath.replaceFirst(".*/console/activities/", "").split("/");
        jdbc.sql("UPDATE activity_signup SET checked_in_at = :at WHERE village_id = :v AND activity_id = :a")
                .param("at", start.atZone(ZoneId.of("Asia/Shanghai")).toOffsetDateTime())
                .param("v", Long.parseLong(ids[0])).param("a", Long.parseLong(ids[1])).update();
        // and left an hour and a half after it
        browser.js("document.querySelector('#roster form.checkout input[name=at]').value = arguments[0]",
                start.plusMinutes(90).toString());
        browser.click(By.cssSelector("#roster form.checkout button"));
        wait.until(d -> d.findElement(By.id("roster")).getText().contains("已签退"));
        browser.assertNoHorizontalScroll();
        browser.screenshot("volunteers-activity-checked-out");

        step = "hours";
        browser.get(teamPath);
        wait.until(d -> d.findElement(By.id("team-hours")).getText().equals("1.5"));
        assertThat(browser.text(By.id("team-activities"))).contains(team).contains("1.5");
        browser.assertNoHorizontalScroll();
        browser.screenshot("volunteers-team-hours");
        step = "done";
    }
}
