package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.ReferenceCertificate;
import cn.jifen.honours.ReferenceCertificates;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** A reference certificate (积分证明) issued for a household: the household is told its serial; staff are not. */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyCertificateTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired ReferenceCertificates certificates;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;

    private List<String> inboxOf(Actor a) {
        return inbox.mine(a, Paging.of(0, 50)).items().stream().map(Inbox.Message::body).toList();
    }

    @Test
    void theHouseholdIsToldItsCertificateWasIssued() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        f.earn(5, "门前三包");
        LocalDate today = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        ReferenceCertificate c = certificates.issue(f.villageAdminActor(), new ReferenceCertificates.Request(
                f.village.id(), f.household.id(), null, "PARTY_APPLICATION", null, today.minusDays(365), today));
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOf(f.villagerActor())).contains(
                "【佛冈县积分制】通知测试村：您家的积分证明已开出，编号" + c.serial() + "，可到村委领取。");
        assertThat(inboxOf(f.villageAdminActor())).noneMatch(b -> b.contains("积分证明已开出"));
    }
}
