package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.market.SupermarketAdmin;
import cn.jifen.market.Supermarkets;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.security.FreshTowns.Town;
import cn.jifen.security.Matrix.Who;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.RowTimes;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The town/county home ("what needs attention") and the villager home (/me). Each attention item appears when its
 * condition holds and not otherwise; a town sees only its own villages; counts stay right when lists are capped.
 * Town fixtures are fresh towns of the demo county, so the demo data (every demo village has postings this month,
 * no demo supermarket has 六有 checks) cannot hide or fake an item.
 */
@IntegrationTest
class HomesTest extends SecuritySupport {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 3_000_000_000L);
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Claims claims;
    @Autowired RuleCatalogue catalogue;
    @Autowired Supermarkets supermarkets;
    @Autowired SupermarketAdmin supermarketAdmin;

    /** The fresh towns, staff, households and items this class's tests build on (shared with {@link HomeApiTest}). */
    private FreshTowns towns;

    @BeforeEach
    void freshTowns() {
        towns = new FreshTowns(this, orgUnits, households, catalogue,
                new FreshTowns.Names("关注测试", "测试", "HT", "HI", "home-"), IDS);
    }

    private String home(String login, String password) {
        MvcResult r = perform(get("/console").session(session(login, password)));
        assertEquals(200, r.getResponse().getStatus());
        return body(r);
    }

    private String home(Town t) {
        return home(t.admin(), PASSWORD);
    }

    /** The HTML of one attention item (a div with that id), so an assertion looks at that item only. */
    private static String item(String html, String id) {
        int start = html.indexOf("id=\"" + id + "\"");
        assertThat(start).as("the home has the item " + id).isGreaterThan(0);
        int end = html.indexOf("<div class=\"attention\"", start);
        int section = html.indexOf("</section>", start);
        return html.substring(start, end < 0 || section < end ? section : end);
    }

    private static long shownCount(String itemHtml) {
        Matcher m = Pattern.compile("</span> <strong>(\\d+)</strong>").matcher(itemHtml);
        assertThat(m.find()).as("the item shows a count").isTrue();
        return Long.parseLong(m.group(1));
    }

    // ---------------------------------------------------------------- town / county home

    @Test
    void aVillageWithNoPostingsThisMonthIsListedUntilAPostingArrives() {
        Town t = towns.town(2);
        long h = towns.household(t.village(0));

        String before = item(home(t), "att-quiet");
        assertThat(before).contains("关注测试村01", "关注测试村02");
        assertThat(shownCount(before)).isEqualTo(2);
        assertThat(before).contains("/console/claims?village=" + t.village(0).code());

        earn(String.valueOf(t.village(0).id()), String.valueOf(h));

        String after = item(home(t), "att-quiet");
        assertThat(after).doesNotContain("关注测试村01").contains("关注测试村02");
        assertThat(shownCount(after)).isEqualTo(1);
    }

    @Test
    void aTownHomeSeesOnlyItsOwnTownsVillages() {
        Town mine = towns.town(1);
        Town other = towns.town(1);
        Actor otherAdmin = Actors.of(Role.TOWN_ADMIN, other.unit());
        long sm = supermarkets.open(otherAdmin, other.village(0), "别镇超市", "别镇");

        String html = home(mine);

        assertThat(item(html, "att-quiet")).contains("/console/claims?village=" + mine.village(0).code())
                .doesNotContain(other.village(0).code());
        assertThat(item(html, "att-standards")).doesNotContain("别镇超市");
        assertThat(html).doesNotContain("/console/market/" + other.village(0).id() + "/" + sm);
        // the other town's admin does see its own
        assertThat(item(home(other), "att-standards")).contains("别镇超市");
    }

    @Test
    void aSupermarketFailingTheSixStandardsIsListedUntilAllSixAreMet() {
        Town t = towns.town(1);
        OrgUnit v = t.village(0);
        Actor admin = Actors.of(Role.TOWN_ADMIN, t.unit());
        long sm = supermarkets.open(admin, v, "六有测试超市", "村委旁");
        String link = "/console/market/" + v.id() + "/" + sm + "/standards";

        String never = item(home(t), "att-standards");
        assertThat(never).contains("六有测试超市", link, "六有达标 0/6");
        assertThat(shownCount(never)).isEqualTo(1);

        for (String s : Supermarkets.STANDARDS) {
            supermarkets.check(admin, v.id(), sm, s, !"LEDGER".equals(s), TODAY, null, null, null);
        }
        assertThat(item(home(t), "att-standards")).contains("六有测试超市", "六有达标 5/6");

        supermarkets.check(admin, v.id(), sm, "LEDGER", true, TODAY, "台账补齐了", null, null);
        String met = item(home(t), "att-standards");
        assertThat(met).doesNotContain("六有测试超市");
        assertThat(shownCount(met)).isZero();

        // the latest check of a standard is its status: a new failed check lists it again
        supermarkets.check(admin, v.id(), sm, "SIGN", false, TODAY, "牌子掉了", null, null);
        assertThat(item(home(t), "att-standards")).contains("六有测试超市", "六有达标 5/6");
    }

    @Test
    void aClosedSupermarketIsListedAsClosedNotAsFailingTheStandards() {
        Town t = towns.town(1);
        Actor admin = Actors.of(Role.TOWN_ADMIN, t.unit());
        long sm = supermarkets.open(admin, t.village(0), "关闭测试超市", "村委旁");
        assertThat(item(home(t), "att-closed")).doesNotContain("关闭测试超市");

        supermarketAdmin.close(admin, sm, "装修停业");

        String html = home(t);
        assertThat(item(html, "att-closed")).contains("关闭测试超市", "/console/market/manage");
        assertThat(shownCount(item(html, "att-closed"))).isEqualTo(1);
        assertThat(item(html, "att-standards")).doesNotContain("关闭测试超市");
    }

    @Test
    void anObjectionStillOpenAfterThePublicityPeriodIsListedButNotBefore() {
        Town t = towns.town(1);
        OrgUnit v = t.village(0);
        long h = towns.household(v);
        RuleItem earn = towns.localItem(v, false);
        Claim c = claims.record(towns.staff(Role.VILLAGE_ADMIN, v), new ClaimDraft(v.id(), h, null, earn.code(), 10, TODAY,
                null, "异议测试", false));
        claims.approve(towns.staff(Role.VILLAGE_ADMIN, v), v.id(), c.id(), null, null);
        claims.object(Actors.villager(v, towns.household(v)), v.id(), c.id(), "没看到他做");
        String link = "/console/claims/" + v.id() + "/" + c.id();

        String during = item(home(t), "att-objections");
        assertThat(during).doesNotContain(link);
        assertThat(shownCount(during)).isZero();

        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", v.id(), c.id(), 30);

        String overdue = item(home(t), "att-objections");
        assertThat(overdue).contains(link, "测试加分");
        assertThat(shownCount(overdue)).isEqualTo(1);
    }

    @Test
    void theOverdueDeadlineIsShownInTheCountysZoneWhateverTheDatabaseAndTheServersZone() {
        Town t = towns.town(1);
        OrgUnit v = t.village(0);
        long h = towns.household(v);
        Claim c = claims.record(towns.staff(Role.VILLAGE_ADMIN, v), new ClaimDraft(v.id(), h, null, towns.localItem(v, false).code(), 10,
                TODAY, null, "时区测试", false));
        claims.approve(towns.staff(Role.VILLAGE_ADMIN, v), v.id(), c.id(), null, null);
        claims.object(Actors.villager(v, towns.household(v)), v.id(), c.id(), "没看到他做");
        // stored as PostgreSQL hands it back: in UTC; 01:30 UTC is 09:30 in the county (Asia/Shanghai)
        jdbc.sql("UPDATE claim SET publicity_ends_at = :at WHERE village_id = :v AND id = :id")
                .param("at", OffsetDateTime.of(TODAY.minusDays(20), LocalTime.of(1, 30),
                        ZoneOffset.UTC)).param("v", v.id()).param("id", c.id()).update();
        TimeZone before = TimeZone.getDefault();
        String overdue;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            overdue = item(home(t), "att-objections");
        } finally {
            TimeZone.setDefault(before);
        }
        assertThat(overdue).contains(TODAY.minusDays(20) + " 09:30").doesNotContain(" 01:30");
    }

    @Test
    void aVetoAwaitingASecondApproverIsListedUntilTheSecondApproval() {
        Town t = towns.town(1);
        OrgUnit v = t.village(0);
        long h = towns.household(v);
        RuleItem veto = towns.localItem(v, true);
        Actor first = towns.staff(Role.VILLAGE_ADMIN, v);
        Claim c = claims.record(towns.staff(Role.VILLAGE_ADMIN, v), new ClaimDraft(v.id(), h, null, veto.code(), null, TODAY,
                null, "否决测试", false));
        String link = "/console/claims/" + v.id() + "/" + c.id();
        assertThat(item(home(t), "att-vetoes")).doesNotContain(link);

        claims.approve(first, v.id(), c.id(), null, "第一人同意");
        assertThat(claims.get(first, v.id(), c.id()).status()).isEqualTo(ClaimStatus.AWAITING_SECOND_APPROVAL);
        String waiting = item(home(t), "att-vetoes");
        assertThat(waiting).contains(link, "第一人：" + first.username());
        assertThat(shownCount(waiting)).isEqualTo(1);

        claims.approve(towns.staff(Role.VILLAGE_ADMIN, v), v.id(), c.id(), null, "第二人同意");
        String done = item(home(t), "att-vetoes");
        assertThat(done).doesNotContain(link);
        assertThat(shownCount(done)).isZero();
    }

    @Test
    void aTownWithManyVillagesCountsThemAllBesideACappedList() {
        Town t = towns.town(25);

        String quiet = item(home(t), "att-quiet");

        assertThat(shownCount(quiet)).isEqualTo(25);
        assertThat(quiet).contains("共 25 个", "只列出前 10 个，共 25 个");
        Matcher links = Pattern.compile("/console/claims\\?village=").matcher(quiet);
        int shown = 0;
        while (links.find()) {
            shown++;
        }
        assertThat(shown).isEqualTo(10);
        assertThat(quiet).contains("关注测试村01", "关注测试村10").doesNotContain("关注测试村11");
    }

    @Test
    void aTownNeverVerifiedSaysSoAndThenShowsTheLastVerify() {
        Town t = towns.town(1);
        // outcomes kept by other tests' county-wide verifies would cover this town too
        jdbc.sql("DELETE FROM ledger_verify_run WHERE village_id IS NULL").update();
        assertThat(item(home(t), "att-verify")).contains("尚未校验", "id=\"verify-never\"");

        MockHttpSession s = session(t.admin(), PASSWORD);
        assertEquals(200, perform(get("/console/ledger/verify").param("village", t.village(0).code()).session(s))
                .getResponse().getStatus());

        String after = item(home(t), "att-verify");
        assertThat(after).contains("id=\"verify-intact\"", "账本完好", "只校验了关注测试村01").doesNotContain("尚未校验");
    }

    @Test
    void aProblemFoundOutsideTheTownIsNotNamedOnItsHome() {
        Town t = towns.town(1);
        Town other = towns.town(1);
        jdbc.sql("""
                INSERT INTO ledger_verify_run (village_id, ran_at, intact, broken_village_id, problem, entries_checked)
                VALUES (NULL, CURRENT_TIMESTAMP, FALSE, :v, '别镇的问题', 3)""").param("v", other.village(0).id()).update();

        String mine = item(home(t), "att-verify");
        assertThat(mine).contains("id=\"verify-elsewhere\"").doesNotContain("别镇的问题", "关注测试村");
        String theirs = item(home(other), "att-verify");
        assertThat(theirs).contains("id=\"verify-broken\"", "别镇的问题", "关注测试村01");
    }

    @Test
    void theCountyAuditorSeesTheSameHomeReadOnly() {
        String html = home(Who.AUDITOR.login, Who.AUDITOR.password);
        assertThat(html).contains("id=\"home-attention\"", "只读", "id=\"att-quiet\"", "id=\"att-standards\"",
                "id=\"att-verify\"").doesNotContain("id=\"home-record\"");
    }

    @Test
    void theCountyHomeCountsEveryOpenSupermarketNotMeetingTheSixStandards() {
        Actor county = towns.countyAdmin();
        long expected = supermarkets.workplaces(county).stream().filter(Supermarkets.Supermarket::active)
                .filter(s -> !supermarkets.meetsStandard(county, s.villageId(), s.id())).count();
        assertThat(expected).isGreaterThanOrEqualTo(12); // the demo records no 六有 checks for its 12 supermarkets

        String standards = item(home(Who.COUNTY_ADMIN.login, Who.COUNTY_ADMIN.password), "att-standards");

        assertThat(shownCount(standards)).isEqualTo(expected);
        assertThat(standards).contains("共 " + expected + " 个", "只列出前 10 个，共 " + expected + " 个");
    }

    @Test
    void rolesBoundToAVillageOrACounterGetNoAttentionList() {
        assertThat(home(Who.VILLAGE_ADMIN.login, Who.VILLAGE_ADMIN.password)).doesNotContain("id=\"home-attention\"");
        assertThat(home(Who.GRID_WORKER.login, Who.GRID_WORKER.password)).doesNotContain("id=\"home-attention\"");
        assertThat(home(Who.KEEPER.login, Who.KEEPER.password)).doesNotContain("id=\"home-attention\"");
    }

    @Test
    void theAttentionReadsGiveNothingOutsideTheActorsScopeOrToOtherRoles() {
        Town mine = towns.town(1);
        Town other = towns.town(1);
        OrgUnit theirs = other.village(0);
        Actor otherAdmin = Actors.of(Role.TOWN_ADMIN, other.unit());
        supermarkets.open(otherAdmin, theirs, "越权测试超市", "别镇");
        List<OrgUnit> asked = List.of(theirs);
        assertThat(supermarkets.countFailingStandards(otherAdmin, asked)).isEqualTo(1);

        Actor townAdmin = Actors.of(Role.TOWN_ADMIN, mine.unit());
        assertThat(supermarkets.failingStandards(townAdmin, asked, 10)).isEmpty();
        assertThat(supermarkets.countFailingStandards(townAdmin, asked)).isZero();
        Actor keeper = Actors.of(Role.KEEPER, theirs);
        Actor grid = Actors.of(Role.GRID_WORKER, theirs);
        for (Actor a : List.of(keeper, grid)) {
            assertThat(supermarkets.countFailingStandards(a, asked)).as(a.role().name()).isZero();
            assertThat(supermarkets.closedIn(a, asked, 10)).as(a.role().name()).isEmpty();
            assertThat(claims.countVetoesAwaitingSecond(a, asked)).as(a.role().name()).isZero();
            assertThat(claims.overdueObjections(a, asked, 10)).as(a.role().name()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- villager home

    /** A fresh household of a village with a villager account whose password is already changed; its session. */
    record Villager(long villageId, long householdId, String number, MockHttpSession session) { }

    private Villager villager(String villageCode) {
        MvcResult h = asAdmin("POST", "/api/v1/villages/" + villageCode + "/households",
                householdJson(unique("H"), villageCode + "-G1", "首页测试户主"), 201);
        long vid = ((Number) json(h, "$.villageId")).longValue();
        long id = ((Number) json(h, "$.id")).longValue();
        String number = json(h, "$.passbookNumber");
        asAdmin("POST", "/api/v1/households/" + vid + "/" + id + "/villager-account", "{\"password\":\"chushi88\"}", 201);
        changePasswordViaPage(number, "chushi88", "wode-mima-1");
        return new Villager(vid, id, number, newSession(number, "wode-mima-1"));
    }

    private String me(Villager v) {
        MvcResult r = perform(get("/me").session(v.session()));
        assertEquals(200, r.getResponse().getStatus());
        return body(r);
    }

    private static String spendable(String html) {
        Matcher m = Pattern.compile("id=\"available\">(\\d+)<").matcher(html);
        assertThat(m.find()).as("the home shows the points to spend").isTrue();
        return m.group(1);
    }

    private void award(Villager v, int points, String label) {
        MvcResult r = api("POST", "/api/v1/households/" + v.villageId() + "/" + v.householdId() + "/postings", adminToken(),
                "{\"kind\":\"EARN\",\"points\":" + points + ",\"itemLabel\":" + q(label) + "}", "Idempotency-Key", unique("K"));
        assertEquals(201, r.getResponse().getStatus(), body(r));
    }

    @Test
    void aVillagerWithNothingYetGetsAPlainEmptyHome() {
        Town t = towns.town(1);
        Villager v = villager(t.village(0).code());

        String html = me(v);

        assertThat(spendable(html)).isEqualTo("0");
        assertThat(html).contains("存折余额 0 分", TODAY.getYear() + "年累计积分", "id=\"me-first-visit\"", "暂无安排", "没有人对我家的申报提出异议",
                "id=\"passbook-number\"", v.number()).doesNotContain("id=\"me-held\"");
    }

    @Test
    void theFirstVisitSaysSoAndTheNextShowsNothingNew() {
        Villager v = villager(Matrix.SJ_SQ);
        assertThat(me(v)).contains("id=\"me-first-visit\"").doesNotContain("id=\"me-nothing-new\"");
        assertThat(me(v)).contains("id=\"me-nothing-new\"").doesNotContain("id=\"me-first-visit\"");
    }

    @Test
    void aPostingSinceTheLastVisitIsShownOnceThenNothingNew() {
        Villager v = villager(Matrix.SJ_SQ);
        me(v);

        award(v, 30, "首页测试加分");

        String second = me(v);
        assertThat(second).contains("id=\"me-new-lines\"", "首页测试加分", "+30", "积分变动 1 条")
                .doesNotContain("id=\"me-nothing-new\"");
        assertThat(spendable(second)).isEqualTo("30");
        String third = me(v);
        assertThat(third).contains("id=\"me-nothing-new\"").doesNotContain("首页测试加分");
    }

    @Test
    void aClaimStatusChangeSinceTheLastVisitIsShown() {
        Villager v = villager(Matrix.SJ_SQ);
        OrgUnit village = orgUnits.byCode(Matrix.SJ_SQ).orElseThrow();
        RuleItem earn = towns.localItem(village, false);
        Claim c = claims.record(towns.staff(Role.VILLAGE_ADMIN, village), new ClaimDraft(village.id(), v.householdId(), null,
                earn.code(), 10, TODAY, null, "首页测试申报", false));
        me(v);

        claims.approve(towns.staff(Role.VILLAGE_ADMIN, village), village.id(), c.id(), null, null);

        String html = me(v);
        assertThat(html).contains("id=\"me-claim-changes\"", "/me/claims/" + village.id() + "/" + c.id(), "公示中",
                "申报进展 1 条");
        assertThat(me(v)).contains("id=\"me-nothing-new\"");
    }

    @Test
    void pointsHeldByAnOpenReservationAreSubtractedFromWhatTheVillagerCanSpend() {
        Villager v = villager(Matrix.SJ_SQ);
        award(v, 200, "首页测试预订用");
        long[] product = jdbc.sql("""
                SELECT p.supermarket_id, p.id FROM product p JOIN supermarket s ON s.village_id = p.village_id
                  AND s.id = p.supermarket_id
                WHERE p.village_id = :v AND p.active = TRUE AND p.stock > 0 AND s.active = TRUE ORDER BY p.id LIMIT 1""")
                .param("v", v.villageId()).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        MvcResult r = perform(post("/me/market/" + v.villageId() + "/" + product[0] + "/reservations").with(csrf())
                .session(v.session()).param("q_" + product[1], "1").param("key", unique("R")));
        assertEquals(302, r.getResponse().getStatus());
        long held = jdbc.sql("SELECT SUM(points) FROM reservation WHERE household_village_id = :v AND household_id = :h "
                + "AND status = 'HELD'").param("v", v.villageId()).param("h", v.householdId()).query(Long.class).single();
        assertThat(held).isPositive();

        String html = me(v);

        assertThat(spendable(html)).isEqualTo(String.valueOf(200 - held));
        assertThat(html).contains("存折余额 200 分", "其中 " + held + " 分已在积分超市预订");
    }

    @Test
    void theNextRedemptionDayOfTheVillagesSupermarketIsShown() {
        Villager v = villager(Matrix.SJ_SQ);
        String title = jdbc.sql("""
                SELECT title FROM redemption_window WHERE village_id = :v AND cancelled = FALSE AND closes_at > LOCALTIMESTAMP
                ORDER BY opens_at LIMIT 1""").param("v", v.villageId()).query(String.class).single();
        assertThat(me(v)).contains("id=\"me-next-day\"", title).doesNotContain("暂无安排");
    }

    @Test
    void anObjectionToTheHouseholdsClaimShowsItsOutcomeWithoutTheObjector() {
        Villager v = villager(Matrix.SJ_SQ);
        OrgUnit village = orgUnits.byCode(Matrix.SJ_SQ).orElseThrow();
        RuleItem earn = towns.localItem(village, false);
        Claim c = claims.record(towns.staff(Role.VILLAGE_ADMIN, village), new ClaimDraft(village.id(), v.householdId(), null,
                earn.code(), 10, TODAY, null, "首页异议测试", false));
        claims.approve(towns.staff(Role.VILLAGE_ADMIN, village), village.id(), c.id(), null, null);
        Actor objector = new Actor(IDS.incrementAndGet(), "objector-secret", "邻居某", Role.VILLAGER, village.id(),
                village.path(), towns.household(village), "127.0.0.1");
        long objection = claims.object(objector, village.id(), c.id(), "我有不同意见").id();

        assertThat(me(v)).contains("id=\"me-objections\"", "还在处理").doesNotContain("objector-secret");

        claims.dismiss(towns.staff(Role.VILLAGE_ADMIN, village), village.id(), c.id(), objection, "核实属实");
        assertThat(me(v)).contains("异议不成立", "核实属实").doesNotContain("objector-secret");
    }
}
