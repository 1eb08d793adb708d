package cn.jifen.proposals;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.support.TestDatabase;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A village vote on a 360 px phone: 龙南村's admin writes and publishes a proposal voted on today; the villager sees
 * it on the home page and votes; the admin ends the vote; the public board shows the counts. Screenshots in
 * target/screenshots/proposals-*.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class ProposalsBrowserJourneyTest extends PhoneJourney {
    static final String VILLAGE = "441821100201";
    static final String VILLAGER = VILLAGE + "-0001";

    @Override
    protected String journeyName() {
        return "proposals";
    }

    @Test
    void theAdminPublishesTheVillagerVotesOnThePhoneAndTheBoardShowsTheResult() {
        String title = "路灯装在哪里 " + System.nanoTime() % 100000;
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

        step = "write";
        browser.logIn("demo-village", "demo-village");
        browser.get("/console/proposals?village=" + VILLAGE);
        browser.type(By.id("p-title"), title);
        browser.type(By.id("p-options"), "村口到祠堂\n祠堂到小学\n沿河路");
        new Select(driver.findElement(By.id("p-electorate"))).selectByValue("PER_HOUSEHOLD");
        browser.js("document.getElementById('p-opens').value = arguments[0];"
                + " document.getElementById('p-closes').value = arguments[0];", today);
        browser.assertNoHorizontalScroll();
        browser.click(By.id("p-create"));
        wait.until(d -> d.getCurrentUrl().matches(".*/console/proposals/\\d+/\\d+$"));
        String id = driver.getCurrentUrl().replaceAll(".*/", "");
        assertThat(browser.text(By.id("proposal-status"))).isEqualTo("草稿");

        step = "publish";
        browser.click(By.id("publish"));
        wait.until(d -> d.findElement(By.id("proposal-status")).getText().equals("投票中"));
        browser.assertNoHorizontalScroll();
        browser.screenshot("proposals-published");

        step = "vote";
        browser.logIn(VILLAGER, "123456");
        browser.get("/me");
        assertThat(browser.text(By.id("me-proposals"))).contains(title);
        browser.get("/me/proposals");
        browser.click(By.id("option-" + id + "-2"));
        browser.click(By.id("vote-" + id));
        wait.until(d -> d.findElement(By.id("notice")).isDisplayed());
        assertThat(browser.text(By.id("ballot-" + id))).contains("已经投过票");
        browser.assertNoHorizontalScroll();
        browser.screenshot("proposals-villager-voted");

        step = "close";
        browser.logIn("demo-village", "demo-village");
        browser.get("/console/proposals?village=" + VILLAGE);
        browser.click(By.linkText(title));
        assertThat(browser.text(By.id("voters"))).contains(VILLAGER).contains("手机");
        browser.click(By.id("close"));
        wait.until(d -> d.findElement(By.id("proposal-status")).getText().equals("已公布结果"));
        assertThat(browser.text(By.id("proposal-results"))).contains("祠堂到小学");

        step = "board";
        // the board is cached for a few seconds: look again until the closed vote shows
        long until = System.currentTimeMillis() + 30_000;
        String board = "";
        while (System.currentTimeMillis() < until) {
            browser.get("/board/" + VILLAGE);
            board = browser.text(By.id("board-proposals"));
            if (board.contains(title)) {
                break;
            }
            sleep(2000);
        }
        assertThat(board).contains(title).contains("已投 1 票").contains("祠堂到小学");
        browser.assertNoHorizontalScroll();
        browser.screenshot("proposals-board");
        step = "done";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
