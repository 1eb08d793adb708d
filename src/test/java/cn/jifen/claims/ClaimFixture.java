package cn.jifen.claims;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.Users;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A fresh village with one grid, households (the head of each is a party member, the spouse is not),
 * three village admins and a grid worker with distinct user ids, and local rule items made to measure.
 */
final class ClaimFixture {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 1_000_000_000L);

    final RuleCatalogue catalogue;
    final OrgUnit village;
    final OrgUnit grid;
    final Actor admin1;
    final Actor admin2;
    final Actor admin3;
    final Actor gridWorker;
    final List<Household> households = new ArrayList<>();
    final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    ClaimFixture(OrgUnits orgUnits, Households hh, RuleCatalogue catalogue, int count) {
        this.catalogue = catalogue;
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        Actor countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        village = orgUnits.create(countyAdmin, "441821100", Actors.code("C"), "申报测试村", "VILLAGE");
        grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "一网格", null);
        admin1 = staff(Role.VILLAGE_ADMIN, village, "admin1");
        admin2 = staff(Role.VILLAGE_ADMIN, village, "admin2");
        admin3 = staff(Role.VILLAGE_ADMIN, village, "admin3");
        gridWorker = staff(Role.GRID_WORKER, grid, "grid");
        for (int i = 1; i <= count; i++) {
            households.add(hh.create(countyAdmin, village.code(), new HouseholdDraft(String.format("%04d", i), grid.code(),
                    "一组" + i + "号", false, List.of(
                    new ResidentDraft("户主" + i, "户主", "男", "1950", null, null, true, "第一支部", false),
                    new ResidentDraft("配偶" + i, "配偶", "女", "1952", null, null, false, null, false)))));
        }
    }

    /**
     * The same staff member with a real account (an app_user row at its unit, a password nobody knows), for what checks
     * the account itself: a kin relation names an existing, active recorder of the village.
     */
    static Actor account(Users users, Actor a) {
        // a bcrypt hash of a random password nobody knows: every stored password is a bcrypt hash (LoginAndTokenTest)
        String unusable = new BCryptPasswordEncoder(4)
                .encode(UUID.randomUUID().toString());
        long id = users.createUncheckedHashed(a.username(), a.displayName(), unusable, a.role(), a.orgUnitId(), null,
                null, false);
        return new Actor(id, a.username(), a.displayName(), a.role(), a.orgUnitId(), a.orgPath(), null, a.remoteAddr());
    }

    static Actor staff(Role role, OrgUnit unit, String name) {
        long id = IDS.incrementAndGet();
        return new Actor(id, name + "-" + id, name, role, unit.id(), unit.path(), null, "127.0.0.1");
    }

    Actor villager(int i) {
        Household h = households.get(i);
        return new Actor(IDS.incrementAndGet(), "villager-" + h.id(), "村民", Role.VILLAGER, village.id(), village.path(),
                h.id(), "127.0.0.1");
    }

    Household h(int i) {
        return households.get(i);
    }

    long v() {
        return village.id();
    }

    long head(int i) {
        return households.get(i).members().stream().filter(m -> m.partyMember()).findFirst().orElseThrow().id();
    }

    long spouse(int i) {
        return households.get(i).members().stream().filter(m -> !m.partyMember()).findFirst().orElseThrow().id();
    }

    /** A local item of the village: earn, min..max points, per time, no caps, staff and self, with publicity. */
    Item item() {
        return new Item();
    }

    final class Item {
        String sign = "EARN";
        int min = 5;
        int max = 20;
        String unit = "TIME";
        Integer householdCap;
        Integer residentCap;
        Set<String> recorders = Set.of("GRID_WORKER", "VILLAGE_ADMIN", "SELF");
        boolean partyOnly;
        boolean veto;
        boolean publicity = true;
        boolean evidence;

        Item points(int lo, int hi) { min = lo; max = hi; return this; }
        Item deduct() { sign = "DEDUCT"; recorders = Set.of("GRID_WORKER", "VILLAGE_ADMIN"); return this; }
        Item veto() { sign = "DEDUCT"; veto = true; min = 0; max = 0; recorders = Set.of("VILLAGE_ADMIN"); return this; }
        Item unit(String u) { unit = u; return this; }
        Item householdCap(int c) { householdCap = c; return this; }
        Item residentCap(int c) { residentCap = c; return this; }
        Item recorders(String... r) { recorders = Set.of(r); return this; }
        Item partyOnly() { partyOnly = true; return this; }
        Item noPublicity() { publicity = false; return this; }
        Item evidence() { evidence = true; return this; }

        RuleItem create() {
            return catalogue.create(admin1, village.code(), new ItemDraft(Actors.code("T"), "ZYFW", "测试细则", null, sign,
                    min, max, unit, householdCap, residentCap, "MONTH", evidence, recorders, partyOnly, veto, publicity,
                    today.minusDays(200), null));
        }
    }
}
