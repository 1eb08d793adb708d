package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.claims.Appeal;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
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
 * Appeals (申诉) against a posted deduction: the village's reviewers hear one waits, the household how it was decided;
 * neither hears the other's message.
 */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyAppealsTest extends Db {
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

    private Claim postedDeduction(NotifyFixture f) {
        LocalDate today = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        RuleItem item = catalogue.create(f.villageAdminActor(), f.village.code(), new ItemDraft(Actors.code("T"), "ZYFW",
                "乱倒垃圾", null, "DEDUCT", 5, 5, "TIME", null, null, "MONTH", false, Set.of("VILLAGE_ADMIN"), false, false,
                false, today.minusDays(200), null));
        Actor recorder = new Actor(900_000_000L + System.nanoTime() % 1_000_000, "recorder", "记录人", Role.VILLAGE_ADMIN,
                f.village.id(), f.village.path(), null, "127.0.0.1");
        f.earn(30, "测试");
        Claim c = claims.record(recorder, new ClaimDraft(f.village.id(), f.household.id(), null, item.code(), 5, today,
                null, null, false));
        return claims.approve(f.villageAdminActor(), f.village.id(), c.id(), null, null);
    }

    @Test
    void theReviewersHearOfAnAppealAndTheHouseholdOfItsDismissal() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        Claim c = postedDeduction(f);
        Appeal a = claims.appeal(f.villagerActor(), f.village.id(), c.id(), "垃圾不是我家倒的");
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(f.villageAdminActor())).contains(
                "【佛冈县积分制】通知测试村：有户对已入账的“" + c.itemLabel() + "”提出申诉，请到积分申报审核。");
        assertThat(inboxOf(f.villagerActor())).noneMatch(b -> b.contains("提出申诉"));

        claims.dismissAppeal(f.villageAdminActor(), f.village.id(), c.id(), a.id(), "证据确凿");
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(f.villagerActor())).contains(
                "【佛冈县积分制】通知测试村：您家对“" + c.itemLabel() + "”的申诉经村委核实不成立，原记录不变。");
        assertThat(inboxOf(f.villageAdminActor())).noneMatch(b -> b.contains("申诉经村委核实"));
    }

    @Test
    void anUpheldAppealTellsTheHouseholdItsPointsWereCorrected() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        Claim c = postedDeduction(f);
        Appeal a = claims.appeal(f.villagerActor(), f.village.id(), c.id(), "不服");
        claims.upholdAppeal(f.villageAdminActor(), f.village.id(), c.id(), a.id(), "经核实非该户所为");
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(f.villagerActor())).contains(
                "【佛冈县积分制】通知测试村：您家对“" + c.itemLabel() + "”的申诉经村委核实成立，该笔积分已更正。");
    }
}
