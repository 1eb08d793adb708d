package cn.jifen.meetings.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.Users;
import cn.jifen.meetings.Meetings;
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
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A fresh village with one grid, four households (head and spouse), three village admins with real accounts (the
 * secretary who chairs, a committee member, the recorder) and a panel of five: the three admins and the heads of
 * households 2 and 3 as villager representatives. Items: an earning item (5–20 points, with publicity) and a veto.
 */
final class MeetingFixture {
    final OrgUnit village;
    final OrgUnit grid;
    final Actor countyAdmin;
    final Actor chair;
    final Actor member;
    final Actor recorder;
    final List<Household> households = new ArrayList<>();
    final RuleItem item;
    final RuleItem veto;
    final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    final PanelMember chairSeat;
    final PanelMember memberSeat;
    final PanelMember recorderSeat;
    final PanelMember rep2;
    final PanelMember rep3;

    MeetingFixture(OrgUnits orgUnits, Households hh, RuleCatalogue catalogue, Users users, Meetings meetings) {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        village = orgUnits.create(countyAdmin, "441821100", Actors.code("M"), "评议测试村", "VILLAGE");
        grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "一网格", null);
        chair = account(users, "书记");
        member = account(users, "委员");
        recorder = account(users, "记录员");
        for (int i = 1; i <= 4; i++) {
            households.add(hh.create(countyAdmin, village.code(), new HouseholdDraft(String.format("%04d", i), grid.code(),
                    "一组" + i + "号", false, List.of(
                    new ResidentDraft("户主" + i, "户主", "男", "1960", null, null, true, "第一支部", false),
                    new ResidentDraft("配偶" + i, "配偶", "女", "1962", null, null, false, null, false)))));
        }
        item = catalogue.create(chair, village.code(), new ItemDraft(Actors.code("T"), "ZYFW", "清扫村道", null, "EARN",
                5, 20, "TIME", null, null, "MONTH", false, Set.of("GRID_WORKER", "VILLAGE_ADMIN"), false, false, true,
                today.minusDays(200), null));
        veto = catalogue.create(chair, village.code(), new ItemDraft(Actors.code("V"), "ZYFW", "违法建房", null, "DEDUCT",
                0, 0, "TIME", null, null, "MONTH", false, Set.of("VILLAGE_ADMIN"), false, true, true,
                today.minusDays(200), null));
        LocalDate from = today.minusDays(30);
        chairSeat = meetings.addStaff(chair, village.code(), chair.userId(), "党支部书记", from);
        memberSeat = meetings.addStaff(chair, village.code(), member.userId(), "村委委员", from);
        recorderSeat = meetings.addStaff(chair, village.code(), recorder.userId(), "村委委员", from);
        rep2 = meetings.addResident(chair, village.code(), head(1), "村民代表", from);
        rep3 = meetings.addResident(chair, village.code(), head(2), "村民代表", from);
    }

    private Actor account(Users users, String name) {
        String username = "mt-" + Actors.code("u");
        String unusable = new BCryptPasswordEncoder(4)
                .encode(UUID.randomUUID().toString());
        long id = users.createUncheckedHashed(username, name, unusable, Role.VILLAGE_ADMIN, village.id(), null, null, false);
        return new Actor(id, username, name, Role.VILLAGE_ADMIN, village.id(), village.path(), null, "127.0.0.1");
    }

    Household h(int i) {
        return households.get(i);
    }

    long head(int i) {
        return households.get(i).members().stream().filter(m -> m.head()).findFirst().orElseThrow().id();
    }

    String v() {
        return village.code();
    }
}
