package cn.jifen.market;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.FakeCamera;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.documents.QrCodes;
import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Scanning a passbook on a phone without typing: headless Chromium films the QR code of a demo passbook
 * (made by the passbook's own {@link QrCodes}) with a fake camera, and the counter and the grid worker's
 * record form find the household from it. The JavaScript decoder (jsQR, served by Jifen) is always
 * exercised by removing {@code BarcodeDetector} first, as on iOS Safari and WeChat; where this Chromium
 * has a BarcodeDetector that reads QR codes, the native path is exercised too.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class PassbookScanBrowserTest extends Db {
    /** The first passbook of the demo county's 龙南村, as printed on its cover. */
    static final String DEMO_PASSBOOK = "441821100201-0001";

    @LocalServerPort int port;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @TempDir Path temp;

    Household household;
    OrgUnit village;
    Browser browser;
    String step = "start";

    @BeforeEach
    void open() throws Exception {
        Actor county = Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow());
        household = households.byPassbook(county, DEMO_PASSBOOK);
        village = orgUnits.byCode("441821100201").orElseThrow();
        Path video = FakeCamera.y4m(QrCodes.png(DEMO_PASSBOOK, 360), temp.resolve("passbook-qr.y4m"));
        browser = Browser.phone(FakeCamera.switches(video)).at(port);
        browser.wait.ignoring(StaleElementReferenceException.class);
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
        long supermarketId = supermarkets.servingVillage(village.id()).get(0).id();
        String keeper = Actors.code("kpscan");
        users.createUnchecked(keeper, "扫码超市管理员", "Keeper-pass-2026", Role.KEEPER, village.id(), null, null, false);
        supermarkets.assignKeeper(new Actor(-2, "test-admin-scan", "村管理员甲", Role.VILLAGE_ADMIN, village.id(),
                village.path(), null, "127.0.0.1"), village.id(), supermarketId, keeper);
        browser.logIn(keeper, "Keeper-pass-2026");
        String counter = "/console/market/" + village.id() + "/" + supermarketId + "/counter";
        for (String decoder : decoders(counter)) {
            step = "counter-" + decoder;
            browser.get(counter);
            browser.js("sessionStorage.removeItem('jifen.scanDecoder')");
            if (decoder.equals("jsqr")) {
                browser.js("delete window.BarcodeDetector");
            }
            assertThat(browser.driver.findElement(By.id("passbook")).getAttribute("value")).isEmpty();
            browser.click(By.id("mk-scan"));
            browser.wait.until(d -> d.getCurrentUrl().contains("passbook="));
            browser.wait.until(d -> !d.findElements(By.id("mk-head")).isEmpty());
            assertThat(browser.text(By.cssSelector("#mk-customer .passbook-no"))).isEqualTo(DEMO_PASSBOOK);
            assertThat(browser.text(By.id("mk-head"))).isEqualTo(household.head().name());
            assertThat(browser.driver.findElement(By.id("passbook")).getAttribute("value")).isEqualTo(DEMO_PASSBOOK);
            assertThat(browser.js("return sessionStorage.getItem('jifen.scanDecoder')")).isEqualTo(decoder);
            browser.assertNoHorizontalScroll();
            browser.screenshot("passbook-scan-counter-" + decoder);
        }
        step = "done";
    }

    @Test
    void theGridWorkersRecordFormFindsTheHouseholdFromThePassbookQrWithTheJavaScriptDecoder() {
        String gridWorker = Actors.code("gwscan");
        users.createUnchecked(gridWorker, "扫码网格员", "Grid-pass-2026", Role.GRID_WORKER, household.gridId(), null,
                null, false);
        browser.logIn(gridWorker, "Grid-pass-2026");
        step = "record-form";
        browser.get("/console/claims/new");
        browser.js("delete window.BarcodeDetector");
        browser.click(By.id("claim-scan"));
        browser.wait.until(d -> d.getCurrentUrl().contains("passbook="));
        browser.wait.until(d -> !d.findElements(By.id("itemCode")).isEmpty());
        assertThat(browser.text(By.cssSelector("main"))).contains(DEMO_PASSBOOK).contains(household.head().name());
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
