package cn.jifen.security;

import static cn.jifen.security.Matrix.TT_SQ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Text no column can hold — a NUL character or an unpaired UTF-16 surrogate — sent to every kind of
 * write (and to query parameters, page forms, multipart parts and path variables) is refused with 422
 * and a Chinese message naming the field, and nothing is written. PostgreSQL refused such text with a
 * 500 before; H2 stored it or answered with an unrelated message.
 */
@IntegrationTest
class UnsafeTextTest extends SecuritySupport {

    /** The two kinds of unsafe text, as JSON escapes (a lone surrogate cannot be written as UTF-8 bytes). */
    enum Bad {
        NUL("\\u0000", "\u0000"), LONE_SURROGATE("\\ud800", "\ud800");

        final String json;
        final String raw;

        Bad(String json, String raw) {
            this.json = json;
            this.raw = raw;
        }
    }

    /** A write: method, path, a JSON body with ${x} where the bad text goes, and the field it is in. */
    record Op(String what, String method, String path, String body, String field) {
        @Override
        public String toString() {
            return what + " (" + method + " " + path + ", " + field + ")";
        }
    }

    record Case(Op op, Bad bad) {
        @Override
        public String toString() {
            return op + " with " + bad;
        }
    }

    static final List<Op> OPS = List.of(
            new Op("redemption", "POST", "/api/v1/supermarkets/1/1/redemptions",
                    "{\"passbookNumber\":\"441821101206-0001${x}\",\"items\":[{\"productId\":1,\"quantity\":1}]}",
                    "passbookNumber"),
            new Op("new household", "POST", "/api/v1/villages/" + TT_SQ + "/households",
                    "{\"householdRef\":\"U1\",\"gridCode\":\"" + TT_SQ + "-G1${x}\",\"address\":\"地址\",\"lowIncome\":false,"
                            + "\"members\":[{\"name\":\"张三\",\"relation\":\"户主\",\"gender\":\"男\",\"birthYear\":\"1970\"}]}",
                    "gridCode"),
            new Op("new household member name", "POST", "/api/v1/villages/" + TT_SQ + "/households",
                    "{\"householdRef\":\"U2\",\"gridCode\":\"" + TT_SQ + "-G1\",\"address\":\"地址\",\"lowIncome\":false,"
                            + "\"members\":[{\"name\":\"张${x}三\",\"relation\":\"户主\",\"gender\":\"男\",\"birthYear\":\"1970\"}]}",
                    "members[0].name"),
            new Op("household change", "PATCH", "/api/v1/households/1/1", "{\"address\":\"新地址${x}\"}", "address"),
            new Op("new resident", "POST", "/api/v1/households/1/1/residents",
                    "{\"name\":\"李${x}四\",\"relation\":\"子女\",\"gender\":\"女\",\"birthYear\":\"2000\"}", "name"),
            new Op("reference certificate", "POST", "/api/v1/certificates",
                    "{\"passbookNumber\":\"" + TT_SQ + "-0001\",\"purpose\":\"OTHER\",\"purposeNote\":\"入党${x}\"}",
                    "purposeNote"),
            new Op("claim", "POST", "/api/v1/claims",
                    "{\"passbookNumber\":\"" + TT_SQ + "-0001\",\"itemCode\":\"A01\",\"note\":\"好事${x}\"}", "note"),
            new Op("objection", "POST", "/api/v1/claims/1/1/objections", "{\"reason\":\"不实${x}\"}", "reason"),
            new Op("claim rejection", "POST", "/api/v1/claims/1/1/reject", "{\"reason\":\"不实${x}\"}", "reason"),
            new Op("rule item", "POST", "/api/v1/rules",
                    "{\"ownerCode\":\"441821\",\"item\":{\"code\":\"U9\",\"categoryCode\":\"C1\",\"name\":\"细则${x}\"}}",
                    "item.name"),
            new Op("rule category", "POST", "/api/v1/rule-categories", "{\"code\":\"UC\",\"name\":\"类别${x}\"}", "name"),
            new Op("staff account", "POST", "/api/v1/users",
                    "{\"username\":\"u1\",\"displayName\":\"王${x}\",\"role\":\"KEEPER\",\"orgCode\":\"" + TT_SQ + "\"}",
                    "displayName"),
            new Op("token", "POST", "/api/v1/tokens", "{\"username\":\"demo-admin${x}\",\"password\":\"x\"}", "username"),
            new Op("org unit", "POST", "/api/v1/org-units",
                    "{\"parentCode\":\"" + TT_SQ + "\",\"code\":\"UG1\",\"name\":\"网格${x}\"}", "name"),
            new Op("org unit rename", "PATCH", "/api/v1/org-units/" + TT_SQ + "-G1", "{\"name\":\"网格${x}\"}", "name"),
            new Op("product", "POST", "/api/v1/supermarkets/1/1/products",
                    "{\"name\":\"洗衣粉${x}\",\"unit\":\"袋\",\"points\":10}", "name"),
            new Op("purchase", "POST", "/api/v1/products/1/1/purchases",
                    "{\"quantity\":1,\"costYuan\":1,\"supplier\":\"供货商${x}\"}", "supplier"),
            new Op("fund", "POST", "/api/v1/villages/" + TT_SQ + "/funds", "{\"name\":\"资金${x}\",\"kind\":\"X\"}", "name"),
            new Op("posting", "POST", "/api/v1/households/1/1/postings",
                    "{\"kind\":\"EARN\",\"points\":5,\"itemLabel\":\"测试\",\"reason\":\"原因${x}\"}", "reason"),
            new Op("activity", "POST", "/api/v1/activities",
                    "{\"village\":\"" + TT_SQ + "\",\"title\":\"活动${x}\",\"place\":\"村委\"}", "title"),
            new Op("consent", "POST", "/api/v1/households/1/1/consents", "{\"partner\":\"银行${x}\"}", "partner"),
            new Op("party member class", "POST", "/api/v1/party-members/1/class",
                    "{\"village\":\"" + TT_SQ + "\",\"classCode\":\"MOBILE\",\"worksAt\":\"广州${x}\",\"reason\":\"外出\"}",
                    "worksAt"),
            new Op("party rating override", "POST", "/api/v1/party-members/ratings/override",
                    "{\"village\":\"" + TT_SQ + "\",\"year\":2026,\"residentId\":1,\"stars\":4,\"reason\":\"理由${x}\"}",
                    "reason"));

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (Op op : OPS) {
            for (Bad b : Bad.values()) {
                all.add(new Case(op, b));
            }
        }
        return all.stream();
    }

    /** Row counts of the tables these writes would touch. */
    private Map<String, Long> written() {
        Map<String, Long> m = new LinkedHashMap<>(tableCounts());
        for (String t : List.of("redemption", "reference_certificate", "claim", "claim_event", "claim_objection",
                "rule_item", "rule_category", "product", "stock_movement", "fund", "ledger_entry", "activity",
                "household_consent", "api_token", "party_class", "party_rating")) {
            m.put(t, count("SELECT COUNT(*) FROM " + t));
        }
        return m;
    }

    private void assertRefused(MvcResult r, String field, Map<String, Long> before) {
        String content = body(r);
        assertEquals(422, r.getResponse().getStatus(), content);
        assertEquals("invalid", json(r, "$.error"));
        List<Map<String, String>> fields = json(r, "$.fields");
        assertEquals(field, fields.get(0).get("field"), content);
        String message = fields.get(0).get("message");
        assertTrue(message.contains("无法保存的字符") && message.contains(field), message);
        assertTrue(hasChinese(json(r, "$.detail")), content);
        assertEquals(before, written(), "nothing is written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unsafeTextInAJsonFieldIsRefusedWithAFieldMessageAndNothingIsWritten(Case c) {
        String token = adminToken();
        Map<String, Long> before = written();

        MvcResult r = api(c.op().method(), c.op().path(), token, c.op().body().replace("${x}", c.bad().json));

        assertRefused(r, c.op().field(), before);
    }

    @Test
    void unsafeTextInAQueryParameterIsRefused() {
        String token = adminToken();
        for (Bad b : Bad.values()) {
            Map<String, Long> before = written();
            MvcResult r = perform(MockMvcRequestBuilders
                    .get("/api/v1/villages/" + TT_SQ + "/households").param("q", "张" + b.raw)
                    .header("Authorization", "Bearer " + token));
            assertRefused(r, "q", before);
        }
    }

    /**
     * An encoded NUL in the path never reaches a controller: the server (Tomcat, and Spring Security's
     * firewall in front of the application) answers 400 first. The interceptor checks path variables too.
     */
    @Test
    void anEncodedNulInThePathIsABadRequestAndNothingIsWritten() {
        String token = adminToken();
        Map<String, Long> before = written();
        MvcResult r = api("GET", "/api/v1/passbooks/" + TT_SQ + "-0001%00", token, null);
        assertEquals(400, r.getResponse().getStatus());
        assertEquals(before, written());
    }

    @Test
    void unsafeTextInAPageFormIsRefusedWithThePageAndNothingIsWritten() {
        var session = session("demo-admin", "demo-admin");
        for (Bad b : Bad.values()) {
            Map<String, Long> before = written();
            MvcResult r = perform(post("/console/villages/" + TT_SQ + "/households").with(csrf())
                    .session(session)
                    .param("householdRef", unique("U")).param("gridCode", TT_SQ + "-G1").param("address", "地址" + b.raw)
                    .param("m0.name", "张三").param("m0.gender", "男").param("m0.birthYear", "1970"));
            assertEquals(422, r.getResponse().getStatus());
            assertTrue(body(r).contains("无法保存的字符") && body(r).contains("address"), body(r));
            assertEquals(before, written());
        }
    }

    @Test
    void unsafeTextInAMultipartTextPartIsRefused() {
        String token = adminToken();
        Map<String, Long> before = written();
        MvcResult r;
        try {
            r = mvc.perform(multipart("/api/v1/claims/1/1/photos")
                    .file(new MockMultipartFile("photo", "a.jpg", "image/jpeg", new byte[] {1, 2, 3}))
                    .param("caption", "照片\u0000").header("Authorization", "Bearer " + token)).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertRefused(r, "caption", before);
    }

    @Test
    void textWithPairedSurrogatesIsAccepted() {
        // 𠀀 (U+20000, a rare CJK character in a name) is a surrogate pair: valid text
        MvcResult r = api("POST", "/api/v1/villages/" + TT_SQ + "/households", adminToken(),
                "{\"householdRef\":\"" + unique("U") + "\",\"gridCode\":\"" + TT_SQ + "-G1\",\"address\":\"一组8号\","
                        + "\"lowIncome\":false,\"members\":[{\"name\":\"张\uD840\uDC00\",\"relation\":\"户主\","
                        + "\"gender\":\"男\",\"birthYear\":\"1970\",\"partyMember\":false,\"disabled\":false}]}");
        assertEquals(201, r.getResponse().getStatus(), body(r));
        assertEquals("张\uD840\uDC00", json(r, "$.members[0].name"));
        assertFalse(body(r).contains("无法保存"));
    }
}
