package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.notify.Inbox;
import cn.jifen.notify.NotifyPause;
import cn.jifen.shared.Paging;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox: written in the posting's own transaction, delivered by the dispatcher to the inbox and the SMS
 * channel, by the person's choices (opt-out, digest), never in quiet hours, never above the county's budget.
 */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyOutboxTest extends Db {
    @Autowired AsyncEvents events;
    @Autowired IncompleteEventPublications incomplete;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;
    @Autowired NotifyPreferences preferences;
    @Autowired NotifySettings settings;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired NotifyTestConfig.TestClock clock;
    @Autowired NotifyTestConfig.RecordingSms sms;
    @Autowired NotifyPause pause;
    @Autowired OutboxSql outboxSql;
    @Autowired Fanout fanout;
    @Autowired TaskScheduler scheduler;
    @Autowired List<ChannelSender> channels;

    NotifyFixture f;

    @BeforeEach
    void setUp() {
        daytime();
        events.settle();
        dispatcher.runOnce(); // what other tests left in the outbox is not this test's business (nor its budget)
        clock.reset();
        f = new NotifyFixture(orgUnits, households, users, ledger);
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    /** The household's notify_event rows, once the asynchronous listeners have written what they will. */
    private long events(long householdId) {
        events.settle();
        return jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE household_id = :h AND village_id = :v")
                .param("h", householdId).param("v", f.village.id()).query(Long.class).single();
    }

    private List<Inbox.Message> inboxOfVillager() {
        return inbox.mine(f.villagerActor(), Paging.of(0, 100)).items();
    }

    /** A day-time moment of the county (10:00), so SMS is not held back by quiet hours. */
    private void daytime() {
        LocalDate d = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        clock.set(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 10, 0);
    }

    @Test
    void aRolledBackPostingLeavesNoMessage() {
        tx.executeWithoutResult(s -> {
            f.earn(5, "门前三包");
            s.setRollbackOnly();
        });
        assertThat(events(f.household.id())).isZero();
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOfVillager()).isEmpty();
    }

    @Test
    void whileNoticesArePausedAPostingRecordsNoEvent() {
        pause.paused(true);
        try {
            f.earn(5, "门前三包");
        } finally {
            pause.paused(false);
        }
        assertThat(events(f.household.id())).isZero();
        f.earn(2, "门前三包");
        assertThat(events(f.household.id())).isEqualTo(1);
    }

    @Test
    void aCommittedPostingAlwaysHasItsMessage() {
        Posting p = f.earn(5, "门前三包");
        events.settle();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE event_key = :k")
                .param("k", "posting:" + p.postingId()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSinglePostingsEventIsWrittenInItsOwnTransactionWithoutAPublication() {
        Posting p = tx.execute(s -> {
            Posting made = f.earn(5, "门前三包");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE event_key = :k")
                    .param("k", "posting:" + made.postingId()).query(Long.class).single())
                    .as("written by the posting's transaction, before its commit").isEqualTo(1);
            return made;
        });
        assertThat(publications(p)).as("no registry row and no second transaction for a single posting").isEmpty();
        assertThat(events(f.household.id())).isEqualTo(1);
    }

    @Test
    void aLargeBatchsPublicationCommitsWithItAndItsEventsFollowTheCommit() {
        List<Posting> made = tx.execute(s -> {
            List<Posting> ps = batch(NotifyEvents.IN_TRANSACTION_MAX + 1);
            assertThat(publications(ps.get(0))).as("the publication commits with the postings").hasSize(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE household_id = :h AND village_id = :v")
                    .param("h", f.household.id()).param("v", f.village.id()).query(Long.class).single())
                    .as("the listener runs only after the commit").isZero();
            return ps;
        });
        events.settle();
        assertThat(events(f.household.id())).isEqualTo(NotifyEvents.IN_TRANSACTION_MAX + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE id = :id AND completion_date IS NOT NULL")
                .param("id", publications(made.get(0)).get(0)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aPublicationLeftIncompleteIsRunAgainAndStillShowsOnceInTheInbox() {
        List<Posting> made = batch(NotifyEvents.IN_TRANSACTION_MAX + 1);
        events.settle();
        dispatcher.runOnce();
        int n = NotifyEvents.IN_TRANSACTION_MAX + 1;
        assertThat(inboxOfVillager()).hasSize(n);
        // as after a kill -9 between the listener's commit and the publication's completion
        UUID id = publications(made.get(0)).get(0);
        jdbc.sql("UPDATE event_publication SET completion_date = NULL, status = 'PUBLISHED' WHERE id = :id")
                .param("id", id).update();
        incomplete.resubmitIncompletePublications(pub -> pub.getIdentifier().equals(id));
        events.settle();
        dispatcher.runOnce();
        assertThat(events(f.household.id())).isEqualTo(n);
        assertThat(inboxOfVillager()).hasSize(n);
    }

    /** One ledger transaction of n postings to the fixture's household (an award's batch). */
    private List<Posting> batch(int n) {
        List<PostingRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(PostingRequest.earn(f.village.id(), f.household.id(), 1, "门前三包", "nt-" + UUID.randomUUID()));
        }
        return ledger.postAll(f.villageAdminActor(), requests);
    }

    /** The registry's publications of a posting for the notification listener. */
    private List<UUID> publications(Posting p) {
        return jdbc.sql("SELECT id FROM event_publication WHERE listener_id LIKE :l AND serialized_event LIKE :e")
                .param("l", "%NotifyEvents.postings%").param("e", "%" + p.postingId() + "%").query(UUID.class).list();
    }

    @Test
    void theVillagersInboxShowsThePostingNamingCountyAndVillage() {
        daytime();
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        List<Inbox.Message> mine = inboxOfVillager();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).body()).isEqualTo("【佛冈县积分制】通知测试村：您家因“门前三包”获得5分，可用积分5分。");
        assertThat(mine.get(0).unread()).isTrue();
        assertThat(inbox.unread(f.villager.id())).isEqualTo(1);
        assertThat(sms.to(f.phone)).hasSize(1);
        assertThat(sms.to(f.phone).get(0).text()).contains("通知测试村").contains("获得5分");
    }

    @Test
    void aRedeliveryNeverShowsTwiceInTheInbox() {
        daytime();
        Posting p = f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        // as if the dispatcher had died after the inbox insert and before marking the row sent
        int reset = jdbc.sql("UPDATE notify_outbox SET status = 'PENDING', next_attempt_at = :t WHERE idem_key LIKE :k AND channel = 'INBOX'")
                .param("t", OffsetDateTime.now(clock)).param("k", "posting:" + p.postingId() + "%").update();
        assertThat(reset).isEqualTo(1);
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOfVillager()).hasSize(1);
        assertThat(jdbc.sql("SELECT status FROM notify_outbox WHERE idem_key LIKE :k AND channel = 'INBOX'")
                .param("k", "posting:" + p.postingId() + "%").query(String.class).single()).isEqualTo("SENT");
    }

    @Test
    void aMessageWhoseDispatcherDiedMidSendIsSentAgainWhenItsLeaseRunsOut() {
        daytime();
        Posting p = f.earn(5, "门前三包");
        events.settle();
        dispatcher.fanOutBatch();
        // as if another instance had claimed the inbox message and been killed before finishing
        jdbc.sql("UPDATE notify_outbox SET status = 'SENDING', attempts = 1, lease_until = :t WHERE idem_key LIKE :k AND channel = 'INBOX'")
                .param("t", OffsetDateTime.now(clock).plusMinutes(5)).param("k", "posting:" + p.postingId() + "%").update();
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOfVillager()).isEmpty(); // the lease still holds: nobody else sends it
        clock.plusMinutes(6);
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOfVillager()).hasSize(1);
        assertThat(jdbc.sql("SELECT status FROM notify_outbox WHERE idem_key LIKE :k AND channel = 'INBOX'")
                .param("k", "posting:" + p.postingId() + "%").query(String.class).single()).isEqualTo("SENT");
    }

    @Test
    void markingReadClearsTheUnreadCount() {
        f.earn(5, "门前三包");
        f.earn(3, "志愿服务");
        events.settle();
        dispatcher.runOnce();
        List<Inbox.Message> mine = inboxOfVillager();
        inbox.markRead(f.villagerActor(), mine.get(0).id());
        assertThat(inbox.unread(f.villager.id())).isEqualTo(1);
        inbox.markAllRead(f.villagerActor());
        assertThat(inbox.unread(f.villager.id())).isZero();
    }

    @Test
    void anSmsInQuietHoursWaitsUntilEightInTheMorning() {
        clock.set(2026, 3, 10, 22, 30);
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOfVillager()).hasSize(1); // the inbox is not quiet
        assertThat(sms.to(f.phone)).isEmpty();
        OffsetDateTime due = jdbc.sql("SELECT next_attempt_at FROM notify_outbox WHERE channel = 'SMS' AND address = :a")
                .param("a", f.phone).query(OffsetDateTime.class).single();
        assertThat(due.toInstant()).isEqualTo(OffsetDateTime.of(2026, 3, 11, 8, 0, 0, 0, ZoneOffset.ofHours(8)).toInstant());
        clock.set(2026, 3, 11, 7, 59);
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(f.phone)).isEmpty();
        clock.set(2026, 3, 11, 8, 0);
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(f.phone)).hasSize(1);
    }

    @Test
    void anOptOutKeepsOnlyTheInboxCopy() {
        daytime();
        preferences.save(f.villagerActor(), new NotifyPreferences.Change(true, f.phone, false, null, false, null,
                false, List.of("POSTING_CREATED")));
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOfVillager()).hasSize(1);
        assertThat(sms.to(f.phone)).isEmpty();
    }

    @Test
    void theDigestFoldsTheDaysPostingsIntoOneSmsAtTheCountysHour() {
        settings.save(f.countyAdmin, null, "20");
        clock.set(2026, 4, 2, 9, 0);
        preferences.save(f.villagerActor(), new NotifyPreferences.Change(true, f.phone, false, null, false, null,
                true, List.of()));
        f.earn(5, "门前三包");
        f.earn(3, "志愿服务");
        events.settle();
        dispatcher.runOnce();
        assertThat(inboxOfVillager()).hasSize(2); // the inbox shows each at once
        assertThat(sms.to(f.phone)).isEmpty();
        clock.set(2026, 4, 2, 19, 59);
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(f.phone)).isEmpty();
        clock.set(2026, 4, 2, 20, 0);
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(f.phone)).hasSize(1);
        assertThat(sms.to(f.phone).get(0).text()).startsWith("【佛冈县积分制】今日积分消息2条：")
                .contains("门前三包").contains("志愿服务");
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(f.phone)).hasSize(1);
    }

    @Test
    void aboveTheMonthlyBudgetNoSmsIsSentButTheInboxStillIsAndAdminsAreWarnedAt80Percent() {
        daytime();
        long used = settings.usage(f.county.id()).used();
        settings.save(f.countyAdmin, String.valueOf(used + 3), "20");
        try {
            for (int i = 1; i <= 4; i++) {
                f.earn(i, "门前三包");
            }
            events.settle();
            dispatcher.runOnce();
            assertThat(inboxOfVillager()).hasSize(4);
            assertThat(sms.to(f.phone)).as(() -> "budget " + settings.of(f.county.id()) + " used before " + used
                    + " rows " + jdbc.sql("SELECT status || ' ' || COALESCE(last_error, '') FROM notify_outbox WHERE channel = 'SMS' AND address = :a")
                    .param("a", f.phone).query(String.class).list() + " usage " + settings.usage(f.county.id())).hasSize(3);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_outbox WHERE channel = 'SMS' AND address = :a AND status = 'OVER_BUDGET'")
                    .param("a", f.phone).query(Long.class).single()).isEqualTo(1);
            NotifySettings.Usage u = settings.usage(f.county.id());
            assertThat(u.used()).isEqualTo(used + 3);
            assertThat(u.over()).isTrue();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE event_key = :k")
                    .param("k", "sms-budget-80:" + f.county.id() + ":" + u.month()).query(Long.class).single())
                    .isEqualTo(1);
            events.settle();
            dispatcher.runOnce(); // the warning is an event of its own, told in the next run
            long warnings = jdbc.sql("SELECT COUNT(*) FROM notify_inbox i JOIN notify_outbox o ON o.idem_key = i.idem_key WHERE o.kind = 'SMS_BUDGET_WARNING' AND o.idem_key LIKE :k")
                    .param("k", "sms-budget-80:" + f.county.id() + ":" + u.month() + "%").query(Long.class).single();
            assertThat(warnings).isPositive(); // one per county admin
        } finally {
            settings.save(f.countyAdmin, null, "20");
        }
    }

    /** Another dispatcher (as on a second instance) whose SMS goes to {@code sms}, under the given 短信签名. */
    private Dispatcher dispatcherWith(String signName, NotifyTestConfig.RecordingSms sms, int batch) {
        List<ChannelSender> all = new ArrayList<>();
        all.add(sms);
        channels.stream().filter(c -> c.channel() != Channel.SMS).forEach(all::add);
        return new Dispatcher(outboxSql, fanout, new Senders(all), settings, tx, clock, scheduler, "-", 3,
                Duration.ofSeconds(10), Duration.ofMinutes(5), batch, LocalTime.of(21, 0), LocalTime.of(8, 0), signName);
    }

    private String lastSmsStatus() {
        return jdbc.sql("SELECT status FROM notify_outbox WHERE channel = 'SMS' AND address = :a ORDER BY id DESC LIMIT 1")
                .param("a", f.phone).query(String.class).single();
    }

    @Test
    void theSignatureCountsTowardsTheSeventyCharactersOfOneSmsAndSoTowardsTheBudget() {
        daytime();
        String sign = "佛冈积分"; // the phone shows 【佛冈积分】: 6 characters
        NotifyTestConfig.RecordingSms billed = new NotifyTestConfig.RecordingSms(sign);
        Dispatcher d = dispatcherWith(sign, billed, 100);
        f.earn(10, "门");
        events.settle();
        d.runOnce();
        int withoutLabel = billed.to(f.phone).get(0).text().length() - 1;
        long used = settings.usage(f.county.id()).used();
        settings.save(f.countyAdmin, String.valueOf(used + 2), "20");
        try {
            f.earn(10, "门".repeat(70 - 6 - withoutLabel)); // balance 20: as many digits as before
            events.settle();
            d.runOnce();
            assertThat(billed.to(f.phone)).hasSize(2);
            assertThat(SmsSegments.length(sign, billed.to(f.phone).get(1).text())).isEqualTo(70);
            assertThat(settings.usage(f.county.id()).used()).isEqualTo(used + 1);

            f.earn(10, "门".repeat(71 - 6 - withoutLabel)); // 71 with the signature: 2 segments, 1 left
            events.settle();
            d.runOnce();
            assertThat(billed.to(f.phone)).hasSize(2);
            assertThat(lastSmsStatus()).isEqualTo("OVER_BUDGET");
            assertThat(settings.usage(f.county.id()).used()).isEqualTo(used + 1);
        } finally {
            settings.save(f.countyAdmin, null, "20");
        }
    }

    @Test
    void twoDispatchersAtOnceNeverSendBeyondTheMonthlyBudget() throws Exception {
        daytime();
        NotifyTestConfig.RecordingSms billed = new NotifyTestConfig.RecordingSms("");
        billed.delayMillis = 20; // a send takes a while, as at a provider: the other dispatcher is busy meanwhile
        Dispatcher a = dispatcherWith("", billed, 2);
        Dispatcher b = dispatcherWith("", billed, 2);
        for (int i = 0; i < 10; i++) {
            f.earn(1, "门前三包");
        }
        events.settle();
        a.fanOutBatch();
        while (a.fanOutBatch() > 0) {
            // all ten fanned out before the race
        }
        long used = settings.usage(f.county.id()).used();
        settings.save(f.countyAdmin, String.valueOf(used + 5), "20");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<?>> runs = new ArrayList<>();
            for (Dispatcher d : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 10; i++) {
                        events.settle();
                        d.runOnce();
                    }
                    return null;
                }));
            }
            for (var r : runs) {
                r.get();
            }
            assertThat(billed.to(f.phone)).hasSize(5);
            assertThat(settings.usage(f.county.id()).used()).isEqualTo(used + 5);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_outbox WHERE channel = 'SMS' AND address = :a AND status = 'OVER_BUDGET'")
                    .param("a", f.phone).query(Long.class).single()).isEqualTo(5);
        } finally {
            pool.shutdownNow();
            settings.save(f.countyAdmin, null, "20");
        }
    }
}
