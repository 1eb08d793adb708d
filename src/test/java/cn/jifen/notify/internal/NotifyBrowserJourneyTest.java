package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.Users;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #14's journey on a 360 px phone (headless Chromium), with the real Alibaba Cloud SMS adapter pointed at a
 * stub on 127.0.0.1: the grid worker records a good deed from its home, the village admin approves it, the outbox is
 * delivered; the household's phone received exactly one SMS naming the village and the item, and the villager,
 * logging in for the first time, finds the same notice in its inbox with the unread count in the header.
 * Screenshots: screenshots/notify/&lt;step&gt;.png.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class NotifyBrowserJourneyTest extends Db {
    static final String VILLAGE = "441821100201";
    static final String GRID = VILLAGE + "-G1";
    static final String OK = "{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"1^0\",\"RequestId\":\"R\"}";
    static final SmsStub SMS = new SmsStub().replies(200, OK);

    @DynamicPropertySource
    static void sms(DynamicPropertyRegistry r) {
        r.add("jifen.notify.sms.provider", () -> "aliyun");
        r.add("jifen.notify.sms.sign-name", () -> "佛冈积分");
        r.add("jifen.notify.sms.access-key-id", () -> "LTAI5tBrowserTest");
        r.add("jifen.notify.sms.access-key-secret", () -> "browser-test-secret");
        r.add("jifen.notify.sms.endpoint", SMS::url);
        r.add("jifen.notify.sms.template.default", () -> "SMS_300003");
        // quiet hours (21:00–08:00) have their own test; here they are moved out of the way so the journey
        // behaves the same at whatever hour CI runs it
        r.add("jifen.notify.quiet-from", () -> "00:00");
        r.add("jifen.notify.quiet-until", () -> "00:00");
    }

    @AfterAll
    static void stopStub() {
        SMS.close();
    }

    @LocalServerPort int port;
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Dispatcher dispatcher;

    Browser browser;
    String step = "start";
    boolean passed;

    @AfterEach
    void close() {
        if (browser == null) {
            return;
        }
        try {
            if (!passed) {
                browser.screenshot("notify/failed-at-" + step);
            }
        } catch (RuntimeException ignored) {
            // the driver may be gone already
        } finally {
            browser.close();
        }
    }

    @Test
    void aRecordedDeedOnceApprovedReachesTheVillagersInboxAndPhone() throws IOException {
        OrgUnit village = orgUnits.byCode(VILLAGE).orElseThrow();
        String phone = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        Household h = households.create(Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow()), VILLAGE,
                new HouseholdDraft(Actors.code("NB"), GRID, "龙南村通知路1号", false,
                        List.of(new ResidentDraft("邓月娥", "户主", "女", "1960", phone, null, false, null, false))));
        users.createVillager(Actors.of(Role.VILLAGE_ADMIN, village), village.id(), h.id(), "Longnan-1357");
        events.settle();
        dispatcher.runOnce(); // whatever the demo's load left in the outbox is out of the way
        int before = toPhone(phone).size();
        Files.createDirectories(Browser.screenshotDir().resolve("notify"));
        browser = Browser.phone().at(port);
        browser.wait.ignoring(StaleElementReferenceException.class);

        step = "1-record";
        browser.logIn("demo-grid", "demo-grid");
        browser.wait.until(ExpectedConditions.urlMatches("/console/?$"));
        browser.click(By.id("home-record"));
        browser.type(By.id("passbook"), h.passbookNumber());
        browser.click(By.cssSelector("form[action$='/console/claims/new'] button[type=submit]"));
        var item = browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("itemCode")));
        browser.js("arguments[0].scrollIntoView({block: 'center'})", item);
        new Select(item).selectByValue("ZL01");
        page();
        browser.click(By.id("record-submit"));
        browser.wait.until(d -> d.getCurrentUrl().matches(".*/console/claims/\\d+/\\d+$"));
        String claimPath = browser.driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
        page();

        step = "2-approve";
        browser.logIn("demo-village", "demo-village");
        browser.get(claimPath);
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("approve-submit")));
        browser.click(By.id("approve-submit"));
        browser.wait.until(d -> browser.text(By.id("claim-status")).equals("公示中"));
        page();

        step = "3-deliver";
        events.settle();
        dispatcher.runOnce();
        List<SmsStub.Request> sms = toPhone(phone);
        assertThat(sms).as("SMS requests to the household's phone").hasSize(before + 1);
        String param = query(sms.get(sms.size() - 1).rawQuery(), "TemplateParam");
        String line = JsonMapper.shared().readTree(param).path("line").asString();
        assertThat(JsonMapper.shared().readTree(param).path("village").asString()).isEqualTo("龙南村");
        assertThat(line).contains("获得").contains("公示至");
        assertThat(query(sms.get(sms.size() - 1).rawQuery(), "SignName")).isEqualTo("佛冈积分");
        events.settle();
        dispatcher.runOnce(); // a second run sends nothing again
        assertThat(toPhone(phone)).hasSize(before + 1);

        step = "4-inbox";
        browser.logIn(h.passbookNumber(), "Longnan-1357");
        browser.wait.until(ExpectedConditions.urlMatches("/password/?$"));
        browser.type(By.id("currentPassword"), "Longnan-1357");
        browser.type(By.id("newPassword"), "Deng-yuee-1960");
        browser.type(By.id("confirmPassword"), "Deng-yuee-1960");
        browser.click(By.cssSelector("form[action$='/password'] button[type=submit]"));
        browser.wait.until(ExpectedConditions.urlMatches("/me/?$"));
        browser.get("/inbox");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("inbox-unread")));
        assertThat(browser.text(By.id("inbox-unread"))).startsWith("未读 1 条");
        String inbox = browser.text(By.tagName("main"));
        assertThat(inbox).contains("龙南村：" + line);
        page();
        passed = true;
    }

    private static List<SmsStub.Request> toPhone(String phone) {
        return SMS.requests().stream().filter(r -> phone.equals(query(r.rawQuery(), "PhoneNumbers"))).toList();
    }

    private static String query(String raw, String name) {
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The page has settled: no sideways scrolling at 360 px, and a screenshot. */
    private void page() {
        browser.wait.until(d -> "complete".equals(browser.js("return document.readyState")));
        assertThat(browser.overflow()).as("horizontal overflow at 360 px on %s (step %s)",
                browser.driver.getCurrentUrl(), step).isNull();
        browser.screenshot("notify/" + step);
    }
}
