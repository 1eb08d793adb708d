package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.complaints.Complaint;
import cn.jifen.complaints.Complaints;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * Complaints (投诉建议): the household hears its complaint was answered; an overdue one is announced to the village's
 * admins and the town's admins, without naming the (possibly anonymous) filer, and not to the household.
 */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyComplaintsTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Complaints complaints;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;
    @Autowired NotifyTestConfig.TestClock clock;

    private List<String> inboxOf(Actor a) {
        return inbox.mine(a, Paging.of(0, 50)).items().stream().map(Inbox.Message::body).toList();
    }

    @Test
    void theHouseholdsInboxHearsItsComplaintWasAnswered() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        Complaint c = complaints.file(f.villagerActor(), "COMPLAINT", "村道路灯不亮", false, List.of());
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(f.villagerActor())).noneMatch(b -> b.contains("已答复"));
        complaints.answer(f.villageAdminActor(), f.village.id(), c.id(), "已报修", false);
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(f.villagerActor())).contains(
                "【佛冈县积分制】通知测试村：您提交的投诉已答复，请到“投诉建议”查看，并给答复打分。");
        assertThat(inboxOf(f.villageAdminActor())).noneMatch(b -> b.contains("已答复"));
    }

    @Test
    void anOverdueComplaintIsAnnouncedToTheVillageAndTownAdminsWithoutTheFiler() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        UserAccount town = users.createStaff(f.countyAdmin, "nt-" + Actors.code("t").toLowerCase(), "镇管理员",
                "TOWN_ADMIN", "441821100", "password-123");
        Actor townActor = new Actor(town.id(), town.username(), town.displayName(), Role.TOWN_ADMIN, town.orgUnitId(),
                orgUnits.byId(town.orgUnitId()).path(), null, "127.0.0.1");
        // filed eight days ago (past the seven-day deadline); the run and the delivery happen now, so the messages
        // are due at once (the outbox's due time is the time of the run)
        Complaint c;
        try {
            clock.plusMinutes(-8 * 24 * 60);
            c = complaints.file(f.villagerActor(), "SUGGESTION", "建议修一条排水沟", true, List.of());
        } finally {
            clock.reset();
        }
        complaints.escalateDue();
        events.settle();
        dispatcher.runOnce();
        assertThat(complaints.get(townActor, f.village.id(), c.id()).status().name()).isEqualTo("ESCALATED");
        String text = "【佛冈县积分制】通知测试村：有一条建议超过答复期限还没有答复，已转镇里督办，请到“投诉建议”尽快答复。";
        assertThat(inboxOf(f.villageAdminActor())).contains(text);
        assertThat(inboxOf(townActor)).contains(text);
        assertThat(inboxOf(f.villagerActor())).noneMatch(b -> b.contains("超过答复期限"));
        assertThat(inboxOf(f.villageAdminActor())).noneMatch(b -> b.contains("黄户主"));
    }
}
