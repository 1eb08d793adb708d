package cn.jifen.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * A grid worker's draft (草稿) on a 360 px phone (headless Chromium): on the record form it types only a note —
 * the rule item still to be checked with the village — and saves a draft; the home says 已存为草稿 and lists it
 * under 我的草稿; 继续 opens the form filled in; it chooses the item and submits; the claim waits for review and
 * the draft is gone from the home and the database. Screenshots: screenshots/roles/grid-worker-draft-&lt;step&gt;.png.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class DraftBrowserTest extends Db {
    static final String VILLAGE = "441821100201";
    /** demo-grid's grid (龙南村第一网格). */
    static final String GRID = VILLAGE + "-G1";

    @LocalServerPort int port;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

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
                browser.screenshot("roles/grid-worker-draft-failed-at-" + step);
            }
        } catch (RuntimeException ignored) {
            // the driver may be gone already
        } finally {
            browser.close();
        }
    }

    @Test
    void theGridWorkerSavesADraftFindsItOnItsHomeAndSubmitsItFromThere() throws IOException {
        Household h = households.create(Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow()), VILLAGE,
                new HouseholdDraft(Actors.code("DB"), GRID, "龙南村草稿路1号", false,
                        List.of(new ResidentDraft("黄秀英", "户主", "女", "1958", null, null, false, null, false))));
        Files.createDirectories(Browser.screenshotDir().resolve("roles"));
        browser = Browser.phone().at(port);
        browser.wait.ignoring(StaleElementReferenceException.class);

        step = "1-form";
        browser.logIn("demo-grid", "demo-grid");
        browser.wait.until(ExpectedConditions.urlMatches("/console/?$"));
        browser.click(By.id("home-record"));
        browser.type(By.id("passbook"), h.passbookNumber());
        browser.click(By.cssSelector("form[action$='/console/claims/new'] button[type=submit]"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("draft-save")));
        browser.type(By.id("note"), "户主说参加了议事会，细则要问村里");
        page();
        browser.click(By.id("draft-save"));

        step = "2-home";
        browser.wait.until(ExpectedConditions.urlMatches("/console/?$"));
        assertThat(browser.text(By.id("home-notice"))).isEqualTo("已存为草稿。");
        By line = By.xpath("//section[@id='home-drafts']//li[contains(., '" + h.passbookNumber() + "')]");
        assertThat(browser.text(line)).contains("黄秀英", "未选细则", "保存于");
        page();
        WebElement go = browser.driver.findElement(line).findElement(By.cssSelector("a[id^='draft-continue-']"));
        browser.click(go);

        step = "3-continue";
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("draft-note")));
        assertThat(browser.driver.findElement(By.id("note")).getAttribute("value")).isEqualTo("户主说参加了议事会，细则要问村里");
        WebElement item = browser.wait.until(ExpectedConditions.elementToBeClickable(By.id("itemCode")));
        browser.js("arguments[0].scrollIntoView({block: 'center'})", item);
        new Select(item).selectByValue("ZL01");
        page();
        browser.click(By.id("record-submit"));

        step = "4-recorded";
        browser.wait.until(d -> d.getCurrentUrl().matches(".*/console/claims/\\d+/\\d+$"));
        assertThat(browser.text(By.id("claim-status"))).isEqualTo("待审核");
        page();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM claim_draft WHERE village_id = :v AND household_id = :h")
                .param("v", h.villageId()).param("h", h.id()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v AND household_id = :h AND item_code = 'ZL01'")
                .param("v", h.villageId()).param("h", h.id()).query(Long.class).single()).isEqualTo(1);
        browser.get("/console");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("home-record")));
        assertThat(browser.driver.findElements(line)).isEmpty();
        passed = true;
    }

    /** The page has settled: no sideways scrolling at 360 px, and a screenshot. */
    private void page() {
        browser.settled("roles/grid-worker-draft-" + step);
    }
}
