package cn.jifen.notify.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh village of the demo county (in 石角镇) with one household whose head has a phone, the household's
 * villager account, and a village admin account; postings to the household go through the real ledger.
 */
final class NotifyFixture {
    final OrgUnit county;
    final OrgUnit village;
    final OrgUnit grid;
    final Actor countyAdmin;
    final Household household;
    final String phone;
    final UserAccount villager;
    final UserAccount villageAdmin;
    private final Ledger ledger;

    NotifyFixture(OrgUnits orgUnits, Households households, Users users, Ledger ledger) {
        this.ledger = ledger;
        county = orgUnits.byCode("441821").orElseThrow();
        countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        village = orgUnits.create(countyAdmin, "441821100", Actors.code("N"), "通知测试村", "VILLAGE");
        grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "一网格", null);
        phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        household = households.create(countyAdmin, village.code(), new HouseholdDraft("0001", grid.code(), "一组1号",
                false, List.of(new ResidentDraft("黄户主", "户主", "男", "1960", phone, null, false, null, false))));
        villager = users.createVillager(countyAdmin, village.id(), household.id(), "secret-123");
        villageAdmin = users.createStaff(countyAdmin, "nt-" + Actors.code("a").toLowerCase(), "村管理员", "VILLAGE_ADMIN",
                village.code(), "password-123");
    }

    Actor villagerActor() {
        return new Actor(villager.id(), villager.username(), villager.displayName(), Role.VILLAGER, village.id(),
                village.path(), household.id(), "127.0.0.1");
    }

    Actor villageAdminActor() {
        return new Actor(villageAdmin.id(), villageAdmin.username(), villageAdmin.displayName(), Role.VILLAGE_ADMIN,
                village.id(), village.path(), null, "127.0.0.1");
    }

    Posting earn(int points, String item) {
        return ledger.post(villageAdminActor(), PostingRequest.earn(village.id(), household.id(), points, item,
                "nt-" + UUID.randomUUID()));
    }
}
