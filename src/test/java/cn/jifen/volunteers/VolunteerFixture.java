package cn.jifen.volunteers;

import cn.jifen.directory.Household;
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
 * Two fresh villages of 石角镇, each with one grid, households (head and spouse), a village admin, a second admin and
 * a grid worker; the town admin of 石角镇; an earning rule item for activities in each village.
 */
public final class VolunteerFixture {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 3_000_000_000L);

    public final OrgUnit town;
    public final Actor townAdmin;
    public final Vil a;
    public final Vil b;
    public final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    public final class Vil {
        public final OrgUnit village;
        public final OrgUnit grid;
        final OrgUnit grid2;
        public final Household inGrid2;
        public final Actor gridWorker2;
        public final Actor admin;
        final Actor admin2;
        public final Actor gridWorker;
        public final List<Household> households = new ArrayList<>();
        public final RuleItem item;

        public Vil(OrgUnits orgUnits, Households hh, RuleCatalogue catalogue, Actor county, String name, int count) {
            village = orgUnits.create(county, town.code(), Actors.code("V"), name, "VILLAGE");
            grid = orgUnits.create(county, village.code(), Actors.code("G"), "一网格", null);
            admin = staff(Role.VILLAGE_ADMIN, village, "vadmin");
            admin2 = staff(Role.VILLAGE_ADMIN, village, "vadmin2");
            gridWorker = staff(Role.GRID_WORKER, grid, "grid");
            grid2 = orgUnits.create(county, village.code(), Actors.code("G"), "二网格", null);
            gridWorker2 = staff(Role.GRID_WORKER, grid2, "grid2");
            for (int i = 1; i <= count; i++) {
                households.add(hh.create(county, village.code(), new HouseholdDraft(String.format("%04d", i), grid.code(),
                        "一组" + i + "号", false, List.of(
                        new ResidentDraft("队员" + name.charAt(0) + i, "户主", "男", "1960", null, null, false, null, false),
                        new ResidentDraft("配偶" + name.charAt(0) + i, "配偶", "女", "1962", null, null, false, null, false)))));
            }
            inGrid2 = hh.create(county, village.code(), new HouseholdDraft("0099", grid2.code(), "二组1号", false,
                    List.of(new ResidentDraft("二网格户" + name.charAt(0), "户主", "男", "1958", null, null, false, null, false))));
            item = catalogue.create(admin, village.code(), new ItemDraft(Actors.code("Z"), "ZYFW", "志愿服务测试", null,
                    "EARN", 5, 20, "TIME", null, null, "MONTH", false, Set.of("GRID_WORKER", "VILLAGE_ADMIN", "SELF"),
                    false, false, true, today.minusDays(400), null));
        }

        public Household h(int i) {
            return households.get(i);
        }

        public String passbook(int i) {
            return households.get(i).passbookNumber();
        }

        public long head(int i) {
            return households.get(i).head().id();
        }

        /** The villager account of household i. */
        public Actor villager(int i) {
            Household h = households.get(i);
            return new Actor(IDS.incrementAndGet(), "villager-" + h.id(), "村民", Role.VILLAGER, village.id(),
                    village.path(), h.id(), "127.0.0.1");
        }
    }

    public VolunteerFixture(OrgUnits orgUnits, Households hh, RuleCatalogue catalogue) {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        Actor countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        town = orgUnits.byCode("441821100").orElseThrow();
        townAdmin = staff(Role.TOWN_ADMIN, town, "town");
        a = new Vil(orgUnits, hh, catalogue, countyAdmin, "甲村", 4);
        b = new Vil(orgUnits, hh, catalogue, countyAdmin, "乙村", 2);
    }

    public static Actor staff(Role role, OrgUnit unit, String name) {
        long id = IDS.incrementAndGet();
        return new Actor(id, name + "-" + id, name, role, unit.id(), unit.path(), null, "127.0.0.1");
    }
}
