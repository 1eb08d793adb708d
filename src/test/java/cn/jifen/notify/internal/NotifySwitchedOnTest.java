package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/** jifen.notify.enabled defaults to true: without setting it, a posting records its event and its messages. */
@IntegrationTest
@Import(NotifyTestConfig.class)
class NotifySwitchedOnTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Dispatcher dispatcher;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;

    @Test
    void byDefaultAPostingWritesItsEventAndOutboxRows() {
        assertThat(env.getProperty("jifen.notify.enabled", Boolean.class)).isTrue();
        NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
        f.earn(5, "门前三包");
        events.settle();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE village_id = :v")
                .param("v", f.village.id()).query(Long.class).single()).isEqualTo(1);
        dispatcher.runOnce();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_outbox WHERE village_id = :v AND channel = 'INBOX'")
                .param("v", f.village.id()).query(Long.class).single()).isEqualTo(1);
    }
}
