package cn.jifen.notify.internal;

import cn.jifen.notify.internal.OutboxSql.EventRow;
import cn.jifen.notify.internal.OutboxSql.NewMessage;
import cn.jifen.notify.internal.OutboxSql.Row;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox. Each run (every jifen.notify.poll, default 1 s; '-' turns the poll off):
 * <ol>
 *   <li>fans out new events into messages (one transaction per batch: the events are claimed with FOR UPDATE SKIP
 *       LOCKED, their messages inserted under unique keys, the events marked);</li>
 *   <li>at each county's digest hour, folds the held messages of a person into one digest message;</li>
 *   <li>claims due messages (FOR UPDATE SKIP LOCKED, then a lease: status SENDING until lease_until) and commits,
 *       sends each OUTSIDE any transaction, then marks it sent. A dispatcher that dies mid-send leaves its rows
 *       SENDING; when the lease runs out another run sends them again (at least once; receivers that check the
 *       key, such as the inbox, see it once).</li>
 * </ol>
 * A failed send is retried with exponential backoff (jifen.notify.backoff doubled per attempt, at most an hour);
 * after jifen.notify.max-attempts it is dead-lettered and the county admins get an inbox notice. SMS is never
 * sent in quiet hours (21:00–08:00 county time: deferred to 08:00) nor above the county's monthly budget
 * (OVER_BUDGET: the inbox copy stands); at 80 % of the budget the county admins are warned once a month.
 * Several instances run this at once without sending a message twice: every claim skips rows others hold.
 */
@Component
public class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final OutboxSql sql;
    private final Fanout fanout;
    private final Senders senders;
    private final NotifySettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final String poll;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration lease;
    private final int batch;
    private final LocalTime quietFrom;
    private final LocalTime quietUntil;
    private final String smsSignName;
    private volatile ScheduledFuture<?> task;
    /** jifen.notify.enabled=false: nothing is recorded, so there is nothing to poll (a field: tests build their own). */
    @Value("${jifen.notify.enabled:true}")
    private boolean enabled = true;

    Dispatcher(OutboxSql sql, Fanout fanout, Senders senders, NotifySettings settings, TransactionTemplate tx,
               Clock clock, TaskScheduler scheduler,
               @Value("${jifen.notify.poll:1s}") String poll,
               @Value("${jifen.notify.max-attempts:8}") int maxAttempts,
               @Value("${jifen.notify.backoff:PT10S}") Duration backoff,
               @Value("${jifen.notify.lease:PT5M}") Duration lease,
               @Value("${jifen.notify.batch:100}") int batch,
               @Value("${jifen.notify.quiet-from:21:00}") LocalTime quietFrom,
               @Value("${jifen.notify.quiet-until:08:00}") LocalTime quietUntil,
               @Value("${jifen.notify.sms.sign-name:}") String smsSignName) {
        this.sql = sql;
        this.fanout = fanout;
        this.senders = senders;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.scheduler = scheduler;
        this.poll = poll == null ? "-" : poll.strip();
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.lease = lease;
        this.batch = batch;
        this.quietFrom = quietFrom;
        this.quietUntil = quietUntil;
        this.smsSignName = smsSignName == null ? "" : smsSignName.strip();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!enabled || poll.equals("-") || poll.isEmpty()) {
            log.info("notification dispatcher poll is off (jifen.notify.poll=- or jifen.notify.enabled=false)");
            return;
        }
        Duration every = DurationStyle.detectAndParse(poll);
        task = scheduler.scheduleWithFixedDelay(this::runSafely, every);
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("notification dispatch run failed; the next run tries again", e);
        }
    }

    /** One run: fan out, digests, deliver; until nothing is due. Returns the number of messages handled. */
    public int runOnce() {
        while (fanOutBatch() > 0) {
            // all new events first, so their messages are due in this same run
        }
        releaseDigests();
        int handled = 0;
        int n;
        do {
            n = deliverBatch();
            handled += n;
        } while (n > 0 && n >= batch);
        return handled;
    }

    /** Fans out up to one batch of events; returns how many. */
    int fanOutBatch() {
        Integer n = tx.execute(s -> {
            List<EventRow> events = sql.claimEvents(batch);
            OffsetDateTime now = now();
            Fanout.Lookups look = fanout.lookups(events);
            for (EventRow e : events) {
                for (NewMessage m : fanout.messages(e, look)) {
                    sql.insert(m, now);
                }
                sql.markFannedOut(e.id());
            }
            return events.size();
        });
        return n == null ? 0 : n;
    }

    /** Delivers up to one batch of due messages; returns how many were claimed. */
    int deliverBatch() {
        OffsetDateTime now = now();
        List<Row> claimed = tx.execute(s -> sql.claimDue(now, now.plus(lease), batch));
        if (claimed == null) {
            return 0;
        }
        for (Row r : claimed) {
            deliver(r);
        }
        return claimed.size();
    }

    private void deliver(Row r) {
        int attempt = r.attempts(); // claimDue counted this attempt: the row read back carries it
        Optional<ChannelSender> sender = senders.of(r.channel());
        if (sender.isEmpty()) {
            sql.finish(r.id(), attempt, "SKIPPED", fanout.msg("notify.error.notConfigured", r.channel()));
            return;
        }
        OffsetDateTime now = now();
        int reserved = 0;
        if (r.channel() == Channel.SMS) {
            OffsetDateTime quietEnd = quietEnd(now);
            if (quietEnd != null) {
                sql.reschedule(r.id(), attempt, quietEnd, null, false);
                return;
            }
            if (r.countyId() != null) {
                // the segments are counted BEFORE the send, in one conditional UPDATE: two dispatchers (or two
                // instances) can never both see room for the budget's last segment
                reserved = smsSegments(r);
                if (!sql.reserveSms(r.countyId(), settings.month(), reserved, settings.of(r.countyId()).smsBudget())) {
                    sql.finish(r.id(), attempt, "OVER_BUDGET", fanout.msg("notify.error.overBudget"));
                    return;
                }
            }
        }
        int units;
        try {
            units = sender.get().send(new OutboundMessage(r.id(), r.key(), r.channel(), r.address(), r.villageName(),
                    r.subject(), r.body(), r.kind().name(), params(r.params())));
        } catch (DeliveryFailure e) {
            giveBackSms(r, reserved);
            if (e.dropped()) {
                sql.finish(r.id(), attempt, "SKIPPED", e.getMessage());
            } else {
                failed(r, attempt, e.getMessage(), e.retryable());
            }
            return;
        } catch (RuntimeException e) {
            giveBackSms(r, reserved);
            failed(r, attempt, fanout.msg("notify.error.unexpected", e.getClass().getSimpleName(),
                    String.valueOf(e.getMessage())), true);
            return;
        }
        if (!sql.markSent(r.id(), attempt, units, now())) {
            log.info("outbox message {} was taken over while sending (lease ran out); it may be delivered twice", r.id());
        }
        if (r.channel() == Channel.SMS && r.countyId() != null) {
            countSms(r.countyId(), units - reserved);
        }
    }

    /** The segments the county is billed for an SMS row: the provider's 【signature】 counted, UTF-16 units. */
    int smsSegments(Row r) {
        return SmsSegments.count(smsSignName, SmsSegments.withVillage(r.villageName(), r.body()));
    }

    private void giveBackSms(Row r, int reserved) {
        if (reserved > 0) {
            sql.addSms(r.countyId(), settings.month(), -reserved);
        }
    }

    private void failed(Row r, int attempt, String error, boolean retryable) {
        if (retryable && attempt < maxAttempts) {
            long factor = 1L << Math.min(20, attempt - 1);
            Duration wait = backoff.multipliedBy(factor);
            if (wait.compareTo(Duration.ofHours(1)) > 0) {
                wait = Duration.ofHours(1);
            }
            sql.reschedule(r.id(), attempt, now().plus(wait), error, true);
            return;
        }
        if (sql.finish(r.id(), attempt, "DEAD", error) && r.kind() != NoticeKind.DELIVERY_DEAD) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("outboxId", r.id());
            data.put("channel", r.channel().name());
            data.put("address", r.channel() == Channel.SMS ? SmsSender.masked(r.address()) : r.address());
            data.put("error", error);
            data.put("countyId", r.countyId());
            // a notice of no village: the county admins of the message's county (Fanout reads countyId)
            sql.insertEvent("dead:" + r.id() + ":" + now().toInstant().toEpochMilli(), NoticeKind.DELIVERY_DEAD, null,
                    null, Payloads.write(data), now());
        }
    }

    /** The end of quiet hours when {@code now} is inside them (county time), else null. */
    OffsetDateTime quietEnd(OffsetDateTime now) {
        ZonedDateTime local = now.atZoneSameInstant(clock.getZone());
        LocalTime t = local.toLocalTime();
        boolean quiet = quietFrom.isAfter(quietUntil)
                ? !t.isBefore(quietFrom) || t.isBefore(quietUntil)
                : !t.isBefore(quietFrom) && t.isBefore(quietUntil);
        if (!quiet) {
            return null;
        }
        LocalDate day = t.isBefore(quietUntil) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        return day.atTime(quietUntil).atZone(clock.getZone()).toOffsetDateTime();
    }

    /**
     * Settles the month's counter after a send: {@code correction} is what the provider billed beyond what was
     * reserved (normally 0), then the once-a-month warning at 80 %.
     */
    private void countSms(long countyId, int correction) {
        String month = settings.month();
        long after = correction == 0 ? sql.smsUsed(countyId, month) : sql.addSms(countyId, month, correction);
        Integer budget = settings.of(countyId).smsBudget();
        // once a month per county: the event's key is the county and the month, so later sends add nothing
        if (budget != null && budget > 0 && after * 100 >= budget * 80L) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("used", after);
            data.put("budget", budget);
            data.put("percent", after * 100 / budget);
            data.put("countyId", countyId);
            sql.insertEvent("sms-budget-80:" + countyId + ":" + month, NoticeKind.SMS_BUDGET_WARNING, null, null,
                    Payloads.write(data), now());
        }
    }

    private static Map<String, String> params(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        Payloads.read(json).forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
        return out;
    }

    /** At or after each county's digest hour, folds the day's held messages of each address into one. */
    void releaseDigests() {
        for (Long county : sql.countiesWithHeld()) {
            ZonedDateTime local = now().atZoneSameInstant(clock.getZone());
            int hour = settings.of(county).digestHour();
            ZonedDateTime cut = local.toLocalDate().atTime(hour, 0).atZone(clock.getZone());
            if (local.isBefore(cut)) {
                continue;
            }
            tx.executeWithoutResult(s -> {
                List<Row> held = sql.claimHeld(county, cut.toOffsetDateTime());
                Map<String, List<Row>> byAddress = new LinkedHashMap<>();
                for (Row r : held) {
                    byAddress.computeIfAbsent(r.channel() + " " + r.address(), k -> new ArrayList<>()).add(r);
                }
                OffsetDateTime now = now();
                for (List<Row> rows : byAddress.values()) {
                    Row first = rows.get(0);
                    List<String> lines = rows.stream().map(r -> {
                        String line = String.valueOf(Payloads.read(r.params()).getOrDefault("line", r.body()));
                        return r.villageName() == null ? line : r.villageName() + "：" + line;
                    }).toList();
                    String text = fanout.msg("notify.prefix.county", fanout.countyName(county))
                            + fanout.msg("notify.text.DIGEST", rows.size(), String.join("；", lines));
                    sql.insert(new NewMessage("digest:" + first.channel() + ":" + first.address() + ":" + first.id(),
                            null, NoticeKind.DIGEST, first.channel(), first.address(), first.userId(), null, null,
                            county, null, fanout.msg(NoticeKind.DIGEST.messageKey()), text, null, "PENDING", now), now);
                    sql.markDigested(rows.stream().map(Row::id).toList());
                }
            });
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
