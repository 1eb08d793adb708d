package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.Posting;
import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.support.Actors;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** A verify that finds the ledger not intact tells the county's admins what it found; villagers hear nothing. */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyLedgerVerifyTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;
    @Autowired JdbcClient jdbc;

    private List<String> inboxOf(Actor a) {
        return inbox.mine(a, Paging.of(0, 50)).items().stream().map(Inbox.Message::body).toList();
    }

    @Test
    void theCountysAdminsAreToldOfAFailedVerifyAndTheVillagerIsNot() {
        events.settle();
        dispatcher.runOnce();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        UserAccount admin = users.createStaff(f.countyAdmin, "nt-" + Actors.code("c").toLowerCase(), "县管理员",
                "COUNTY_ADMIN", f.county.code(), "password-123");
        Actor adminActor = new Actor(admin.id(), admin.username(), admin.displayName(), admin.role(), f.county.id(),
                f.county.path(), null, "127.0.0.1");
        Posting p = f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        jdbc.sql("UPDATE ledger_entry SET amount = amount - 5 WHERE village_id = ? AND posting_id = ? AND leg_no = 0")
                .param(f.village.id()).param(p.postingId()).update();

        String problem;
        try {
            problem = verifier.verify(f.village.id()).problem();
        } finally { // put the entry back: a whole-county verify in a later test must not meet this village broken
            jdbc.sql("UPDATE ledger_entry SET amount = amount + 5 WHERE village_id = ? AND posting_id = ? AND leg_no = 0")
                    .param(f.village.id()).param(p.postingId()).update();
        }
        events.settle();
        dispatcher.runOnce();

        assertThat(problem).isNotBlank();
        assertThat(inboxOf(adminActor)).contains("【佛冈县积分制】通知测试村：账本校验发现问题：" + problem + "。请尽快核查。");
        assertThat(inboxOf(f.villagerActor())).noneMatch(b -> b.contains("账本校验"));
        assertThat(verifier.verify(f.village.id()).intact()).isTrue();
    }
}
