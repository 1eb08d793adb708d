package cn.jifen.security;

import static cn.jifen.security.Matrix.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jifen.security.Matrix.Target;
import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Every JSON API endpoint, called by every role with a target inside and a target outside its
 * scope, and with no / a made-up / a revoked / an expired token. Each row asserts the exact status;
 * every denial also asserts that nothing changed (the target's row and the audit log), every
 * allowed write that something did, and list answers that they hold only in-scope records.
 *
 * <p>Rows marked "⚠ DISCREPANCY" state what the issue asks for where the code does otherwise.
 */
@IntegrationTest
class ApiAccessMatrixTest extends SecuritySupport {

    /** One endpoint: method, path ({t} or {number} = the target), JSON body and a "did anything change" probe. */
    record Ep(String method, String path, String body, String probe, boolean audited, boolean keyed) {
        Ep(String method, String path, String body, String probe) {
            this(method, path, body, probe, true, false);
        }
    }

    /**
     * One call and its expected answer. {@code scope}: a JSON path whose values (org paths) must all
     * lie under the caller's own org path; {@code absent}/{@code present}: text the answer must not / must hold.
     */
    record Row(Who who, Ep ep, Target target, int expected, String scope, String absent, String present,
               String note) {
        Row absent(String text) { return new Row(who, ep, target, expected, scope, text, present, note); }

        Row present(String text) { return new Row(who, ep, target, expected, scope, absent, text, note); }

        Row scope(String jsonPath) { return new Row(who, ep, target, expected, jsonPath, absent, present, note); }

        Row note(String text) { return new Row(who, ep, target, expected, scope, absent, present, text); }

        @Override
        public String toString() {
            String label = "{" + target.label() + "}";
            String path = ep.path().replace("{t}", label).replace("{number}", label);
            return who + " " + ep.method() + " " + path + (target.detail().isEmpty() ? "" : " " + target.detail())
                    + " → " + expected + (note == null ? "" : "  ⚠ DISCREPANCY: " + note);
        }
    }

    static final String REASON = "{\"reason\":\"安全测试\"}";

    static final Ep ORG_LIST = new Ep("GET", "/api/v1/org-units", null, null);
    static final Ep ORG_GET = new Ep("GET", "/api/v1/org-units/{t}", null, null);
    static final Ep ORG_CREATE = new Ep("POST", "/api/v1/org-units",
            "{\"parentCode\":\"${code}\",\"code\":\"${new}\",\"name\":\"安全测试网格\"}",
            "SELECT COUNT(*) FROM org_unit WHERE code = '${new}'");
    static final Ep ORG_RENAME = new Ep("PATCH", "/api/v1/org-units/{t}", "{\"name\":\"改名${new}\"}",
            "SELECT name FROM org_unit WHERE code = '${code}'");
    static final Ep ORG_MOVE = new Ep("POST", "/api/v1/org-units/{t}/move", "{\"villageCode\":\"${dest}\"}",
            "SELECT parent_id, path FROM org_unit WHERE code = '${code}'");
    static final Ep ORG_DEACTIVATE = new Ep("POST", "/api/v1/org-units/{t}/deactivate", REASON,
            "SELECT active FROM org_unit WHERE code = '${code}'");
    static final Ep ORG_ACTIVATE = new Ep("POST", "/api/v1/org-units/{t}/activate", REASON,
            "SELECT active FROM org_unit WHERE code = '${code}'");
    static final Ep HH_LIST = new Ep("GET", "/api/v1/villages/{t}/households", null, null);
    static final Ep HH_LIST_G1 = new Ep("GET", "/api/v1/villages/{t}/households?grid=441821100201-G1", null, null);
    static final Ep HH_LIST_G2 = new Ep("GET", "/api/v1/villages/{t}/households?grid=441821100201-G2", null, null);
    static final Ep HH_CREATE = new Ep("POST", "/api/v1/villages/{t}/households",
            householdJson("${new}", "${code}-G1", "测试户主"),
            "SELECT COUNT(*) FROM household WHERE household_ref = '${new}'");
    static final Ep HH_GET = new Ep("GET", "/api/v1/households/{t}", null, null);
    static final Ep HH_PATCH = new Ep("PATCH", "/api/v1/households/{t}", "{\"address\":\"安全测试新地址${new}\"}",
            "SELECT address, updated_at FROM household WHERE village_id = ${vid} AND id = ${hid}");
    static final Ep HH_RESIDENT = new Ep("POST", "/api/v1/households/{t}/residents",
            "{\"name\":\"成员${new}\",\"relation\":\"子女\",\"gender\":\"女\",\"birthYear\":\"2000\","
                    + "\"partyMember\":false,\"disabled\":false}",
            "SELECT COUNT(*) FROM resident WHERE village_id = ${vid} AND household_id = ${hid}");
    static final Ep PASSBOOK = new Ep("GET", "/api/v1/passbooks/{number}", null, null);
    static final Ep COVER = new Ep("GET", "/api/v1/passbooks/{number}/cover.pdf", null, null);
    static final Ep USER_LIST = new Ep("GET", "/api/v1/users?size=500", null, null);
    static final Ep USER_GET = new Ep("GET", "/api/v1/users/{t}", null, null);
    static final Ep USER_CREATE = new Ep("POST", "/api/v1/users",
            "{\"username\":\"${new}\",\"displayName\":\"安全测试\",\"role\":\"${role}\",\"orgCode\":\"${code}\","
                    + "\"password\":\"" + PASSWORD + "\"}",
            "SELECT COUNT(*) FROM app_user WHERE username = '${new}'");
    static final Ep VILLAGER_ACCOUNT = new Ep("POST", "/api/v1/households/{t}/villager-account",
            "{\"password\":\"cun-2026x\"}",
            "SELECT COUNT(*) FROM app_user WHERE role = 'VILLAGER' AND org_unit_id = ${vid} AND household_id = ${hid}");
    static final Ep USER_ACTIVE = new Ep("POST", "/api/v1/users/{t}/active",
            "{\"active\":false,\"reason\":\"安全测试\"}", "SELECT active FROM app_user WHERE id = ${uid}");
    static final Ep AUDIT = new Ep("GET", "/api/v1/audit?size=200", null, null);
    static final Ep ME = new Ep("GET", "/api/v1/me", null, null);
    static final Ep MY_HOUSEHOLD = new Ep("GET", "/api/v1/me/household", null, null);
    static final Ep REVOKE = new Ep("DELETE", "/api/v1/tokens/current", null, null);
    static final Ep BALANCE = new Ep("GET", "/api/v1/households/{t}/balance", null, null);
    static final Ep STATEMENT = new Ep("GET", "/api/v1/households/{t}/statement", null, null);
    /** Points move only through the ledger, which is its own record (no audit_log entry). */
    static final Ep POSTING = new Ep("POST", "/api/v1/households/{t}/postings",
            "{\"kind\":\"EARN\",\"points\":5,\"itemLabel\":\"安全测试\",\"reason\":\"安全测试\"}",
            "SELECT COUNT(*), SUM(amount) FROM ledger_entry WHERE village_id = ${vid} AND household_id = ${hid}",
            false, true);
    static final Ep VERIFY = new Ep("GET", "/api/v1/ledger/verify?village={t}", null, null);

    /** Kin relations (亲属回避): listed by admins of the village or above, removed by the village admin. */
    static final Ep KIN_LIST = new Ep("GET", "/api/v1/claims/kin?village={t}", null, null);
    static final Ep KIN_DELETE = new Ep("DELETE", "/api/v1/claims/kin/{t}", null,
            "SELECT user_id, relation FROM staff_household WHERE village_id = ${vid} AND household_id = ${hid}");

    /** A new household of 石角社区 with a kin relation to a grid worker of 石角社区; t = vid/hid/uid. */
    static Target registeredKin() {
        return new Target("new household of 石角社区", "with a registered relation", s -> {
            Map<String, String> v = new HashMap<>(s.householdVars(s.freshHousehold(SJ_SQ)));
            long uid = s.fixedUser(PageAccessMatrixTest.KIN_GRID, "GRID_WORKER", SJ_SQ + "-G1");
            MvcResult r = s.api("POST", "/api/v1/claims/kin", s.token("demo-v06", "demo-village"), "{\"villageId\":"
                    + v.get("vid") + ",\"householdId\":" + v.get("hid") + ",\"userId\":" + uid + ",\"relation\":\"安全测试\"}");
            assertEquals(201, r.getResponse().getStatus(), () -> "setup kin: " + body(r));
            v.put("t", v.get("vid") + "/" + v.get("hid") + "/" + uid);
            return v;
        });
    }

    static void kinRows(List<Row> rows) {
        for (Who w : ROLES) {
            rows.add(row(w, KIN_LIST, villageIn(w), w.writer() ? 200 : 403));
            if (w.writer()) {
                rows.add(row(w, KIN_LIST, villageOut(w), 404));
            }
            int delete = switch (w) {
                case VILLAGE_ADMIN -> 204;
                case GRID_WORKER, VILLAGER -> 404;   // the household of 石角社区 lies outside their scope
                default -> 403;
            };
            rows.add(row(w, KIN_DELETE, registeredKin(), delete));
        }
        rows.add(row(Who.VILLAGE_ADMIN, KIN_DELETE, new Target("other village's 黄花村-0001", s -> {
            Map<String, String> v = new HashMap<>(s.householdVars(SJ_HH + "-0001"));
            v.put("t", v.get("vid") + "/" + v.get("hid") + "/999999999");
            return v;
        }), 404));
        for (Who w : List.of(Who.ANONYMOUS, Who.BAD_TOKEN)) {
            rows.add(row(w, KIN_LIST, unit("汤塘社区", TT_SQ), 401));
        }
    }

    private static Row row(Who who, Ep ep, Target target, int expected) {
        return new Row(who, ep, target, expected, null, null, null, null);
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Who w : ROLES) {
            boolean villager = w == Who.VILLAGER;
            boolean readsUsers = w.writer() || w == Who.AUDITOR || w == Who.TOWN_AUDITOR;

            // ---- org units: staff read in scope; admins write strictly below their own unit
            rows.add(villager ? row(w, ORG_LIST, NONE, 403) : row(w, ORG_LIST, NONE, 200).scope("$[*].path"));
            rows.add(row(w, ORG_GET, unitIn(w), villager ? 403 : 200));
            rows.add(row(w, ORG_GET, unitOut(w), villager ? 403 : 404));

            if (w.writer()) {
                rows.add(row(w, ORG_CREATE, unit(writeVillageLabel(w), writeVillage(w)), 201));
                rows.add(row(w, ORG_CREATE, w == Who.COUNTY_ADMIN ? unit("no such village", NOWHERE)
                        : unit(outVillageLabel(w), outVillage(w)), 404));
                rows.add(row(w, ORG_ACTIVATE, newInactiveGrid("new inactive grid in " + writeVillageLabel(w),
                        writeVillage(w)), 200));
                rows.add(row(w, ORG_ACTIVATE, w == Who.COUNTY_ADMIN ? unit("no such grid", NOWHERE + "-G1")
                        : newInactiveGrid("new inactive grid in " + outVillageLabel(w), outVillage(w)), 404));
            } else {
                rows.add(row(w, ORG_CREATE, unitIn(w), 403));
                rows.add(row(w, ORG_CREATE, unitOut(w), 404));
                rows.add(row(w, ORG_ACTIVATE, gridIn(w), 403));
                rows.add(row(w, ORG_ACTIVATE, gridOut(w), 404));
            }
            rows.add(row(w, ORG_RENAME, gridWriteIn(w), w.writer() ? 200 : 403));
            rows.add(row(w, ORG_RENAME, gridWriteOut(w), 404));
            rows.add(row(w, ORG_DEACTIVATE, gridWriteIn(w), w.writer() ? 200 : 403));
            rows.add(row(w, ORG_DEACTIVATE, gridWriteOut(w), 404));
            switch (w) {
                case COUNTY_ADMIN -> {
                    rows.add(row(w, ORG_MOVE, move(newGrid("new grid in 汤塘社区", TT_SQ), "洞心村", TT_DX), 200));
                    rows.add(row(w, ORG_MOVE, move(unit("no such grid", NOWHERE + "-G1"), "汤塘社区", TT_SQ), 404));
                }
                case TOWN_ADMIN -> {
                    rows.add(row(w, ORG_MOVE, move(newGrid("new grid in 石角社区", SJ_SQ), "黄花村", SJ_HH), 200));
                    rows.add(row(w, ORG_MOVE, move(newGrid("new grid in other town's 洞心村", TT_DX),
                            "other town's 汤塘社区", TT_SQ), 404));
                    rows.add(row(w, ORG_MOVE, move(newGrid("new grid in 石角社区", SJ_SQ),
                            "other town's 汤塘村", TT_TT), 404));
                }
                case VILLAGE_ADMIN -> {
                    rows.add(row(w, ORG_MOVE, move(newGrid("new grid in 石角社区", SJ_SQ),
                            "other village 黄花村", SJ_HH), 404));
                    rows.add(row(w, ORG_MOVE, move(newGrid("new grid in other village 黄花村", SJ_HH),
                            "石角社区", SJ_SQ), 404));
                }
                default -> {
                    Target vin = villageIn(w);
                    rows.add(row(w, ORG_MOVE, move(gridIn(w), vin.label(), villageCode(w)), 403));
                    rows.add(row(w, ORG_MOVE, move(gridOut(w), vin.label(), villageCode(w)), 404));
                }
            }

            // ---- households
            if (villager) {
                rows.add(row(w, HH_LIST, villageIn(w), 403));
                rows.add(row(w, HH_LIST, villageOut(w), 403));
            } else if (w == Who.GRID_WORKER) {
                // a grid worker lists its own grid of the village, not the other grids
                rows.add(row(w, HH_LIST, villageIn(w), 200).absent(SJ_LN + "-0002"));
                rows.add(row(w, HH_LIST_G1, villageIn(w), 200).absent(SJ_LN + "-0002"));
                rows.add(row(w, HH_LIST_G2, villageIn(w), 404));
                rows.add(row(w, HH_LIST, villageOut(w), 404));
            } else if (w == Who.KEEPER) {
                // a keeper serves the counter by passbook number; it does not browse the village's households
                rows.add(row(w, HH_LIST, villageIn(w), 403));
                rows.add(row(w, HH_LIST, villageOut(w), 403));
            } else {
                rows.add(row(w, HH_LIST, villageIn(w), 200));
                rows.add(row(w, HH_LIST, villageOut(w), 404));
            }
            if (w.writer()) {
                rows.add(row(w, HH_CREATE, unit(writeVillageLabel(w), writeVillage(w)), 201));
                rows.add(row(w, HH_CREATE, villageOut(w), 404));
            } else {
                rows.add(row(w, HH_CREATE, villageIn(w), 403));
                rows.add(row(w, HH_CREATE, villageOut(w), 403));
            }
            if (w == Who.KEEPER) {
                // the keeper finds a household only by its passbook number, and sees no phone number
                rows.add(row(w, HH_GET, householdIn(w), 403));
                rows.add(row(w, HH_GET, householdOut(w), 403));
                rows.add(row(w, PASSBOOK, householdIn(w), 200).absent("\"phone\":\"").present("\"passbookNumber\""));
            } else {
                rows.add(row(w, HH_GET, householdIn(w), 200));
                rows.add(row(w, HH_GET, householdOut(w), 404));
                rows.add(row(w, PASSBOOK, householdIn(w), 200));
            }
            rows.add(row(w, PASSBOOK, householdOut(w), 404));
            // a keeper opens no household's cover, balance or statement: the counter shows what it needs
            boolean keeper = w == Who.KEEPER;
            rows.add(row(w, COVER, householdIn(w), keeper ? 403 : 200));
            rows.add(row(w, COVER, householdOut(w), 404));
            rows.add(row(w, BALANCE, householdIn(w), keeper ? 403 : 200));
            rows.add(row(w, BALANCE, householdOut(w), keeper ? 403 : 404));
            rows.add(row(w, STATEMENT, householdIn(w), keeper ? 403 : 200));
            rows.add(row(w, STATEMENT, householdOut(w), keeper ? 403 : 404));
            rows.add(row(w, POSTING, householdWriteIn(w), w.writer() ? 201 : 403));
            rows.add(row(w, POSTING, householdOut(w), keeper ? 403 : 404));
            rows.add(row(w, VERIFY, villageIn(w), readsUsers ? 200 : 403));
            rows.add(row(w, VERIFY, villageOut(w), readsUsers ? 404 : 403));
            rows.add(row(w, HH_PATCH, householdWriteIn(w), w.writer() ? 200 : 403));
            rows.add(row(w, HH_PATCH, householdOut(w), keeper ? 403 : 404));
            rows.add(row(w, HH_RESIDENT, householdWriteIn(w), w.writer() ? 201 : 403));
            rows.add(row(w, HH_RESIDENT, householdOut(w), keeper ? 403 : 404));
            rows.add(row(w, VILLAGER_ACCOUNT, householdWriteIn(w), w.writer() ? 201 : 403));
            rows.add(row(w, VILLAGER_ACCOUNT, householdOut(w), w.writer() ? 404 : 403));

            // ---- users and audit: admins and auditors read in scope; admins manage lower ranks
            rows.add(readsUsers ? row(w, USER_LIST, NONE, 200).scope("$.items[*].orgPath") : row(w, USER_LIST, NONE, 403));
            if (readsUsers) {
                rows.add(row(w, USER_GET, userIn(w), 200));
            } else {
                rows.add(row(w, USER_GET, userIn(w), 403));
            }
            // a role that may not read accounts is refused before scope is looked at
            rows.add(row(w, USER_GET, userOut(w), readsUsers ? 404 : 403));
            switch (w) {
                case COUNTY_ADMIN -> {
                    rows.add(row(w, USER_CREATE, unitRole("KEEPER", "汤塘社区", TT_SQ), 201));
                    rows.add(row(w, USER_CREATE, unitRole("KEEPER", "no such unit", NOWHERE), 404));
                    rows.add(row(w, USER_ACTIVE, newUser("new keeper of 汤塘社区", "KEEPER", TT_SQ), 200));
                    rows.add(row(w, USER_ACTIVE, MISSING_USER, 404));
                }
                case TOWN_ADMIN -> {
                    rows.add(row(w, USER_CREATE, unitRole("KEEPER", "石角社区", SJ_SQ), 201));
                    rows.add(row(w, USER_CREATE, unitRole("KEEPER", "other town's 汤塘村", TT_TT), 404));
                    rows.add(row(w, USER_CREATE, unitRole("TOWN_ADMIN", "own town 石角镇", SJ), 403));
                    rows.add(row(w, USER_ACTIVE, newUser("new keeper of 石角社区", "KEEPER", SJ_SQ), 200));
                    rows.add(row(w, USER_ACTIVE, userTT(), 404));
                    rows.add(row(w, USER_ACTIVE, newUser("another town admin of 石角镇", "TOWN_ADMIN", SJ), 403));
                }
                case VILLAGE_ADMIN -> {
                    rows.add(row(w, USER_CREATE, unitRole("KEEPER", "own village 石角社区", SJ_SQ), 201));
                    rows.add(row(w, USER_CREATE, unitRole("KEEPER", "other village 黄花村", SJ_HH), 404));
                    rows.add(row(w, USER_CREATE, unitRole("VILLAGE_ADMIN", "own village 石角社区", SJ_SQ), 403));
                    rows.add(row(w, USER_ACTIVE, newUser("new keeper of 石角社区", "KEEPER", SJ_SQ), 200));
                    rows.add(row(w, USER_ACTIVE, userHH(), 404));
                    rows.add(row(w, USER_ACTIVE, newUser("another village admin of 石角社区", "VILLAGE_ADMIN", SJ_SQ),
                            403));
                }
                default -> {
                    rows.add(row(w, USER_CREATE, unitRole("KEEPER", villageIn(w).label(), villageCode(w)), 403));
                    rows.add(row(w, USER_CREATE, unitRole("KEEPER", villageOut(w).label(), villageOutCode(w)), 403));
                    rows.add(row(w, USER_ACTIVE, userIn(w), 403));
                    rows.add(row(w, USER_ACTIVE, userOut(w), 403));
                }
            }
            Row audit = readsUsers ? row(w, AUDIT, NONE, 200) : row(w, AUDIT, NONE, 403);
            if (w == Who.TOWN_ADMIN || w == Who.TOWN_AUDITOR) {
                audit = audit.absent("\"" + TT);
            } else if (w == Who.VILLAGE_ADMIN) {
                audit = audit.absent(SJ_LN);
            }
            rows.add(audit);

            // ---- oneself
            rows.add(row(w, ME, NONE, 200).present("\"username\":\"" + w.login + "\""));
            rows.add(villager ? row(w, MY_HOUSEHOLD, NONE, 200).present(VILLAGER_LOGIN) : row(w, MY_HOUSEHOLD, NONE, 404));
        }
        // extra rows: an admin never manages its own unit or anything above it
        rows.add(row(Who.VILLAGE_ADMIN, ORG_RENAME, unit("own village 石角社区", SJ_SQ), 403));
        rows.add(row(Who.VILLAGE_ADMIN, ORG_DEACTIVATE, unit("own village 石角社区", SJ_SQ), 403));
        rows.add(row(Who.VILLAGE_ADMIN, ORG_CREATE, unit("its town 石角镇", SJ), 404));
        rows.add(row(Who.TOWN_ADMIN, ORG_RENAME, unit("own town 石角镇", SJ), 403));
        rows.add(row(Who.TOWN_ADMIN, ORG_CREATE, unit("the county", COUNTY), 404));
        rows.add(row(Who.TOWN_ADMIN, ORG_GET, unit("the county", COUNTY), 404));

        // no credentials, or credentials that must not work: 401 everywhere, nothing changes
        List<Object[]> everything = List.of(
                new Object[] {ORG_LIST, NONE}, new Object[] {ORG_GET, unit("汤塘社区", TT_SQ)},
                new Object[] {ORG_CREATE, unit("汤塘社区", TT_SQ)}, new Object[] {ORG_RENAME, unit("汤塘社区 G1", TT_SQ + "-G1")},
                new Object[] {ORG_MOVE, move(unit("汤塘社区 G1", TT_SQ + "-G1"), "洞心村", TT_DX)},
                new Object[] {ORG_DEACTIVATE, unit("汤塘社区 G1", TT_SQ + "-G1")},
                new Object[] {ORG_ACTIVATE, unit("汤塘社区 G1", TT_SQ + "-G1")},
                new Object[] {HH_LIST, unit("汤塘社区", TT_SQ)}, new Object[] {HH_CREATE, unit("汤塘社区", TT_SQ)},
                new Object[] {HH_GET, household("汤塘社区-0001", TT_SQ + "-0001")},
                new Object[] {HH_PATCH, household("汤塘社区-0001", TT_SQ + "-0001")},
                new Object[] {HH_RESIDENT, household("汤塘社区-0001", TT_SQ + "-0001")},
                new Object[] {PASSBOOK, household("汤塘社区-0001", TT_SQ + "-0001")},
                new Object[] {COVER, household("汤塘社区-0001", TT_SQ + "-0001")},
                new Object[] {VILLAGER_ACCOUNT, household("汤塘社区-0002", TT_SQ + "-0002")},
                new Object[] {USER_LIST, NONE}, new Object[] {USER_GET, userTT()},
                new Object[] {USER_CREATE, unitRole("KEEPER", "汤塘社区", TT_SQ)},
                new Object[] {USER_ACTIVE, userTT()}, new Object[] {AUDIT, NONE}, new Object[] {ME, NONE},
                new Object[] {MY_HOUSEHOLD, NONE}, new Object[] {REVOKE, NONE},
                new Object[] {BALANCE, household("汤塘社区-0001", TT_SQ + "-0001")},
                new Object[] {STATEMENT, household("汤塘社区-0001", TT_SQ + "-0001")},
                new Object[] {POSTING, household("汤塘社区-0001", TT_SQ + "-0001")},
                new Object[] {VERIFY, unit("汤塘社区", TT_SQ)});
        for (Who w : List.of(Who.ANONYMOUS, Who.BAD_TOKEN, Who.REVOKED_TOKEN, Who.EXPIRED_TOKEN)) {
            for (Object[] e : everything) {
                rows.add(row(w, (Ep) e[0], (Target) e[1], 401));
            }
        }
        kinRows(rows);
        return rows.stream();
    }

    private static String villageCode(Who w) {
        return villageIn(w).vars().apply(null).get("code");
    }

    private static String villageOutCode(Who w) {
        return villageOut(w).vars().apply(null).get("code");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void access(Row row) {
        String token = tokenFor(row.who());
        Map<String, String> vars = new HashMap<>(row.target().vars().apply(this));
        vars.put("new", unique("S"));
        String path = row.ep().path().replace("{t}", vars.getOrDefault("t", "?"))
                .replace("{number}", vars.getOrDefault("number", "?"));
        String probeSql = subst(row.ep().probe(), vars);
        String before = probe(probeSql);
        long auditBefore = auditCount();

        MvcResult r = row.ep().keyed()
                ? api(row.ep().method(), path, token, subst(row.ep().body(), vars), "Idempotency-Key", unique("K"))
                : api(row.ep().method(), path, token, subst(row.ep().body(), vars));

        int status = r.getResponse().getStatus();
        String content = body(r);
        assertEquals(row.expected(), status, () -> row + " — answered " + status + ": " + abbreviate(content));
        if (status >= 400) {
            assertEquals(before, probe(probeSql), "a refused request must change nothing");
            assertEquals(auditBefore, auditCount(), "a refused request must not reach the audit log");
            assertEquals(switch (status) {
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                default -> "not_found";
            }, json(r, "$.error"), content);
            if (status == 404) {
                // the scope answer of a service, not an unknown route: "没有找到…，或它不在您的管辖范围内。"
                assertTrue(json(r, "$.detail").toString().contains("不在您的管辖范围内"), content);
            }
            if (status == 403) {
                assertTrue(hasChinese(json(r, "$.detail")), content);
            }
            return;
        }
        if (!"GET".equals(row.ep().method())) {
            assertNotEquals(before, probe(probeSql), "an allowed write must change its target");
            if (row.ep().audited()) {
                assertTrue(auditCount() > auditBefore, "an allowed write must be in the audit log");
            }
        }
        if (path.endsWith(".pdf")) {
            assertEquals("application/pdf", r.getResponse().getContentType());
            byte[] pdf = r.getResponse().getContentAsByteArray();
            assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));
        } else {
            assertFalse(content.contains("$2a$") || content.contains("passwordHash") || content.contains("tokenHash"),
                    "no secrets in answers");
        }
        if (row.absent() != null) {
            assertFalse(content.contains(row.absent()), () -> "must not show " + row.absent() + ": " + abbreviate(content));
        }
        if (row.present() != null) {
            assertTrue(content.contains(row.present()), () -> "must show " + row.present() + ": " + abbreviate(content));
        }
        if (row.scope() != null) {
            String own = jdbc.sql("SELECT o.path FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id "
                    + "WHERE u.username = :u").param("u", row.who().login).query(String.class).single();
            List<String> paths = json(r, row.scope());
            assertFalse(paths.isEmpty(), "the list holds at least the caller's own records");
            for (String p : paths) {
                assertTrue(p.startsWith(own), () -> "out-of-scope record " + p + " listed for " + row.who() + " (" + own + ")");
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
