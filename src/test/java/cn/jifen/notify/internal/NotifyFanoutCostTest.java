package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.support.AsyncEvents;
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
    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Dispatcher dispatcher;
    @Autowired Webhooks webhooks;
    @Autowired JdbcClient jdbc;
    @Autowired NotifyTestConfig.TestClock clock;
    @Autowired HouseholdReceivers receivers;

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
        events.settle();
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
        events.settle(); // the postings' events are written after their commits; the count starts once all are in
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

    @Test
    void membersSignedUpInManyHouseholdsAddTheirMessagesButNoLookupPerHousehold() {
        LocalDate d = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        clock.set(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 10, 0);
        events.settle();
        dispatcher.runOnce();
        List<NotifyFixture> villages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            NotifyFixture f = new NotifyFixture(orgUnits, households, users, ledger);
            long member = households.addResident(f.countyAdmin, f.village.id(), f.household.id(),
                            new ResidentDraft("黄二", "子女", "男", "1990",
                                    "136" + String.format("%08d", 10_000_000 + i), null, false, null, false))
                    .members().stream().filter(r -> !r.head()).findFirst().orElseThrow().id();
            receivers.signUpMine(f.villagerActor(), member, new HouseholdReceivers.SignUp(true, null, null));
            villages.add(f);
        }
        any = villages.get(0);
        for (NotifyFixture f : villages) {
            for (int i = 0; i < 4; i++) {
                f.earn(1, "门前三包");
            }
        }
        events.settle(); // the postings' events are written after their commits; the count starts once all are in
        int[] events = {0};
        long statements = StatementCounter.count(() -> {
            int n;
            while ((n = dispatcher.fanOutBatch()) > 0) {
                events[0] += n;
            }
        });
        System.out.printf("[fanout-cost] with members: %d events, %d SQL statements, %.1f per event%n", events[0],
                statements, statements / (double) events[0]);
        assertThat(events[0]).isEqualTo(20);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_outbox WHERE channel = 'SMS' AND address LIKE '136%'"
                + " AND village_id IN (:v)").param("v", villages.stream().map(f -> f.village.id()).toList())
                .query(Long.class).single()).isEqualTo(20);
        // per event: inbox, head's SMS, member's SMS and marking it; the sign-ups are read once for the batch
        assertThat(statements / (double) events[0]).isLessThan(6.0);
    }
}
