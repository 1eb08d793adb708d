package cn.jifen.complaints;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fresh village of 石角镇 with a grid and three households, its village admin and grid worker; the town admin of
 * 石角镇, a town admin of 汤塘镇 (another town), the county admin and a county auditor.
 */
public final class ComplaintFixture {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 5_000_000_000L);

    final OrgUnit county;
    final OrgUnit town;
    public final OrgUnit village;
    final OrgUnit grid;
    public final List<Household> households = new ArrayList<>();
    public final Actor countyAdmin;
    public final Actor auditor;
    public final Actor townAdmin;
    public final Actor otherTownAdmin;
    public final Actor villageAdmin;
    public final Actor gridWorker;

    public ComplaintFixture(OrgUnits orgUnits, Households hh) {
        county = orgUnits.byCode("441821").orElseThrow();
        town = orgUnits.byCode("441821100").orElseThrow();
        countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        village = orgUnits.create(countyAdmin, town.code(), Actors.code("C"), "投诉测试村", "VILLAGE");
        grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "一网格", null);
        for (int i = 1; i <= 3; i++) {
            households.add(hh.create(countyAdmin, village.code(), new HouseholdDraft(String.format("%04d", i), grid.code(),
                    "一组" + i + "号", false, List.of(new ResidentDraft("户主" + i, "户主", "男", "1960", null, null, false,
                    null, false)))));
        }
        auditor = staff(Role.AUDITOR, county);
        townAdmin = staff(Role.TOWN_ADMIN, town);
        otherTownAdmin = staff(Role.TOWN_ADMIN, orgUnits.byCode("441821101").orElseThrow());
        villageAdmin = staff(Role.VILLAGE_ADMIN, village);
        gridWorker = staff(Role.GRID_WORKER, grid);
    }

    static Actor staff(Role role, OrgUnit unit) {
        long id = IDS.incrementAndGet();
        return new Actor(id, role.name().toLowerCase() + "-" + id, "干部" + id % 1000, role, unit.id(), unit.path(),
                null, "127.0.0.1");
    }

    /** The villager account of household i. */
    public Actor villager(int i) {
        Household h = households.get(i);
        return new Actor(IDS.incrementAndGet(), h.passbookNumber(), h.headName(), Role.VILLAGER, village.id(),
                village.path(), h.id(), "127.0.0.1");
    }
}
