package cn.jifen.stats;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.TestDatabase;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The county admin opens the statistics dashboard, drills down from the county to a (throwaway) town and
 * one of its villages, opens the village's monthly report and downloads its .xlsx in the browser; the
 * workbook's figures are those of the postings this test made.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class StatsBrowserJourneyTest extends PhoneJourney {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired Clock clock;

    @Override
    protected String journeyName() {
        return "stats-journey";
    }

    @Test
    void aCountyAdminDrillsDownToAVillageAndDownloadsItsMonthlyWorkbook() throws Exception {
        Actor county = Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow());
        OrgUnit town = orgUnits.create(county, "441821", Actors.code("T"), "浏览统计镇", null);
        OrgUnit village = orgUnits.create(county, town.code(), Actors.code("V"), "浏览统计村", "VILLAGE");
        OrgUnit grid = orgUnits.create(county, village.code(), Actors.code("G"), "一网格", null);
        List<Household> hh = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            hh.add(households.create(county, village.code(), new HouseholdDraft("000" + i, grid.code(), "一组", false,
                    List.of(new ResidentDraft("统计户主" + i, "户主", "男", "1960", null, null, false, null, false)))));
        }
        Actor admin = Actors.of(Role.VILLAGE_ADMIN, village);
        ledger.post(admin, PostingRequest.earn(village.id(), hh.get(0).id(), 40, "邻里互助", UUID.randomUUID().toString()));
        ledger.post(admin, PostingRequest.earn(village.id(), hh.get(1).id(), 25, "邻里互助", UUID.randomUUID().toString()));
        ledger.post(admin, PostingRequest.of(village.id(), hh.get(1).id(), PostingKind.REDEEM, 10, "兑换：大米",
                UUID.randomUUID().toString()));

        step = "login";
        driver.manage().deleteAllCookies();
        browser.get("/login");
        browser.type(By.name("username"), "demo-admin");
        browser.type(By.name("password"), "demo-admin");
        browser.click(By.id("login-submit"));
        wait.until(d -> !d.getCurrentUrl().matches(".*/login/?(\\?.*)?$"));

        step = "county";
        browser.get("/console/stats");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("figures")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("佛冈县");
        wait.until(d -> ((JavascriptExecutor) d).executeScript(
                "return document.querySelector('#chart-compare canvas') !== null"));   // the bar chart was drawn
        browser.screenshot("stats-county");

        step = "town";
        browser.click(By.cssSelector("#compare a[data-unit='" + town.code() + "']"));
        wait.until(d -> d.findElement(By.tagName("h1")).getText().contains("浏览统计镇"));
        assertThat(figure("pointsIssued")).isEqualTo("65");

        step = "village";
        browser.click(By.cssSelector("#compare a[data-unit='" + village.code() + "']"));
        wait.until(d -> d.findElement(By.tagName("h1")).getText().contains("浏览统计村"));
        assertThat(figure("pointsIssued")).isEqualTo("65");
        assertThat(figure("pointsOutstanding")).isEqualTo("55");
        assertThat(driver.findElements(By.cssSelector("#households tbody tr"))).hasSize(2);
        browser.screenshot("stats-village");

        step = "report";
        browser.click(By.id("report-month"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report-xlsx")));
        browser.screenshot("stats-report");
        String href = driver.findElement(By.id("report-xlsx")).getAttribute("href");
        String base64 = (String) ((JavascriptExecutor) driver).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer()).then(b => {
                  var a = new Uint8Array(b), s = '';
                  for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
                  done(btoa(s));
                }).catch(e => done('ERROR ' + e));""", href);
        assertThat(base64).doesNotStartWith("ERROR");

        step = "workbook";
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            Sheet head = wb.getSheet("主要数字");
            assertThat(number(head, "发放积分")).isEqualTo(65);
            assertThat(number(head, "兑换积分")).isEqualTo(10);
            assertThat(number(head, "兑换人次")).isEqualTo(0);   // counted by the market module: none at a counter here
            assertThat(number(head, "期末结余积分（可兑换）")).isEqualTo(55);
            assertThat(number(head, "已办理积分存折（截至期末）")).isEqualTo(2);
            assertThat(number(head, "记账笔数")).isEqualTo(3);
            Sheet top = wb.getSheet("积分前十户");
            assertThat(top.getRow(1).getCell(1).getStringCellValue()).isEqualTo(hh.get(0).passbookNumber());
            assertThat((long) top.getRow(1).getCell(3).getNumericCellValue()).isEqualTo(40);
        }
        assertThat(LocalDate.now(clock).getDayOfMonth()).isPositive();
        step = "done";
    }

    private static long number(Sheet sheet, String label) {
        for (Row r : sheet) {
            if (label.equals(r.getCell(0).getStringCellValue())) {
                return (long) r.getCell(1).getNumericCellValue();
            }
        }
        throw new AssertionError("no row " + label);
    }

    private String figure(String name) {
        return driver.findElement(By.cssSelector("[data-figure='" + name + "'] .value")).getText().strip();
    }

}
