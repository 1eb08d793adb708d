package cn.jifen.complaints.internal;

import cn.jifen.complaints.ComplaintKind;
import cn.jifen.complaints.ComplaintStatus;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The module's tables: complaint, complaint_photo, complaint_setting. */
@Repository
public class ComplaintSql {
    /** A complaint row as stored; the service decides what of it the reader sees. */
    public record Row(long villageId, long id, ComplaintKind kind, String body, long householdId, String filerName,
               boolean anonymous, String enteredBy, OffsetDateTime createdAt, OffsetDateTime deadline,
               ComplaintStatus status, OffsetDateTime escalatedAt, String reply, Boolean replyPublic,
               String answeredByName, OffsetDateTime answeredAt, Integer rating, String ratingComment,
               OffsetDateTime ratedAt) { }

    /** Totals for the statistics. */
    public record Totals(long received, long answered, long answeredOnTime, long due, long rated, long ratingSum) { }

    private final JdbcClient jdbc;

    ComplaintSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String SELECT = """
            SELECT village_id, id, kind, body, household_id, filer_name, anonymous, entered_by, created_at, deadline,
                   status, escalated_at, reply, reply_public, answered_by_name, answered_at, rating, rating_comment,
                   rated_at
            FROM complaint""";

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), ComplaintKind.valueOf(rs.getString(3)), rs.getString(4),
                rs.getLong(5), rs.getString(6), rs.getBoolean(7), rs.getString(8),
                rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                ComplaintStatus.valueOf(rs.getString(11)), rs.getObject(12, OffsetDateTime.class), rs.getString(13),
                rs.getObject(14, Boolean.class), rs.getString(15), rs.getObject(16, OffsetDateTime.class),
                rs.getObject(17, Integer.class), rs.getString(18), rs.getObject(19, OffsetDateTime.class));
    }

    public long insert(long villageId, ComplaintKind kind, String body, long householdId, String filerName, boolean anonymous,
                String enteredBy, OffsetDateTime at, OffsetDateTime deadline) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO complaint (village_id, kind, body, household_id, filer_name, anonymous, entered_by,
                                       created_at, deadline, status)
                VALUES (:v, :k, :b, :h, :n, :a, :e, :at, :d, 'OPEN')""")
                .param("v", villageId).param("k", kind.name()).param("b", body).param("h", householdId)
                .param("n", filerName).param("a", anonymous).param("e", enteredBy).param("at", at).param("d", deadline)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public void insertPhoto(long villageId, long complaintId, String type, byte[] data) {
        jdbc.sql("INSERT INTO complaint_photo (village_id, complaint_id, content_type, data) VALUES (:v, :c, :t, :d)")
                .param("v", villageId).param("c", complaintId).param("t", type).param("d", data).update();
    }

    public Optional<Row> get(long villageId, long id) {
        return jdbc.sql(SELECT + " WHERE village_id = :v AND id = :id").param("v", villageId).param("id", id)
                .query(ComplaintSql::row).optional();
    }

    public List<Long> photoIds(long villageId, long id) {
        return jdbc.sql("SELECT id FROM complaint_photo WHERE village_id = :v AND complaint_id = :c ORDER BY id")
                .param("v", villageId).param("c", id).query(Long.class).list();
    }

    public Optional<byte[][]> photo(long villageId, long complaintId, long photoId) {
        return jdbc.sql("""
                SELECT content_type, data FROM complaint_photo
                WHERE village_id = :v AND complaint_id = :c AND id = :p""")
                .param("v", villageId).param("c", complaintId).param("p", photoId)
                .query((rs, n) -> new byte[][] {rs.getString(1).getBytes(StandardCharsets.US_ASCII),
                        rs.getBytes(2)}).optional();
    }

    /** A household's own complaints, newest first. */
    public List<Row> ofHousehold(long villageId, long householdId) {
        return jdbc.sql(SELECT + " WHERE village_id = :v AND household_id = :h ORDER BY created_at DESC, id DESC")
                .param("v", villageId).param("h", householdId).query(ComplaintSql::row).list();
    }

    private static String where(Collection<Long> villageIds, Collection<ComplaintStatus> statuses) {
        return " WHERE village_id IN (:vs)" + (statuses.isEmpty() ? "" : " AND status IN (:ss)");
    }

    /**
     * The complaints of these villages (optionally only some statuses): waiting ones first, earliest deadline first
     * (so the overdue lead), then answered ones newest first.
     */
    public List<Row> list(Collection<Long> villageIds, Collection<ComplaintStatus> statuses, int limit, long offset) {
        var q = jdbc.sql(SELECT + where(villageIds, statuses) + """
                 ORDER BY CASE WHEN status IN ('OPEN', 'ESCALATED') THEN 0 ELSE 1 END,
                          CASE WHEN status IN ('OPEN', 'ESCALATED') THEN deadline END,
                          created_at DESC, village_id, id DESC
                 LIMIT :limit OFFSET :offset""")
                .param("vs", villageIds).param("limit", limit).param("offset", offset);
        if (!statuses.isEmpty()) {
            q = q.param("ss", statuses.stream().map(Enum::name).toList());
        }
        return q.query(ComplaintSql::row).list();
    }

    public long count(Collection<Long> villageIds, Collection<ComplaintStatus> statuses) {
        var q = jdbc.sql("SELECT COUNT(*) FROM complaint" + where(villageIds, statuses)).param("vs", villageIds);
        if (!statuses.isEmpty()) {
            q = q.param("ss", statuses.stream().map(Enum::name).toList());
        }
        return q.query(Long.class).single();
    }

    /** Waiting complaints of these villages whose deadline has passed (the staff home's count). */
    public long overdue(Collection<Long> villageIds, OffsetDateTime now) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM complaint WHERE village_id IN (:vs) AND status IN ('OPEN', 'ESCALATED')
                  AND deadline < :now""").param("vs", villageIds).param("now", now).query(Long.class).single();
    }

    public List<PublicReply> publicReplies(long villageId, int limit) {
        return jdbc.sql("""
                SELECT id, kind, body, reply, answered_at FROM complaint
                WHERE village_id = :v AND status IN ('ANSWERED', 'RATED') AND reply_public = TRUE
                ORDER BY answered_at DESC, id DESC LIMIT :limit""").param("v", villageId).param("limit", limit)
                .query((rs, n) -> new PublicReply(rs.getLong(1), ComplaintKind.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class))).list();
    }

    /** Answers a waiting complaint; true for the one caller that wins (a second answer finds it answered). */
    public boolean answer(long villageId, long id, String reply, boolean replyPublic, String by, String byName,
                   OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE complaint SET status = 'ANSWERED', reply = :r, reply_public = :p, answered_by = :by,
                       answered_by_name = :bn, answered_at = :at
                WHERE village_id = :v AND id = :id AND status IN ('OPEN', 'ESCALATED')""")
                .param("r", reply).param("p", replyPublic).param("by", by).param("bn", byName).param("at", at)
                .param("v", villageId).param("id", id).update() == 1;
    }

    /** Rates an answered complaint; true once only. */
    public boolean rate(long villageId, long id, int rating, String comment, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE complaint SET status = 'RATED', rating = :r, rating_comment = :c, rated_at = :at
                WHERE village_id = :v AND id = :id AND status = 'ANSWERED'""")
                .param("r", rating).param("c", comment).param("at", at).param("v", villageId).param("id", id)
                .update() == 1;
    }

    /** Open complaints whose deadline passed before {@code now}, oldest deadline first (the escalation run). */
    public List<Row> overdueOpen(OffsetDateTime now, int limit) {
        return jdbc.sql(SELECT + " WHERE status = 'OPEN' AND deadline < :now ORDER BY deadline, village_id, id LIMIT :limit")
                .param("now", now).param("limit", limit).query(ComplaintSql::row).list();
    }

    /** Escalates one open complaint; true for the one run that wins. */
    public boolean escalate(long villageId, long id, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE complaint SET status = 'ESCALATED', escalated_at = :now
                WHERE village_id = :v AND id = :id AND status = 'OPEN' AND deadline < :now""")
                .param("now", now).param("v", villageId).param("id", id).update() == 1;
    }

    /**
     * Totals of the complaints filed in these villages from {@code from} (inclusive) to {@code to} (exclusive):
     * received, answered, answered by the deadline, due (answered, or waiting past the deadline at {@code now}),
     * rated and the sum of ratings.
     */
    public Totals totals(Collection<Long> villageIds, OffsetDateTime from, OffsetDateTime to, OffsetDateTime now) {
        return jdbc.sql("""
                SELECT COUNT(*),
                       COALESCE(SUM(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN answered_at IS NOT NULL AND answered_at <= deadline THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN answered_at IS NOT NULL OR deadline < :now THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(rating), 0)
                FROM complaint WHERE village_id IN (:vs) AND created_at >= :f AND created_at < :t""")
                .param("now", now).param("vs", villageIds).param("f", from).param("t", to)
                .query((rs, n) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6))).single();
    }

    // ------------------------------------------------------------ setting

    public Optional<Integer> answerDays(long countyId) {
        return jdbc.sql("SELECT answer_days FROM complaint_setting WHERE county_id = :c").param("c", countyId)
                .query(Integer.class).optional();
    }

    public void setAnswerDays(long countyId, int days, String by, OffsetDateTime at) {
        int n = jdbc.sql("UPDATE complaint_setting SET answer_days = :d, changed_by = :by, changed_at = :at WHERE county_id = :c")
                .param("d", days).param("by", by).param("at", at).param("c", countyId).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO complaint_setting (county_id, answer_days, changed_by, changed_at) VALUES (:c, :d, :by, :at)")
                    .param("d", days).param("by", by).param("at", at).param("c", countyId).update();
        }
    }
}
