package cn.jifen.security;

import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The homes' fixture (the home page and its API read the same attention lists): a fresh town of the demo county with
 * its villages (each with grid G1) and a town admin account, staff actors, a household, a local rule item. Fresh towns
 * keep the demo data (every demo village has postings this month, no demo supermarket has 六有 checks) from hiding or
 * faking an item. Each test class names its rows its own way ({@link Names}), so its assertions on names stay its own.
 */
final class FreshTowns {
    /** A fresh town with its villages and the login of its town admin. */
    record Town(OrgUnit unit, List<OrgUnit> villages, String admin) {
        OrgUnit village(int i) {
            return villages.get(i);
        }
    }

    /**
     * How a test class names what it creates: {@code place} starts the town's, villages' and address's names
     * (关注测试镇, 关注测试村01), {@code item} the rule items' (测试加分, 测试否决); the codes start with
     * {@code townCode} and {@code itemCode}; the staff accounts' names with {@code staff}.
     */
    record Names(String place, String item, String townCode, String itemCode, String staff) { }

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private final SecuritySupport test;
    private final OrgUnits orgUnits;
    private final Households households;
    private final RuleCatalogue catalogue;
    private final Names names;
    private final AtomicLong ids;

    /** {@code ids}: the test class's own counter of staff actor ids (apart from other classes' and the demo's). */
    FreshTowns(SecuritySupport test, OrgUnits orgUnits, Households households, RuleCatalogue catalogue, Names names,
               AtomicLong ids) {
        this.test = test;
        this.orgUnits = orgUnits;
        this.households = households;
        this.catalogue = catalogue;
        this.names = names;
        this.ids = ids;
    }

    Actor countyAdmin() {
        return Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode(Matrix.COUNTY).orElseThrow());
    }

    Town town(int villages) {
        Actor county = countyAdmin();
        OrgUnit t = orgUnits.create(county, Matrix.COUNTY, Actors.code(names.townCode()), names.place() + "镇", null);
        List<OrgUnit> vs = new ArrayList<>();
        for (int i = 1; i <= villages; i++) {
            OrgUnit v = orgUnits.create(county, t.code(), t.code() + String.format("V%02d", i),
                    names.place() + String.format("村%02d", i), "VILLAGE");
            orgUnits.create(county, v.code(), v.code() + "-G1", "一网格", null);
            vs.add(v);
        }
        String admin = SecuritySupport.unique(names.townCode().toLowerCase() + "a");
        test.createUser(admin, "TOWN_ADMIN", t.code());
        return new Town(t, vs, admin);
    }

    /** A staff actor of the role bound to the unit, with an id no account has. */
    Actor staff(Role role, OrgUnit unit) {
        long id = ids.incrementAndGet();
        return new Actor(id, names.staff() + id, "测试", role, unit.id(), unit.path(), null, "127.0.0.1");
    }

    /** A household with its head in the village's grid G1. */
    long household(OrgUnit village) {
        return households.create(countyAdmin(), village.code(), new HouseholdDraft(SecuritySupport.unique("H"),
                village.code() + "-G1", names.place() + "地址", false, List.of(new ResidentDraft("测试户主", "户主", "男",
                        "1960", null, null, false, null, false)))).id();
    }

    /** A village item the village admin records: 5 to 20 points with publicity, or a veto (一票否决) without. */
    RuleItem localItem(OrgUnit village, boolean veto) {
        Actor admin = staff(Role.VILLAGE_ADMIN, village);
        return catalogue.create(admin, village.code(), new ItemDraft(Actors.code(names.itemCode()), "ZYFW",
                names.item() + (veto ? "否决" : "加分"), null, veto ? "DEDUCT" : "EARN", veto ? 0 : 5, veto ? 0 : 20,
                "TIME", null, null, "MONTH", false, Set.of("VILLAGE_ADMIN"), false, veto, !veto, TODAY.minusDays(200),
                null));
    }
}
