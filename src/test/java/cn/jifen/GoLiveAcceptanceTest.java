package cn.jifen;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.TestDatabase;
import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A county goes live from an EMPTY database through the HTTP API only, against a real server: the
 * first county admin ({@code create-admin}), towns, villages, grids, staff who exchange their initial
 * passwords through the API, roster import, a supermarket opened and brought to 六有, goods bought
 * from a fund, claims through publicity to posting, an activity with check-ins, redemptions (one with
 * a cash top-up) and the statistics summary, exact for all of it.
 *
 * <p>Only {@code create-admin} is not HTTP: it is a command line command, so the test runs the
 * command's own code ({@link JifenCommands#createAdmin}) on the server's context, as
 * {@code java -jar jifen.jar create-admin ...} does on its own context. Everything after that goes
 * through {@link HttpClient}; no service call, no SQL. docs/go-live.md shows the same steps with curl.
 *
 * <p>The database is its own (H2 in memory "golive", or the schema {@code <JIFEN_TEST_DB_SCHEMA>_golive}
 * on PostgreSQL), wiped before the run, and the demo county is off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"jifen.demo=false", "server.address=127.0.0.1", "server.port=${JIFEN_GOLIVE_TEST_PORT:0}"})
@ActiveProfiles("test")
@DirtiesContext   // a context of its own: closed after the class, so its connections go
class GoLiveAcceptanceTest {
    private static final String COUNTY = "441899";
    private static final String TOWN = "441899100";
    private static final String JIA = "441899100201";
    private static final String YI = "441899100202";
    private static final String INITIAL = "Initial-pass-2026";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @DynamicPropertySource
    static void emptyDatabase(DynamicPropertyRegistry r) {
        if (TestDatabase.postgres()) {
            String url = TestDatabase.url();
            String schema = System.getenv().getOrDefault("JIFEN_TEST_DB_SCHEMA", "jifen_test") + "_golive";
            r.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            r.add("spring.datasource.username", () -> System.getenv().getOrDefault("JIFEN_TEST_DB_USER", "postgres"));
            r.add("spring.datasource.password", () -> System.getenv().getOrDefault("JIFEN_TEST_DB_PASSWORD", ""));
            r.add("spring.flyway.schemas", () -> schema);
        } else {
            r.add("spring.datasource.url", () -> "jdbc:h2:mem:golive;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000");
            r.add("spring.datasource.username", () -> "sa");
            r.add("spring.datasource.password", () -> "");
        }
        r.add("spring.flyway.clean-disabled", () -> "false");
    }

    /** This database belongs to this test alone: always start from nothing. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Empty {
        @Bean
        FlywayMigrationStrategy cleanThenMigrate() {
            return flyway -> {
                TestDatabase.clean(flyway);
                flyway.migrate();
            };
        }
    }

    @Autowired ApplicationContext context;

    private final HttpClient http = HttpClient.newHttpClient();

    private String base() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    // ---------------------------------------------------------------- HTTP helpers

    record Res(int status, String body) {
        <T> T json(String path) {
            return JsonPath.read(body, path);
        }

        long id(String path) {
            return ((Number) json(path)).longValue();
        }
    }

    private Res call(String method, String path, String token, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Res(r.statusCode(), r.body());
    }

    /** A call that must answer {@code expected}; the body is shown when it does not. */
    private Res ok(int expected, String method, String path, String token, String json, String... headers) throws Exception {
        Res r = call(method, path, token, json, headers);
        assertThat(r.status()).as(method + " " + path + " → " + r.body()).isEqualTo(expected);
        return r;
    }

    private Res upload(String path, String token, String filename, byte[] content) throws Exception {
        String boundary = "----jifen" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Res(r.statusCode(), r.body());
    }

    private String token(String username, String password) throws Exception {
        return ok(201, "POST", "/api/v1/tokens", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}").json("$.token");
    }

    /** The county admin makes a staff account with an initial password; the new user exchanges it through the API. */
    private String staff(String admin, String username, String role, String orgCode) throws Exception {
        ok(201, "POST", "/api/v1/users", admin, "{\"username\":\"" + username + "\",\"displayName\":\"" + username
                + "\",\"role\":\"" + role + "\",\"orgCode\":\"" + orgCode + "\",\"password\":\"" + INITIAL + "\"}");
        Res refused = call("POST", "/api/v1/tokens", null, "{\"username\":\"" + username + "\",\"password\":\"" + INITIAL + "\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat((String) refused.json("$.detail")).contains("newPassword");
        return ok(201, "POST", "/api/v1/tokens", null, "{\"username\":\"" + username + "\",\"password\":\"" + INITIAL
                + "\",\"newPassword\":\"" + username + "-Own-2026\"}").json("$.token");
    }

    private long claimId(Res r) {
        return r.id("$.id");
    }

    // ---------------------------------------------------------------- the run

    @Test
    void aCountyGoesLiveFromAnEmptyDatabaseThroughTheApiAndTheFiguresAreExact() throws Exception {
        long started = System.nanoTime();
        LocalDate today = LocalDate.now(ZONE);

        // 1. the first county admin: the create-admin command (the only step that is not HTTP)
        assertThat(JifenCommands.createAdmin(context, Map.of("county-code", COUNTY, "county-name", "上线县",
                "username", "county-admin", "password", "County-pass-2026"))).isZero();
        String county = token("county-admin", "County-pass-2026");

        // 2. towns, villages, grids
        ok(201, "POST", "/api/v1/org-units", county, "{\"parentCode\":\"" + COUNTY + "\",\"code\":\"" + TOWN + "\",\"name\":\"上线镇\"}");
        ok(201, "POST", "/api/v1/org-units", county, "{\"parentCode\":\"" + TOWN + "\",\"code\":\"" + JIA
                + "\",\"name\":\"甲村\",\"villageKind\":\"VILLAGE\"}");
        ok(201, "POST", "/api/v1/org-units", county, "{\"parentCode\":\"" + TOWN + "\",\"code\":\"" + YI
                + "\",\"name\":\"乙村\",\"villageKind\":\"VILLAGE\"}");
        ok(201, "POST", "/api/v1/org-units", county, "{\"parentCode\":\"" + JIA + "\",\"code\":\"" + JIA + "-G1\",\"name\":\"第一网格\"}");
        ok(201, "POST", "/api/v1/org-units", county, "{\"parentCode\":\"" + YI + "\",\"code\":\"" + YI + "-G1\",\"name\":\"第一网格\"}");

        // 3. staff, each exchanging the initial password for their own through the API
        String town = staff(county, "town-admin", "TOWN_ADMIN", TOWN);
        String va1 = staff(county, "jia-admin1", "VILLAGE_ADMIN", JIA);
        String va2 = staff(county, "jia-admin2", "VILLAGE_ADMIN", JIA);
        String grid = staff(county, "jia-grid1", "GRID_WORKER", JIA + "-G1");
        String keeper = staff(county, "jia-keeper", "KEEPER", JIA);

        // 4. rosters: 甲村 by its village admin (3 households, 5 residents), 乙村 by the town admin (1, 1)
        String header = "户编号,网格,家庭住址,低收入户,姓名,与户主关系,性别,出生年份\n";
        String jiaRoster = header
                + "001," + JIA + "-G1,一组1号,否,陈建国,户主,男,1960\n"
                + "001," + JIA + "-G1,一组1号,否,黄秀英,配偶,女,1962\n"
                + "002," + JIA + "-G1,一组2号,否,李德福,户主,男,1955\n"
                + "002," + JIA + "-G1,一组2号,否,李小红,子女,女,1990\n"
                + "003," + JIA + "-G1,一组3号,是,王桂兰,户主,女,1948\n";
        Res jia = upload("/api/v1/villages/" + JIA + "/roster", va1, "jia.csv", jiaRoster.getBytes(StandardCharsets.UTF_8));
        assertThat(jia.status()).as(jia.body()).isEqualTo(200);
        assertThat(jia.<Integer>json("$.householdsAdded")).isEqualTo(3);
        assertThat(jia.<Integer>json("$.residentsAdded")).isEqualTo(5);
        Res yi = upload("/api/v1/villages/" + YI + "/roster", town, "yi.csv",
                (header + "001," + YI + "-G1,二组1号,否,赵六,户主,男,1970\n").getBytes(StandardCharsets.UTF_8));
        assertThat(yi.status()).as(yi.body()).isEqualTo(200);
        Res households = ok(200, "GET", "/api/v1/villages/" + JIA + "/households?size=50", va1, null);
        List<Map<String, Object>> rows = households.json("$.items");
        assertThat(rows).hasSize(3);
        long villageId = ((Number) rows.get(0).get("villageId")).longValue();
        Map<String, Long> householdIds = new HashMap<>();
        Map<String, String> passbooks = new HashMap<>();
        for (Map<String, Object> h : rows) {
            householdIds.put((String) h.get("householdRef"), ((Number) h.get("id")).longValue());
            passbooks.put((String) h.get("householdRef"), (String) h.get("passbookNumber"));
        }
        Res h1 = ok(200, "GET", "/api/v1/households/" + villageId + "/" + householdIds.get("001"), va1, null);
        Res h2 = ok(200, "GET", "/api/v1/households/" + villageId + "/" + householdIds.get("002"), va1, null);
        long chen = ((Number) h1.<List<Map<String, Object>>>json("$.members[?(@.name == '陈建国')]").get(0).get("id")).longValue();
        long huang = ((Number) h1.<List<Map<String, Object>>>json("$.members[?(@.name == '黄秀英')]").get(0).get("id")).longValue();
        long li = ((Number) h2.<List<Map<String, Object>>>json("$.members[?(@.name == '李德福')]").get(0).get("id")).longValue();

        // 5. a supermarket opened by the town admin for both villages, its keeper, 六有
        Res shop = ok(201, "POST", "/api/v1/supermarkets", town, "{\"villageCode\":\"" + JIA
                + "\",\"name\":\"上线镇积分超市\",\"address\":\"甲村党群服务中心\",\"servesVillageCodes\":[\"" + YI + "\"]}");
        long shopId = shop.id("$.id");
        String sm = "/api/v1/supermarkets/" + villageId + "/" + shopId;
        ok(201, "POST", sm + "/keepers", va1, "{\"username\":\"jia-keeper\"}");
        for (String standard : List.of("SITE", "SIGN", "GOODS", "RULES", "LEDGER", "MANAGEMENT")) {
            ok(201, "POST", sm + "/standards", va1, "{\"standard\":\"" + standard + "\",\"met\":true}");
        }
        assertThat(ok(200, "GET", sm, va1, null).<Boolean>json("$.meetsStandard")).isTrue();
        ok(200, "PUT", "/api/v1/villages/" + JIA + "/market-settings", va1, "{\"openEveryDay\":true,\"allowCashTopUp\":true}");

        // 6. goods bought from a fund
        long fund = ok(201, "POST", "/api/v1/villages/" + JIA + "/funds", va1, "{\"name\":\"村集体资金\",\"kind\":\"COLLECTIVE\"}").id("$.id");
        ok(201, "POST", "/api/v1/villages/" + JIA + "/funds/" + fund + "/contributions", va1, "{\"amountYuan\":500}");
        long soap = ok(201, "POST", sm + "/products", va1,
                "{\"name\":\"香皂\",\"unit\":\"块\",\"points\":5,\"referenceYuan\":2.50}").id("$.id");
        long towel = ok(201, "POST", sm + "/products", va1,
                "{\"name\":\"毛巾\",\"unit\":\"条\",\"points\":10,\"referenceYuan\":5.00}").id("$.id");
        ok(201, "POST", "/api/v1/products/" + villageId + "/" + soap + "/purchases", keeper,
                "{\"quantity\":20,\"costYuan\":40.00,\"supplier\":\"供销社\",\"fundId\":" + fund + "}");
        ok(201, "POST", "/api/v1/products/" + villageId + "/" + towel + "/purchases", keeper,
                "{\"quantity\":10,\"costYuan\":40.00,\"supplier\":\"供销社\",\"fundId\":" + fund + "}");

        // 7. a rule item, publicity of 0 days, claims recorded, reviewed, posted
        ok(201, "POST", "/api/v1/rules", county, "{\"ownerCode\":\"" + COUNTY + "\",\"item\":{\"code\":\"ZY01\","
                + "\"categoryCode\":\"ZYFW\",\"name\":\"参加志愿服务\",\"sign\":\"EARN\",\"minPoints\":5,\"maxPoints\":10,"
                + "\"unit\":\"TIME\",\"capPeriod\":\"MONTH\",\"evidenceRequired\":false,"
                + "\"recorders\":[\"GRID_WORKER\",\"VILLAGE_ADMIN\"],\"partyOnly\":false,\"veto\":false,"
                + "\"needsPublicity\":true,\"validFrom\":\"" + today.minusDays(30) + "\"}}");
        ok(200, "POST", "/api/v1/claims/settings", va1, "{\"village\":\"" + JIA + "\",\"publicityDays\":0}");
        long c1 = claimId(ok(201, "POST", "/api/v1/claims", grid, "{\"passbookNumber\":\"" + passbooks.get("001")
                + "\",\"itemCode\":\"ZY01\",\"occurredOn\":\"" + today + "\",\"points\":10,\"note\":\"清理河道\"}"));
        long c2 = claimId(ok(201, "POST", "/api/v1/claims", grid, "{\"passbookNumber\":\"" + passbooks.get("002")
                + "\",\"itemCode\":\"ZY01\",\"occurredOn\":\"" + today + "\",\"points\":8,\"note\":\"修路\"}"));
        long c3 = claimId(ok(201, "POST", "/api/v1/claims", grid, "{\"passbookNumber\":\"" + passbooks.get("003")
                + "\",\"itemCode\":\"ZY01\",\"occurredOn\":\"" + today + "\",\"points\":6,\"note\":\"照顾孤寡老人\"}"));
        for (long c : List.of(c1, c2, c3)) {
            ok(200, "POST", "/api/v1/claims/" + villageId + "/" + c + "/approve", va1, "{}");
        }
        // publicity over: the village admin posts what is due now (the every-minute run would do it too)
        assertThat(ok(200, "POST", "/api/v1/points-runs/post-due", va1, "{\"orgUnit\":\"" + JIA + "\"}")
                .<Integer>json("$.posted")).isEqualTo(3);
        for (long c : List.of(c1, c2, c3)) {
            assertThat(ok(200, "GET", "/api/v1/claims/" + villageId + "/" + c, va1, null).<String>json("$.claim.status"))
                    .isEqualTo("POSTED");
        }

        // 8. an activity: three sign up, two check in, the two are awarded, a second admin approves
        long activity = ok(201, "POST", "/api/v1/activities", va1, "{\"village\":\"" + JIA + "\",\"title\":\"植树\","
                + "\"place\":\"后山\",\"startsAt\":\"" + today + "T00:01:00\",\"itemCode\":\"ZY01\",\"points\":5,\"quota\":10}")
                .id("$.id");
        String act = "/api/v1/activities/" + villageId + "/" + activity;
        ok(201, "POST", act + "/signups", va1, "{\"passbookNumber\":\"" + passbooks.get("001") + "\",\"residentId\":" + chen + "}");
        ok(201, "POST", act + "/signups", va1, "{\"passbookNumber\":\"" + passbooks.get("001") + "\",\"residentId\":" + huang + "}");
        ok(201, "POST", act + "/signups", va1, "{\"passbookNumber\":\"" + passbooks.get("002") + "\",\"residentId\":" + li + "}");
        ok(200, "POST", act + "/checkins", va1, "{\"residentId\":" + chen + "}");
        ok(200, "POST", act + "/checkins", va1, "{\"residentId\":" + li + "}");
        List<Map<String, Object>> awarded = ok(200, "POST", act + "/award", va1, null).json("$");
        assertThat(awarded).hasSize(2).allSatisfy(a -> assertThat(a.get("claimId")).isNotNull());
        for (Map<String, Object> a : awarded) {
            long c = ((Number) a.get("claimId")).longValue();
            // the same household earned under the same item today (c1, c2): the reviewer says why it is no duplicate
            ok(200, "POST", "/api/v1/claims/" + villageId + "/" + c + "/approve", va2, "{\"reason\":\"植树活动签到，不是重复\"}");
        }
        assertThat(ok(200, "POST", "/api/v1/points-runs/post-due", va1, "{\"orgUnit\":\"" + JIA + "\"}")
                .<Integer>json("$.posted")).isEqualTo(2);
        for (Map<String, Object> a : awarded) {
            long c = ((Number) a.get("claimId")).longValue();
            assertThat(ok(200, "GET", "/api/v1/claims/" + villageId + "/" + c, va1, null).<String>json("$.claim.status"))
                    .isEqualTo("POSTED");
        }

        // 9. redemptions at the counter: 001 (15 points) takes two soaps; 002 (13 points) a towel and a soap,
        //    15 points, paying ¥2.00 in cash for 4 of them (¥0.50 a point at these reference prices)
        Res r1 = ok(201, "POST", sm + "/redemptions", keeper, "{\"passbookNumber\":\"" + passbooks.get("001")
                + "\",\"items\":[{\"productId\":" + soap + ",\"quantity\":2}]}", "Idempotency-Key", "golive-r1");
        Res r2 = ok(201, "POST", sm + "/redemptions", keeper, "{\"passbookNumber\":\"" + passbooks.get("002")
                + "\",\"items\":[{\"productId\":" + towel + ",\"quantity\":1},{\"productId\":" + soap + ",\"quantity\":1}],"
                + "\"cashYuan\":2.00}", "Idempotency-Key", "golive-r2");
        assertThat(r1.<Integer>json("$.balanceAfter")).isEqualTo(5);
        assertThat(r2.<Integer>json("$.points")).isEqualTo(11);
        assertThat(r2.<Integer>json("$.balanceAfter")).isEqualTo(2);

        // 10. the county's figures for today, exact
        Res s = ok(200, "GET", "/api/v1/stats/summary?orgUnit=" + COUNTY + "&from=" + today + "&to=" + today, county, null);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("villages", 2);
        expected.put("passbooksIssued", 4);
        expected.put("passbooksActive", 4);
        expected.put("householdsCovered", 4);
        expected.put("residentsCovered", 6);
        expected.put("supermarketsOpen", 1);
        expected.put("supermarketsMeetingStandard", 1);
        expected.put("redemptions", 2);
        expected.put("activityAttendances", 2);
        expected.put("goodDeeds", 3);
        expected.put("participations", 5);
        expected.put("postings", 7);
        expected.put("pointsIssued", 34);
        expected.put("pointsDeducted", 0);
        expected.put("pointsRedeemed", 21);
        expected.put("pointsOutstandingAtStart", 0);
        expected.put("pointsOutstanding", 13);
        expected.put("claimsRecorded", 5);
        expected.put("claimsApproved", 5);
        expected.put("claimsPosted", 5);
        expected.put("claimsRejected", 0);
        expected.put("vetoes", 0);
        Map<String, Object> actual = new LinkedHashMap<>();
        for (String k : expected.keySet()) {
            actual.put(k, ((Number) s.json("$." + k)).intValue());
        }
        assertThat(actual).as(s.body()).isEqualTo(expected);
        assertThat(new BigDecimal(String.valueOf((Object) s.json("$.goodsValueYuan")))).isEqualByComparingTo("12.50");

        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        LoggerFactory.getLogger(GoLiveAcceptanceTest.class).info("Went live through the API in {} s.", seconds);
    }
}
