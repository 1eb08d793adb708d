package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.claims.Objection;
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
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The claims' notices, through the real review: the household is told its points are on the board (with the
 * date publicity ends), the village's reviewers that an objection waits, the household how it was decided.
 */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyClaimsTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired RuleCatalogue catalogue;
    @Autowired Claims claims;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;

    @Test
    void theHouseholdHearsOfThePublicityTheReviewersOfTheObjectionAndTheHouseholdOfTheDecision() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        LocalDate today = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        RuleItem item = catalogue.create(f.villageAdminActor(), f.village.code(), new ItemDraft(Actors.code("T"), "ZYFW",
                "门前三包", null, "EARN", 5, 20, "TIME", null, null, "MONTH", false, Set.of("VILLAGE_ADMIN"), false, false,
                true, today.minusDays(200), null));
        Actor recorder = new Actor(900_000_000L + System.nanoTime() % 1_000_000, "recorder", "记录人", Role.VILLAGE_ADMIN,
                f.village.id(), f.village.path(), null, "127.0.0.1");
        Claim c = claims.record(recorder, new ClaimDraft(f.village.id(), f.household.id(), null, item.code(), 5, today,
                null, null, false));
        Claim approved = claims.approve(f.villageAdminActor(), f.village.id(), c.id(), null, null);
        events.settle();
        dispatcher.runOnce();
        String until = approved.publicityEndsAt().atZoneSameInstant(NotifyTestConfig.TestClock.ZONE)
                .format(DateTimeFormatter.ofPattern("M月d日"));
        List<Inbox.Message> mine = inbox.mine(f.villagerActor(), Paging.of(0, 20)).items();
        assertThat(mine).extracting(Inbox.Message::body).contains(
                "【佛冈县积分制】通知测试村：您家因“" + approved.itemLabel() + "”获得5分，公示至" + until + "，有异议可联系村委。");

        Objection o = claims.object(f.villagerActor(), f.village.id(), c.id(), "没有做到");
        events.settle();
        dispatcher.runOnce();
        Actor reviewer = f.villageAdminActor();
        assertThat(inbox.mine(reviewer, Paging.of(0, 20)).items()).extracting(Inbox.Message::body)
                .anyMatch(b -> b.contains("提出异议") && b.contains(approved.itemLabel()));

        claims.dismiss(reviewer, f.village.id(), c.id(), o.id(), "核实属实");
        events.settle();
        dispatcher.runOnce();
        assertThat(inbox.mine(f.villagerActor(), Paging.of(0, 20)).items()).extracting(Inbox.Message::body)
                .anyMatch(b -> b.contains("异议经村委核实不成立"));
    }
}
