package cn.jifen.honours;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * On a phone-sized (360 px) headless Chromium: the public notice board of 龙南村, and a reference
 * certificate issued by 石角社区's admin, verified publicly, revoked, and then shown as revoked.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class HonoursBrowserJourneyTest extends PhoneJourney {
    @Override
    protected String journeyName() {
        return "honours-journey";
    }

    @Test
    void theVillageBoardReadsOnA360PixelPhoneWithoutLogin() throws Exception {
        driver.manage().deleteAllCookies();
        browser.get("/board");
        wait.until(d -> d.findElement(By.id("board-index")).getText().contains("龙南村"));
        browser.click(By.linkText("龙南村"));
        wait.until(d -> d.findElement(By.id("board-village")).getText().equals("龙南村"));
        step = "board";
        assertThat(driver.getCurrentUrl()).endsWith("/board/441821100201");
        assertThat(browser.text(By.id("board-page"))).contains("正在公示").contains("积分排行").contains("荣誉榜").contains("积分细则");
        assertThat(driver.findElement(By.id("read-aloud")).isDisplayed()).isTrue();
        assertThat(((Number) browser.js("return window.innerWidth")).intValue()).isEqualTo(360);
        browser.assertNoHorizontalScroll();
        Number fontPx = (Number) browser.js(
                "return parseFloat(getComputedStyle(document.querySelector('#board-page')).fontSize)");
        assertThat(fontPx.doubleValue()).as("large type").isGreaterThanOrEqualTo(20.0);
        Path shot = browser.screenshot("board-360");
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        String html = driver.getPageSource();
        assertThat(html).doesNotContainPattern("1[3-9]\\d{9}").doesNotContain("**********");
        step = "done";
    }

    @Test
    void aCertificateIsIssuedVerifiedPubliclyRevokedAndThenShownRevoked() {
        browser.logIn("demo-v06", "demo-village");
        browser.get("/console/certificates?village=441821100206");
        step = "issue-form";
        browser.type(By.id("passbook"), "441821100206-0003");
        ((JavascriptExecutor) driver).executeScript("document.getElementById('purpose').value = 'RESERVE_CADRE';"
                + "document.getElementById('from').value = arguments[0]; document.getElementById('to').value = arguments[1];",
                LocalDate.now(ZoneId.of("Asia/Shanghai")).withDayOfYear(1).toString(),
                LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
        browser.click(By.id("issue-certificate"));
        wait.until(d -> d.findElements(By.id("certificate-serial")).size() == 1);
        step = "issued";
        String serial = browser.text(By.id("certificate-serial"));
        assertThat(serial).startsWith("JFZM-441821100206-");
        String verifyUrl = driver.findElement(By.id("verify-link")).getAttribute("href");
        browser.screenshot("certificate-issued");

        driver.manage().deleteAllCookies();
        driver.get(verifyUrl);
        wait.until(d -> d.findElement(By.id("verify-status")).isDisplayed());
        step = "verified";
        assertThat(browser.text(By.id("verify-status"))).contains("真实有效");
        assertThat(browser.text(By.id("verify-page"))).contains(serial).contains("石角社区");
        browser.assertNoHorizontalScroll();
        browser.screenshot("certificate-verified");

        browser.logIn("demo-v06", "demo-village");
        browser.get("/console/certificates?village=441821100206");
        browser.click(By.linkText(serial));
        browser.type(By.id("reason"), "信息有误，作废重开");
        browser.click(By.id("revoke"));
        wait.until(d -> d.findElement(By.id("verify-status")).getText().contains("作废"));
        step = "revoked";

        driver.manage().deleteAllCookies();
        driver.get(verifyUrl);
        wait.until(d -> d.findElement(By.id("verify-status")).isDisplayed());
        assertThat(browser.text(By.id("verify-status"))).contains("已于").contains("作废").contains("信息有误");
        assertThat(browser.text(By.id("verify-page"))).doesNotContain("真实有效");
        browser.screenshot("certificate-revoked");
        step = "done";
    }

}
