package cn.jifen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Drafts of a record (草稿) belong to their author alone. Every endpoint of {@code /api/v1/claim-drafts} and every
 * draft page or form, called by each role of the matrix on a draft of a grid worker of 石角社区 (so the village
 * admin of 石角社区, demo-v06, is "an admin of the village"): a role that records (village admin, grid worker)
 * is answered 404 — the draft is not theirs to know of —, every other role 403, no credentials 401 or the login
 * page. Each denial changes neither the draft, nor the household's claims, nor the audit log. Saving a draft of a
 * household outside the caller's scope is 404. The author's own successes are in {@code ClaimDraftsTest}.
 */
@IntegrationTest
class ClaimDraftsAccessMatrixTest extends SecuritySupport {
    /** The author of the drafts the rows aim at: a grid worker of 石角社区 G1. */
    static final String AUTHOR = "sec-draft-grid-sjsq";
    /** Text of the target drafts' note, which no other account's list may show. */
    static final String MARK = "他人的草稿";

    /** How a row calls: the JSON API with a bearer token, or a page with a logged-in session (and CSRF). */
    enum Via { API, PAGE }

    record Call(Via via, String method, String path, String body) { }

    record Row(Who who, Call call, boolean newDraft, int expected) {
        @Override
        public String toString() {
            return who + " " + call.via() + " " + call.method() + " " + call.path() + " → " + expected;
        }
    }

    static final Call LIST = new Call(Via.API, "GET", "/api/v1/claim-drafts", null);
    static final Call GET = new Call(Via.API, "GET", "/api/v1/claim-drafts/${t}", null);
    static final Call CREATE = new Call(Via.API, "POST", "/api/v1/claim-drafts",
            "{\"passbookNumber\":\"${number}\",\"note\":\"存一份\"}");
    static final Call PUT = new Call(Via.API, "PUT", "/api/v1/claim-drafts/${t}",
            "{\"passbookNumber\":\"${number}\",\"itemCode\":\"ZL01\",\"note\":\"改写\"}");
    static final Call DELETE = new Call(Via.API, "DELETE", "/api/v1/claim-drafts/${t}", null);
    static final Call SUBMIT = new Call(Via.API, "POST", "/api/v1/claim-drafts/${t}/submit", null);
    static final Call CONTINUE = new Call(Via.PAGE, "GET", "/console/claims/new?draft=${t}", null);
    static final Call SAVE_FORM = new Call(Via.PAGE, "POST", "/console/claims/drafts",
            "passbook=${number}&draftId=${t}&note=改写");
    static final Call NEW_FORM = new Call(Via.PAGE, "POST", "/console/claims/drafts", "passbook=${number}&note=存一份");
    static final Call DELETE_FORM = new Call(Via.PAGE, "POST", "/console/claims/drafts/${t}/delete", "");
    static final Call SUBMIT_FORM = new Call(Via.PAGE, "POST", "/console/claims",
            "passbook=${number}&draftId=${t}&itemCode=ZL01&occurredOn=${today}");

    static boolean recorder(Who w) {
        return w == Who.VILLAGE_ADMIN || w == Who.GRID_WORKER;
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Who w : Matrix.ROLES) {
            // another's draft: a recorder is told it does not exist, any other role that it may not
            int other = recorder(w) ? 404 : 403;
            rows.add(new Row(w, LIST, true, recorder(w) ? 200 : 403));
            for (Call c : List.of(GET, PUT, DELETE, SUBMIT, CONTINUE, SAVE_FORM, DELETE_FORM, SUBMIT_FORM)) {
                rows.add(new Row(w, c, true, other));
            }
            // a new draft of a household of 石角社区: the village admin of 石角社区 may; demo-grid's scope is 龙南村 G1
            int create = switch (w) {
                case VILLAGE_ADMIN -> 201;
                case GRID_WORKER -> 404;
                default -> 403;
            };
            rows.add(new Row(w, CREATE, false, create));
            rows.add(new Row(w, NEW_FORM, false, create == 201 ? 302 : create));
        }
        for (Call c : List.of(LIST, GET, CREATE, PUT, DELETE, SUBMIT)) {
            rows.add(new Row(Who.ANONYMOUS, c, true, 401));
            rows.add(new Row(Who.BAD_TOKEN, c, true, 401));
        }
        for (Call c : List.of(CONTINUE, SAVE_FORM, DELETE_FORM, SUBMIT_FORM)) {
            rows.add(new Row(Who.ANONYMOUS, c, true, 302));
        }
        return rows.stream();
    }

    /** A new household of 石角社区 and, when asked, a draft of it saved by the author (t = the draft's id). */
    private Map<String, String> target(boolean withDraft) {
        Map<String, String> v = new HashMap<>(householdVars(freshHousehold(Matrix.SJ_SQ)));
        v.put("today", LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
        v.put("t", "999999999");
        if (withDraft) {
            fixedUser(AUTHOR, "GRID_WORKER", Matrix.SJ_SQ + "-G1");
            MvcResult r = api("POST", "/api/v1/claim-drafts", token(AUTHOR, PASSWORD),
                    "{\"passbookNumber\":" + q(v.get("number")) + ",\"note\":\"" + MARK + "\"}");
            assertEquals(201, r.getResponse().getStatus(), () -> "setup draft: " + body(r));
            v.put("t", String.valueOf(((Number) json(r, "$.id")).longValue()));
        }
        return v;
    }

    private String probe(Map<String, String> v) {
        return probe(subst("SELECT (SELECT COUNT(*) FROM claim_draft WHERE village_id = ${vid} AND household_id = ${hid})"
                + " AS drafts, (SELECT MAX(note) FROM claim_draft WHERE village_id = ${vid} AND household_id = ${hid})"
                + " AS note, (SELECT COUNT(*) FROM claim WHERE village_id = ${vid} AND household_id = ${hid}) AS claims", v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void onlyTheAuthorReachesADraft(Row row) {
        Map<String, String> v = target(row.newDraft());
        Call c = row.call();
        String path = subst(c.path(), v);
        // credentials first: the first use of a throwaway account (the town auditor) makes it, which is audited
        String token = c.via() != Via.API ? null : switch (row.who()) {
            case ANONYMOUS -> null;
            case BAD_TOKEN -> "bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMTIzNDU2Nzg5MA";
            default -> tokenFor(row.who());
        };
        MockHttpSession s = c.via() == Via.PAGE ? sessionFor(row.who()) : null;
        String before = probe(v);
        long audit = auditCount();

        MvcResult r;
        if (c.via() == Via.API) {
            r = api(c.method(), path, token, subst(c.body(), v));
        } else {
            MockHttpServletRequestBuilder b = MockMvcRequestBuilders.request(HttpMethod.valueOf(c.method()), URI.create(path));
            if (s != null) {
                b.session(s);
            }
            if (c.body() != null && !c.body().isEmpty()) {
                for (String kv : subst(c.body(), v).split("&")) {
                    int eq = kv.indexOf('=');
                    b.param(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            if ("POST".equals(c.method())) {
                b.with(csrf());
            }
            r = perform(b);
        }

        int status = r.getResponse().getStatus();
        String content = body(r);
        assertEquals(row.expected(), status, () -> row + " — answered " + status + ": "
                + ApiAccessMatrixTest.abbreviate(content));
        if (status == 302 && row.who() == Who.ANONYMOUS) {
            assertTrue(r.getResponse().getRedirectedUrl().contains("/login"));
        }
        boolean refused = status >= 400 || row.who() == Who.ANONYMOUS;
        if (refused) {
            assertEquals(before, probe(v), "a refused request changes neither the draft nor the claims");
            assertEquals(audit, auditCount(), "a refused request must not reach the audit log");
            if (status == 404 || (c.via() == Via.API && status == 403)) {
                assertTrue(hasChinese(content), "says why in Chinese: " + ApiAccessMatrixTest.abbreviate(content));
            }
            if (c.via() == Via.API && status == 404) {
                assertEquals("not_found", json(r, "$.error"));
                assertTrue(json(r, "$.detail").toString().contains("不在您的管辖范围内"), content);
            }
            return;
        }
        assertFalse(content.contains(MARK), "nobody else's draft is listed");
        if (!"GET".equals(c.method())) {
            assertNotEquals(before, probe(v), "an allowed write changes the drafts");
            assertTrue(auditCount() > audit, "an allowed write is in the audit log");
        }
    }
}
