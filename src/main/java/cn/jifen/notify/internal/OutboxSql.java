package cn.jifen.notify.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the events, the outbox and the inbox (the same text on H2 and PostgreSQL). */
@Repository
class OutboxSql {
    record EventRow(long id, String key, NoticeKind kind, Long villageId, Long householdId, String payload,
                    OffsetDateTime occurredAt) { }

    record NewEvent(String key, NoticeKind kind, Long villageId, Long householdId, String payload,
                    OffsetDateTime at) { }

    record NewMessage(String key, Long eventId, NoticeKind kind, Channel channel, String address, Long userId,
                      Long subscriptionId, Long villageId, Long countyId, String villageName, String subject,
                      String body, String params, String status, OffsetDateTime due) { }

    record Row(long id, String key, NoticeKind kind, Channel channel, String address, Long userId, Long subscriptionId,
               Long villageId, Long countyId, String villageName, String subject, String body, String params,
               String status, int attempts, OffsetDateTime nextAttemptAt, String lastError, Integer units,
               OffsetDateTime createdAt, OffsetDateTime sentAt) { }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    OutboxSql(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Many events in one JDBC batch (the postings of one ledger transaction); keys seen before insert nothing. */
    void insertEvents(List<NewEvent> events) {
        if (events.size() == 1) {
            NewEvent e = events.get(0);
            insertEvent(e.key(), e.kind(), e.villageId(), e.householdId(), e.payload(), e.at());
            return;
        }
        if (events.isEmpty()) {
            return;
        }
        template.batchUpdate("INSERT INTO notify_event (event_key, kind, village_id, household_id, payload, occurred_at,"
                + " fanned_out) VALUES (?, ?, ?, ?, ?, ?, FALSE) ON CONFLICT DO NOTHING", events, 500, (ps, e) -> {
                    ps.setString(1, e.key());
                    ps.setString(2, e.kind().name());
                    ps.setObject(3, e.villageId());
                    ps.setObject(4, e.householdId());
                    ps.setString(5, e.payload());
                    ps.setObject(6, e.at());
                });
    }

    // ------------------------------------------------------------------ events

    /** The only write a publishing transaction makes. A key seen before inserts nothing. */
    int insertEvent(String key, NoticeKind kind, Long villageId, Long householdId, String payload, OffsetDateTime at) {
        return jdbc.sql("""
                INSERT INTO notify_event (event_key, kind, village_id, household_id, payload, occurred_at, fanned_out)
                VALUES (:key, :kind, :village, :household, :payload, :at, FALSE)
                ON CONFLICT DO NOTHING""")
                .param("key", key).param("kind", kind.name()).param("village", villageId)
                .param("household", householdId).param("payload", payload).param("at", at)
                .update();
    }

    /** Claims events not yet fanned out; rows another dispatcher holds are skipped. Call in a transaction. */
    List<EventRow> claimEvents(int limit) {
        return jdbc.sql("""
                SELECT id, event_key, kind, village_id, household_id, payload, occurred_at FROM notify_event
                WHERE fanned_out = FALSE ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED""")
                .param("n", limit)
                .query((rs, i) -> new EventRow(rs.getLong(1), rs.getString(2), NoticeKind.valueOf(rs.getString(3)),
                        (Long) rs.getObject(4, Long.class), (Long) rs.getObject(5, Long.class), rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class)))
                .list();
    }

    void markFannedOut(long eventId) {
        jdbc.sql("UPDATE notify_event SET fanned_out = TRUE WHERE id = :id").param("id", eventId).update();
    }

    // ------------------------------------------------------------------ outbox

    int insert(NewMessage m, OffsetDateTime now) {
        return jdbc.sql("""
                INSERT INTO notify_outbox (idem_key, event_id, kind, channel, address, user_id, subscription_id,
                    village_id, county_id, village_name, subject, body, params, status, attempts, next_attempt_at,
                    created_at)
                VALUES (:key, :event, :kind, :channel, :address, :user, :sub, :village, :county, :villageName,
                    :subject, :body, :params, :status, 0, :due, :now)
                ON CONFLICT DO NOTHING""")
                .param("key", m.key()).param("event", m.eventId()).param("kind", m.kind().name())
                .param("channel", m.channel().name()).param("address", m.address()).param("user", m.userId())
                .param("sub", m.subscriptionId()).param("village", m.villageId()).param("county", m.countyId())
                .param("villageName", m.villageName()).param("subject", m.subject()).param("body", m.body())
                .param("params", m.params()).param("status", m.status()).param("due", m.due()).param("now", now)
                .update();
    }

    private static final String COLUMNS = """
            id, idem_key, kind, channel, address, user_id, subscription_id, village_id, county_id, village_name,
            subject, body, params, status, attempts, next_attempt_at, last_error, units, created_at, sent_at""";

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("idem_key"), NoticeKind.valueOf(rs.getString("kind")),
                Channel.valueOf(rs.getString("channel")), rs.getString("address"), rs.getObject("user_id", Long.class),
                rs.getObject("subscription_id", Long.class), rs.getObject("village_id", Long.class),
                rs.getObject("county_id", Long.class), rs.getString("village_name"), rs.getString("subject"),
                rs.getString("body"), rs.getString("params"), rs.getString("status"), rs.getInt("attempts"),
                rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("last_error"),
                rs.getObject("units", Integer.class), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("sent_at", OffsetDateTime.class));
    }

    /**
     * Claims due messages (and messages whose claimer's lease ran out: it crashed mid-send) for this caller: they
     * become SENDING under a lease. Rows another dispatcher is claiming are skipped. Call in a transaction.
     */
    List<Row> claimDue(OffsetDateTime now, OffsetDateTime leaseUntil, int limit) {
        List<Long> ids = jdbc.sql("""
                SELECT id FROM notify_outbox
                WHERE (status = 'PENDING' AND next_attempt_at <= :now) OR (status = 'SENDING' AND lease_until < :now)
                ORDER BY next_attempt_at, id LIMIT :n FOR UPDATE SKIP LOCKED""")
                .param("now", now).param("n", limit).query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        jdbc.sql("UPDATE notify_outbox SET status = 'SENDING', lease_until = :lease, attempts = attempts + 1 WHERE id IN (:ids)")
                .param("lease", leaseUntil).param("ids", ids).update();
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_outbox WHERE id IN (:ids) ORDER BY next_attempt_at, id")
                .param("ids", ids).query(OutboxSql::row).list();
    }

    /** Marks a claimed message sent; false when this caller's claim was taken over (its lease had run out). */
    boolean markSent(long id, int attempts, int units, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE notify_outbox SET status = 'SENT', sent_at = :at, units = :units, lease_until = NULL,
                    last_error = NULL
                WHERE id = :id AND status = 'SENDING' AND attempts = :attempts""")
                .param("at", at).param("units", units).param("id", id).param("attempts", attempts).update() == 1;
    }

    /** Puts a claimed message back: due again at {@code next}; {@code countAttempt} false gives the attempt back. */
    boolean reschedule(long id, int attempts, OffsetDateTime next, String error, boolean countAttempt) {
        return jdbc.sql("""
                UPDATE notify_outbox SET status = 'PENDING', next_attempt_at = :next, lease_until = NULL,
                    last_error = :error, attempts = attempts - :giveBack
                WHERE id = :id AND status = 'SENDING' AND attempts = :attempts""")
                .param("next", next).param("error", clip(error)).param("giveBack", countAttempt ? 0 : 1)
                .param("id", id).param("attempts", attempts).update() == 1;
    }

    /** Ends a claimed message in a final state (DEAD, SKIPPED, OVER_BUDGET). */
    boolean finish(long id, int attempts, String status, String error) {
        return jdbc.sql("""
                UPDATE notify_outbox SET status = :status, lease_until = NULL, last_error = :error
                WHERE id = :id AND status = 'SENDING' AND attempts = :attempts""")
                .param("status", status).param("error", clip(error)).param("id", id).param("attempts", attempts)
                .update() == 1;
    }

    Optional<Row> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_outbox WHERE id = :id").param("id", id)
                .query(OutboxSql::row).optional();
    }

    List<Row> byEvent(String eventKeyPrefix) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_outbox WHERE idem_key LIKE :p ORDER BY id")
                .param("p", eventKeyPrefix + "%").query(OutboxSql::row).list();
    }

    /** Dead letters of a county (NULL county: notices of no county), newest first. */
    List<Row> dead(long countyId, int limit, long offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_outbox WHERE status = 'DEAD' AND (county_id = :c OR county_id IS NULL) ORDER BY id DESC LIMIT :n OFFSET :o")
                .param("c", countyId).param("n", limit).param("o", offset).query(OutboxSql::row).list();
    }

    long countDead(long countyId) {
        return jdbc.sql("SELECT COUNT(*) FROM notify_outbox WHERE status = 'DEAD' AND (county_id = :c OR county_id IS NULL)")
                .param("c", countyId).query(Long.class).single();
    }

    boolean retry(long id, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE notify_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = :now, lease_until = NULL
                WHERE id = :id AND status = 'DEAD'""").param("now", now).param("id", id).update() == 1;
    }

    // ------------------------------------------------------------------ digest

    List<Long> countiesWithHeld() {
        return jdbc.sql("SELECT DISTINCT county_id FROM notify_outbox WHERE status = 'HELD' AND county_id IS NOT NULL")
                .query(Long.class).list();
    }

    /** Held messages of a county made before the cut-off, locked for this caller. Call in a transaction. */
    List<Row> claimHeld(long countyId, OffsetDateTime before) {
        List<Long> ids = jdbc.sql("""
                SELECT id FROM notify_outbox WHERE status = 'HELD' AND county_id = :c AND created_at < :before
                ORDER BY id FOR UPDATE SKIP LOCKED""").param("c", countyId).param("before", before)
                .query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_outbox WHERE id IN (:ids) ORDER BY id")
                .param("ids", ids).query(OutboxSql::row).list();
    }

    void markDigested(List<Long> ids) {
        jdbc.sql("UPDATE notify_outbox SET status = 'DIGESTED' WHERE id IN (:ids) AND status = 'HELD'")
                .param("ids", ids).update();
    }

    // ------------------------------------------------------------------ SMS usage

    long smsUsed(long countyId, String month) {
        return jdbc.sql("SELECT segments FROM notify_sms_usage WHERE county_id = :c AND usage_month = :m")
                .param("c", countyId).param("m", month).query(Long.class).optional().orElse(0L);
    }

    /**
     * Counts {@code segments} against the month's budget if they fit: one conditional UPDATE, so the check and the
     * count are one atomic step however many dispatchers run (the row is locked by the UPDATE; a concurrent one
     * waits and re-checks the condition on the committed value). False: they do not fit, nothing is counted.
     */
    boolean reserveSms(long countyId, String month, int segments, Integer budget) {
        jdbc.sql("INSERT INTO notify_sms_usage (county_id, usage_month, segments) VALUES (:c, :m, 0) ON CONFLICT DO NOTHING")
                .param("c", countyId).param("m", month).update();
        if (budget == null) {
            return jdbc.sql("UPDATE notify_sms_usage SET segments = segments + :n WHERE county_id = :c AND usage_month = :m")
                    .param("n", segments).param("c", countyId).param("m", month).update() == 1;
        }
        return jdbc.sql("""
                UPDATE notify_sms_usage SET segments = segments + :n
                WHERE county_id = :c AND usage_month = :m AND segments + :n <= :budget""")
                .param("n", segments).param("c", countyId).param("m", month).param("budget", (long) budget)
                .update() == 1;
    }

    /** Adds segments to the month's counter and returns the new total. */
    long addSms(long countyId, String month, int segments) {
        jdbc.sql("INSERT INTO notify_sms_usage (county_id, usage_month, segments) VALUES (:c, :m, 0) ON CONFLICT DO NOTHING")
                .param("c", countyId).param("m", month).update();
        jdbc.sql("UPDATE notify_sms_usage SET segments = segments + :n WHERE county_id = :c AND usage_month = :m")
                .param("n", segments).param("c", countyId).param("m", month).update();
        return smsUsed(countyId, month);
    }

    // ------------------------------------------------------------------ inbox

    /** Delivers to an inbox; a key delivered before inserts nothing (a redelivery never shows twice). */
    int insertInbox(String key, long userId, Long villageId, String kind, String subject, String body,
                    OffsetDateTime at) {
        return jdbc.sql("""
                INSERT INTO notify_inbox (idem_key, user_id, village_id, kind, subject, body, created_at)
                VALUES (:key, :user, :village, :kind, :subject, :body, :at)
                ON CONFLICT DO NOTHING""")
                .param("key", key).param("user", userId).param("village", villageId).param("kind", kind)
                .param("subject", subject).param("body", body).param("at", at).update();
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
