package cn.jifen.market;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.FakeCamera;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.documents.QrCodes;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.Role;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Scanning a passbook on a phone without typing: headless Chromium films the passbook's QR code (made
 * by the passbook's own {@link QrCodes}) with a fake camera, and the counter and the grid worker's
 * record form find the household from it. The JavaScript decoder (jsQR, served by Jifen) is always
 * exercised by removing {@code BarcodeDetector} first, as on iOS Safari and WeChat; where this Chromium
 * has a BarcodeDetector that reads QR codes, the native path is exercised too.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class PassbookScanBrowserTest extends Db {
    @LocalServerPort int port;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Ledger ledger;
    @TempDir Path temp;

    MarketFixture f;
    Browser browser;
    String step = "start";

    @BeforeEach
    void open() throws Exception {
        f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds,
                windows, ledger), 1);
        f.earn(0, 120);
        Path video = FakeCamera.y4m(QrCodes.png(f.number(0), 360), temp.resolve("passbook-qr.y4m"));
        browser = Browser.phone(FakeCamera.switches(video)).at(port);
        browser.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.screenshot("passbook-scan-last-" + step);
            browser.close();
        }
    }

    @Test
    void theCounterFindsTheHouseholdFromThePassbookQrFilmedByThePhoneCamera() {
        browser.logIn(f.keeper.username(), "Keeper-pass-2026");
        String counter = "/console/market/" + f.v() + "/" + f.supermarketId + "/counter";
        for (String decoder : decoders(counter)) {
            step = "counter-" + decoder;
            browser.get(counter);
            browser.js("sessionStorage.removeItem('jifen.scanDecoder')");
            if (decoder.equals("jsqr")) {
                browser.js("delete window.BarcodeDetector");
            }
            assertThat(browser.text(By.id("passbook"))).isEmpty();
            browser.click(By.id("mk-scan"));
            browser.wait.until(d -> d.getCurrentUrl().contains("passbook="));
            browser.wait.until(d -> !d.findElements(By.id("mk-available")).isEmpty());
            assertThat(browser.text(By.id("mk-available"))).isEqualTo("120");
            assertThat(browser.text(By.id("mk-head"))).isEqualTo("户主1");
            assertThat(browser.driver.findElement(By.id("passbook")).getAttribute("value")).isEqualTo(f.number(0));
            assertThat(browser.js("return sessionStorage.getItem('jifen.scanDecoder')")).isEqualTo(decoder);
            browser.assertNoHorizontalScroll();
            browser.screenshot("passbook-scan-counter-" + decoder);
        }
        step = "done";
    }

    @Test
    void theGridWorkersRecordFormFindsTheHouseholdFromThePassbookQrWithTheJavaScriptDecoder() {
        users.createUnchecked("gw" + f.village.code(), "网格员甲", "Grid-pass-2026", Role.GRID_WORKER,
                f.h(0).gridId(), null, null, false);
        browser.logIn("gw" + f.village.code(), "Grid-pass-2026");
        step = "record-form";
        browser.get("/console/claims/new");
        browser.js("delete window.BarcodeDetector");
        browser.click(By.id("claim-scan"));
        browser.wait.until(d -> d.getCurrentUrl().contains("passbook="));
        browser.wait.until(d -> !d.findElements(By.id("itemCode")).isEmpty());
        assertThat(browser.text(By.cssSelector("main"))).contains(f.number(0)).contains("户主1");
        assertThat(browser.js("return sessionStorage.getItem('jifen.scanDecoder')")).isEqualTo("jsqr");
        browser.assertNoHorizontalScroll();
        browser.screenshot("passbook-scan-record-form");
        step = "done";
    }

    /** jsQR always; the browser's own BarcodeDetector as well where this Chromium reads QR codes with it. */
    private List<String> decoders(String page) {
        browser.get(page);
        Object nativeQr = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                if (!('BarcodeDetector' in window)) { done(false); return; }
                BarcodeDetector.getSupportedFormats().then(f => done(f.includes('qr_code'))).catch(() => done(false));""");
        List<String> decoders = new ArrayList<>(List.of("jsqr"));
        if (Boolean.TRUE.equals(nativeQr)) {
            decoders.add("barcode-detector");
        } else {
            System.out.println("[browser] this Chromium has no BarcodeDetector for QR codes: only the jsQR path is tested");
        }
        return decoders;
    }
}
