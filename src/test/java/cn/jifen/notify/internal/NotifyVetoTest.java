package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.notify.Inbox;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * A veto (一票否决) approved once waits for a second, different approver: those who may give it are told (the
 * village's other admins; in a single-admin village the town's admins), not the first approver nor the household.
 */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyVetoTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired RuleCatalogue catalogue;
    @Autowired Claims claims;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;

    private List<String> inboxOf(Actor a) {
        return inbox.mine(a, Paging.of(0, 50)).items().stream().map(Inbox.Message::body).toList();
    }

    private static Actor actor(UserAccount u, OrgUnit unit) {
        return new Actor(u.id(), u.username(), u.displayName(), u.role(), unit.id(), unit.path(), null, "127.0.0.1");
    }

    private Claim vetoApprovedOnce(NotifyFixture f) {
        LocalDate today = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        RuleItem item = catalogue.create(f.villageAdminActor(), f.village.code(), new ItemDraft(Actors.code("T"), "ZYFW",
                "违法建设", null, "DEDUCT", 0, 0, "TIME", null, null, "MONTH", false, Set.of("VILLAGE_ADMIN"), false, true,
                false, today.minusDays(200), null));
        Actor recorder = new Actor(900_000_000L + System.nanoTime() % 1_000_000, "recorder", "记录人", Role.VILLAGE_ADMIN,
                f.village.id(), f.village.path(), null, "127.0.0.1");
        Claim c = claims.record(recorder, new ClaimDraft(f.village.id(), f.household.id(), null, item.code(), 0, today,
                null, null, false));
        return claims.approve(f.villageAdminActor(), f.village.id(), c.id(), null, "经村民代表会议确认");
    }

    private String expected(Claim c) {
        return "【佛冈县积分制】通知测试村：“" + c.itemLabel() + "”一票否决已有一位审核人同意，等待第二位审核人，请到积分申报审核。";
    }

    @Test
    void theVillagesOtherAdminIsToldAVetoWaitsForASecondApprover() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        UserAccount second = users.createStaff(f.countyAdmin, "nt-" + Actors.code("b").toLowerCase(), "第二审核人",
                "VILLAGE_ADMIN", f.village.code(), "password-123");
        Claim c = vetoApprovedOnce(f);
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(actor(second, f.village))).contains(expected(c));
        assertThat(inboxOf(f.villageAdminActor())).doesNotContain(expected(c));
        assertThat(inboxOf(f.villagerActor())).noneMatch(b -> b.contains("一票否决已有一位审核人同意"));
    }

    @Test
    void inASingleAdminVillageTheTownsAdminsAreTold() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        OrgUnit town = orgUnits.byCode("441821100").orElseThrow();
        UserAccount townAdmin = users.createStaff(f.countyAdmin, "nt-" + Actors.code("t").toLowerCase(), "镇管理员",
                "TOWN_ADMIN", town.code(), "password-123");
        Claim c = vetoApprovedOnce(f);
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(actor(townAdmin, town))).contains(expected(c));
        assertThat(inboxOf(f.villageAdminActor())).doesNotContain(expected(c));
    }
}
