package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.support.RowTimes;
import cn.jifen.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * One claim end to end on a phone-sized headless Chromium: the grid worker records it on the phone
 * form, the village admin approves it, the villager objects, the admin dismisses the objection, the
 * publicity period ends (moved into the past in the database), and the villager sees the points in the
 * passbook. Skipped without /usr/bin/chromium and /usr/bin/chromedriver, except under CI=true.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class ClaimBrowserJourneyTest extends PhoneJourney {
    static final String PASSBOOK = "441821100201-0001";

    @Autowired JdbcClient jdbc;

    @Override
    protected String journeyName() {
        return "claim-journey";
    }

    @Test
    void aClaimGoesFromTheGridWorkersPhoneToTheVillagersPassbook() {
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        step = "record";
        browser.logIn("demo-grid", "demo-grid");
        browser.get("/console/claims/new?passbook=" + PASSBOOK);
        new Select(driver.findElement(By.id("itemCode"))).selectByValue("WM01");
        browser.type(By.id("points"), "30");
        driver.executeScript("document.getElementById('occurredOn').value = arguments[0]", today);
        browser.type(By.id("note"), "浏览器测试：红事简办");
        browser.click(By.id("record-submit"));
        wait.until(d -> d.getCurrentUrl().matches(".*/console/claims/\\d+/\\d+$"));
        String claimPath = driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
        assertThat(browser.text(By.id("claim-status"))).isEqualTo("待审核");
        browser.assertNoHorizontalScroll();

        step = "approve";
        browser.logIn("demo-village", "demo-village");
        browser.get(claimPath);
        browser.click(By.id("approve-submit"));
        wait.until(d -> browser.text(By.id("claim-status")).equals("公示中"));

        step = "object";
        browser.logIn(PASSBOOK, "123456");
        browser.get(claimPath.replace("/console/claims/", "/me/claims/"));
        browser.type(By.id("objection-reason"), "请核实是否简办");
        browser.click(By.id("objection-submit"));
        wait.until(d -> browser.text(By.id("claim-status")).equals("有异议（暂停）"));

        step = "dismiss";
        browser.logIn("demo-village", "demo-village");
        browser.get(claimPath);
        WebElement reason = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[action$='/dismiss'] input[name='reason']")));
        reason.sendKeys("经核实确已简办");
        browser.click(By.cssSelector("button.dismiss-objection"));
        wait.until(d -> browser.text(By.id("claim-status")).equals("公示中"));

        step = "publicity-ends";
        String[] ids = claimPath.replaceFirst(".*/console/claims/", "").split("/");
        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", Long.parseLong(ids[0]), Long.parseLong(ids[1]), 30);

        step = "post-due";
        // reads change nothing: the every-minute run posts it, or the village admin posts what is due now
        browser.get("/console/claims");
        browser.click(By.cssSelector("#post-due button[type=submit]"));
        wait.until(d -> browser.text(By.id("batch-result")).contains("入账"));

        step = "passbook";
        browser.logIn(PASSBOOK, "123456");
        browser.get("/me/passbook");
        wait.until(d -> d.findElement(By.id("statement")).getText().contains("红白喜事简办"));
        assertThat(driver.findElement(By.id("statement")).getText()).contains("+30");
        browser.assertNoHorizontalScroll();
        step = "done";
    }


    @Test
    void aReviewerTicksEveryClaimAwaitingReviewWithOneTapAndClearsThemWithAnother() {
        step = "select-all";
        recordThroughTheApi(2);
        browser.logIn("demo-village", "demo-village");
        browser.get("/console/claims");
        List<WebElement> boxes = driver.findElements(By.cssSelector("#claims input[name='claimIds']"));
        assertThat(boxes).as("the demo village has claims awaiting review").isNotEmpty();
        assertThat(boxes).noneMatch(WebElement::isSelected);

        browser.click(By.id("select-all"));
        assertThat(boxes).allMatch(WebElement::isSelected);

        browser.click(By.id("select-all"));
        assertThat(boxes).noneMatch(WebElement::isSelected);
        browser.assertNoHorizontalScroll();
        step = "done";
    }

    /** Claims recorded by the demo grid worker through the API, so the queue has something to review. */
    private void recordThroughTheApi(int count) {
        HttpClient http = HttpClient.newHttpClient();
        String token = send(http, "/api/v1/tokens", null, "{\"username\":\"demo-grid\",\"password\":\"demo-grid\"}")
                .replaceFirst("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        for (int i = 0; i < count; i++) {
            send(http, "/api/v1/claims", token, "{\"passbookNumber\":\"" + PASSBOOK + "\",\"itemCode\":\"WM01\","
                    + "\"points\":" + (20 + i) + ",\"occurredOn\":\"" + today + "\"}");
        }
    }

    private String send(HttpClient http, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + " " + r.body()).isBetween(200, 201);
            return r.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
