package cn.jifen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jifen.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Every list of the API answers one page: {"items":[...],"page":0,"size":N,"total":T} with the total
 * counted in the database, and refuses a size over 500 with a Chinese message naming "size" (issue #12).
 */
@IntegrationTest
class PagedListsTest extends SecuritySupport {
    /** A list endpoint; {sm} = villageId/supermarketId of 龙南村's supermarket, {hh} the demo villager's household, {fund} a fund of 龙南村. */
    record Lister(String path, boolean villager) {
        @Override
        public String toString() { return "GET " + path + (villager ? " (villager)" : ""); }
    }

    static Stream<Lister> lists() {
        String ln = Matrix.SJ_LN;
        return Stream.of(
                new Lister("/api/v1/claims?village=" + ln, false),
                new Lister("/api/v1/claims/board?village=" + ln, false),
                new Lister("/api/v1/activities?village=" + ln, false),
                new Lister("/api/v1/points-runs?village=" + ln, false),
                new Lister("/api/v1/posts?village=" + ln, false),
                new Lister("/api/v1/posts/uninspected?village=" + ln, false),
                new Lister("/api/v1/villages/" + ln + "/households", false),
                new Lister("/api/v1/households/{hh}/statement", false),
                new Lister("/api/v1/users", false),
                new Lister("/api/v1/audit", false),
                new Lister("/api/v1/supermarkets/{sm}/redemptions", false),
                new Lister("/api/v1/supermarkets/{sm}/reservations", false),
                new Lister("/api/v1/supermarkets/{sm}/stock-movements", false),
                new Lister("/api/v1/supermarkets/{sm}/stock-movements?pending=true", false),
                new Lister("/api/v1/villages/" + ln + "/funds/{fund}/entries", false),
                new Lister("/api/v1/certificates?village=" + ln, false),
                new Lister("/api/v1/me/redemptions", true),
                new Lister("/api/v1/me/reservations", true),
                new Lister("/api/v1/claims", true));
    }

    private String resolve(String path) {
        long[] hh = householdKey(Matrix.VILLAGER_LOGIN);
        String sm = jdbc.sql("""
                SELECT s.village_id || '/' || s.id FROM supermarket s JOIN org_unit o ON o.id = s.village_id
                WHERE o.code = :c ORDER BY s.id""").param("c", Matrix.SJ_LN).query(String.class).list().get(0);
        String p = path.replace("{hh}", hh[0] + "/" + hh[1]).replace("{sm}", sm);
        if (p.contains("{fund}")) {
            MvcResult fund = asAdmin("POST", "/api/v1/villages/" + Matrix.SJ_LN + "/funds",
                    "{\"name\":\"" + unique("分页资金") + "\",\"kind\":\"OTHER\"}", 201);
            p = p.replace("{fund}", String.valueOf(((Number) json(fund, "$.id")).longValue()));
        }
        return p;
    }

    private String tokenFor(Lister l) {
        return l.villager() ? token(Matrix.VILLAGER_LOGIN, "123456") : adminToken();
    }

    private static String with(String path, String param) {
        return path + (path.contains("?") ? "&" : "?") + param;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void answersOnePageWithItsItemsAndTheTotal(Lister l) {
        MvcResult r = api("GET", with(resolve(l.path()), "size=1"), tokenFor(l), null);
        assertEquals(200, r.getResponse().getStatus(), body(r));
        List<Object> items = json(r, "$.items");
        assertTrue(items.size() <= 1, body(r));
        assertEquals(0, ((Number) json(r, "$.page")).intValue());
        assertEquals(1, ((Number) json(r, "$.size")).intValue());
        long total = ((Number) json(r, "$.total")).longValue();
        assertTrue(total >= items.size(), body(r));
        assertEquals(total == 0, items.isEmpty(), "a non-empty list shows its first row: " + body(r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void refusesASizeOverTheMaximumWithAChineseMessage(Lister l) {
        MvcResult r = api("GET", with(resolve(l.path()), "size=501"), tokenFor(l), null);
        assertEquals(422, r.getResponse().getStatus(), body(r));
        List<Map<String, String>> fields = json(r, "$.fields");
        assertEquals("size", fields.get(0).get("field"));
        assertTrue(fields.get(0).get("message").contains("每页条数"), body(r));
        assertTrue(hasChinese(json(r, "$.detail")), body(r));
    }
}
