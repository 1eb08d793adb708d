package cn.jifen.party;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.support.TestDatabase;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * On a 360 px phone, 石角社区's village admin acting for the branch: sets a member's class (流动党员, with where they
 * work), opens the democratic review, enters a paper ballot, computes the year's ratings and sees the member's
 * stars with the ballot counted.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class PartyBrowserJourneyTest extends PhoneJourney {
    private static final String VILLAGE = "441821100206";

    @Override
    protected String journeyName() {
        return "party-journey";
    }

    @Test
    void theBranchSetsAClassEntersABallotAndSeesTheRating() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        browser.logIn("demo-v06", "demo-village");
        browser.get("/console/party?village=" + VILLAGE);
        wait.until(d -> d.findElements(By.cssSelector("#party-members tbody tr[data-resident]")).size() >= 2);
        step = "members";
        browser.assertNoHorizontalScroll();
        browser.screenshot("party-members-360");
        List<WebElement> rows = driver.findElements(By.cssSelector("#party-members tbody tr[data-resident]"));
        String first = rows.get(0).getAttribute("data-resident");
        String second = rows.get(1).getAttribute("data-resident");
        String secondName = rows.get(1).findElement(By.tagName("a")).getText();

        // 分类: the first member works away
        rows.get(0).findElement(By.tagName("a")).click();
        wait.until(d -> d.findElements(By.id("class-form")).size() == 1);
        step = "member";
        new Select(driver.findElement(By.id("classCode"))).selectByValue("MOBILE");
        browser.type(By.id("worksAt"), "东莞市长安镇");
        browser.type(By.id("class-reason"), "春节后外出务工");
        browser.click(By.id("save-class"));
        wait.until(d -> d.findElement(By.id("party-notice")).getText().contains("分类已保存"));
        assertThat(browser.text(By.id("class-history"))).contains("流动党员").contains("东莞市长安镇").contains("春节后外出务工");
        browser.assertNoHorizontalScroll();
        browser.screenshot("party-member-360");

        // 民主评议: open the review, then enter a printed ballot of the first member marking the second 优秀
        browser.get("/console/party/rating?village=" + VILLAGE);
        wait.until(d -> d.findElements(By.id("window-form")).size() == 1);
        step = "window";
        browser.js("document.getElementById('opens').value = arguments[0]; document.getElementById('closes').value = arguments[1];",
                today.minusDays(1).toString(), today.plusDays(10).toString());
        browser.click(By.id("save-window"));
        wait.until(d -> d.findElement(By.id("party-notice")).getText().contains("民主评议时间已保存"));

        browser.get("/console/party/ballots?village=" + VILLAGE);
        wait.until(d -> d.findElements(By.id("paper-form")).size() == 1);
        step = "ballot";
        new Select(driver.findElement(By.id("voterId"))).selectByValue(first);
        new Select(driver.findElement(By.id("mark-" + second))).selectByValue("EXCELLENT");
        browser.assertNoHorizontalScroll();
        browser.screenshot("party-ballot-360");
        browser.click(By.id("enter-ballot"));
        wait.until(d -> d.findElement(By.id("party-notice")).getText().contains("已录入 1 张选票"));

        // 评星: compute by the county's formula and see the second member's row with the ballot
        browser.get("/console/party/rating?village=" + VILLAGE);
        wait.until(d -> d.findElements(By.id("compute")).size() == 1);
        step = "rating";
        assertThat(browser.text(By.id("formula"))).contains("党员争优积分").contains("民主评议");
        browser.click(By.id("compute"));
        wait.until(d -> d.findElement(By.id("party-notice")).getText().contains("已按公式计算"));
        WebElement row = driver.findElement(By.cssSelector("#ratings tr[data-resident='" + second + "']"));
        assertThat(row.getText()).contains(secondName).contains("★");
        assertThat(row.findElements(By.tagName("td")).get(4).getText()).startsWith("1/");
        assertThat(row.findElements(By.tagName("td")).get(5).getText()).isEqualTo("100");
        browser.assertNoHorizontalScroll();
        browser.screenshot("party-rating-360");
        step = "done";
    }
}
