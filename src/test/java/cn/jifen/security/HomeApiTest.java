package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.MarketFixture;
import cn.jifen.market.Product;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Supermarkets;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.security.FreshTowns.Town;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.RowTimes;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * GET /api/v1/me/home answers each role what its home page shows, read through the same service: a reviewer its
 * queues, a grid worker its grid's day, a keeper its counters, a town its attention list, a villager its passbook's
 * news. Each answer holds only what lies in the caller's scope; an empty village or counter answers zeros.
 */
@IntegrationTest
class HomeApiTest extends SecuritySupport {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 5_000_000_000L);
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final String LONGNAN = "441821100201";

    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Claims claims;
    @Autowired RuleCatalogue catalogue;
    @Autowired Supermarkets supermarkets;
    @Autowired Users users;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Ledger ledger;

    /** The fresh towns, staff, households and items this class's tests build on (shared with {@link HomesTest}). */
    private FreshTowns towns;

    @BeforeEach
    void freshTowns() {
        towns = new FreshTowns(this, orgUnits, households, catalogue,
                new FreshTowns.Names("接口首页测试", "接口", "HA", "HJ", "home-api-"), IDS);
    }

    // ---------------------------------------------------------------- fixtures

    /** A veto recorded in the village and approved once, by {@code first}. */
    private Claim vetoApprovedOnce(OrgUnit v, Actor first) {
        Claim c = claims.record(towns.staff(Role.VILLAGE_ADMIN, v), new ClaimDraft(v.id(), towns.household(v), null,
                towns.localItem(v, true).code(), null, TODAY, null, "接口否决测试", false));
        claims.approve(first, v.id(), c.id(), null, "第一人同意");
        return c;
    }

    private MvcResult homeResult(String token) {
        return api("GET", "/api/v1/me/home", token, null);
    }

    private MvcResult home(String token) {
        MvcResult r = homeResult(token);
        assertEquals(200, r.getResponse().getStatus(), () -> body(r));
        return r;
    }

    private static long num(MvcResult r, String path) {
        return ((Number) json(r, path)).longValue();
    }

    private static List<Long> ids(MvcResult r, String path) {
        List<Number> ids = json(r, path);
        return ids.stream().map(Number::longValue).toList();
    }

    private long count(String sql, Map<String, Object> params) {
        var s = jdbc.sql(sql);
        params.forEach(s::param);
        return s.query(Long.class).single();
    }

    // ---------------------------------------------------------------- reviewer (village admin)

    @Test
    void aVillageAdminGetsItsReviewQueuesCountedAsInTheDatabaseWithTheNewestFirst() {
        MvcResult recorded = api("POST", "/api/v1/claims", token("demo-grid", "demo-grid"), "{\"passbookNumber\":"
                + "\"441821100201-0001\",\"itemCode\":\"WM01\",\"points\":20,\"occurredOn\":\"" + TODAY + "\"}");
        assertEquals(201, recorded.getResponse().getStatus(), body(recorded));
        long claimId = num(recorded, "$.id");
        long villageId = unitId(LONGNAN);

        MvcResult r = home(token("demo-village", "demo-village"));

        assertThat((String) json(r, "$.role")).isEqualTo("VILLAGE_ADMIN");
        assertThat((String) json(r, "$.reviewer.village.code")).isEqualTo(LONGNAN);
        for (String[] q : new String[][] {{"toReview", "RECORDED"}, {"objected", "OBJECTED"},
                {"awaitingSecondApproval", "AWAITING_SECOND_APPROVAL"}, {"inPublicity", "IN_PUBLICITY"}}) {
            long inDb = count("SELECT COUNT(*) FROM claim WHERE village_id = :v AND status = :s",
                    Map.of("v", villageId, "s", q[1]));
            assertEquals(inDb, num(r, "$.reviewer." + q[0] + ".total"), q[0]);
            List<String> statuses = json(r, "$.reviewer." + q[0] + ".items[*].status");
            assertThat(statuses).as(q[0]).hasSize((int) Math.min(inDb, 10)).allMatch(q[1]::equals);
        }
        assertEquals(count("SELECT COUNT(DISTINCT claim_id) FROM claim_appeal WHERE village_id = :v AND status = 'OPEN'",
                Map.of("v", villageId)), num(r, "$.reviewer.appeals.total"));
        assertThat(ids(r, "$.reviewer.toReview.items[*].id")).first().isEqualTo(claimId);
        List<Long> oldest = jdbc.sql("""
                SELECT id FROM claim WHERE village_id = :v AND status IN ('RECORDED', 'AWAITING_SECOND_APPROVAL', 'OBJECTED')
                ORDER BY recorded_at, id LIMIT 10""").param("v", villageId).query(Long.class).list();
        assertEquals(oldest, ids(r, "$.reviewer.longestWaiting[*].id"));
        assertThat((Object) json(r, "$.attention")).isNull();
        assertThat((Object) json(r, "$.villager")).isNull();
    }

    @Test
    void aVillageWithNothingRecordedAnswersEmptyQueues() {
        Town t = towns.town(1);
        String admin = unique("hav");
        createUser(admin, "VILLAGE_ADMIN", t.village(0).code());

        MvcResult r = home(token(admin, PASSWORD));

        for (String q : List.of("toReview", "objected", "appeals", "awaitingSecondApproval", "inPublicity")) {
            assertEquals(0, num(r, "$.reviewer." + q + ".total"), q);
            assertThat((List<?>) json(r, "$.reviewer." + q + ".items")).as(q).isEmpty();
        }
        assertThat((List<?>) json(r, "$.reviewer.longestWaiting")).isEmpty();
        assertThat((Boolean) json(r, "$.reviewer.singleAdmin")).isTrue();
        assertEquals(0, num(r, "$.drafts.total"));
    }

    @Test
    void aVetoInAVillageWithASingleAdminIsLeftToATownAdminUntilASecondVillageAdminExists() {
        Town t = towns.town(1);
        OrgUnit v = t.village(0);
        String login = unique("hav");
        long adminId = createUser(login, "VILLAGE_ADMIN", v.code());
        Claim veto = vetoApprovedOnce(v, new Actor(adminId, login, "安全测试", Role.VILLAGE_ADMIN, v.id(), v.path(), null,
                "127.0.0.1"));

        MvcResult alone = home(token(login, PASSWORD));

        assertEquals(1, num(alone, "$.reviewer.awaitingSecondApproval.total"));
        assertEquals(veto.id(), num(alone, "$.reviewer.awaitingSecondApproval.items[0].claim.id"));
        assertThat((Boolean) json(alone, "$.reviewer.awaitingSecondApproval.items[0].townAdminCompletes")).isTrue();
        assertThat((List<?>) json(alone, "$.reviewer.awaitingSecondApproval.items[0].secondApprovers")).isEmpty();
        assertThat((Boolean) json(alone, "$.reviewer.singleAdmin")).isTrue();

        String second = unique("hav");
        asAdmin("POST", "/api/v1/users", "{\"username\":" + q(second) + ",\"displayName\":\"第二位村管理员\","
                + "\"role\":\"VILLAGE_ADMIN\",\"orgCode\":" + q(v.code()) + ",\"password\":" + q(INITIAL) + "}", 201);

        MvcResult two = home(token(login, PASSWORD));
        assertThat((Boolean) json(two, "$.reviewer.awaitingSecondApproval.items[0].townAdminCompletes")).isFalse();
        assertThat((List<String>) json(two, "$.reviewer.awaitingSecondApproval.items[0].secondApprovers"))
                .containsExactly("第二位村管理员");
        assertThat((Boolean) json(two, "$.reviewer.singleAdmin")).isFalse();
    }

    // ---------------------------------------------------------------- grid worker

    @Test
    void aGridWorkerGetsItsGridsHouseholdsPostsActivitiesRecordsAndDrafts() {
        String grid = token("demo-grid", "demo-grid");
        String title = "接口今日清扫" + System.nanoTime() % 100_000;
        LocalDateTime late = TODAY.atTime(23, 30);
        for (String[] a : new String[][] {{title, late.toString()}, {title + "明天", late.plusDays(1).toString()}}) {
            MvcResult r = api("POST", "/api/v1/activities", token("demo-village", "demo-village"), "{\"village\":\""
                    + LONGNAN + "\",\"title\":\"" + a[0] + "\",\"place\":\"村委\",\"startsAt\":\"" + a[1]
                    + "\",\"itemCode\":\"ZY01\",\"points\":5,\"quota\":10}");
            assertEquals(201, r.getResponse().getStatus(), body(r));
        }
        MvcResult record = api("POST", "/api/v1/claims", grid, "{\"passbookNumber\":\"441821100201-0001\","
                + "\"itemCode\":\"WM01\",\"points\":20,\"occurredOn\":\"" + TODAY + "\"}");
        assertEquals(201, record.getResponse().getStatus(), body(record));
        MvcResult draft = api("POST", "/api/v1/claim-drafts", grid, "{\"passbookNumber\":\"441821100201-0001\","
                + "\"note\":\"接口草稿\"}");
        assertEquals(201, draft.getResponse().getStatus(), body(draft));
        MvcResult uninspected = api("GET", "/api/v1/posts/uninspected?village=" + LONGNAN + "&size=1", grid, null);
        assertEquals(200, uninspected.getResponse().getStatus(), body(uninspected));

        MvcResult r = home(grid);

        assertThat((String) json(r, "$.grid.grid.code")).isEqualTo(LONGNAN + "-G1");
        assertEquals(count("SELECT COUNT(*) FROM household h JOIN org_unit g ON g.id = h.grid_id WHERE g.code = :g",
                Map.of("g", LONGNAN + "-G1")), num(r, "$.grid.households"));
        assertEquals(num(uninspected, "$.total"), num(r, "$.grid.uninspectedThisMonth.total"));
        List<String> titles = json(r, "$.grid.todaysActivities[*].title");
        assertThat(titles).contains(title).doesNotContain(title + "明天");
        assertThat(ids(r, "$.grid.myRecords.items[*].id")).first().isEqualTo(num(record, "$.id"));
        assertThat(ids(r, "$.drafts.items[*].id")).first().isEqualTo(num(draft, "$.id"));
        assertThat((Object) json(r, "$.reviewer")).isNull();
    }

    @Test
    void aGridWorkerOfANewVillageGetsZerosAndEmptyLists() {
        Town t = towns.town(1);
        String login = unique("hag");
        createUser(login, "GRID_WORKER", t.village(0).code() + "-G1");

        MvcResult r = home(token(login, PASSWORD));

        assertEquals(0, num(r, "$.grid.households"));
        assertEquals(0, num(r, "$.grid.uninspectedThisMonth.total"));
        assertEquals(0, num(r, "$.grid.myRecords.total"));
        assertThat((List<?>) json(r, "$.grid.todaysActivities")).isEmpty();
        assertEquals(0, num(r, "$.drafts.total"));
    }

    // ---------------------------------------------------------------- keeper

    private MarketFixture market() {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds, windows,
                ledger), 1);
    }

    @Test
    void aKeeperGetsTodaysRedemptionsAndTheGoodsRunningLowOfItsOwnSupermarketOnly() {
        MarketFixture mine = market();
        MarketFixture other = market();
        mine.earn(0, 100);
        Product soap = mine.product("接口香皂", 8, 10, "3.50");
        Product oil = mine.product("接口食用油", 20, 2, "30.00"); // at its threshold of 2: low
        String keeper = newToken(mine.keeper.username(), "Keeper-pass-2026");
        MvcResult sold = api("POST", "/api/v1/supermarkets/" + mine.v() + "/" + mine.supermarketId + "/redemptions",
                keeper, "{\"passbookNumber\":\"" + mine.number(0) + "\",\"items\":[{\"productId\":" + soap.id()
                        + ",\"quantity\":2}]}", "Idempotency-Key", MarketFixture.key());
        assertEquals(201, sold.getResponse().getStatus(), body(sold));

        MvcResult r = home(keeper);

        assertThat(ids(r, "$.counters[*].supermarket.id")).containsExactly(mine.supermarketId);
        assertEquals(1, num(r, "$.counters[0].redemptionsToday"));
        assertEquals(16, num(r, "$.counters[0].pointsToday"));
        assertThat(ids(r, "$.counters[0].todaysRedemptions.items[*].id")).containsExactly(num(sold, "$.id"));
        assertThat(ids(r, "$.counters[0].lowStock.items[*].id")).containsExactly(oil.id());
        assertThat(body(r)).doesNotContain("\"supermarketId\":" + other.supermarketId + ",");
    }

    @Test
    void aKeeperWithNoRedemptionsTodayGetsZeros() {
        MarketFixture f = market();
        f.product("接口肥皂", 5, 10, "2.00");

        MvcResult r = home(newToken(f.keeper.username(), "Keeper-pass-2026"));

        assertThat(ids(r, "$.counters[*].supermarket.id")).containsExactly(f.supermarketId);
        assertEquals(0, num(r, "$.counters[0].redemptionsToday"));
        assertEquals(0, num(r, "$.counters[0].pointsToday"));
        assertEquals(0, num(r, "$.counters[0].todaysRedemptions.total"));
        assertEquals(0, num(r, "$.counters[0].lowStock.total"));
    }

    // ---------------------------------------------------------------- town / county

    @Test
    void aTownAdminGetsWhatNeedsAttentionInItsOwnVillagesOnly() {
        Town t = towns.town(2);
        Town other = towns.town(1);
        OrgUnit posted = t.village(0);
        OrgUnit quiet = t.village(1);
        earn(String.valueOf(posted.id()), String.valueOf(towns.household(posted)));
        long sm = supermarkets.open(Actors.of(Role.TOWN_ADMIN, t.unit()), quiet, "接口六有测试超市", "村委旁");
        supermarkets.open(Actors.of(Role.TOWN_ADMIN, other.unit()), other.village(0), "接口别镇超市", "别镇");
        Claim veto = vetoApprovedOnce(posted, towns.staff(Role.VILLAGE_ADMIN, posted));
        Claim objected = claims.record(towns.staff(Role.VILLAGE_ADMIN, posted), new ClaimDraft(posted.id(), towns.household(posted),
                null, towns.localItem(posted, false).code(), 10, TODAY, null, "接口异议测试", false));
        claims.approve(towns.staff(Role.VILLAGE_ADMIN, posted), posted.id(), objected.id(), null, null);
        claims.object(Actors.villager(posted, towns.household(posted)), posted.id(), objected.id(), "没看到他做");
        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", posted.id(), objected.id(), 30);
        MockHttpSession s = session(t.admin(), PASSWORD);
        assertEquals(200, perform(get("/console/ledger/verify").param("village", posted.code()).session(s))
                .getResponse().getStatus());

        MvcResult r = home(token(t.admin(), PASSWORD));

        assertThat((Boolean) json(r, "$.attention.readOnly")).isFalse();
        assertEquals(1, num(r, "$.attention.villagesWithoutPostingsThisMonth.total"));
        assertThat((List<String>) json(r, "$.attention.villagesWithoutPostingsThisMonth.items[*].code"))
                .containsExactly(quiet.code());
        assertEquals(1, num(r, "$.attention.supermarketsFailingStandards.total"));
        assertEquals(sm, num(r, "$.attention.supermarketsFailingStandards.items[0].supermarket.id"));
        assertEquals(0, num(r, "$.attention.supermarketsFailingStandards.items[0].standardsMet"));
        assertEquals(6, num(r, "$.attention.supermarketsFailingStandards.items[0].standards"));
        assertThat((String) json(r, "$.attention.supermarketsFailingStandards.items[0].village.code"))
                .isEqualTo(quiet.code());
        assertThat(ids(r, "$.attention.vetoesAwaitingSecondApproval.items[*].id")).containsExactly(veto.id());
        assertThat(ids(r, "$.attention.objectionsPastDeadline.items[*].id")).containsExactly(objected.id());
        assertThat((Boolean) json(r, "$.attention.lastVerify.intact")).isTrue();
        assertThat((String) json(r, "$.attention.lastVerify.village.code")).isEqualTo(posted.code());
        assertThat(body(r)).doesNotContain("接口别镇超市").doesNotContain(other.village(0).code());
        assertThat((Object) json(r, "$.reviewer")).isNull();
        assertThat((Object) json(r, "$.counters")).isNull();
    }

    @Test
    void theCountyAuditorGetsTheAttentionReadOnly() {
        MvcResult r = home(token(Matrix.Who.AUDITOR.login, Matrix.Who.AUDITOR.password));

        assertThat((Boolean) json(r, "$.attention.readOnly")).isTrue();
        assertThat(num(r, "$.attention.supermarketsFailingStandards.total")).isGreaterThanOrEqualTo(12);
        assertThat((Object) json(r, "$.drafts")).isNull();
    }

    // ---------------------------------------------------------------- villager

    record Villager(long villageId, long householdId, String number, String token) { }

    private Villager villager(String villageCode) {
        MvcResult h = asAdmin("POST", "/api/v1/villages/" + villageCode + "/households",
                householdJson(unique("H"), villageCode + "-G1", "接口首页户主"), 201);
        long vid = num(h, "$.villageId");
        long id = num(h, "$.id");
        String number = json(h, "$.passbookNumber");
        asAdmin("POST", "/api/v1/households/" + vid + "/" + id + "/villager-account", "{\"password\":\"chushi88\"}", 201);
        changePasswordViaPage(number, "chushi88", "wode-mima-1");
        return new Villager(vid, id, number, newToken(number, "wode-mima-1"));
    }

    private void award(Villager v, int points, String label) {
        MvcResult r = api("POST", "/api/v1/households/" + v.villageId() + "/" + v.householdId() + "/postings",
                adminToken(), "{\"kind\":\"EARN\",\"points\":" + points + ",\"itemLabel\":" + q(label) + "}",
                "Idempotency-Key", unique("K"));
        assertEquals(201, r.getResponse().getStatus(), body(r));
    }

    @Test
    void aVillagerGetsItsBalanceTheNextRedemptionDayAndWhatChangedSinceTheLastVisit() {
        Villager v = villager(Matrix.SJ_SQ);
        String title = jdbc.sql("""
                SELECT title FROM redemption_window WHERE village_id = :v AND cancelled = FALSE AND closes_at > LOCALTIMESTAMP
                ORDER BY opens_at LIMIT 1""").param("v", v.villageId()).query(String.class).single();

        MvcResult first = home(v.token());
        assertThat((String) json(first, "$.villager.passbookNumber")).isEqualTo(v.number());
        assertEquals(0, num(first, "$.villager.balance"));
        assertThat((Object) json(first, "$.villager.sinceLastVisit")).as("first visit").isNull();
        assertThat((String) json(first, "$.villager.nextRedemptionDay.title")).isEqualTo(title);
        assertThat((Object) json(first, "$.reviewer")).isNull();

        award(v, 30, "接口首页加分");

        MvcResult second = home(v.token());
        assertEquals(30, num(second, "$.villager.balance"));
        assertEquals(30, num(second, "$.villager.spendable"));
        assertEquals(1, num(second, "$.villager.sinceLastVisit.postings.total"));
        assertThat((String) json(second, "$.villager.sinceLastVisit.postings.items[0].itemLabel")).isEqualTo("接口首页加分");
        assertEquals(30, num(second, "$.villager.sinceLastVisit.postings.items[0].amount"));
        // the API read was a visit, like opening the page: the posting is no longer new
        assertEquals(0, num(home(v.token()), "$.villager.sinceLastVisit.postings.total"));
    }

    @Test
    void theApiAndThePageShareTheVillagersLastVisit() {
        Villager v = villager(Matrix.SJ_SQ);
        home(v.token());
        award(v, 12, "接口页面共用标记");
        MockHttpSession page = newSession(v.number(), "wode-mima-1");

        String html = body(perform(get("/me").session(page)));
        assertThat(html).contains("接口页面共用标记");

        assertEquals(0, num(home(v.token()), "$.villager.sinceLastVisit.postings.total"));
    }

    @Test
    void pointsHeldByAReservationAreSubtractedFromWhatTheVillagerCanSpend() {
        Villager v = villager(Matrix.SJ_SQ);
        award(v, 200, "接口预订用");
        long[] product = jdbc.sql("""
                SELECT p.supermarket_id, p.id FROM product p JOIN supermarket s ON s.village_id = p.village_id
                  AND s.id = p.supermarket_id
                WHERE p.village_id = :v AND p.active = TRUE AND p.stock > 0 AND s.active = TRUE ORDER BY p.id LIMIT 1""")
                .param("v", v.villageId()).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        MockHttpSession page = newSession(v.number(), "wode-mima-1");
        MvcResult reserved = perform(post("/me/market/" + v.villageId() + "/" + product[0] + "/reservations")
                .with(csrf()).session(page).param("q_" + product[1], "1").param("key", unique("R")));
        assertEquals(302, reserved.getResponse().getStatus());
        long held = count("SELECT SUM(points) FROM reservation WHERE household_village_id = :v AND household_id = :h "
                + "AND status = 'HELD'", Map.of("v", v.villageId(), "h", v.householdId()));
        assertThat(held).isPositive();

        MvcResult r = home(v.token());

        assertEquals(200, num(r, "$.villager.balance"));
        assertEquals(held, num(r, "$.villager.heldByReservations"));
        assertEquals(200 - held, num(r, "$.villager.spendable"));
    }

    @Test
    void aVillagerSeesObjectionsToItsOwnClaimsWithoutTheObjectorAndNoneToAnotherHouseholds() {
        Villager v = villager(Matrix.SJ_SQ);
        OrgUnit village = orgUnits.byCode(Matrix.SJ_SQ).orElseThrow();
        RuleItem earn = towns.localItem(village, false);
        Actor objector = new Actor(IDS.incrementAndGet(), "objector-secret", "邻居某", Role.VILLAGER, village.id(),
                village.path(), towns.household(village), "127.0.0.1");
        List<Long> objections = new ArrayList<>();
        for (long h : new long[] {v.householdId(), towns.household(village)}) {
            Claim c = claims.record(towns.staff(Role.VILLAGE_ADMIN, village), new ClaimDraft(village.id(), h, null,
                    earn.code(), 10, TODAY, null, "接口异议测试", false));
            claims.approve(towns.staff(Role.VILLAGE_ADMIN, village), village.id(), c.id(), null, null);
            objections.add(claims.object(objector, village.id(), c.id(), "我有不同意见").id());
        }

        MvcResult r = home(v.token());

        assertThat(ids(r, "$.villager.objectionsToMyClaims[*].objection.id")).containsExactly(objections.get(0));
        assertThat((String) json(r, "$.villager.objectionsToMyClaims[0].objection.status")).isEqualTo("OPEN");
        assertThat((List<?>) json(r, "$.villager.objectionsToMyClaims[*].claim.householdId"))
                .allMatch(h -> ((Number) h).longValue() == v.householdId());
        assertThat(body(r)).doesNotContain("objector-secret").doesNotContain("邻居某");
    }

    // ---------------------------------------------------------------- denials and bad input

    @Test
    void withoutATokenTheHomeIsRefusedWith401() {
        assertEquals(401, homeResult(null).getResponse().getStatus());
        assertEquals(401, homeResult("made-up-token").getResponse().getStatus());
    }

    @Test
    void aListSizeOutOfRangeIsRefusedWithAMessageNamingIt() {
        for (String size : List.of("0", "101")) {
            MvcResult r = api("GET", "/api/v1/me/home?size=" + size, token("demo-village", "demo-village"), null);
            assertEquals(422, r.getResponse().getStatus(), size);
            assertThat(body(r)).contains("size");
            assertThat(hasChinese(body(r))).isTrue();
        }
    }

    @Test
    void sizeSetsHowManyItemsEachListGivesBesideItsTotal() {
        MvcResult r = api("GET", "/api/v1/me/home?size=2", adminToken(), null);
        assertEquals(200, r.getResponse().getStatus(), body(r));
        assertThat((List<?>) json(r, "$.attention.supermarketsFailingStandards.items")).hasSize(2);
        assertThat(num(r, "$.attention.supermarketsFailingStandards.total")).isGreaterThanOrEqualTo(12);
        assertEquals(2, num(r, "$.attention.supermarketsFailingStandards.size"));
    }
}
