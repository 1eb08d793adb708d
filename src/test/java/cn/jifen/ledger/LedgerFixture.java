package cn.jifen.ledger;

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
import java.util.UUID;

/** A fresh village with households, for ledger tests that must not share balances. */
public final class LedgerFixture {
    public final Actor admin;
    public final OrgUnit village;
    public final List<Household> households = new ArrayList<>();

    public LedgerFixture(OrgUnits orgUnits, Households hh, int count) {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        Actor countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        village = orgUnits.create(countyAdmin, "441821100", Actors.code("L"), "账本测试村", "VILLAGE");
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "网格", null);
        admin = Actors.of(Role.VILLAGE_ADMIN, village);
        for (int i = 1; i <= count; i++) {
            households.add(hh.create(countyAdmin, village.code(), new HouseholdDraft(String.format("%04d", i), grid.code(),
                    "一组" + i + "号", false, List.of(
                    new ResidentDraft("户主" + i, "户主", "男", "1960", null, null, false, null, false),
                    new ResidentDraft("配偶" + i, "配偶", "女", "1962", null, null, false, null, false)))));
        }
    }

    public Household h(int i) {
        return households.get(i);
    }

    public long v() {
        return village.id();
    }

    public static String key() {
        return UUID.randomUUID().toString();
    }
}
