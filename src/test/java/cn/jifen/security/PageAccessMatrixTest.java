package cn.jifen.security;

import static cn.jifen.security.Matrix.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.security.Matrix.Target;
import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Every page and every form of the console and the villager's pages, with real form logins (CSRF,
 * session), per role and with targets in and out of scope; unauthenticated requests; and every
 * form posted without / with a forged CSRF token. Denials assert that nothing changed.
 *
 * <p>Rows marked "⚠ DISCREPANCY" state what the issue asks for where the code does otherwise.
 */
@IntegrationTest
class PageAccessMatrixTest extends SecuritySupport {

    /** A page or form: method, path ({t}/{number} = target; ${var} allowed), form fields, change probe, where success redirects. */
    record Page(String method, String path, String params, String probe, String successRedirect) { }

    enum Csrf { VALID, NONE, FORGED }

    record Row(Who who, Page page, Target target, int expected, String redirect, Csrf csrf, String absent,
               String present, String note) {
        Row redirect(String to) { return new Row(who, page, target, expected, to, csrf, absent, present, note); }

        Row csrf(Csrf c) { return new Row(who, page, target, expected, redirect, c, absent, present, note); }

        Row absent(String s) { return new Row(who, page, target, expected, redirect, csrf, s, present, note); }

        Row present(String s) { return new Row(who, page, target, expected, redirect, csrf, absent, s, note); }

        Row note(String s) { return new Row(who, page, target, expected, redirect, csrf, absent, present, s); }

        @Override
        public String toString() {
            String label = "{" + target.label() + "}";
            String path = page.path().replace("{t}", label).replace("{number}", label).replace("${rid}", "{its head}");
            String how = switch (csrf) {
                case VALID -> "";
                case NONE -> " without CSRF token";
                case FORGED -> " with a forged CSRF token";
            };
            return (who == Who.ANONYMOUS ? "not logged in" : who.toString()) + " " + page.method() + " " + path
                    + (target.detail().isEmpty() ? "" : " " + target.detail()) + how + " → " + expected
                    + (redirect == null ? "" : " " + redirect) + (note == null ? "" : "  ⚠ DISCREPANCY: " + note);
        }
    }

    // ---- pages
    static final Page CONSOLE = new Page("GET", "/console", null, null, null);
    static final Page ORG_TREE = new Page("GET", "/console/org", null, null, null);
    static final Page ORG_UNIT = new Page("GET", "/console/org/{t}", null, null, null);
    static final Page HH_LIST = new Page("GET", "/console/villages/{t}/households", null, null, null);
    static final Page HH_LIST_G2 = new Page("GET", "/console/villages/{t}/households?grid=441821100201-G2", null, null, null);
    static final Page HH_NEW_FORM = new Page("GET", "/console/villages/{t}/households/new", null, null, null);
    static final Page HH_PAGE = new Page("GET", "/console/households/{t}", null, null, null);
    static final Page HH_COVER = new Page("GET", "/console/households/{t}/cover.pdf", null, null, null);
    static final Page HH_ACCOUNT_PANEL = new Page("GET", "/console/households/{t}/account", null, null, null);
    static final Page PASSBOOK_FIND = new Page("GET", "/console/passbooks/{number}", null, null, null);
    static final Page CHOOSER = new Page("GET", "/console/households", null, null, null);
    static final Page USERS = new Page("GET", "/console/users", null, null, null);
    static final Page AUDIT = new Page("GET", "/console/audit", null, null, null);
    static final Page ME = new Page("GET", "/me", null, null, null);
    static final Page ME_COVER = new Page("GET", "/me/cover.pdf", null, null, null);
    static final Page PASSWORD_PAGE = new Page("GET", "/password", null, null, null);
    static final Page HOME = new Page("GET", "/", null, null, null);
    static final Page LEDGER = new Page("GET", "/console/households/{t}/passbook", null, null, null);
    static final Page LEDGER_SUMMARY = new Page("GET", "/console/households/{t}/passbook/summary", null, null, null);
    static final Page LEDGER_PDF = new Page("GET", "/console/households/{t}/passbook.pdf", null, null, null);
    static final Page MY_LEDGER = new Page("GET", "/me/passbook", null, null, null);
    static final Page MY_LEDGER_SUMMARY = new Page("GET", "/me/passbook/summary", null, null, null);
    static final Page MY_LEDGER_PDF = new Page("GET", "/me/passbook.pdf", null, null, null);
    static final Page VERIFY = new Page("GET", "/console/ledger/verify?village={t}", null, null, null);

    // ---- forms
    static final Page RENAME = new Page("POST", "/console/org/{t}/rename", "name=改名${new}",
            "SELECT name FROM org_unit WHERE code = '${code}'", "/console/org/${code}");
    static final Page CHILDREN = new Page("POST", "/console/org/{t}/children", "childCode=${new}&name=安全测试网格",
            "SELECT COUNT(*) FROM org_unit WHERE code = '${new}'", "/console/org/${code}");
    static final Page MOVE = new Page("POST", "/console/org/{t}/move", "village=${dest}",
            "SELECT parent_id, path FROM org_unit WHERE code = '${code}'", "/console/org/${code}");
    static final Page UNIT_ACTIVE = new Page("POST", "/console/org/{t}/active", "active=false&reason=安全测试",
            "SELECT active FROM org_unit WHERE code = '${code}'", "/console/org/${code}");
    static final Page HH_NEW = new Page("POST", "/console/villages/{t}/households",
            "householdRef=${new}&gridCode=${code}-G1&address=安全测试地址&m0.name=测试户主&m0.gender=男&m0.birthYear=1970",
            "SELECT COUNT(*) FROM household WHERE household_ref = '${new}'", "/console/households/");
    static final Page HH_EDIT = new Page("POST", "/console/households/{t}",
            "gridCode=${grid}&address=安全测试新地址${new}&status=ACTIVE",
            "SELECT address, updated_at FROM household WHERE village_id = ${vid} AND id = ${hid}",
            "/console/households/${t}");
    static final Page HH_MEMBER = new Page("POST", "/console/households/{t}/members",
            "name=成员${new}&relation=子女&gender=女&birthYear=2000",
            "SELECT COUNT(*) FROM resident WHERE village_id = ${vid} AND household_id = ${hid}",
            "/console/households/${t}");
    static final Page HH_MEMBER_STATUS = new Page("POST", "/console/households/{t}/members/${rid}/status",
            "status=MOVED_OUT&reason=安全测试", "SELECT status FROM resident WHERE village_id = ${vid} AND id = ${rid}",
            "/console/households/${t}");
    static final Page HH_ACCOUNT = new Page("POST", "/console/households/{t}/account", "password=cun-2026x",
            "SELECT COUNT(*) FROM app_user WHERE role = 'VILLAGER' AND org_unit_id = ${vid} AND household_id = ${hid}",
            "/console/households/${t}");
    static final Page USER_NEW = new Page("POST", "/console/users",
            "username=${new}&displayName=安全测试&role=${role}&orgCode=${code}&password=" + SecuritySupport.PASSWORD,
            "SELECT COUNT(*) FROM app_user WHERE username = '${new}'", "/console/users");
    static final Page USER_ACTIVE = new Page("POST", "/console/users/{t}/active", "active=false&reason=安全测试",
            "SELECT active FROM app_user WHERE id = ${uid}", "/console/users");
    static final Page USER_PASSWORD = new Page("POST", "/console/users/{t}/password",
            "password=New-pass-2026x&reason=安全测试", "SELECT password_hash FROM app_user WHERE id = ${uid}",
            "/console/users");

    /** A correction is a ledger posting: the ledger is its own record (no audit_log entry). */
    static final Page CORRECTION = new Page("POST", "/console/households/{t}/passbook/corrections",
            "postingId=${posting}&reason=安全测试更正&key=${new}",
            "SELECT COUNT(*), SUM(amount) FROM ledger_entry WHERE village_id = ${vid} AND household_id = ${hid}",
            "/console/households/${t}/passbook");

    // ---- kin relations (亲属回避) and points runs (基础分、清零): pages and forms of issue #12
    static final Page KIN = new Page("GET", "/console/kin?village={t}", null, null, null);
    static final Page KIN_HOME = new Page("GET", "/console/kin", null, null, null);
    static final Page RUNS = new Page("GET", "/console/points-runs", null, null, null);
    static final String KIN_PROBE = "SELECT user_id, relation FROM staff_household WHERE village_id = ${vid} AND household_id = ${hid}";
    static final Page KIN_ADD = new Page("POST", "/console/kin",
            "village=${code}&userId=${uid}&householdId=${hid}&relation=安全测试", KIN_PROBE, "/console/kin?village=${code}");
    static final Page KIN_REMOVE = new Page("POST", "/console/kin/remove", "village=${code}&userId=${uid}&householdId=${hid}",
            KIN_PROBE, "/console/kin?village=${code}");
    /** Refused by validation for the county admin (points 0): a real run would post to every household of the demo county. */
    static final Page RUN_BASE = new Page("POST", "/console/points-runs/base", "year=2020&points=0",
            "SELECT COUNT(*) FROM points_run", null);
    /** Refused by validation for the county admin (a future date), for the same reason. */
    static final Page RUN_EXPIRE = new Page("POST", "/console/points-runs/expire", "date=2999-01-01",
            "SELECT COUNT(*) FROM points_run", null);
    /** Posting the due claims of a unit always leaves an audit entry (even when none was due). */
    static final Page RUN_POST_DUE = new Page("POST", "/console/points-runs/post-due", "orgUnit=${code}",
            "SELECT COUNT(*) FROM audit_log WHERE action = 'claims.postDue' AND target_id = '${code}'", "/console/points-runs");

    /** A grid worker of 石角社区, the staff account the kin rows name. */
    static final String KIN_GRID = "sec-kin-grid-sjsq";

    /** A new household of a village and a staff account (${uid}); with a registered relation when asked. */
    static Target kinTarget(String label, String village, boolean registered) {
        return new Target(label, registered ? "with a registered relation" : "", s -> {
            Map<String, String> v = new HashMap<>(s.householdVars(s.freshHousehold(village)));
            long uid = s.fixedUser(KIN_GRID, "GRID_WORKER", SJ_SQ + "-G1");
            v.put("code", village);
            v.put("uid", String.valueOf(uid));
            if (registered) {
                MvcResult r = s.api("POST", "/api/v1/claims/kin", s.token("demo-v06", "demo-village"), "{\"villageId\":"
                        + v.get("vid") + ",\"householdId\":" + v.get("hid") + ",\"userId\":" + uid + ",\"relation\":\"安全测试\"}");
                assertEquals(201, r.getResponse().getStatus(), () -> "setup kin: " + body(r));
            }
            return v;
        });
    }

    /** An existing household of a village outside the caller's scope, with a made-up account id. */
    static Target kinOut(String label, String passbook, String village) {
        return new Target(label, s -> {
            Map<String, String> v = new HashMap<>(s.householdVars(passbook));
            v.put("code", village);
            v.put("uid", "999999999");
            return v;
        });
    }

    static void kinAndRunRows(List<Row> rows) {
        for (Who w : ROLES) {
            boolean admin = w.writer();
            boolean readsRuns = admin || w == Who.AUDITOR || w == Who.TOWN_AUDITOR;
            rows.add(row(w, KIN, villageIn(w), admin ? 200 : 403));
            if (admin) {
                rows.add(row(w, KIN, villageOut(w), 404));
            }
            rows.add(row(w, KIN_HOME, NONE, admin ? 200 : 403));
            rows.add(row(w, RUNS, NONE, readsRuns ? 200 : 403));
            // only the village admin registers and removes kin relations
            Target in = kinTarget("new household of 石角社区", SJ_SQ, false);
            Target registered = kinTarget("new household of 石角社区", SJ_SQ, true);
            if (w == Who.VILLAGE_ADMIN) {
                rows.add(row(w, KIN_ADD, in, 302).redirect("/console/kin?village=" + SJ_SQ));
                rows.add(row(w, KIN_REMOVE, registered, 302).redirect("/console/kin?village=" + SJ_SQ));
                rows.add(row(w, KIN_ADD, kinOut("other village's 黄花村-0001", SJ_HH + "-0001", SJ_HH), 404));
                rows.add(row(w, KIN_REMOVE, kinOut("other village's 黄花村-0001", SJ_HH + "-0001", SJ_HH), 404));
            } else {
                rows.add(row(w, KIN_ADD, in, 403));
                rows.add(row(w, KIN_REMOVE, registered, 403));
            }
            if (w == Who.TOWN_ADMIN) {
                rows.add(row(w, KIN_ADD, kinOut("other town's 汤塘村-0001", TT_TT + "-0001", TT_TT), 404));
            }
            // only the county admin runs the policy; its rows are refused by validation (nothing runs)
            rows.add(row(w, RUN_BASE, NONE, w == Who.COUNTY_ADMIN ? 422 : 403));
            rows.add(row(w, RUN_EXPIRE, NONE, w == Who.COUNTY_ADMIN ? 422 : 403));
            Target own = w == Who.COUNTY_ADMIN ? unit("own county", COUNTY)
                    : w == Who.TOWN_ADMIN ? unit("own town 石角镇", SJ) : villageIn(w);
            if (admin) {
                rows.add(row(w, RUN_POST_DUE, own, 302).redirect("/console/points-runs"));
            } else {
                rows.add(row(w, RUN_POST_DUE, villageIn(w), 403));
            }
            if (w == Who.TOWN_ADMIN || w == Who.VILLAGE_ADMIN) {
                rows.add(row(w, RUN_POST_DUE, villageOut(w), 404));
            }
        }
        for (Page p : List.of(KIN, KIN_HOME, RUNS)) {
            rows.add(row(Who.ANONYMOUS, p, unit("汤塘社区", TT_SQ), 302).redirect("/login"));
        }
        for (Page f : List.of(KIN_ADD, KIN_REMOVE)) {
            rows.add(row(Who.ANONYMOUS, f, kinOut("汤塘社区-0002", TT_SQ + "-0002", TT_SQ), 302).redirect("/login"));
            rows.add(row(Who.VILLAGE_ADMIN, f, kinTarget("new household of 石角社区", SJ_SQ, f == KIN_REMOVE), 403)
                    .csrf(Csrf.NONE));
            rows.add(row(Who.VILLAGE_ADMIN, f, kinTarget("new household of 石角社区", SJ_SQ, f == KIN_REMOVE), 403)
                    .csrf(Csrf.FORGED));
        }
        for (Page f : List.of(RUN_BASE, RUN_EXPIRE, RUN_POST_DUE)) {
            rows.add(row(Who.ANONYMOUS, f, unit("汤塘社区", TT_SQ), 302).redirect("/login"));
            rows.add(row(Who.COUNTY_ADMIN, f, unit("汤塘社区", TT_SQ), 403).csrf(Csrf.NONE));
            rows.add(row(Who.COUNTY_ADMIN, f, unit("汤塘社区", TT_SQ), 403).csrf(Csrf.FORGED));
        }
    }

    static final List<Page> FORMS = List.of(RENAME, CHILDREN, MOVE, UNIT_ACTIVE, HH_NEW, HH_EDIT, HH_MEMBER,
            HH_MEMBER_STATUS, HH_ACCOUNT, USER_NEW, USER_ACTIVE, USER_PASSWORD, CORRECTION);

    private static Row row(Who who, Page page, Target target, int expected) {
        return new Row(who, page, target, expected, null, Csrf.VALID, null, null, null);
    }

    /** The target a form is aimed at when the caller may (and would succeed if nothing stopped it). */
    static Target writerTarget(Who w, Page form) {
        if (form == RENAME || form == UNIT_ACTIVE) {
            return gridWriteIn(w);
        }
        if (form == CHILDREN || form == HH_NEW) {
            return unit(writeVillageLabel(w), writeVillage(w));
        }
        if (form == MOVE) {
            return w == Who.COUNTY_ADMIN ? move(newGrid("new grid in 汤塘社区", TT_SQ), "洞心村", TT_DX)
                    : move(newGrid("new grid in 石角社区", SJ_SQ), "黄花村", SJ_HH);
        }
        if (form == USER_NEW) {
            return unitRole("KEEPER", writeVillageLabel(w), writeVillage(w));
        }
        if (form == USER_ACTIVE || form == USER_PASSWORD) {
            return newUser("new keeper of " + writeVillageLabel(w), "KEEPER", writeVillage(w));
        }
        if (form == CORRECTION) {
            return newHouseholdWithPosting("new household with a posting in " + writeVillageLabel(w), writeVillage(w));
        }
        return householdWriteIn(w);
    }

    static Target writerOutTarget(Who w, Page form) {
        boolean county = w == Who.COUNTY_ADMIN;
        if (form == RENAME || form == UNIT_ACTIVE) {
            return gridWriteOut(w);
        }
        if (form == CHILDREN || form == HH_NEW) {
            return county ? unit("no such village", NOWHERE) : unit(outVillageLabel(w), outVillage(w));
        }
        if (form == MOVE) {
            return county ? move(unit("no such grid", NOWHERE + "-G1"), "汤塘社区", TT_SQ)
                    : w == Who.TOWN_ADMIN ? move(newGrid("new grid in other town's 洞心村", TT_DX), "汤塘社区", TT_SQ)
                    : move(newGrid("new grid in other village 黄花村", SJ_HH), "石角社区", SJ_SQ);
        }
        if (form == USER_NEW) {
            return county ? unitRole("KEEPER", "no such unit", NOWHERE)
                    : w == Who.TOWN_ADMIN ? unitRole("KEEPER", "other town's 汤塘村", TT_TT)
                    : unitRole("KEEPER", "other village 黄花村", SJ_HH);
        }
        if (form == USER_ACTIVE || form == USER_PASSWORD) {
            return userOut(w);
        }
        if (form == CORRECTION) {
            return withMissingPosting(householdOut(w));
        }
        return householdOut(w);
    }

    /** For roles that may not write: a target in their scope, and one outside it. */
    static Target readerTarget(Who w, Page form, boolean in) {
        if (form == RENAME || form == UNIT_ACTIVE) {
            return in ? gridIn(w) : gridOut(w);
        }
        if (form == CHILDREN) {
            return in ? unitIn(w) : unitOut(w);
        }
        if (form == HH_NEW) {
            return in ? villageIn(w) : villageOut(w);
        }
        if (form == MOVE) {
            Target v = villageIn(w);
            return move(in ? gridIn(w) : gridOut(w), v.label(), v.vars().apply(null).get("code"));
        }
        if (form == USER_NEW) {
            Target v = in ? villageIn(w) : villageOut(w);
            return unitRole("KEEPER", v.label(), v.vars().apply(null).get("code"));
        }
        if (form == USER_ACTIVE || form == USER_PASSWORD) {
            return in ? userIn(w) : userOut(w);
        }
        if (form == CORRECTION) {
            return withMissingPosting(in ? householdIn(w) : householdOut(w));
        }
        return in ? householdIn(w) : householdOut(w);
    }

    /** Forms that act on one household (the last case of {@link #readerTarget}). */
    static boolean householdForm(Page form) {
        return !List.of(RENAME, UNIT_ACTIVE, CHILDREN, HH_NEW, MOVE, USER_NEW, USER_ACTIVE, USER_PASSWORD).contains(form);
    }

    /** Forms whose out-of-scope target a non-admin is refused with 403 before any lookup. */
    static boolean roleCheckedFirst(Page form) {
        return form == HH_NEW || form == HH_ACCOUNT || form == USER_NEW || form == USER_ACTIVE || form == USER_PASSWORD;
    }

    /** Existing data the county admin could write, for requests that must be refused whatever the target. */
    static Target existingTarget(Page form) {
        if (form == RENAME || form == UNIT_ACTIVE) {
            return unit("汤塘社区 G1", TT_SQ + "-G1");
        }
        if (form == CHILDREN || form == HH_NEW || form == HH_NEW_FORM || form == ORG_UNIT || form == HH_LIST) {
            return unit("汤塘社区", TT_SQ);
        }
        if (form == MOVE) {
            return move(unit("汤塘社区 G1", TT_SQ + "-G1"), "洞心村", TT_DX);
        }
        if (form == USER_NEW) {
            return unitRole("KEEPER", "汤塘社区", TT_SQ);
        }
        if (form == USER_ACTIVE || form == USER_PASSWORD) {
            return userTT();
        }
        if (form == CORRECTION) {
            return withMissingPosting(household("汤塘社区-0002", TT_SQ + "-0002"));
        }
        if (form == VERIFY) {
            return unit("汤塘社区", TT_SQ);
        }
        if (form.path().contains("{t}") || form.path().contains("{number}")) {
            return household("汤塘社区-0002", TT_SQ + "-0002");
        }
        return NONE;
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Who w : ROLES) {
            boolean villager = w == Who.VILLAGER;
            boolean readsUsers = w.writer() || w == Who.AUDITOR || w == Who.TOWN_AUDITOR;
            if (villager) {
                // every console page and form is closed to villagers, whatever the target
                for (Page p : List.of(CONSOLE, ORG_TREE, CHOOSER, USERS, AUDIT)) {
                    rows.add(row(w, p, NONE, 403));
                }
                rows.add(row(w, ORG_UNIT, unitIn(w), 403));
                rows.add(row(w, HH_LIST, villageIn(w), 403));
                rows.add(row(w, HH_NEW_FORM, villageIn(w), 403));
                for (Page p : List.of(HH_PAGE, HH_COVER, HH_ACCOUNT_PANEL, PASSBOOK_FIND, LEDGER, LEDGER_SUMMARY,
                        LEDGER_PDF)) {
                    rows.add(row(w, p, householdIn(w), 403));
                }
                rows.add(row(w, VERIFY, villageIn(w), 403));
                rows.add(row(w, MY_LEDGER, NONE, 200).present(VILLAGER_LOGIN));
                rows.add(row(w, MY_LEDGER_SUMMARY, NONE, 200));
                rows.add(row(w, MY_LEDGER_PDF, NONE, 200));
                for (Page f : FORMS) {
                    rows.add(row(w, f, readerTarget(w, f, true), 403));
                }
                rows.add(row(w, ME, NONE, 200).present(VILLAGER_LOGIN));
                rows.add(row(w, ME_COVER, NONE, 200));
                rows.add(row(w, PASSWORD_PAGE, NONE, 200));
                rows.add(row(w, HOME, NONE, 302).redirect("/me"));
                continue;
            }
            rows.add(row(w, CONSOLE, NONE, 200));
            rows.add(row(w, ORG_TREE, NONE, 200).absent(orgTreeAbsent(w)));
            rows.add(row(w, ORG_UNIT, unitIn(w), 200));
            rows.add(row(w, ORG_UNIT, unitOut(w), 404));
            if (w == Who.KEEPER) {
                // a keeper serves passbooks at the counter; it never browses the village's households (phones)
                rows.add(row(w, HH_LIST, villageIn(w), 403));
            } else if (w == Who.GRID_WORKER) {
                // a grid worker browses its own grid of the village, not the other grids
                rows.add(row(w, HH_LIST, villageIn(w), 200).absent(SJ_LN + "-0002"));
                rows.add(row(w, HH_LIST_G2, villageIn(w), 404));
            } else {
                rows.add(row(w, HH_LIST, villageIn(w), 200));
            }
            rows.add(row(w, HH_LIST, villageOut(w), 404));
            if (w.writer()) {
                rows.add(row(w, HH_NEW_FORM, unit(writeVillageLabel(w), writeVillage(w)), 200));
                rows.add(row(w, HH_NEW_FORM, villageOut(w), 404));
            } else {
                rows.add(row(w, HH_NEW_FORM, villageIn(w), 403));
                rows.add(row(w, HH_NEW_FORM, villageOut(w), 403));
            }
            for (Page p : List.of(HH_PAGE, HH_COVER, LEDGER, LEDGER_SUMMARY, LEDGER_PDF)) {
                boolean keeperRefused = w == Who.KEEPER;   // no household page, cover or statement for a keeper
                rows.add(row(w, p, householdIn(w), keeperRefused ? 403 : 200));
                rows.add(row(w, p, householdOut(w), keeperRefused ? 403 : 404));
            }
            String panel = "UserPages.account (the villager-account panel) checks neither role nor scope and answers 200";
            if (w.writer()) {
                rows.add(row(w, HH_ACCOUNT_PANEL, householdIn(w), 200));
                rows.add(w == Who.VILLAGE_ADMIN
                        ? row(w, HH_ACCOUNT_PANEL, household("other village's 龙南村-0001, which has a villager account",
                                VILLAGER_LOGIN), 404).note(panel + ", naming the other village's villager login")
                        : row(w, HH_ACCOUNT_PANEL, householdOut(w), 404).note(panel));
            } else {
                rows.add(row(w, HH_ACCOUNT_PANEL, householdIn(w), 403).note(panel
                        + " with an 'open account' form to a role that may not open accounts"));
                rows.add(row(w, HH_ACCOUNT_PANEL, householdOut(w), w == Who.KEEPER ? 403 : 404).note(panel));
            }
            if (w == Who.KEEPER) {
                rows.add(row(w, PASSBOOK_FIND, householdIn(w), 403));
                rows.add(row(w, PASSBOOK_FIND, householdOut(w), 403));
            } else {
                rows.add(row(w, PASSBOOK_FIND, householdIn(w), 302).redirect("/console/households/${t}"));
                rows.add(row(w, PASSBOOK_FIND, householdOut(w), 404));
            }
            switch (w) {
                case VILLAGE_ADMIN -> rows.add(row(w, CHOOSER, NONE, 302).redirect("/console/villages/" + SJ_SQ + "/households"));
                case GRID_WORKER -> rows.add(row(w, CHOOSER, NONE, 302).redirect("/console/villages/" + SJ_LN + "/households"));
                case KEEPER -> rows.add(row(w, CHOOSER, NONE, 403));
                default -> rows.add(row(w, CHOOSER, NONE, 200));
            }
            rows.add(row(w, USERS, NONE, readsUsers ? 200 : 403));
            rows.add(row(w, AUDIT, NONE, readsUsers ? 200 : 403));
            rows.add(row(w, ME, NONE, 403));
            rows.add(row(w, ME_COVER, NONE, 403));
            for (Page p : List.of(MY_LEDGER, MY_LEDGER_SUMMARY, MY_LEDGER_PDF)) {
                rows.add(row(w, p, NONE, 403));
            }
            rows.add(row(w, VERIFY, villageIn(w), readsUsers ? 200 : 403));
            rows.add(row(w, VERIFY, villageOut(w), readsUsers ? 404 : 403));
            rows.add(row(w, PASSWORD_PAGE, NONE, 200));
            rows.add(row(w, HOME, NONE, 302).redirect("/console/start"));

            for (Page f : FORMS) {
                if (w.writer()) {
                    boolean villageMove = w == Who.VILLAGE_ADMIN && f == MOVE; // one village: nowhere to move to
                    rows.add(row(w, f, writerTarget(w, f), villageMove ? 404 : 302)
                            .redirect(villageMove ? null : f.successRedirect()));
                    rows.add(row(w, f, writerOutTarget(w, f), 404));
                } else {
                    rows.add(row(w, f, readerTarget(w, f, true), 403));
                    // a keeper may open no household at all: refused before its scope is looked at
                    boolean keeperHousehold = w == Who.KEEPER && householdForm(f);
                    rows.add(row(w, f, readerTarget(w, f, false), roleCheckedFirst(f) || keeperHousehold ? 403 : 404));
                }
            }
        }
        // not logged in: every page and form sends to the login page, and nothing changes
        for (Page p : List.of(CONSOLE, ORG_TREE, ORG_UNIT, HH_LIST, HH_NEW_FORM, HH_PAGE, HH_COVER, HH_ACCOUNT_PANEL,
                PASSBOOK_FIND, CHOOSER, USERS, AUDIT, ME, ME_COVER, PASSWORD_PAGE, HOME, LEDGER, LEDGER_SUMMARY, LEDGER_PDF,
                MY_LEDGER, MY_LEDGER_SUMMARY, MY_LEDGER_PDF, VERIFY)) {
            rows.add(row(Who.ANONYMOUS, p, existingTarget(p), 302).redirect("/login"));
        }
        for (Page f : FORMS) {
            rows.add(row(Who.ANONYMOUS, f, existingTarget(f), 302).redirect("/login"));
        }
        // CSRF: the county admin, aiming at targets it may change, without a token or with a forged one
        for (Page f : FORMS) {
            rows.add(row(Who.COUNTY_ADMIN, f, writerTarget(Who.COUNTY_ADMIN, f), 403).csrf(Csrf.NONE));
            rows.add(row(Who.COUNTY_ADMIN, f, writerTarget(Who.COUNTY_ADMIN, f), 403).csrf(Csrf.FORGED));
        }
        kinAndRunRows(rows);
        return rows.stream();
    }

    static String orgTreeAbsent(Who w) {
        return switch (w) {
            case TOWN_ADMIN, TOWN_AUDITOR -> TT;
            case VILLAGE_ADMIN -> SJ_LN;
            case GRID_WORKER -> SJ_LN + "-G2";
            case KEEPER -> SJ_LS;
            default -> null;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void page(Row row) {
        MockHttpSession session = sessionFor(row.who());
        Map<String, String> vars = new HashMap<>(row.target().vars().apply(this));
        vars.put("new", unique("P"));
        String path = subst(row.page().path().replace("{t}", vars.getOrDefault("t", "?"))
                .replace("{number}", vars.getOrDefault("number", "?")), vars);
        MockHttpServletRequestBuilder b = MockMvcRequestBuilders.request(HttpMethod.valueOf(row.page().method()),
                URI.create(path));
        if (session != null) {
            b.session(session);
        }
        if (row.page().params() != null) {
            for (String kv : row.page().params().split("&")) {
                int eq = kv.indexOf('=');
                b.param(kv.substring(0, eq), subst(kv.substring(eq + 1), vars));
            }
        }
        if ("POST".equals(row.page().method())) {
            switch (row.csrf()) {
                case VALID -> b.with(csrf());
                case FORGED -> b.with(csrf().useInvalidToken());
                case NONE -> { }
            }
        }
        String probeSql = subst(row.page().probe(), vars);
        String before = probe(probeSql);
        long auditBefore = auditCount();

        MvcResult r = perform(b);

        int status = r.getResponse().getStatus();
        String content = body(r);
        assertEquals(row.expected(), status, () -> row + " — answered " + status + " "
                + r.getResponse().getRedirectedUrl() + " " + ApiAccessMatrixTest.abbreviate(content));
        String location = r.getResponse().getRedirectedUrl();
        String wanted = subst(row.redirect(), vars);
        if (status == 302) {
            assertNotNull(location);
            assertTrue(location.contains(wanted), () -> row + " — redirected to " + location);
        }
        boolean refused = status >= 400 || (location != null && location.endsWith("/login"));
        if (refused) {
            assertEquals(before, probe(probeSql), "a refused request must change nothing");
            assertEquals(auditBefore, auditCount(), "a refused request must not reach the audit log");
            return;
        }
        if ("POST".equals(row.page().method())) {
            assertNotEquals(before, probe(probeSql), "an allowed form must change its target");
            if (row.page() != CORRECTION) {
                assertTrue(auditCount() > auditBefore, "an allowed form must be in the audit log");
            }
        }
        if (status == 200) {
            String type = r.getResponse().getContentType();
            if (path.endsWith(".pdf")) {
                assertEquals("application/pdf", type);
            } else {
                assertTrue(type != null && type.startsWith("text/html"), type);
                assertTrue(hasChinese(content), "a page in Chinese");
            }
        }
        if (row.absent() != null) {
            assertFalse(content.contains(row.absent()), () -> "must not show " + row.absent());
        }
        if (row.present() != null) {
            assertTrue(content.contains(row.present()), () -> "must show " + row.present());
        }
    }

    // ------------------------------------------------------------------ every form carries the CSRF token

    record FormPage(Who who, String path, Target target) {
        @Override
        public String toString() {
            return (who == Who.ANONYMOUS ? "not logged in" : who.toString()) + " GET "
                    + path.replace("{t}", "{" + target.label() + "}") + ": every POST form carries _csrf";
        }
    }

    static Stream<FormPage> formPages() {
        return Stream.of(
                new FormPage(Who.ANONYMOUS, "/login", NONE),
                new FormPage(Who.COUNTY_ADMIN, "/console", NONE),
                new FormPage(Who.COUNTY_ADMIN, "/console/org/{t}", unit("汤塘社区", TT_SQ)),
                new FormPage(Who.COUNTY_ADMIN, "/console/org/{t}", unit("汤塘社区 G1", TT_SQ + "-G1")),
                new FormPage(Who.COUNTY_ADMIN, "/console/villages/{t}/households/new", unit("汤塘社区", TT_SQ)),
                new FormPage(Who.COUNTY_ADMIN, "/console/households/{t}", household("汤塘社区-0001", TT_SQ + "-0001")),
                new FormPage(Who.COUNTY_ADMIN, "/console/households/{t}/account",
                        newHousehold("new household without an account", TT_SQ)),
                new FormPage(Who.COUNTY_ADMIN, "/console/users", NONE),
                new FormPage(Who.COUNTY_ADMIN, "/console/households/{t}/passbook",
                        newHouseholdWithPosting("new household with a posting", TT_SQ)),
                new FormPage(Who.COUNTY_ADMIN, "/password", NONE),
                new FormPage(Who.VILLAGE_ADMIN, "/console/kin?village={t}", unit("own village 石角社区", SJ_SQ)),
                new FormPage(Who.COUNTY_ADMIN, "/console/points-runs", NONE),
                new FormPage(Who.VILLAGER, "/me", NONE));
    }

    private static final Pattern POST_FORM = Pattern.compile("<form\\b[^>]*method=\"post\"[^>]*>(.*?)</form>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    @ParameterizedTest(name = "{0}")
    @MethodSource("formPages")
    void everyFormCarriesACsrfToken(FormPage fp) {
        Map<String, String> vars = fp.target().vars().apply(this);
        MockHttpServletRequestBuilder b = get(URI.create(fp.path().replace("{t}", vars.getOrDefault("t", "?"))));
        MockHttpSession s = sessionFor(fp.who());
        if (s != null) {
            b.session(s);
        }
        MvcResult r = perform(b);
        assertEquals(200, r.getResponse().getStatus());
        Matcher m = POST_FORM.matcher(body(r));
        int forms = 0;
        while (m.find()) {
            forms++;
            String form = m.group();
            assertTrue(form.matches("(?s).*<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]{20,}\".*"),
                    () -> "form without CSRF token: " + form);
        }
        assertTrue(forms > 0, "the page has POST forms");
    }

    // ------------------------------------------------------------------ CSRF on login, logout and the password form

    @Test
    void loginWithoutCsrfTokenIsRefusedAndLogsNobodyIn() {
        MvcResult r = perform(post("/login").param("username", "demo-admin").param("password", "demo-admin"));
        assertEquals(403, r.getResponse().getStatus());
        MockHttpSession s = (MockHttpSession) r.getRequest().getSession(false);
        MvcResult console = perform(s == null ? get("/console") : get("/console").session(s));
        assertEquals(302, console.getResponse().getStatus());
        assertTrue(console.getResponse().getRedirectedUrl().endsWith("/login"));
    }

    @Test
    void logoutWithoutCsrfTokenIsRefusedAndTheSessionStays() {
        MockHttpSession s = newSession("demo-auditor", "demo-auditor");
        assertEquals(403, perform(post("/logout").session(s)).getResponse().getStatus());
        assertEquals(200, perform(get("/console").session(s)).getResponse().getStatus());
    }

    @Test
    void logoutWithCsrfTokenEndsTheSession() {
        MockHttpSession s = newSession("demo-auditor", "demo-auditor");
        MvcResult out = perform(post("/logout").with(csrf()).session(s));
        assertEquals(302, out.getResponse().getStatus());
        assertTrue(out.getResponse().getRedirectedUrl().contains("/login?logout"));
        MvcResult after = perform(get("/console").session(s));
        assertEquals(302, after.getResponse().getStatus());
        assertTrue(after.getResponse().getRedirectedUrl().endsWith("/login"));
    }

    @Test
    void passwordChangeWithoutCsrfTokenIsRefusedAndChangesNothing() {
        String login = unique("secpw");
        long id = createUser(login, "KEEPER", TT_SQ);
        MockHttpSession s = newSession(login, PASSWORD);
        String hash = probe("SELECT password_hash, must_change_password FROM app_user WHERE id = " + id);
        MvcResult r = perform(post("/password").session(s).param("currentPassword", PASSWORD)
                .param("newPassword", "Other-pass-2026").param("confirmPassword", "Other-pass-2026"));
        assertEquals(403, r.getResponse().getStatus());
        assertEquals(hash, probe("SELECT password_hash, must_change_password FROM app_user WHERE id = " + id));
    }
}
