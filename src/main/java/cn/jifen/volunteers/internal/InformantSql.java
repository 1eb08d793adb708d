package cn.jifen.volunteers.internal;

import cn.jifen.volunteers.InformantReport;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The informants' tables: informant, informant_report. */
@Repository
public class InformantSql {
    /** An appointment row; the service adds the grid's name. */
    public record Row(long villageId, long id, long gridId, long householdId, long residentId, String residentName,
               String passbookNumber, LocalDate appointedOn, LocalDate endedOn, String endReason, int confirmed) { }

    private final JdbcClient jdbc;

    InformantSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // every use binds :v to the village; the subqueries name it too, not the outer row's village_id: Citus cannot
    // route a scalar subquery in the select list by the outer row, so it would run on every shard (docs/citus.md)
    private static final String SELECT = """
            SELECT i.village_id, i.id, i.grid_id, i.household_id, i.resident_id, i.resident_name, i.passbook_number,
                   i.appointed_on, i.ended_on, i.end_reason,
                   (SELECT COUNT(*) FROM informant_report r WHERE r.village_id = :v AND r.informant_id = i.id
                     AND r.status = 'CONFIRMED')
            FROM informant i
            """;

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                rs.getString(7), rs.getObject(8, LocalDate.class), rs.getObject(9, LocalDate.class), rs.getString(10),
                rs.getInt(11));
    }

    public long appoint(long villageId, long gridId, long householdId, long residentId, String name, String passbook,
                 LocalDate on, String by) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO informant (village_id, grid_id, household_id, resident_id, resident_name, passbook_number,
                                       appointed_on, appointed_by)
                VALUES (:v, :g, :h, :r, :n, :p, :on, :by)""")
                .param("v", villageId).param("g", gridId).param("h", householdId).param("r", residentId)
                .param("n", name).param("p", passbook).param("on", on).param("by", by).update(keys, "id");
        return keys.getKey().longValue();
    }

    public boolean end(long villageId, long id, LocalDate on, String reason, String by) {
        return jdbc.sql("""
                UPDATE informant SET ended_on = :on, end_reason = :r, ended_by = :by
                WHERE village_id = :v AND id = :id AND ended_on IS NULL""")
                .param("on", on).param("r", reason).param("by", by).param("v", villageId).param("id", id).update() == 1;
    }

    public Optional<Row> get(long villageId, long id) {
        return jdbc.sql(SELECT + " WHERE i.village_id = :v AND i.id = :id").param("v", villageId).param("id", id)
                .query(InformantSql::row).optional();
    }

    public List<Row> ofVillage(long villageId) {
        return jdbc.sql(SELECT + " WHERE i.village_id = :v ORDER BY i.ended_on DESC NULLS FIRST, i.grid_id, i.appointed_on, i.id")
                .param("v", villageId).query(InformantSql::row).list();
    }

    public List<Row> ofHousehold(long villageId, long householdId) {
        return jdbc.sql(SELECT + " WHERE i.village_id = :v AND i.household_id = :h ORDER BY i.appointed_on DESC, i.id DESC")
                .param("v", villageId).param("h", householdId).query(InformantSql::row).list();
    }

    // ------------------------------------------------------------ reports

    private static final String SELECT_REPORT = """
            SELECT r.village_id, r.id, r.informant_id, i.resident_name, r.grid_id, r.kind, r.note, r.subject_household_id,
                   r.photo_type, r.reported_at, r.status, r.decided_by, r.decided_at, r.decision_reason, r.claim_id,
                   r.reward_claim_id
            FROM informant_report r JOIN informant i ON i.village_id = r.village_id AND i.id = r.informant_id
            """;

    private static InformantReport report(ResultSet rs, int n) throws SQLException {
        return new InformantReport(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                ReportKind.valueOf(rs.getString(6)), rs.getString(7), rs.getObject(8, Long.class), null,
                rs.getString(9) != null, rs.getObject(10, OffsetDateTime.class), rs.getString(11), rs.getString(12),
                rs.getObject(13, OffsetDateTime.class), rs.getString(14), rs.getObject(15, Long.class),
                rs.getObject(16, Long.class));
    }

    public long insertReport(long villageId, long informantId, long gridId, ReportKind kind, String note, Long subject,
                      String photoType, byte[] photo, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO informant_report (village_id, informant_id, grid_id, kind, note, subject_household_id,
                                              photo_type, photo, reported_at, status)
                VALUES (:v, :i, :g, :k, :n, :s, :pt, :p, :at, 'OPEN')""")
                .param("v", villageId).param("i", informantId).param("g", gridId).param("k", kind.name())
                .param("n", note).param("s", subject).param("pt", photoType).param("p", photo).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<InformantReport> report(long villageId, long id) {
        return jdbc.sql(SELECT_REPORT + " WHERE r.village_id = :v AND r.id = :id").param("v", villageId).param("id", id)
                .query(InformantSql::report).optional();
    }

    /** Reports of a village, or of one of its grids (gridId not null); open ones first, newest first. */
    public List<InformantReport> reports(long villageId, Long gridId, int limit, long offset) {
        var q = jdbc.sql(SELECT_REPORT + " WHERE r.village_id = :v" + (gridId == null ? "" : " AND r.grid_id = :g")
                        + " ORDER BY CASE WHEN r.status = 'OPEN' THEN 0 ELSE 1 END, r.reported_at DESC, r.id DESC"
                        + " LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("limit", limit).param("offset", offset);
        return (gridId == null ? q : q.param("g", gridId)).query(InformantSql::report).list();
    }

    public long reportCount(long villageId, Long gridId) {
        var q = jdbc.sql("SELECT COUNT(*) FROM informant_report r WHERE r.village_id = :v"
                + (gridId == null ? "" : " AND r.grid_id = :g")).param("v", villageId);
        return (gridId == null ? q : q.param("g", gridId)).query(Long.class).single();
    }

    public List<InformantReport> reportsOf(long villageId, List<Long> informantIds) {
        if (informantIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT_REPORT + " WHERE r.village_id = :v AND r.informant_id IN (:ids)"
                        + " ORDER BY r.reported_at DESC, r.id DESC")
                .param("v", villageId).param("ids", informantIds).query(InformantSql::report).list();
    }

    public Optional<byte[][]> photo(long villageId, long id) {
        return jdbc.sql("SELECT photo_type, photo FROM informant_report WHERE village_id = :v AND id = :id AND photo IS NOT NULL")
                .param("v", villageId).param("id", id)
                .query((rs, n) -> new byte[][] {rs.getString(1).getBytes(StandardCharsets.US_ASCII),
                        rs.getBytes(2)}).optional();
    }

    /** Takes an open report for a decision; true for the one caller that wins. */
    public boolean decide(long villageId, long id, String status, String by, OffsetDateTime at, String reason) {
        return jdbc.sql("""
                UPDATE informant_report SET status = :s, decided_by = :by, decided_at = :at, decision_reason = :r
                WHERE village_id = :v AND id = :id AND status = 'OPEN'""")
                .param("s", status).param("by", by).param("at", at).param("r", reason).param("v", villageId)
                .param("id", id).update() == 1;
    }

    public void reopen(long villageId, long id) {
        jdbc.sql("""
                UPDATE informant_report SET status = 'OPEN', decided_by = NULL, decided_at = NULL, decision_reason = NULL
                WHERE village_id = :v AND id = :id""").param("v", villageId).param("id", id).update();
    }

    public void claims(long villageId, long id, long claimId, Long rewardClaimId) {
        jdbc.sql("UPDATE informant_report SET claim_id = :c, reward_claim_id = :rc WHERE village_id = :v AND id = :id")
                .param("c", claimId).param("rc", rewardClaimId).param("v", villageId).param("id", id).update();
    }

    /** Confirmed reports in a village between two instants (statistics: informants' participation). */
    public long confirmed(long villageId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM informant_report WHERE village_id = :v AND status = 'CONFIRMED'
                  AND reported_at >= :f AND reported_at < :t""")
                .param("v", villageId).param("f", from).param("t", to).query(Long.class).single();
    }
}
