package cn.jifen.security;

import static cn.jifen.security.Matrix.SJ_LN;
import static cn.jifen.security.Matrix.SJ_SQ;
import static cn.jifen.security.Matrix.TT_SQ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The supermarket's JSON API per role: reads and writes inside and outside each caller's scope.
 * Keepers act only at the supermarkets assigned to them (any other is 404), only admins manage
 * goods, prices, funds, windows, approvals and cancellations (others 403), villagers only read
 * their own village's goods and their own redemptions. Every denial changes nothing (market
 * tables, stock, ledger, audit log); every allowed write changes something and is audited.
 *
 * <p>Writes touch only 石角社区 (…206) and 汤塘社区 data; 龙南村 is only read or refused.
 */
@IntegrationTest
class MarketAccessMatrixTest extends SecuritySupport {
    /** A keeper of 石角社区, assigned to its supermarket by the county admin (made once). */
    static final String KEEPER_SQ = "mkt-keeper-sq";

    enum Caller {
        COUNTY_ADMIN("demo-admin", "demo-admin"),
        TOWN_ADMIN("demo-town", "demo-town"),
        VILLAGE_ADMIN_SQ("demo-v06", "demo-village"),
        VILLAGE_ADMIN_LN("demo-village", "demo-village"),
        GRID_WORKER("demo-grid", "demo-grid"),
        KEEPER_LN("demo-keeper", "demo-keeper"),
        KEEPER_SQ(MarketAccessMatrixTest.KEEPER_SQ, PASSWORD),
        AUDITOR("demo-auditor", "demo-auditor"),
        VILLAGER_LN(Matrix.VILLAGER_LOGIN, "123456"),
        ANONYMOUS(null, null);

        final String login;
        final String password;

        Caller(String login, String password) {
            this.login = login;
            this.password = password;
        }
    }

    /** One call: {sq}/{tt}/{ln} = villageId/supermarketId, {psq}/{ptt} = villageId/productId, ${...} from setup. */
    record Row(Caller who, String method, String path, String body, int expected) {
        @Override
        public String toString() {
            return who + " " + method + " " + path + " → " + expected;
        }
    }

    private static Map<String, String> vars;

    static Row row(Caller who, String method, String path, String body, int expected) {
        return new Row(who, method, path, body, expected);
    }

    static final String PRODUCT = "{\"name\":\"矩阵物品${n}\",\"unit\":\"件\",\"points\":3,\"referenceYuan\":1.5}";
    static final String PURCHASE = "{\"quantity\":2,\"costYuan\":2.00,\"supplier\":\"供销社\",\"fundId\":${fund}}";
    static final String REDEEM = "{\"passbookNumber\":\"${number}\",\"items\":[{\"productId\":${pid},\"quantity\":1}]}";
    static final String LOSS = "{\"quantity\":1,\"reason\":\"破损\"}";
    static final String FUND = "{\"name\":\"矩阵资金${n}\",\"kind\":\"OTHER\"}";
    static final String WINDOW = "{\"title\":\"矩阵兑换日\",\"opensAt\":\"2099-01-02T09:00\",\"closesAt\":\"2099-01-02T12:00\"}";
    static final String REASON = "{\"reason\":\"安全测试\"}";
    static final String CHECK = "{\"standard\":\"SITE\",\"met\":true}";

    static Stream<Row> rows() {
        List<Row> r = new ArrayList<>();
        // ---- goods list: staff in scope, the assigned keeper, villagers of a served village
        for (Caller c : Caller.values()) {
            int sq = switch (c) {
                case COUNTY_ADMIN, TOWN_ADMIN, VILLAGE_ADMIN_SQ, KEEPER_SQ, AUDITOR -> 200;
                case ANONYMOUS -> 401;
                default -> 404;
            };
            r.add(row(c, "GET", "/api/v1/supermarkets/{sq}/products", null, sq));
            int ln = switch (c) {
                case COUNTY_ADMIN, TOWN_ADMIN, VILLAGE_ADMIN_LN, KEEPER_LN, AUDITOR, VILLAGER_LN -> 200;
                case ANONYMOUS -> 401;
                default -> 404;
            };
            r.add(row(c, "GET", "/api/v1/supermarkets/{ln}/products", null, ln));
        }
        r.add(row(Caller.TOWN_ADMIN, "GET", "/api/v1/supermarkets/{tt}/products", null, 404));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "GET", "/api/v1/supermarkets/{tt}/stock-movements", null, 404));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/supermarkets/{sq}/stock-movements", null, 200));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/supermarkets/{ln}/stock-movements", null, 403));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/supermarkets/{sq}/passbooks/${number}", null, 200));
        r.add(row(Caller.KEEPER_LN, "GET", "/api/v1/supermarkets/{ln}/passbooks/${number}", null, 404));
        r.add(row(Caller.KEEPER_LN, "GET", "/api/v1/supermarkets/{sq}/passbooks/${number}", null, 404));
        r.add(row(Caller.AUDITOR, "GET", "/api/v1/supermarkets/{sq}/passbooks/${number}", null, 403));
        r.add(row(Caller.GRID_WORKER, "GET", "/api/v1/supermarkets/{ln}/passbooks/441821100201-0001", null, 404));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/supermarkets/{ln}/passbooks/441821100201-0001", null, 403));

        // ---- products and prices: admins only
        r.add(row(Caller.COUNTY_ADMIN, "POST", "/api/v1/supermarkets/{sq}/products", PRODUCT, 201));
        r.add(row(Caller.TOWN_ADMIN, "POST", "/api/v1/supermarkets/{sq}/products", PRODUCT, 201));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets/{sq}/products", PRODUCT, 201));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets/{tt}/products", PRODUCT, 404));
        r.add(row(Caller.TOWN_ADMIN, "POST", "/api/v1/supermarkets/{tt}/products", PRODUCT, 404));
        r.add(row(Caller.VILLAGE_ADMIN_LN, "POST", "/api/v1/supermarkets/{sq}/products", PRODUCT, 404));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/supermarkets/{sq}/products", PRODUCT, 403));
        r.add(row(Caller.AUDITOR, "POST", "/api/v1/supermarkets/{sq}/products", PRODUCT, 403));
        r.add(row(Caller.GRID_WORKER, "POST", "/api/v1/supermarkets/{sq}/products", PRODUCT, 404));
        r.add(row(Caller.VILLAGER_LN, "POST", "/api/v1/supermarkets/{ln}/products", PRODUCT, 403));
        r.add(row(Caller.ANONYMOUS, "POST", "/api/v1/supermarkets/{sq}/products", PRODUCT, 401));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/products/{psq}/prices", "{\"points\":4}", 201));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/products/{psq}/prices", "{\"points\":4}", 403));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/products/{ptt}/prices", "{\"points\":4}", 404));
        r.add(row(Caller.KEEPER_SQ, "PATCH", "/api/v1/products/{psq}", "{\"name\":\"改名\",\"unit\":\"件\",\"active\":false}", 403));

        // ---- stock in/out: the assigned keeper or an admin over it
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/products/{psq}/purchases", PURCHASE, 201));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/products/{psq}/purchases", PURCHASE, 201));
        r.add(row(Caller.KEEPER_LN, "POST", "/api/v1/products/{psq}/purchases", PURCHASE, 404));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/products/{ptt}/purchases", PURCHASE, 404));
        r.add(row(Caller.AUDITOR, "POST", "/api/v1/products/{psq}/purchases", PURCHASE, 403));
        r.add(row(Caller.GRID_WORKER, "POST", "/api/v1/products/{psq}/purchases", PURCHASE, 404));
        r.add(row(Caller.VILLAGER_LN, "POST", "/api/v1/products/{psq}/purchases", PURCHASE, 404));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/products/{psq}/losses", LOSS, 201));
        r.add(row(Caller.KEEPER_LN, "POST", "/api/v1/products/{psq}/losses", LOSS, 404));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/stock-movements/${loss}/approve", REASON, 403));
        r.add(row(Caller.AUDITOR, "POST", "/api/v1/stock-movements/${loss}/approve", REASON, 403));
        r.add(row(Caller.VILLAGE_ADMIN_LN, "POST", "/api/v1/stock-movements/${loss}/approve", REASON, 404));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/stock-movements/${loss}/approve", REASON, 200));

        // ---- redemption at the counter
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/supermarkets/{sq}/redemptions", REDEEM, 201));
        r.add(row(Caller.KEEPER_LN, "POST", "/api/v1/supermarkets/{sq}/redemptions", REDEEM, 404));
        r.add(row(Caller.KEEPER_LN, "POST", "/api/v1/supermarkets/{ln}/redemptions", REDEEM, 404));
        r.add(row(Caller.AUDITOR, "POST", "/api/v1/supermarkets/{sq}/redemptions", REDEEM, 403));
        r.add(row(Caller.GRID_WORKER, "POST", "/api/v1/supermarkets/{sq}/redemptions", REDEEM, 404));
        r.add(row(Caller.VILLAGER_LN, "POST", "/api/v1/supermarkets/{ln}/redemptions",
                "{\"passbookNumber\":\"441821100201-0001\",\"items\":[{\"productId\":1,\"quantity\":1}]}", 403));
        r.add(row(Caller.ANONYMOUS, "POST", "/api/v1/supermarkets/{sq}/redemptions", REDEEM, 401));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/redemptions/${redemption}/cancel", REASON, 403));
        r.add(row(Caller.AUDITOR, "POST", "/api/v1/redemptions/${redemption}/cancel", REASON, 403));
        r.add(row(Caller.VILLAGE_ADMIN_LN, "POST", "/api/v1/redemptions/${redemption}/cancel", REASON, 404));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/redemptions/${redemption}/cancel", REASON, 200));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/redemptions/${redemption}", null, 200));
        r.add(row(Caller.KEEPER_LN, "GET", "/api/v1/redemptions/${redemption}", null, 404));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/redemptions/${redemption}", null, 404));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/redemptions/${redemption}/receipt.pdf", null, 404));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/redemptions/${redemption}/receipt.pdf", null, 200));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/me/redemptions", null, 200));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/me/redemptions", null, 403));

        // ---- reservations: villagers reserve at their own village's supermarket; staff see and hand over
        String reserve = "{\"items\":[{\"productId\":${pid},\"quantity\":1}]}";
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/supermarkets/{sq}/reservations", reserve, 403));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets/{sq}/reservations", reserve, 403));
        r.add(row(Caller.VILLAGER_LN, "POST", "/api/v1/supermarkets/{sq}/reservations", reserve, 404));
        r.add(row(Caller.ANONYMOUS, "POST", "/api/v1/supermarkets/{sq}/reservations", reserve, 401));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/supermarkets/{sq}/reservations", null, 200));
        r.add(row(Caller.KEEPER_LN, "GET", "/api/v1/supermarkets/{sq}/reservations", null, 404));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/supermarkets/{ln}/reservations", null, 403));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/me/reservations", null, 200));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/me/reservations", null, 403));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/reservations/" + "${sqv}/999999999/collect", null, 404));

        // ---- funds, windows, settings, 六有, keepers: admins of the village or above
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/villages/" + SJ_SQ + "/funds", FUND, 201));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/villages/" + SJ_SQ + "/funds", FUND, 403));
        r.add(row(Caller.TOWN_ADMIN, "POST", "/api/v1/villages/" + TT_SQ + "/funds", FUND, 404));
        r.add(row(Caller.VILLAGER_LN, "POST", "/api/v1/villages/" + SJ_SQ + "/funds", FUND, 404));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/villages/" + SJ_SQ + "/funds", null, 200));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/villages/" + SJ_LN + "/funds", null, 403));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/villages/" + SJ_SQ + "/funds/${fund}/contributions",
                "{\"amountYuan\":10}", 403));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/villages/" + SJ_SQ + "/funds/${fund}/contributions",
                "{\"amountYuan\":10}", 201));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/villages/" + SJ_SQ + "/redemption-windows", WINDOW, 201));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/villages/" + SJ_SQ + "/redemption-windows", WINDOW, 403));
        r.add(row(Caller.VILLAGER_LN, "POST", "/api/v1/villages/" + SJ_LN + "/redemption-windows", WINDOW, 403));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/villages/" + TT_SQ + "/redemption-windows", WINDOW, 404));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/villages/" + SJ_LN + "/redemption-windows", null, 200));
        r.add(row(Caller.KEEPER_SQ, "PUT", "/api/v1/villages/" + SJ_SQ + "/market-settings", "{\"openEveryDay\":false}", 403));
        r.add(row(Caller.GRID_WORKER, "PUT", "/api/v1/villages/" + SJ_LN + "/market-settings", "{\"openEveryDay\":false}", 404));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets/{sq}/standards", CHECK, 201));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/supermarkets/{sq}/standards", CHECK, 403));
        r.add(row(Caller.AUDITOR, "POST", "/api/v1/supermarkets/{sq}/standards", CHECK, 403));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets/{tt}/standards", CHECK, 404));
        r.add(row(Caller.KEEPER_SQ, "POST", "/api/v1/supermarkets/{sq}/keepers", "{\"username\":\"demo-keeper\"}", 403));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets/{sq}/keepers", "{\"username\":\"demo-keeper\"}", 422));
        r.add(row(Caller.AUDITOR, "GET", "/api/v1/villages/" + SJ_SQ + "/market/reconciliation", null, 200));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/villages/" + SJ_SQ + "/market/reconciliation", null, 403));
        // ---- golive: opening and running supermarkets. Admins over the village (county anywhere, town in its
        // town, village admin its own village); served villages must be in the caller's scope; others 403.
        String openSq = "{\"villageCode\":\"" + SJ_SQ + "\",\"name\":\"矩阵超市${n}\"}";
        String openTt = "{\"villageCode\":\"" + TT_SQ + "\",\"name\":\"矩阵超市${n}\"}";
        String openLn = "{\"villageCode\":\"" + SJ_LN + "\",\"name\":\"矩阵超市${n}\"}";
        String openSqServingHh = "{\"villageCode\":\"" + SJ_SQ + "\",\"name\":\"矩阵超市${n}\",\"servesVillageCodes\":[\""
                + Matrix.SJ_HH + "\"]}";
        r.add(row(Caller.COUNTY_ADMIN, "POST", "/api/v1/supermarkets", openTt, 201));
        r.add(row(Caller.TOWN_ADMIN, "POST", "/api/v1/supermarkets", openSqServingHh, 201));
        r.add(row(Caller.TOWN_ADMIN, "POST", "/api/v1/supermarkets", openTt, 404));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets", openSq, 201));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets", openLn, 404));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets", openSqServingHh, 422));
        for (Caller c : List.of(Caller.GRID_WORKER, Caller.KEEPER_SQ, Caller.AUDITOR, Caller.VILLAGER_LN)) {
            r.add(row(c, "POST", "/api/v1/supermarkets", openSq, 403));
            r.add(row(c, "PATCH", "/api/v1/supermarkets/${sqs}", "{\"address\":\"矩阵地址${n}\"}", 403));
            r.add(row(c, "POST", "/api/v1/supermarkets/${sqs}/close", REASON, 403));
        }
        r.add(row(Caller.ANONYMOUS, "POST", "/api/v1/supermarkets", openSq, 401));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "PATCH", "/api/v1/supermarkets/${sqs}", "{\"address\":\"矩阵地址${n}\"}", 200));
        r.add(row(Caller.VILLAGE_ADMIN_LN, "PATCH", "/api/v1/supermarkets/${sqs}", "{\"address\":\"矩阵地址${n}\"}", 404));
        r.add(row(Caller.TOWN_ADMIN, "PATCH", "/api/v1/supermarkets/${tts}", "{\"address\":\"矩阵地址${n}\"}", 404));
        r.add(row(Caller.VILLAGE_ADMIN_LN, "POST", "/api/v1/supermarkets/${sqs}/close", REASON, 404));
        r.add(row(Caller.TOWN_ADMIN, "POST", "/api/v1/supermarkets/${tts}/close", REASON, 404));
        r.add(row(Caller.VILLAGE_ADMIN_SQ, "POST", "/api/v1/supermarkets/${sqs}/close", "{}", 422));
        r.add(row(Caller.COUNTY_ADMIN, "GET", "/api/v1/supermarkets/${sqs}", null, 200));
        r.add(row(Caller.KEEPER_SQ, "GET", "/api/v1/supermarkets/${sqs}", null, 200));
        r.add(row(Caller.KEEPER_LN, "GET", "/api/v1/supermarkets/${sqs}", null, 404));
        r.add(row(Caller.VILLAGE_ADMIN_LN, "GET", "/api/v1/supermarkets/${sqs}", null, 404));
        r.add(row(Caller.VILLAGER_LN, "GET", "/api/v1/supermarkets/${sqs}", null, 404));
        r.add(row(Caller.ANONYMOUS, "GET", "/api/v1/supermarkets/${sqs}", null, 401));
        return r.stream();
    }

    // ---------------------------------------------------------------- setup (once per test database)

    private synchronized Map<String, String> vars() {
        if (vars != null) {
            return vars;
        }
        Map<String, String> v = new HashMap<>();
        long sqV = unitId(SJ_SQ);
        long ttV = unitId(TT_SQ);
        long lnV = unitId(SJ_LN);
        long sqS = supermarketOf(sqV);
        long ttS = supermarketOf(ttV);
        v.put("sq", sqV + "/" + sqS);
        v.put("sqv", String.valueOf(sqV));
        v.put("sqs", String.valueOf(sqS));
        v.put("tts", String.valueOf(ttS));
        v.put("tt", ttV + "/" + ttS);
        v.put("ln", lnV + "/" + supermarketOf(lnV));
        if (count("SELECT COUNT(*) FROM app_user WHERE username = '" + KEEPER_SQ + "'") == 0) {
            createUser(KEEPER_SQ, "KEEPER", SJ_SQ);
        }
        asAdmin("POST", "/api/v1/supermarkets/" + sqV + "/" + sqS + "/keepers", "{\"username\":\"" + KEEPER_SQ + "\"}", 201);
        asAdmin("PUT", "/api/v1/villages/" + SJ_SQ + "/market-settings", "{\"openEveryDay\":true}", 200);
        MvcResult fund = asAdmin("POST", "/api/v1/villages/" + SJ_SQ + "/funds", "{\"name\":\"" + unique("F")
                + "\",\"kind\":\"COLLECTIVE\"}", 201);
        String fundId = String.valueOf(((Number) json(fund, "$.id")).longValue());
        asAdmin("POST", "/api/v1/villages/" + SJ_SQ + "/funds/" + fundId + "/contributions", "{\"amountYuan\":5000}", 201);
        v.put("fund", fundId);
        MvcResult p = asAdmin("POST", "/api/v1/supermarkets/" + sqV + "/" + sqS + "/products",
                "{\"name\":\"" + unique("P") + "\",\"unit\":\"件\",\"points\":1}", 201);
        long pid = ((Number) json(p, "$.id")).longValue();
        asAdmin("POST", "/api/v1/products/" + sqV + "/" + pid + "/purchases",
                "{\"quantity\":500,\"costYuan\":500,\"supplier\":\"供销社\",\"fundId\":" + fundId + "}", 201);
        v.put("psq", sqV + "/" + pid);
        v.put("pid", String.valueOf(pid));
        MvcResult pt = asAdmin("POST", "/api/v1/supermarkets/" + ttV + "/" + ttS + "/products",
                "{\"name\":\"" + unique("P") + "\",\"unit\":\"件\",\"points\":1}", 201);
        v.put("ptt", ttV + "/" + ((Number) json(pt, "$.id")).longValue());
        String number = freshHousehold(SJ_SQ);
        Map<String, String> h = householdVars(number);
        MvcResult e = api("POST", "/api/v1/households/" + h.get("t") + "/postings", adminToken(),
                "{\"kind\":\"EARN\",\"points\":5000,\"itemLabel\":\"安全测试\"}", "Idempotency-Key", unique("K"));
        assertEquals(201, e.getResponse().getStatus(), () -> "setup posting: " + body(e));
        v.put("number", number);
        vars = v;
        return v;
    }

    /** A fresh pending loss and a fresh redemption for the rows that decide or cancel one. */
    private Map<String, String> perRow(Map<String, String> base) {
        Map<String, String> v = new HashMap<>(base);
        v.put("n", unique("N"));
        String sqV = base.get("sq").split("/")[0];
        MvcResult loss = asAdmin("POST", "/api/v1/products/" + base.get("psq") + "/losses", LOSS, 201);
        v.put("loss", sqV + "/" + ((Number) json(loss, "$.id")).longValue());
        MvcResult red = api("POST", "/api/v1/supermarkets/" + base.get("sq") + "/redemptions", adminToken(),
                subst(REDEEM, v), "Idempotency-Key", unique("K"));
        assertEquals(201, red.getResponse().getStatus(), () -> "setup redemption: " + body(red));
        v.put("redemption", sqV + "/" + ((Number) json(red, "$.id")).longValue());
        v.put("rid", String.valueOf(((Number) json(red, "$.id")).longValue()));
        return v;
    }

    private long supermarketOf(long villageId) {
        return jdbc.sql("SELECT MIN(id) FROM supermarket WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    private String state() {
        StringBuilder b = new StringBuilder();
        for (String t : List.of("supermarket", "supermarket_village", "product", "product_price", "stock_movement", "redemption", "redemption_line", "fund",
                "fund_entry", "redemption_window", "keeper_assignment", "standard_check", "market_setting",
                "ledger_entry", "audit_log")) {
            b.append(t).append('=').append(count("SELECT COUNT(*) FROM " + t)).append(' ');
        }
        b.append("stock=").append(count("SELECT COALESCE(SUM(stock), 0) FROM product"));
        b.append(" statuses=").append(probe("SELECT status, COUNT(*) FROM stock_movement GROUP BY status ORDER BY status"));
        b.append(probe("SELECT status, COUNT(*) FROM redemption GROUP BY status ORDER BY status"));
        b.append(probe("SELECT open_every_day FROM market_setting ORDER BY village_id"));
        b.append(probe("SELECT name, active FROM product ORDER BY village_id, id"));
        b.append(probe("SELECT name, address, active FROM supermarket ORDER BY village_id, id"));
        return b.toString();
    }

    // ---------------------------------------------------------------- pages (form login, session, CSRF)

    /** A page call: GET, or POST with form fields "a=1&b=2" (CSRF valid unless csrf=false). */
    record PageRow(Caller who, String method, String path, String form, boolean csrf, int expected, String present) {
        @Override
        public String toString() {
            return who + " " + method + " " + path + (csrf ? "" : " without CSRF") + " → " + expected;
        }
    }

    static PageRow page(Caller who, String path, int expected, String present) {
        return new PageRow(who, "GET", path, null, true, expected, present);
    }

    static PageRow post(Caller who, String path, String form, int expected) {
        return new PageRow(who, "POST", path, form, true, expected, null);
    }

    static final String CONFIRM = "passbook=${number}&key=${n}&q_${pid}=1";

    static Stream<PageRow> pageRows() {
        List<PageRow> r = new ArrayList<>();
        r.add(page(Caller.KEEPER_SQ, "/console/market", 200, "积分超市"));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}", 200, "打开兑换柜台"));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}/counter", 200, "存折编号"));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}/counter?passbook=${number}", 200, "可以兑换"));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}/stock", 200, "采购入库"));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}/ledger", 200, "兑换出库"));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}/redemptions/${rid}", 200, "兑换后可用积分"));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}/redemptions/${rid}/receipt.pdf", 200, null));
        r.add(page(Caller.KEEPER_LN, "/console/market/{sq}/redemptions/${rid}", 404, null));
        r.add(page(Caller.KEEPER_LN, "/console/market/{sq}/counter", 404, null));
        r.add(page(Caller.KEEPER_LN, "/console/market/{sq}/ledger.xlsx", 404, null));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}/products", 403, null));
        r.add(page(Caller.AUDITOR, "/console/market/{sq}/counter", 403, null));
        r.add(page(Caller.GRID_WORKER, "/console/market/{ln}/counter", 404, null));
        r.add(page(Caller.VILLAGER_LN, "/console/market", 403, null));
        r.add(page(Caller.VILLAGER_LN, "/console/market/{ln}/counter", 403, null));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/{sq}/products", 200, "新增物品"));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/{sq}/approvals", 200, "破损"));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/{sq}/standards", 200, "有场地"));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/{sq}/ledger.xlsx", 200, null));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/{sq}/ledger.pdf", 200, null));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/village/" + SJ_SQ + "/funds", 200, "余额"));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/village/" + SJ_SQ + "/windows", 200, "每天开放"));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/village/" + TT_SQ + "/funds", 404, null));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/{tt}", 404, null));
        r.add(page(Caller.VILLAGER_LN, "/me/market", 200, "我家的兑换记录"));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/manage", 200, "开设积分超市"));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/{sq}/settings", 200, "停用超市"));
        r.add(page(Caller.VILLAGE_ADMIN_SQ, "/console/market/{tt}/settings", 404, null));
        r.add(page(Caller.KEEPER_SQ, "/console/market/manage", 403, null));
        r.add(page(Caller.KEEPER_SQ, "/console/market/{sq}/settings", 403, null));
        r.add(page(Caller.KEEPER_SQ, "/me/market", 403, null));
        r.add(page(Caller.VILLAGER_LN, "/me/market/next", 200, "id=\"next-window\""));
        r.add(page(Caller.KEEPER_SQ, "/me/market/next", 403, null));
        r.add(page(Caller.ANONYMOUS, "/market/" + SJ_LN, 200, "乡贤陈先生"));
        r.add(page(Caller.ANONYMOUS, "/market/441821999201", 404, null));
        r.add(page(Caller.ANONYMOUS, "/console/market/{sq}/counter", 302, null));
        r.add(post(Caller.KEEPER_SQ, "/console/market/{sq}/counter/confirm", CONFIRM, 302));
        r.add(new PageRow(Caller.KEEPER_SQ, "POST", "/console/market/{sq}/counter/confirm", CONFIRM, false, 403, null));
        r.add(post(Caller.KEEPER_LN, "/console/market/{sq}/counter/confirm", CONFIRM, 404));
        r.add(post(Caller.AUDITOR, "/console/market/{sq}/counter/confirm", CONFIRM, 403));
        r.add(post(Caller.VILLAGER_LN, "/console/market/{ln}/counter/confirm", "passbook=441821100201-0001&key=x&q_1=1", 403));
        r.add(post(Caller.KEEPER_SQ, "/console/market/{sq}/products", "name=页面物品${n}&unit=件&points=2", 403));
        // golive: opening a supermarket on its page; a refused form keeps what was typed
        r.add(post(Caller.VILLAGE_ADMIN_SQ, "/console/market/manage", "villageCode=" + SJ_SQ + "&name=页面超市${n}&address=村委", 302));
        r.add(new PageRow(Caller.VILLAGE_ADMIN_SQ, "POST", "/console/market/manage",
                "villageCode=" + SJ_SQ + "&name=&address=保留的地址", true, 422, "保留的地址"));
        r.add(post(Caller.KEEPER_SQ, "/console/market/manage", "villageCode=" + SJ_SQ + "&name=页面超市${n}", 403));
        r.add(post(Caller.VILLAGE_ADMIN_SQ, "/console/market/{tt}/close", "reason=安全测试", 404));
        r.add(post(Caller.KEEPER_SQ, "/console/market/{sq}/close", "reason=安全测试", 403));
        r.add(post(Caller.VILLAGE_ADMIN_SQ, "/console/market/{sq}/products", "name=页面物品${n}&unit=件&points=2", 302));
        r.add(post(Caller.KEEPER_SQ, "/console/market/{sq}/stock/purchase",
                "productId=${pid}&quantity=1&costYuan=1&supplier=供销社&fundId=${fund}", 302));
        r.add(post(Caller.KEEPER_SQ, "/console/market/{sq}/approvals/${lossId}", "approve=true", 403));
        r.add(post(Caller.KEEPER_SQ, "/console/market/{sq}/redemptions/${rid}/cancel", "reason=拿错", 403));
        r.add(post(Caller.VILLAGE_ADMIN_SQ, "/console/market/{sq}/redemptions/${rid}/cancel", "reason=拿错", 302));
        r.add(post(Caller.KEEPER_SQ, "/console/market/village/" + SJ_SQ + "/open-every-day", "open=false", 403));
        return r.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pageRows")
    void pages(PageRow row) throws Exception {
        Map<String, String> v = perRow(vars());
        v.put("lossId", v.get("loss").split("/")[1]);
        String path = subst(row.path(), v).replace("{sq}", v.get("sq")).replace("{tt}", v.get("tt"))
                .replace("{ln}", v.get("ln"));
        var session = row.who().login == null ? null : session(row.who().login, row.who().password);
        String before = state();
        var b = "GET".equals(row.method()) ? MockMvcRequestBuilders.get(path)
                : MockMvcRequestBuilders.post(path)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        if (session != null) {
            b.session(session);
        }
        if (row.form() != null) {
            for (String kv : subst(row.form(), v).split("&")) {
                String[] p = kv.split("=", 2);
                b.param(p[0], p[1]);
            }
        }
        if ("POST".equals(row.method()) && row.csrf()) {
            b.with(SecurityMockMvcRequestPostProcessors.csrf());
        }
        MvcResult r = perform(b);
        int status = r.getResponse().getStatus();
        assertEquals(row.expected(), status, () -> row + " answered " + status + " " + r.getResponse().getRedirectedUrl());
        if (status >= 400 || "GET".equals(row.method())) {
            assertEquals(before, state(), "a refused request or a page view must change nothing");
        } else {
            assertNotEquals(before, state(), "an allowed form post must change something");
            String flash = String.valueOf(r.getFlashMap().get("problems"));
            assertEquals("null", flash, "the post was accepted without problems");
        }
        if (row.present() != null) {
            assertTrue(body(r).contains(row.present()), () -> "page must show " + row.present() + ": "
                    + ApiAccessMatrixTest.abbreviate(body(r)));
        }
        if (path.endsWith(".pdf")) {
            assertEquals("application/pdf", r.getResponse().getContentType());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void access(Row row) {
        Map<String, String> v = perRow(vars());
        String path = subst(row.path(), v).replace("{sq}", v.get("sq")).replace("{tt}", v.get("tt"))
                .replace("{ln}", v.get("ln")).replace("{psq}", v.get("psq")).replace("{ptt}", v.get("ptt"));
        String token = row.who().login == null ? null : token(row.who().login, row.who().password);
        String before = state();
        long auditBefore = auditCount();

        MvcResult r = api(row.method(), path, token, subst(row.body(), v), "Idempotency-Key", unique("K"));

        int status = r.getResponse().getStatus();
        String content = body(r);
        assertEquals(row.expected(), status, () -> row + " answered " + status + ": " + ApiAccessMatrixTest.abbreviate(content));
        if (status >= 400) {
            assertEquals(before, state(), "a refused request must change nothing");
            if (status != 401) {
                assertTrue(hasChinese(json(r, "$.detail")), content);
            }
            if (status == 404) {
                assertTrue(json(r, "$.detail").toString().contains("不在"), content);
            }
            return;
        }
        if (!"GET".equals(row.method())) {
            assertNotEquals(before, state(), "an allowed write must change something");
            assertTrue(auditCount() > auditBefore, "an allowed write must be in the audit log");
        }
        if (path.endsWith(".pdf")) {
            assertEquals("application/pdf", r.getResponse().getContentType());
        }
    }
}
