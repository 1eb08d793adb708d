package cn.jifen.market;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.Role;
import cn.jifen.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A redemption day on a phone-sized headless Chromium: the keeper types a passbook number at the
 * counter, sells three products, opens the receipt (and its PDF), then sells rice the household is
 * short of points for, with the cash top-up (补差价) ticked; the villager's passbook and the
 * stock ledger both show it. The counter also fits a tablet without sideways scrolling.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class MarketBrowserJourneyTest extends PhoneJourney {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Ledger ledger;

    @Override
    protected String journeyName() {
        return "market-journey";
    }

    @Test
    void aKeeperSellsThreeProductsOnAPhoneAndThePassbookAndStockLedgerShowIt() {
        MarketFixture f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods,
                funds, windows, ledger), 1);
        f.earn(0, 200);
        Product rice = f.product("大米（5公斤）", 100, 10, "32.00");
        Product soap = f.product("香皂", 10, 30, "3.50");
        Product towel = f.product("毛巾", 15, 20, "6.00");
        String number = f.number(0);
        users.createUnchecked(number, "户主1", "Villager-2026", Role.VILLAGER, f.v(), f.h(0).id(), null, false);

        step = "counter";
        browser.logIn(f.keeper.username(), "Keeper-pass-2026");
        browser.get("/console/market");
        browser.click(By.linkText("测试积分超市"));
        browser.click(By.id("nav-counter"));
        browser.type(By.id("passbook"), number);
        browser.click(By.id("mk-find-submit"));
        wait.until(d -> browser.text(By.id("mk-available")).equals("200"));
        assertThat(browser.text(By.id("mk-head"))).isEqualTo("户主1");
        plus(rice);
        plus(soap);
        plus(soap);
        plus(towel);
        wait.until(d -> browser.text(By.id("mk-total")).equals("135"));
        assertThat(browser.text(By.id("mk-after"))).isEqualTo("65");
        browser.assertNoHorizontalScroll();
        browser.screenshot("market-journey-basket");

        step = "confirm";
        browser.click(By.id("mk-confirm"));
        wait.until(d -> d.getCurrentUrl().matches(".*/redemptions/\\d+$"));
        assertThat(browser.text(By.id("mk-receipt-points"))).isEqualTo("135");
        assertThat(browser.text(By.id("mk-receipt-balance"))).isEqualTo("65");
        assertThat(driver.findElements(By.cssSelector("#mk-ticket tr.mk-line"))).hasSize(3);
        assertThat(browser.text(By.id("mk-ticket"))).contains("大米（5公斤）").contains("香皂").contains("毛巾")
                .contains("超市管理员k").contains("记账编号");
        browser.assertNoHorizontalScroll();
        browser.screenshot("market-journey-receipt");
        String pdfHref = driver.findElement(By.id("mk-ticket-pdf")).getAttribute("href");
        Object pdf = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done(r.headers.get('content-type') + ' '
                  + String.fromCharCode(...new Uint8Array(b.slice(0, 4)))))).catch(e => done('error ' + e));""", pdfHref);
        assertThat(pdf).isEqualTo("application/pdf %PDF");
        assertThat(f.balance(0)).isEqualTo(65);

        step = "ledger";
        browser.get("/console/market/" + f.v() + "/" + f.supermarketId + "/ledger");
        String ledgerText = browser.text(By.id("mk-ledger"));
        assertThat(ledgerText.split("兑换出库", -1)).hasSize(4);
        assertThat(ledgerText).contains("-2");

        step = "tablet";
        driver.manage().window().setSize(new Dimension(820, 1180));
        browser.get("/console/market/" + f.v() + "/" + f.supermarketId + "/counter?passbook=" + number);
        wait.until(d -> browser.text(By.id("mk-available")).equals("65"));
        browser.assertNoHorizontalScroll();
        browser.screenshot("market-journey-tablet");
        driver.manage().window().setSize(new Dimension(360, 740));

        step = "top-up";
        // the village lets the keeper take cash for points the household lacks (补差价)
        windows.setAllowCashTopUp(f.admin, f.village.code(), true);
        browser.get("/console/market/" + f.v() + "/" + f.supermarketId + "/counter?passbook=" + number);
        wait.until(d -> browser.text(By.id("mk-available")).equals("65"));
        plus(rice);
        // 100 points of rice against 65: 35 short of 100 at ¥32.00 is ¥11.20
        wait.until(d -> !d.findElements(By.id("mk-topup")).isEmpty());
        assertThat(browser.text(By.cssSelector(".mk-topup"))).contains("35").contains("11.20");
        WebElement tick = driver.findElement(By.id("mk-topup"));
        browser.click(By.id("mk-topup"));
        // ticking is a change too: wait for the summary htmx re-renders after it, then the tick must still be there
        wait.until(ExpectedConditions.stalenessOf(tick));
        wait.until(d -> d.findElements(By.cssSelector(".htmx-request")).isEmpty());
        assertThat(driver.findElement(By.id("mk-topup")).isSelected()).as("补差价 still ticked after the re-render").isTrue();
        browser.screenshot("market-journey-top-up");
        browser.click(By.id("mk-confirm"));
        wait.until(d -> d.getCurrentUrl().matches(".*/redemptions/\\d+$"));
        assertThat(browser.text(By.id("mk-receipt-points"))).isEqualTo("65");
        assertThat(browser.text(By.id("mk-receipt-balance"))).isEqualTo("0");
        assertThat(browser.text(By.id("mk-receipt-cash"))).contains("11.20");
        browser.assertNoHorizontalScroll();
        browser.screenshot("market-journey-top-up-receipt");
        assertThat(f.balance(0)).isZero();

        step = "villager";
        browser.logIn(number, "Villager-2026");
        browser.get("/me/passbook");
        wait.until(d -> d.findElement(By.id("statement")).getText().contains("积分超市兑换"));
        assertThat(browser.text(By.id("statement"))).contains("-135");
        browser.get("/me/market");
        assertThat(browser.text(By.id("mk-mine"))).contains("大米（5公斤）×1").contains("香皂×2").contains("毛巾×1");
        browser.assertNoHorizontalScroll();
        browser.screenshot("market-journey-villager");
        step = "done";
    }

    private void plus(Product p) {
        browser.click(By.cssSelector("button[data-for='q_" + p.id() + "'][data-step='1']"));
    }

}
