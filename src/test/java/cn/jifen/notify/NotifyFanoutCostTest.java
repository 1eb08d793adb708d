package cn.jifen.notify;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.StatementCounter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The fan-out reads what it needs once per batch of events (webhook subscriptions, org units, villager accounts,
 * preferences, supermarkets), not once per event: its SQL statements per event stay a small constant. Counted as the
 * statements the test's thread prepares through the DataSource ({@link StatementCounter}), on every database.
 */
@IntegrationTest
@Import({NotifyTestConfig.class, StatementCounter.class})
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyFanoutCostTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Dispatcher dispatcher;
    @Autowired Webhooks webhooks;
    @Autowired JdbcClient jdbc;
    @Autowired NotifyTestConfig.TestClock clock;

    final List<Long> subscriptions = new ArrayList<>();
    NotifyFixture any;

    @AfterEach
    void tearDown() {
        for (Long id : subscriptions) {
            webhooks.delete(any.countyAdmin, id);
        }
        clock.reset();
    }

    @Test
    void fanningOutABatchCostsAFewStatementsPerEventNotAFewPerLookup() {
        LocalDate d = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        clock.set(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 10, 0);
        dispatcher.runOnce();
        List<NotifyFixture> villages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            villages.add(new NotifyFixture(orgUnits, households, users, ledger));
        }
        any = villages.get(0);
        subscriptions.add(webhooks.create(any.countyAdmin, "http://127.0.0.1:9/cost", "a-partner-secret-0123456789",
                null, List.of("cn.jifen.posting.created")).id());
        for (NotifyFixture f : villages) {
            for (int i = 0; i < 4; i++) {
                f.earn(1, "门前三包");
            }
        }
        int[] events = {0};
        long statements = StatementCounter.count(() -> {
            int n;
            while ((n = dispatcher.fanOutBatch()) > 0) {
                events[0] += n;
            }
        });
        System.out.printf("[fanout-cost] %d events, %d SQL statements, %.1f per event%n", events[0], statements,
                statements / (double) events[0]);
        assertThat(events[0]).isEqualTo(20);
        // per event: its messages' INSERTs (inbox, SMS, webhook) and marking it; the lookups are per batch
        assertThat(statements / (double) events[0]).isLessThan(6.0);
    }
}
