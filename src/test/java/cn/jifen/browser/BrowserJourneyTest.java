package cn.jifen.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * End to end on a phone-sized headless Chromium against the app on a random port: a village
 * clerk logs in, imports a roster, opens an imported household's passbook; then a villager logs in
 * and sees their own passbook. Screenshots of every step go to the build folder's screenshots/.
 * Skipped without /usr/bin/chromium and /usr/bin/chromedriver, except under CI=true where it fails.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class BrowserJourneyTest extends Db {
    static final String VILLAGE = "441821100201";

    @LocalServerPort
    int port;

    private Browser browser;
    private Path tempDir;
    private String step = "start";
    private boolean failed = true;

    @BeforeEach
    void openBrowser() throws Exception {
        tempDir = Files.createTempDirectory("jifen-e2e-");
        browser = Browser.phone();
        assertThat(browser.innerWidth()).as("viewport width of the phone-sized window").isEqualTo(360);
    }

    @AfterEach
    void closeBrowser() {
        try {
            if (browser != null && failed) {
                browser.screenshot("failed-at-" + step);
                System.err.println("[browser] failed at step '" + step + "' on " + browser.driver.getCurrentUrl());
            }
        } catch (RuntimeException ignored) {
            // the driver may be gone already
        } finally {
            if (browser != null) {
                browser.close();
            }
            Browser.deleteQuietly(tempDir);
        }
    }

    @Test
    void clerkImportsRosterAndVillagerSeesPassbook() throws Exception {
        // a. the village clerk logs in and lands on the console
        step = "a-login";
        logIn("demo-village", "demo-village");
        browser.wait.until(ExpectedConditions.urlMatches("/console/?$"));
        assertNoOverflow();
        browser.screenshot("a-console");

        // b. roster import
        step = "b-import";
        String prefix = "E2E-" + (System.currentTimeMillis() % 100_000);
        Path roster = RosterFile.twoHouseholds(tempDir, prefix, VILLAGE + "-G1", (int) (System.nanoTime() % 100_000_000));
        open("/console/import?village=" + VILLAGE);
        WebElement file = browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.name("file")));
        assertNoOverflow();
        browser.screenshot("b1-import-form");
        file.sendKeys(roster.toAbsolutePath().toString());
        browser.click(By.id("import-submit"));
        WebElement result = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("import-result")));
        browser.wait.until(d -> !d.findElement(By.id("import-result")).getText().isBlank());
        assertThat(result.getText()).as("import result").contains("导入完成");
        assertNoOverflow();
        browser.screenshot("b2-import-result");

        // c. the imported household's passbook
        step = "c-passbook";
        String ref = prefix + "-1";
        open("/console/villages/" + VILLAGE + "/households?q=" + ref);
        WebElement link = browser.wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("table#households tbody tr td:first-child a")));
        assertThat(browser.driver.findElements(By.cssSelector("table#households tbody tr td:first-child a")))
                .as("households matching %s", ref).hasSize(1);
        assertNoOverflow();
        browser.screenshot("c1-households-search");
        String listed = link.getText().strip();
        link.click();
        WebElement number = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("passbook-number")));
        assertThat(number.getText().strip()).startsWith(VILLAGE + "-").isEqualTo(listed);
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("陈建国", "黄秀英", ref);
        assertNoOverflow();
        browser.screenshot("c2-household-passbook");

        // d. log out; the villager logs in and sees their own passbook
        step = "d-villager";
        browser.click(By.cssSelector("header details.menu-account > summary"));   // the account group of the menu
        browser.click(By.cssSelector("header form[action$='/logout'] button[type=submit]"));
        browser.wait.until(ExpectedConditions.urlContains("/login"));
        logIn(VILLAGE + "-0001", "123456");
        browser.wait.until(ExpectedConditions.urlMatches("/me/?$"));
        WebElement mine = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("passbook-number")));
        assertThat(mine.getText().strip()).isEqualTo(VILLAGE + "-0001");
        assertNoOverflow();
        browser.screenshot("d-villager-me");
        failed = false;
    }

    private void logIn(String username, String password) {
        open("/login");
        WebElement user = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        if (step.startsWith("a")) {
            browser.screenshot("a0-login");
        }
        user.clear();
        user.sendKeys(username);
        WebElement pass = browser.driver.findElement(By.name("password"));
        pass.clear();
        pass.sendKeys(password);
        browser.click(By.id("login-submit"));
        browser.wait.until(d -> !d.getCurrentUrl().matches(".*/login/?$"));
        assertThat(browser.driver.getCurrentUrl()).as("after logging in as %s", username).doesNotContain("/login");
    }

    private void open(String path) {
        browser.driver.get("http://localhost:" + port + path);
    }

    private void assertNoOverflow() {
        browser.wait.until(d -> "complete".equals(browser.js("return document.readyState")));
        assertThat(browser.overflow()).as("horizontal overflow at 360 px on " + browser.driver.getCurrentUrl()).isNull();
    }
}
