package cn.jifen.wishes;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.market.Fund;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Movement;
import cn.jifen.market.Product;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.TestDatabase;
import java.math.BigDecimal;
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
 * The wish list on a 360 px phone: a villager of 龙南村 proposes goods, a neighbour supports the wish, the keeper
 * bought it (the purchase is booked beforehand, as the keeper does in the stock ledger) and marks the wish fulfilled
 * with that purchase, and the villager sees it 已实现. Screenshots in target/screenshots/wishes-*.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class WishesBrowserJourneyTest extends PhoneJourney {
    static final String VILLAGE = "441821100201";
    static final String PROPOSER = VILLAGE + "-0001";
    static final String NEIGHBOUR = VILLAGE + "-0002";

    @Autowired JdbcClient jdbc;
    @Autowired Users users;
    @Autowired OrgUnits orgUnits;
    @Autowired Supermarkets supermarkets;
    @Autowired Funds funds;
    @Autowired Goods goods;

    @Override
    protected String journeyName() {
        return "wishes";
    }

    /** The neighbour's villager account (the demo county opens only 0001's). */
    private void neighbourAccount() {
        if (jdbc.sql("SELECT COUNT(*) FROM app_user WHERE username = :u").param("u", NEIGHBOUR).query(Long.class).single() == 0) {
            long[] h = jdbc.sql("SELECT village_id, household_id FROM passbook WHERE number = :n").param("n", NEIGHBOUR)
                    .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
            users.createUnchecked(NEIGHBOUR, "邻居", "123456", Role.VILLAGER, h[0], h[1], null, false);
        }
    }

    /** The keeper's purchase of the wished goods, booked in the stock ledger with the collective fund. */
    private Movement purchase(String name) {
        OrgUnit village = orgUnits.byCode(VILLAGE).orElseThrow();
        Actor system = Actor.system("/");
        long sm = supermarkets.ofVillage(village.id()).get(0).id();
        long fund = funds.funds(village.id()).stream().filter(f -> "COLLECTIVE".equals(f.kind())).map(Fund::id)
                .findFirst().orElseThrow();
        Product p = goods.create(system, village.id(), sm, new Goods.ProductDraft(name + "（大瓶）", "瓶", "粮油", 2, 30,
                new BigDecimal("9.80")));
        return goods.purchase(system, village.id(), p.id(), 10, new BigDecimal("98.00"), "佛冈县供销社", fund, null);
    }

    @Test
    void aVillagersWishIsSupportedFulfilledByTheKeeperAndShownAsFulfilled() {
        neighbourAccount();
        String goodsName = "浏览器测试酱油" + System.nanoTime() % 100000;

        step = "propose";
        browser.logIn(PROPOSER, "123456");
        browser.get("/me/wishes");
        browser.type(By.id("wish-name"), goodsName);
        browser.type(By.id("wish-note"), "家里老人爱吃");
        browser.click(By.id("wish-submit"));
        wait.until(d -> d.findElement(By.id("notice")).getText().contains(goodsName));
        WebElement li = driver.findElements(By.cssSelector("#wishes li.wish")).stream()
                .filter(e -> e.getText().contains(goodsName)).findFirst().orElseThrow();
        String id = li.getDomAttribute("id").replace("wish-", "");
        assertThat(li.getText()).contains("1 户想要").contains("已支持");
        browser.assertNoHorizontalScroll();
        browser.screenshot("wishes-proposed");

        step = "support";
        browser.logIn(NEIGHBOUR, "123456");
        browser.get("/me/wishes");
        browser.click(By.id("support-" + id));
        wait.until(d -> d.findElement(By.id("notice")).getText().contains("2 户想要"));
        assertThat(browser.text(By.id("wish-" + id))).contains("已支持");
        browser.assertNoHorizontalScroll();
        browser.screenshot("wishes-supported");

        step = "fulfil";
        Movement bought = purchase(goodsName);
        browser.logIn("demo-keeper", "demo-keeper");
        browser.get("/console/wishes");
        browser.click(By.cssSelector("#wish-" + id + " details.wish-actions summary"));
        new Select(driver.findElement(By.id("fulfil-movement-" + id))).selectByValue(String.valueOf(bought.id()));
        browser.assertNoHorizontalScroll();
        browser.screenshot("wishes-keeper-fulfils");
        browser.click(By.id("fulfil-" + id));
        wait.until(d -> d.findElement(By.id("notice")).getText().contains(goodsName));
        assertThat(browser.text(By.id("wish-" + id))).contains("已实现").contains(goodsName + "（大瓶）");

        step = "villager-sees";
        browser.logIn(PROPOSER, "123456");
        browser.get("/me/wishes");
        wait.until(d -> d.findElement(By.id("wish-" + id)).getText().contains("已实现"));
        assertThat(browser.text(By.id("my-wishes"))).contains(goodsName).contains("已实现");
        browser.assertNoHorizontalScroll();
        browser.screenshot("wishes-fulfilled");
        step = "done";
    }
}
