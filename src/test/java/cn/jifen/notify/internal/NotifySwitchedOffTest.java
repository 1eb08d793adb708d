package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.notify.Inbox;
import cn.jifen.shared.Paging;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** jifen.notify.enabled=false: a posting records no event and no outbox message, so nobody is told. */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.enabled=false")
class NotifySwitchedOffTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;
    @Autowired JdbcClient jdbc;

    @Test
    void switchedOffAPostingWritesNoEventAndNoOutboxRow() {
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE village_id = :v")
                .param("v", f.village.id()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_outbox WHERE village_id = :v")
                .param("v", f.village.id()).query(Long.class).single()).isZero();
        assertThat(inbox.mine(f.villagerActor(), Paging.of(0, 10)).items()).isEmpty();
    }
}
