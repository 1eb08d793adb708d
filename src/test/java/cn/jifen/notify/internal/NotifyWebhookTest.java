package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks: CloudEvents 1.0 bodies signed with HMAC-SHA256 under the subscription's secret, checked by a stub on
 * 127.0.0.1 that recomputes the signature; scope filtering; retries with backoff, the dead letter and its retry;
 * two dispatchers at once deliver each message exactly once.
 */
@IntegrationTest
@Import(NotifyTestConfig.class)
@TestPropertySource(properties = "jifen.notify.max-attempts=3")
class NotifyWebhookTest extends Db {
    static final String SECRET = "a-partner-secret-0123456789";

    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Dispatcher dispatcher;
    @Autowired Webhooks webhooks;
    @Autowired DeadLetters deadLetters;
    @Autowired Inbox inbox;
    @Autowired JdbcClient jdbc;
    @Autowired NotifyTestConfig.TestClock clock;
    @Autowired OutboxSql outboxSql;
    @Autowired Fanout fanout;
    @Autowired Senders senders;
    @Autowired NotifySettings settings;
    @Autowired TransactionTemplate tx;
    @Autowired TaskScheduler scheduler;
    @Autowired AuditLog audit;
    @Autowired WebhookSecrets secrets;

    NotifyFixture f;
    final List<Long> subscriptions = new ArrayList<>();
    final List<WebhookStub> stubs = new ArrayList<>();

    @BeforeEach
    void setUp() {
        LocalDate d = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        clock.set(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 10, 0);
        events.settle();
        dispatcher.runOnce();
        f = new NotifyFixture(orgUnits, households, users, ledger);
    }

    @AfterEach
    void tearDown() {
        for (Long id : subscriptions) {
            webhooks.delete(f.countyAdmin, id);
        }
        stubs.forEach(WebhookStub::close);
        clock.reset();
    }

    private WebhookStub subscribe(String scope, String... types) throws Exception {
        WebhookStub stub = new WebhookStub(SECRET);
        stubs.add(stub);
        subscriptions.add(webhooks.create(f.countyAdmin, stub.url(), SECRET, scope, List.of(types)).id());
        return stub;
    }

    private OutboxSql.Row webhookRow(Posting p) {
        return outboxSql.byEvent("posting:" + p.postingId()).stream().filter(r -> r.channel() == Channel.WEBHOOK)
                .findFirst().orElseThrow();
    }

    @Test
    void aPostingReachesTheSubscriberAsASignedCloudEvent() throws Exception {
        WebhookStub stub = subscribe(f.village.code(), "cn.jifen.posting.created");
        Posting p = f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(stub.badSignatures.get()).isZero();
        assertThat(stub.accepted).hasSize(1);
        WebhookStub.Received r = stub.accepted.get(0);
        assertThat(r.contentType()).isEqualTo("application/cloudevents+json");
        assertThat(r.signature()).isEqualTo(stub.sign(r.body().getBytes(StandardCharsets.UTF_8)));
        JsonNode e = r.event();
        assertThat(e.get("specversion").asString()).isEqualTo("1.0");
        assertThat(e.get("id").asString()).isEqualTo(webhookRow(p).key());
        assertThat(e.get("type").asString()).isEqualTo("cn.jifen.posting.created");
        assertThat(e.get("source").asString()).isEqualTo("/jifen/village/" + f.village.code());
        assertThat(OffsetDateTime.parse(e.get("time").asString()).toInstant()).isEqualTo(p.createdAt().toInstant());
        assertThat(e.get("subject").asString()).isEqualTo("posting/" + p.postingId());
        assertThat(e.get("datacontenttype").asString()).isEqualTo("application/json");
        assertThat(e.get("data").get("amount").asLong()).isEqualTo(5);
        assertThat(e.get("data").get("kind").asString()).isEqualTo("EARN");
        assertThat(e.get("data").get("villageName").asString()).isEqualTo("通知测试村");
        assertThat(e.get("data").get("householdId").asLong()).isEqualTo(f.household.id());
        assertThat(webhookRow(p).status()).isEqualTo("SENT");
    }

    @Test
    void aMessageForASubscriptionStoppedBeforeItWasSentIsNeverDelivered() throws Exception {
        WebhookStub stub = subscribe(f.village.code());
        Posting p = f.earn(5, "门前三包");
        events.settle();
        dispatcher.fanOutBatch(); // the message is in the outbox, not yet sent
        long id = subscriptions.remove(subscriptions.size() - 1);
        webhooks.delete(f.countyAdmin, id);
        events.settle();
        dispatcher.runOnce();
        assertThat(stub.accepted).isEmpty();
        OutboxSql.Row row = webhookRow(p);
        assertThat(row.status()).as("ended without a dead letter for the county admins").isEqualTo("SKIPPED");
        assertThat(row.lastError()).isEqualTo("这个 Webhook 订阅已停用，不再发送。");
    }

    @Test
    void theSecretIsStoredEncryptedAndStillSigns() throws Exception {
        WebhookStub stub = subscribe(f.village.code());
        Map<String, Object> row = jdbc.sql("SELECT secret, secret_sealed FROM notify_webhook WHERE id = :id")
                .param("id", subscriptions.get(0)).query().singleRow();
        assertThat(row.get("secret_sealed")).isEqualTo(true);
        assertThat((String) row.get("secret")).doesNotContain(SECRET);
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(stub.accepted).hasSize(1);
        assertThat(stub.badSignatures.get()).isZero();
    }

    @Test
    void aSecretStoredInPlainTextBeforeEncryptionIsEncryptedAtStartAndStillSigns() throws Exception {
        WebhookStub stub = subscribe(f.village.code());
        long id = subscriptions.get(0);
        jdbc.sql("UPDATE notify_webhook SET secret = :s, secret_sealed = FALSE WHERE id = :id") // as before V33
                .param("s", SECRET).param("id", id).update();
        webhooks.sealPlainSecrets();
        assertThat(jdbc.sql("SELECT secret FROM notify_webhook WHERE id = :id").param("id", id).query(String.class)
                .single()).isNotEqualTo(SECRET);
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(stub.accepted).hasSize(1);
        assertThat(stub.badSignatures.get()).isZero();
    }

    @Test
    void aScopedSubscriberGetsOnlyTheEventsOfItsScope() throws Exception {
        NotifyFixture other = new NotifyFixture(orgUnits, households, users, ledger);
        WebhookStub mine = subscribe(f.village.code());
        WebhookStub theirs = subscribe(other.village.code());
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(mine.accepted).hasSize(1);
        assertThat(theirs.accepted).isEmpty();
        other.earn(2, "志愿服务");
        events.settle();
        dispatcher.runOnce();
        assertThat(mine.accepted).hasSize(1);
        assertThat(theirs.accepted).hasSize(1);
    }

    @Test
    void aFailingSubscriberIsRetriedWithBackoffThenDeadLetteredAndTheCountyAdminsAreTold() throws Exception {
        WebhookStub stub = subscribe(f.village.code());
        stub.status = 500;
        Posting p = f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        OffsetDateTime t1 = OffsetDateTime.now(clock);
        OutboxSql.Row row = webhookRow(p);
        assertThat(row.status()).isEqualTo("PENDING");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(Duration.between(t1, row.nextAttemptAt())).isEqualTo(Duration.ofSeconds(10));
        assertThat(row.lastError()).contains("500");
        events.settle();
        dispatcher.runOnce(); // not due yet
        assertThat(webhookRow(p).attempts()).isEqualTo(1);
        clock.plusMinutes(1);
        events.settle();
        dispatcher.runOnce();
        row = webhookRow(p);
        assertThat(row.attempts()).isEqualTo(2);
        assertThat(Duration.between(OffsetDateTime.now(clock), row.nextAttemptAt())).isEqualTo(Duration.ofSeconds(20));
        clock.plusMinutes(1);
        events.settle();
        dispatcher.runOnce();
        row = webhookRow(p);
        assertThat(row.status()).isEqualTo("DEAD");
        assertThat(row.attempts()).isEqualTo(3);
        events.settle();
        dispatcher.runOnce(); // fans out the dead letter's notice to the county admins
        UserAccount demoAdmin = users.staffUnder(f.county.path()).stream()
                .filter(u -> u.username().equals("demo-admin")).findFirst().orElseThrow();
        Actor admin = new Actor(demoAdmin.id(), demoAdmin.username(), "县管理员", Role.COUNTY_ADMIN, f.county.id(),
                f.county.path(), null, "127.0.0.1");
        assertThat(inbox.mine(admin, Paging.of(0, 20)).items())
                .anyMatch(m -> m.kind().equals("DELIVERY_DEAD") && m.body().contains(stub.url()));
        assertThat(deadLetters.list(admin, Paging.of(0, 500)).items())
                .anyMatch(l -> l.id() == webhookRow(p).id());

        stub.status = 200;
        deadLetters.retry(admin, webhookRow(p).id());
        events.settle();
        dispatcher.runOnce();
        assertThat(webhookRow(p).status()).isEqualTo("SENT");
        assertThat(stub.accepted).hasSize(1);
    }

    @Test
    void twoDispatchersAtOnceDeliverEachMessageExactlyOnce() throws Exception {
        WebhookStub stub = subscribe(f.village.code());
        stub.delayMillis = 20; // one dispatcher alone needs ~0.8 s for the 40: the other has time to take part
        for (int i = 0; i < 40; i++) {
            f.earn(1, "门前三包");
        }
        // a second instance's dispatcher: its own object, its own connections, small batches so both take part
        Dispatcher a = new Dispatcher(outboxSql, fanout, senders, settings, tx, clock, scheduler, "-", 3,
                Duration.ofSeconds(10), Duration.ofMinutes(5), 5, LocalTime.of(21, 0), LocalTime.of(8, 0), "");
        Dispatcher b = new Dispatcher(outboxSql, fanout, senders, settings, tx, clock, scheduler, "-", 3,
                Duration.ofSeconds(10), Duration.ofMinutes(5), 5, LocalTime.of(21, 0), LocalTime.of(8, 0), "");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger handledA = new AtomicInteger();
        AtomicInteger handledB = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            // both start together (a loaded machine may start one thread long after the other)
            CyclicBarrier start = new CyclicBarrier(2);
            Future<?> fa = pool.submit(() -> {
                start.await();
                drain(a, handledA, stub, deadline);
                return null;
            });
            Future<?> fb = pool.submit(() -> {
                start.await();
                drain(b, handledB, stub, deadline);
                return null;
            });
            fa.get();
            fb.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(stub.accepted).hasSize(40);
        assertThat(stub.countById).hasSize(40);
        assertThat(stub.countById.values()).allMatch(c -> c.get() == 1);
        assertThat(handledA.get()).isPositive();
        assertThat(handledB.get()).isPositive();
    }

    /**
     * One dispatcher's polling until all 40 have arrived: it keeps asking while the other one sends, as a
     * second instance would, instead of giving up after a fixed number of polls that the other may outlast.
     */
    private static void drain(Dispatcher d, AtomicInteger handled, WebhookStub stub, long deadline) throws Exception {
        while (stub.accepted.size() < 40 && System.nanoTime() - deadline < 0) {
            int n = d.runOnce();
            handled.addAndGet(n);
            if (n == 0) {
                Thread.sleep(5);
            }
        }
    }

    @Test
    void theConfiguredSubscriptionIsRegisteredOnceHoweverOftenTheAppStarts() {
        String url = "http://127.0.0.1:9/config-" + System.nanoTime();
        Webhooks configured = new Webhooks(jdbc, secrets, orgUnits, audit, clock, url, SECRET);
        configured.registerConfigured();
        configured.registerConfigured();
        List<Map<String, Object>> rows = jdbc.sql("SELECT scope_path, event_types, from_config FROM notify_webhook WHERE url = :u")
                .param("u", url).query().listOfRows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("scope_path")).isNull();
        assertThat(rows.get(0).get("event_types")).isEqualTo("*");
        jdbc.sql("UPDATE notify_webhook SET active = FALSE WHERE url = :u").param("u", url).update();
    }
}
