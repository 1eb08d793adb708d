package cn.jifen.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The vocabulary of the access matrices: who calls (roles bound to demo units, or no/bad
 * credentials), what they aim at (a target, resolved against the test database when the row runs),
 * and for each role the targets that are in and out of its scope.
 *
 * <p>Demo county units used: 石角镇 441821100 (towns admin's town) with 龙南村 …201, 里水村 …202,
 * 黄花村 …205 and 石角社区 …206; 汤塘镇 441821101 with 汤塘村 …201, 洞心村 …205 and 汤塘社区 …206.
 * Successful writes only touch throwaway data in 石角社区, 黄花村, 汤塘社区 and 洞心村, never 龙南村.
 */
final class Matrix {
    private Matrix() { }

    static final String COUNTY = "441821";
    static final String SJ = "441821100";           // 石角镇
    static final String SJ_LN = "441821100201";     // 龙南村 (demo-village, demo-grid, demo-keeper, the villager)
    static final String SJ_LS = "441821100202";     // 里水村
    static final String SJ_HH = "441821100205";     // 黄花村 (demo-v05)
    static final String SJ_SQ = "441821100206";     // 石角社区 (demo-v06)
    static final String TT = "441821101";           // 汤塘镇
    static final String TT_TT = "441821101201";     // 汤塘村 (demo-v07)
    static final String TT_DX = "441821101205";     // 洞心村
    static final String TT_SQ = "441821101206";     // 汤塘社区
    static final String NOWHERE = "441821999201";   // no such village

    static final String VILLAGER_LOGIN = "441821100201-0001";

    /** Throwaway accounts made once per test database by the county admin. */
    static final String TOWN_AUDITOR_LOGIN = "sec-town-auditor";
    static final String USER_LN_G1 = "sec-grid2";          // grid worker, 龙南村 G1
    static final String USER_SJ_SQ = "sec-keeper-sjsq";    // keeper, 石角社区
    static final String USER_SJ_HH = "sec-keeper-hh";      // keeper, 黄花村
    static final String USER_TT_TT = "sec-keeper-ttc";     // keeper, 汤塘村

    enum Who {
        COUNTY_ADMIN("county admin", "demo-admin", "demo-admin"),
        TOWN_ADMIN("town admin (石角镇)", "demo-town", "demo-town"),
        VILLAGE_ADMIN("village admin (石角社区)", "demo-v06", "demo-village"),
        GRID_WORKER("grid worker (龙南村 G1)", "demo-grid", "demo-grid"),
        KEEPER("keeper (龙南村)", "demo-keeper", "demo-keeper"),
        AUDITOR("county auditor", "demo-auditor", "demo-auditor"),
        TOWN_AUDITOR("town auditor (石角镇)", TOWN_AUDITOR_LOGIN, SecuritySupport.CHANGED_PASSWORD),
        VILLAGER("villager (龙南村-0001)", VILLAGER_LOGIN, "123456"),
        ANONYMOUS("no token", null, null),
        BAD_TOKEN("made-up token", null, null),
        REVOKED_TOKEN("revoked token", null, null),
        EXPIRED_TOKEN("expired token", null, null);

        final String label;
        final String login;
        final String password;

        Who(String label, String login, String password) {
            this.label = label;
            this.login = login;
            this.password = password;
        }

        boolean writer() {
            return this == COUNTY_ADMIN || this == TOWN_ADMIN || this == VILLAGE_ADMIN;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final Who[] ROLES = {Who.COUNTY_ADMIN, Who.TOWN_ADMIN, Who.VILLAGE_ADMIN, Who.GRID_WORKER, Who.KEEPER,
            Who.AUDITOR, Who.TOWN_AUDITOR, Who.VILLAGER};

    /** What a row aims at; {@code vars} runs when the row runs (it may create throwaway data). */
    record Target(String label, String detail, Function<SecuritySupport, Map<String, String>> vars) {
        Target(String label, Function<SecuritySupport, Map<String, String>> vars) {
            this(label, "", vars);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final Target NONE = new Target("", s -> Map.of());

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new LinkedHashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** An existing org unit: t = code = its code. */
    static Target unit(String label, String code) {
        return new Target(label, s -> with(Map.of(), "t", code, "code", code));
    }

    static Target newGrid(String label, String village) {
        return new Target(label, s -> {
            String c = s.freshGrid(village);
            return with(Map.of(), "t", c, "code", c);
        });
    }

    static Target newInactiveGrid(String label, String village) {
        return new Target(label, s -> {
            String c = s.freshInactiveGrid(village);
            return with(Map.of(), "t", c, "code", c);
        });
    }

    /** A grid to move and the village to move it to (${dest}). */
    static Target move(Target grid, String destLabel, String dest) {
        return new Target(grid.label(), "to {" + destLabel + "}", s -> with(grid.vars().apply(s), "dest", dest));
    }

    /** An org unit plus a role for a new account there (${role}). */
    static Target unitRole(String role, String label, String code) {
        return new Target(label, "as " + role, s -> with(Map.of(), "t", code, "code", code, "role", role));
    }

    /** An existing household by passbook number. */
    static Target household(String label, String passbook) {
        return new Target(label, s -> s.householdVars(passbook));
    }

    /** A household id that does not exist in an existing village. */
    static Target missingHousehold(String label, String village) {
        return new Target(label, s -> {
            long vid = s.unitId(village);
            return with(Map.of(), "t", vid + "/999999999", "vid", String.valueOf(vid), "hid", "999999999",
                    "number", village + "-9999", "grid", village + "-G1", "rid", "999999999");
        });
    }

    static Target newHousehold(String label, String village) {
        return new Target(label, s -> s.householdVars(s.freshHousehold(village)));
    }

    /** A new household with one EARN posting (${posting}). */
    static Target newHouseholdWithPosting(String label, String village) {
        return new Target(label, s -> {
            Map<String, String> v = s.householdVars(s.freshHousehold(village));
            return with(v, "posting", s.earn(v.get("vid"), v.get("hid")));
        });
    }

    /** An existing household plus the id of a posting that does not exist (${posting}). */
    static Target withMissingPosting(Target household) {
        return new Target(household.label(), household.detail(),
                s -> with(household.vars().apply(s), "posting", "00000000-0000-0000-0000-000000000001"));
    }

    /** An existing account by login name: t = uid = its id. */
    static Target user(String label, String username) {
        return new Target(label, s -> {
            String id = String.valueOf(s.userId(username));
            return with(Map.of(), "t", id, "uid", id);
        });
    }

    /** One of the fixed throwaway accounts (made on first use). */
    static Target fixedAccount(String label, String username, String role, String org) {
        return new Target(label, s -> {
            String id = String.valueOf(s.fixedUser(username, role, org));
            return with(Map.of(), "t", id, "uid", id);
        });
    }

    static Target newUser(String label, String role, String org) {
        return new Target(label, s -> {
            String id = String.valueOf(s.freshUser(role, org));
            return with(Map.of(), "t", id, "uid", id);
        });
    }

    static final Target MISSING_USER = new Target("no such account", s -> Map.of("t", "999999999", "uid", "999999999"));

    static Target userLN() {
        return fixedAccount("grid worker of 龙南村 G1", USER_LN_G1, "GRID_WORKER", SJ_LN + "-G1");
    }

    static Target userSJSQ() {
        return fixedAccount("keeper of 石角社区", USER_SJ_SQ, "KEEPER", SJ_SQ);
    }

    static Target userHH() {
        return fixedAccount("keeper of 黄花村 (other village)", USER_SJ_HH, "KEEPER", SJ_HH);
    }

    static Target userTT() {
        return fixedAccount("keeper of 汤塘村 (other town)", USER_TT_TT, "KEEPER", TT_TT);
    }

    // ------------------------------------------------------------------ scopes per role

    /** A unit each role may see, and one it may not (or that does not exist, for the county-wide roles). */
    static Target unitIn(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> unit("汤塘社区", TT_SQ);
            case TOWN_ADMIN, TOWN_AUDITOR -> unit("own town's village 石角社区", SJ_SQ);
            case VILLAGE_ADMIN -> unit("own village 石角社区", SJ_SQ);
            case GRID_WORKER -> unit("own grid", SJ_LN + "-G1");
            case KEEPER, VILLAGER -> unit("own village 龙南村", SJ_LN);
            default -> unit("汤塘社区", TT_SQ);
        };
    }

    static Target unitOut(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> unit("no such unit", NOWHERE);
            case TOWN_ADMIN, TOWN_AUDITOR -> unit("other town's village 汤塘村", TT_TT);
            case VILLAGE_ADMIN -> unit("other village 黄花村", SJ_HH);
            case GRID_WORKER -> unit("other grid of its village", SJ_LN + "-G2");
            case KEEPER, VILLAGER -> unit("other village 里水村", SJ_LS);
            default -> unit("no such unit", NOWHERE);
        };
    }

    /** A village each role may see (its households), and one it may not. */
    static Target villageIn(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> unit("汤塘社区", TT_SQ);
            case TOWN_ADMIN, TOWN_AUDITOR -> unit("own town's village 石角社区", SJ_SQ);
            case VILLAGE_ADMIN -> unit("own village 石角社区", SJ_SQ);
            case GRID_WORKER -> unit("own village 龙南村", SJ_LN);
            case KEEPER, VILLAGER -> unit("own village 龙南村", SJ_LN);
            default -> unit("汤塘社区", TT_SQ);
        };
    }

    static Target villageOut(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> unit("no such village", NOWHERE);
            case TOWN_ADMIN, TOWN_AUDITOR, GRID_WORKER -> unit("other town's village 汤塘村", TT_TT);
            case VILLAGE_ADMIN -> unit("other village 黄花村", SJ_HH);
            case KEEPER, VILLAGER -> unit("other village 里水村", SJ_LS);
            default -> unit("no such village", NOWHERE);
        };
    }

    /** A grid each role may see (for org writes by non-admins), and one it may not. */
    static Target gridIn(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> unit("grid of 汤塘社区", TT_SQ + "-G1");
            case TOWN_ADMIN, TOWN_AUDITOR, VILLAGE_ADMIN -> unit("grid of 石角社区", SJ_SQ + "-G1");
            case GRID_WORKER -> unit("own grid", SJ_LN + "-G1");
            default -> unit("grid of own village 龙南村", SJ_LN + "-G1");
        };
    }

    static Target gridOut(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> unit("no such grid", NOWHERE + "-G1");
            case TOWN_ADMIN, TOWN_AUDITOR -> unit("grid of other town's village 汤塘村", TT_TT + "-G1");
            case VILLAGE_ADMIN -> unit("grid of other village 黄花村", SJ_HH + "-G1");
            case GRID_WORKER -> unit("other grid of its village", SJ_LN + "-G2");
            default -> unit("grid of other village 里水村", SJ_LS + "-G1");
        };
    }

    /** The village where an admin role writes successfully, and a village outside its scope. */
    static String writeVillage(Who w) {
        return w == Who.COUNTY_ADMIN ? TT_SQ : SJ_SQ;
    }

    static String writeVillageLabel(Who w) {
        return w == Who.COUNTY_ADMIN ? "汤塘社区" : "石角社区";
    }

    /** A village outside an admin's scope where throwaway grids may be made (none for the county). */
    static String outVillage(Who w) {
        return w == Who.TOWN_ADMIN ? TT_DX : SJ_HH;
    }

    static String outVillageLabel(Who w) {
        return w == Who.TOWN_ADMIN ? "other town's village 洞心村" : "other village 黄花村";
    }

    /** An existing household each role may read, and one it may not. */
    static Target householdIn(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> household("汤塘社区-0001", TT_SQ + "-0001");
            case TOWN_ADMIN, TOWN_AUDITOR, VILLAGE_ADMIN -> household("石角社区-0001", SJ_SQ + "-0001");
            case GRID_WORKER -> household("龙南村-0001 in own grid", SJ_LN + "-0001");
            case VILLAGER -> household("own household 龙南村-0001", SJ_LN + "-0001");
            default -> household("龙南村-0001", SJ_LN + "-0001");
        };
    }

    static Target householdOut(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> missingHousehold("no such household", TT_SQ);
            case TOWN_ADMIN, TOWN_AUDITOR -> household("other town's 汤塘村-0001", TT_TT + "-0001");
            case VILLAGE_ADMIN -> household("other village's 黄花村-0001", SJ_HH + "-0001");
            case GRID_WORKER -> household("龙南村-0002 in another grid", SJ_LN + "-0002");
            case VILLAGER -> household("neighbour's 龙南村-0002", SJ_LN + "-0002");
            default -> household("other village's 里水村-0001", SJ_LS + "-0001");
        };
    }

    /** For household writes: admins get a throwaway household in their scope, others an existing one. */
    static Target householdWriteIn(Who w) {
        return w.writer() ? newHousehold("new household in " + writeVillageLabel(w), writeVillage(w)) : householdIn(w);
    }

    /** For grid writes: admins get a throwaway grid in their scope / out of it, others existing grids. */
    static Target gridWriteIn(Who w) {
        return w.writer() ? newGrid("new grid in " + writeVillageLabel(w), writeVillage(w)) : gridIn(w);
    }

    static Target gridWriteOut(Who w) {
        if (w == Who.COUNTY_ADMIN) {
            return unit("no such grid", NOWHERE + "-G1");
        }
        return w.writer() ? newGrid("new grid in " + outVillageLabel(w), outVillage(w)) : gridOut(w);
    }

    /** An account each role may read, and one it may not. */
    static Target userIn(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> userTT();
            case TOWN_ADMIN, TOWN_AUDITOR, VILLAGE_ADMIN -> userSJSQ();
            default -> userLN();
        };
    }

    static Target userOut(Who w) {
        return switch (w) {
            case COUNTY_ADMIN, AUDITOR -> MISSING_USER;
            case VILLAGE_ADMIN -> userHH();
            default -> userTT();
        };
    }
}
