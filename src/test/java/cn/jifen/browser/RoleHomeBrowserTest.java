package cn.jifen.browser;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.documents.QrCodes;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.market.Fund;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Product;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * Each role's commonest job, started from the page the role lands on after logging in, on a 360 x 740 phone
 * (headless Chromium): the grid worker records a good deed, the village admin approves a claim from its queue,
 * the keeper redeems goods for a passbook filmed by the phone camera, and a villager (changing the initial
 * password first) reserves goods. Every page is checked for sideways scrolling and saved as
 * screenshots/roles/&lt;role&gt;-&lt;step&gt;.png in the build folder (the pictures in docs/roles/ come from here).
 *
 * <p>Taps are counted from the role's home to the confirmation: a tap is a click on a link or button (a form
 * submit included) or one choice in a drop-down; typing into a field is not a tap, the fields typed are counted
 * apart. The counts are printed, and a change that needs more taps than measured when this test was written fails.
 *
 * <p>Each test makes its own household (with points), accounts and stock in the demo county's 龙南村, so the
 * tests run in any order and alongside any other test.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class RoleHomeBrowserTest extends Db {
    static final String COUNTY = "441821";
    static final String VILLAGE = "441821100201";
    /** demo-grid's grid (龙南村第一网格). */
    static final String GRID = VILLAGE + "-G1";

    /** Measured when this test was written: 记一笔好事 from the grid worker's home (today 9 in the issue). */
    static final int RECORD_TAPS = 4;
    static final int RECORD_FIELDS = 1;
    /** 待审核 → a claim → 审核通过, from the village admin's home. */
    static final int REVIEW_TAPS = 3;
    /** From the keeper's landing page (the counter) to the receipt, one product (each further ＋ adds one). */
    static final int REDEEM_TAPS = 3;
    static final int REDEEM_FIELDS = 0;
    /** From the villager's home to the reservation, one product. */
    static final int RESERVE_TAPS = 3;

    private static final AtomicInteger SEQ = new AtomicInteger();

    @LocalServerPort int port;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Claims claims;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired JdbcClient jdbc;
    @TempDir Path temp;

    OrgUnit village;
    Actor admin;
    Browser browser;
    String role = "role";
    String step = "start";
    boolean passed;
    Taps taps;

    @BeforeEach
    void village() throws IOException {
        village = orgUnits.byCode(VILLAGE).orElseThrow();
        admin = Actors.of(Role.VILLAGE_ADMIN, village);
        Files.createDirectories(Browser.screenshotDir().resolve("roles"));
    }

    @AfterEach
    void close() {
        if (browser == null) {
            return;
        }
        try {
            if (!passed) {
                browser.screenshot("roles/" + role + "-failed-at-" + step);
                System.err.println("[browser] " + role + " failed at step '" + step + "' on " + browser.driver.getCurrentUrl());
            }
        } catch (RuntimeException ignored) {
            // the driver may be gone already
        } finally {
            browser.close();
        }
    }

    @Test
    void theGridWorkerRecordsAGoodDeedFromItsHomeByScanningThePassbook() throws IOException {
        Household h = household("陈志明", GRID, 0);
        open("grid-worker", passbookCamera(h));

        step = "1-home";
        browser.logIn("demo-grid", "demo-grid");
        browser.wait.until(ExpectedConditions.urlMatches("/console/?$"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("home-grid")));
        page();

        taps = new Taps("网格员 记一笔好事（工作台 → 记录已保存）");
        tap(By.id("home-record"), "记一笔好事");
        step = "2-find";
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("claim-scan")));
        page();
        tap(By.id("claim-scan"), "扫码");
        browser.wait.until(d -> d.getCurrentUrl().contains("passbook="));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("itemCode")));
        assertThat(browser.text(By.tagName("main"))).contains(h.passbookNumber()).contains("陈志明");
        choose(By.id("itemCode"), "ZY01", "细则：参加志愿服务活动");
        type(By.id("points"), "10", "分值");
        step = "3-form";
        page();
        tap(By.id("record-submit"), "提交");

        step = "4-recorded";
        browser.wait.until(d -> d.getCurrentUrl().matches(".*/console/claims/\\d+/\\d+$"));
        assertThat(browser.text(By.id("claim-status"))).isEqualTo("待审核");
        page();
        taps.report();
        long[] ids = claimIds();
        assertThat(jdbc.sql("SELECT status, household_id, points FROM claim WHERE village_id = :v AND id = :id")
                .param("v", ids[0]).param("id", ids[1])
                .query((rs, n) -> rs.getString(1) + " " + rs.getLong(2) + " " + rs.getInt(3)).single())
                .isEqualTo("RECORDED " + h.id() + " 10");
        assertThat(taps.taps).as("taps to record a good deed from the home").isLessThanOrEqualTo(RECORD_TAPS);
        assertThat(taps.fields).as("fields typed to record a good deed").isLessThanOrEqualTo(RECORD_FIELDS);
        passed = true;
    }

    @Test
    void theVillageAdminApprovesAClaimFromTheQueueOnItsHome() throws IOException {
        // the demo grid worker has recorded a good deed of a household of its grid (as the service behind its form does)
        Household h = household("黄丽芳", GRID, 0);
        OrgUnit grid = orgUnits.byCode(GRID).orElseThrow();
        long gridWorkerId = jdbc.sql("SELECT id FROM app_user WHERE username = 'demo-grid'").query(Long.class).single();
        long claimId = claims.record(new Actor(gridWorkerId, "demo-grid", "龙南村网格员", Role.GRID_WORKER, grid.id(),
                grid.path(), null, "127.0.0.1"), new ClaimDraft(village.id(), h.id(), null, "LL01", 20, today(), null,
                "帮邻居修好漏雨的屋顶", false)).id();
        open("village-admin");

        step = "1-home";
        browser.logIn("demo-village", "demo-village");
        browser.wait.until(ExpectedConditions.urlMatches("/console/?$"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("home-queues")));
        assertThat(Long.parseLong(browser.text(By.cssSelector("#queue-to-review strong"))))
                .as("待审核 count on the home").isPositive();
        page();

        taps = new Taps("村级管理员 审核（工作台 → 通过）");
        tap(By.id("queue-to-review"), "待审核");
        step = "2-queue";
        By claimLink = By.cssSelector("#claims a[href$='/console/claims/" + village.id() + "/" + claimId + "']");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(claimLink));
        page();
        tap(claimLink, "这条记录");
        step = "3-claim";
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("approve-submit")));
        assertThat(browser.text(By.id("claim-status"))).isEqualTo("待审核");
        assertThat(browser.text(By.tagName("main"))).contains(h.passbookNumber()).contains("帮邻居修好漏雨的屋顶");
        page();
        tap(By.id("approve-submit"), "审核通过");

        step = "4-approved";
        browser.wait.until(d -> browser.text(By.id("claim-status")).equals("公示中"));
        page();
        taps.report();
        assertThat(jdbc.sql("SELECT status FROM claim WHERE village_id = :v AND id = :id")
                .param("v", village.id()).param("id", claimId).query(String.class).single()).isEqualTo("IN_PUBLICITY");
        assertThat(taps.taps).as("taps to approve a claim from the home").isLessThanOrEqualTo(REVIEW_TAPS);
        assertThat(taps.fields).as("fields typed to approve a claim").isZero();
        passed = true;
    }

    @Test
    void theKeeperLandsOnTheCounterAndRedeemsForAPassbookFilmedByTheCamera() throws IOException {
        Household h = household("李秋萍", VILLAGE + "-G3", 150);
        long supermarketId = supermarkets.ofVillage(village.id()).get(0).id();
        Product soap = stocked(supermarketId, "香皂", 5);
        open("keeper", passbookCamera(h));

        step = "1-counter";
        browser.logIn("demo-keeper", "demo-keeper");
        browser.wait.until(ExpectedConditions.urlMatches(
                "/console/market/" + village.id() + "/" + supermarketId + "/counter/?$"));
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("mk-scan")));
        assertThat(browser.driver.findElement(By.id("passbook")).getAttribute("value")).isEmpty();
        page();

        taps = new Taps("超市管理员 柜台兑换（登录后的柜台 → 小票）");
        tap(By.id("mk-scan"), "扫码");
        step = "2-found";
        browser.wait.until(d -> d.getCurrentUrl().contains("passbook="));
        browser.wait.until(d -> browser.text(By.id("mk-available")).equals("150"));
        assertThat(browser.text(By.cssSelector("#mk-customer .passbook-no"))).isEqualTo(h.passbookNumber());
        assertThat(browser.text(By.id("mk-head"))).isEqualTo("李秋萍");
        page();
        tap(By.cssSelector("button[data-for='q_" + soap.id() + "'][data-step='1']"), "＋ 香皂");
        browser.wait.until(d -> browser.text(By.id("mk-total")).equals("10"));
        assertThat(browser.text(By.id("mk-after"))).isEqualTo("140");
        step = "3-basket";
        page();
        tap(By.id("mk-confirm"), "确认兑换");

        step = "4-receipt";
        browser.wait.until(d -> d.getCurrentUrl().matches(".*/redemptions/\\d+$"));
        assertThat(browser.text(By.id("mk-receipt-points"))).isEqualTo("10");
        assertThat(browser.text(By.id("mk-receipt-balance"))).isEqualTo("140");
        assertThat(browser.text(By.id("mk-ticket"))).contains("香皂").contains(h.passbookNumber());
        page();
        taps.report();
        assertThat(ledger.balance(village.id(), h.id())).isEqualTo(140);
        assertThat(taps.taps).as("taps to redeem at the counter").isLessThanOrEqualTo(REDEEM_TAPS);
        assertThat(taps.fields).as("fields typed to redeem at the counter").isLessThanOrEqualTo(REDEEM_FIELDS);
        passed = true;
    }

    @Test
    void aVillagerChangesTheInitialPasswordAndReservesGoodsFromItsHome() throws IOException {
        Household h = household("刘桂英", VILLAGE + "-G1", 120);
        long supermarketId = supermarkets.ofVillage(village.id()).get(0).id();
        Product towel = stocked(supermarketId, "毛巾", 5);
        // the clerk opens the household's account with an initial password, to be changed at the first login
        users.createVillager(admin, village.id(), h.id(), "Longnan-2468");
        open("villager");

        step = "0-first-login";
        browser.logIn(h.passbookNumber(), "Longnan-2468");
        browser.wait.until(ExpectedConditions.urlMatches("/password/?$"));
        browser.type(By.id("currentPassword"), "Longnan-2468");
        browser.type(By.id("newPassword"), "Liu-guiying-88");
        browser.type(By.id("confirmPassword"), "Liu-guiying-88");
        page();
        browser.click(By.cssSelector("form[action$='/password'] button[type=submit]"));

        step = "1-home";
        browser.wait.until(ExpectedConditions.urlMatches("/me/?$"));
        assertThat(browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("passbook-number"))).getText())
                .isEqualTo(h.passbookNumber());
        browser.wait.until(d -> browser.text(By.id("available")).equals("120"));
        By toMarket = By.cssSelector("main a[href$='/me/market']");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(toMarket));
        page();

        taps = new Taps("村民 预订物品（我的存折 → 已预订）");
        tap(toMarket, "积分超市");
        step = "2-goods";
        By plus = By.cssSelector("button[data-for='r_" + towel.id() + "'][data-step='1']");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(plus));
        page();
        tap(plus, "＋ 毛巾");
        browser.wait.until(d -> "1".equals(d.findElement(By.id("r_" + towel.id())).getAttribute("value")));
        tap(By.xpath("//input[@id='r_" + towel.id() + "']/ancestor::form//button[@type='submit']"), "预订");

        step = "3-reserved";
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#mk-mine .alert.ok")));
        assertThat(browser.text(By.cssSelector("#mk-mine .alert.ok"))).contains("已预订");
        WebElement card = browser.wait.until(d -> d.findElements(By.cssSelector("#mk-mine div.card")).stream()
                .filter(e -> e.getText().contains("毛巾×1")).findFirst().orElse(null));
        // the card holds the towel's 15 points until the household collects it (or the reservation lapses)
        assertThat(card.getText()).contains("15 分").contains("已预订，待领取").contains("保留到");
        page();
        taps.report();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reservation WHERE village_id = :v AND household_id = :h"
                        + " AND status = 'HELD'").param("v", village.id()).param("h", h.id()).query(Long.class).single())
                .isEqualTo(1);
        // points are taken only when the goods are collected
        assertThat(ledger.balance(village.id(), h.id())).isEqualTo(120);
        assertThat(taps.taps).as("taps to reserve goods from the home").isLessThanOrEqualTo(RESERVE_TAPS);
        assertThat(taps.fields).as("fields typed to reserve goods").isZero();
        passed = true;
    }

    // --- set-up ------------------------------------------------------------------------------------------------

    /** A new household of 龙南村 in {@code gridCode}, headed by {@code head}, with {@code points} to spend. */
    private Household household(String head, String gridCode, long points) {
        Actor county = Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode(COUNTY).orElseThrow());
        Household h = households.create(county, VILLAGE, new HouseholdDraft(Actors.code("RB") + SEQ.incrementAndGet(),
                gridCode, "龙南村新屋" + (10 + SEQ.get()) + "号", false,
                List.of(new ResidentDraft(head, "户主", "女", "1962", null, null, false, null, false))));
        if (points > 0) {
            ledger.post(admin, PostingRequest.earn(village.id(), h.id(), points, "参加志愿服务活动",
                    UUID.randomUUID().toString()));
        }
        return h;
    }

    /** The demo supermarket's product {@code name}, restocked (bought with the village's fund) if fewer than {@code atLeast}. */
    private Product stocked(long supermarketId, String name, int atLeast) {
        Product p = goods.products(admin, village.id(), supermarketId).stream()
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        if (p.stock() < atLeast) {
            Fund fund = funds.funds(village.id()).stream().filter(Fund::active).findFirst().orElseThrow();
            goods.purchase(admin, village.id(), p.id(), atLeast, BigDecimal.valueOf(atLeast), "佛冈县供销社", fund.id(),
                    null);
        }
        return p;
    }

    /** Chromium switches that make the phone's camera film the passbook QR code of {@code h}. */
    private String[] passbookCamera(Household h) {
        Path video = FakeCamera.y4m(QrCodes.png(h.passbookNumber(), 360), temp.resolve("passbook-qr.y4m"));
        return FakeCamera.switches(video);
    }

    private void open(String roleName, String... switches) throws IOException {
        role = roleName;
        browser = Browser.phone(switches).at(port);
        browser.wait.ignoring(StaleElementReferenceException.class);
        assertThat(browser.innerWidth()).as("viewport width of the phone-sized window").isEqualTo(360);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    private long[] claimIds() {
        String[] ids = browser.driver.getCurrentUrl().replaceFirst(".*/console/claims/", "").split("/");
        return new long[] {Long.parseLong(ids[0]), Long.parseLong(ids[1])};
    }

    // --- steps and taps ----------------------------------------------------------------------------------------

    /** The page has settled (loaded, no htmx request under way): no sideways scrolling at 360 px, and a screenshot. */
    private void page() {
        browser.wait.until(d -> "complete".equals(browser.js("return document.readyState")));
        browser.wait.until(d -> d.findElements(By.cssSelector(".htmx-request")).isEmpty());
        assertThat(browser.overflow()).as("horizontal overflow at 360 px on %s (%s step %s)",
                browser.driver.getCurrentUrl(), role, step).isNull();
        browser.screenshot("roles/" + role + "-" + step);
    }

    private void tap(By by, String what) {
        browser.click(by);
        taps.tap(what);
    }

    private void choose(By select, String value, String what) {
        WebElement e = browser.wait.until(ExpectedConditions.elementToBeClickable(select));
        browser.js("arguments[0].scrollIntoView({block: 'center'})", e);
        new Select(e).selectByValue(value);
        taps.tap(what);
    }

    private void type(By by, String text, String what) {
        browser.type(by, text);
        taps.field(what);
    }

    /** Taps and typed fields from a role's home to the confirmation of its job, printed with what each was. */
    static final class Taps {
        final String job;
        final List<String> steps = new ArrayList<>();
        int taps;
        int fields;

        Taps(String job) {
            this.job = job;
        }

        void tap(String what) {
            taps++;
            steps.add(what);
        }

        void field(String what) {
            fields++;
            steps.add("输入" + what);
        }

        void report() {
            System.out.println("[taps] " + job + ": " + taps + " taps, " + fields + " field(s) typed — "
                    + String.join(" → ", steps));
        }
    }
}
