package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The claim rows themselves: writing a claim and every change of its state, reading one, and the due ones. */
@Repository
public class ClaimSql {
    static final String SELECT = """
            SELECT c.*, cat.name || '：' || v.name AS item_label, p.number AS passbook_number, r.name AS resident_name
            FROM claim c
            JOIN rule_item_version_v v ON v.item_id = c.item_id AND v.version = c.item_version
            JOIN rule_item_v i ON i.id = c.item_id
            JOIN rule_category_v cat ON cat.id = i.category_id
            LEFT JOIN passbook_v p ON p.village_id = c.village_id AND p.household_id = c.household_id
            LEFT JOIN resident_v r ON r.village_id = c.village_id AND r.id = c.resident_id
            """;

    private final JdbcClient jdbc;

    ClaimSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static Claim claim(ResultSet rs, int i) throws SQLException {
        String posting = rs.getString("posting_id");
        return new Claim(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("household_id"),
                rs.getObject("resident_id", Long.class), rs.getLong("item_id"), rs.getInt("item_version"),
                rs.getString("item_code"), rs.getString("item_label"), rs.getInt("points"),
                rs.getObject("occurred_on", LocalDate.class), rs.getString("note"),
                ClaimStatus.valueOf(rs.getString("status")), rs.getBoolean("self_declared"), rs.getBoolean("on_behalf"),
                rs.getBoolean("likely_duplicate"), rs.getLong("recorded_by"), rs.getString("recorded_by_name"),
                rs.getString("recorder_role"), rs.getObject("recorded_at", OffsetDateTime.class),
                rs.getObject("first_approver", Long.class), rs.getString("first_approver_name"),
                rs.getObject("decided_by", Long.class), rs.getString("decided_by_name"),
                rs.getObject("decided_at", OffsetDateTime.class), rs.getString("decision_reason"),
                rs.getObject("publicity_ends_at", OffsetDateTime.class),
                posting == null ? null : UUID.fromString(posting), rs.getObject("posted_at", OffsetDateTime.class),
                rs.getString("passbook_number"), rs.getString("resident_name"));
    }

    public Optional<Claim> byId(long villageId, long id) {
        return jdbc.sql(SELECT + " WHERE c.village_id = :v AND c.id = :id").param("v", villageId).param("id", id)
                .query(ClaimSql::claim).optional();
    }

    /** Locks the claim row for a state change. */
    public Optional<Claim> lock(long villageId, long id) {
        jdbc.sql("SELECT id FROM claim WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(Long.class).list();
        return byId(villageId, id);
    }

    public record NewClaim(long villageId, long householdId, Long residentId, long itemId, int itemVersion, String itemCode,
                    int points, LocalDate occurredOn, String note, boolean selfDeclared, boolean onBehalf,
                    boolean likelyDuplicate, long recordedBy, String recordedByName, String recorderRole,
                    OffsetDateTime at) { }

    public long insert(NewClaim n) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO claim (village_id, household_id, resident_id, item_id, item_version, item_code, points,
                                   occurred_on, note, status, self_declared, on_behalf, likely_duplicate, recorded_by,
                                   recorded_by_name, recorder_role, recorded_at)
                VALUES (:v, :h, :r, :item, :ver, :code, :p, :d, :note, 'RECORDED', :self, :behalf, :dup, :by, :byName,
                        :role, :at)""")
                .param("v", n.villageId()).param("h", n.householdId()).param("r", n.residentId())
                .param("item", n.itemId()).param("ver", n.itemVersion()).param("code", n.itemCode())
                .param("p", n.points()).param("d", n.occurredOn()).param("note", n.note())
                .param("self", n.selfDeclared()).param("behalf", n.onBehalf()).param("dup", n.likelyDuplicate())
                .param("by", n.recordedBy()).param("byName", n.recordedByName()).param("role", n.recorderRole())
                .param("at", n.at())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public void firstApproval(long villageId, long id, ClaimStatus to, long approver, String name) {
        jdbc.sql("""
                UPDATE claim SET status = :s, first_approver = :a, first_approver_name = :n
                WHERE village_id = :v AND id = :id""")
                .param("s", to.name()).param("a", approver).param("n", name).param("v", villageId).param("id", id).update();
    }

    public void decide(long villageId, long id, ClaimStatus status, int points, long by, String byName, OffsetDateTime at,
                String reason, OffsetDateTime publicityEndsAt) {
        jdbc.sql("""
                UPDATE claim SET status = :s, points = :p, decided_by = :by, decided_by_name = :byName, decided_at = :at,
                                 decision_reason = :reason, publicity_ends_at = :ends
                WHERE village_id = :v AND id = :id""")
                .param("s", status.name()).param("p", points).param("by", by).param("byName", byName).param("at", at)
                .param("reason", reason).param("ends", publicityEndsAt).param("v", villageId).param("id", id).update();
    }

    /** A conditional change of status: true only for the one caller that found the claim in {@code from}. */
    public boolean move(long villageId, long id, ClaimStatus from, ClaimStatus to) {
        return jdbc.sql("UPDATE claim SET status = :to WHERE village_id = :v AND id = :id AND status = :from")
                .param("to", to.name()).param("v", villageId).param("id", id).param("from", from.name()).update() == 1;
    }

    /** Takes a due claim for posting; only one of several concurrent callers wins. */
    public boolean takeForPosting(long villageId, long id, ClaimStatus from, ClaimStatus to, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE claim SET status = :to
                WHERE village_id = :v AND id = :id AND status = :from AND publicity_ends_at <= :now""")
                .param("to", to.name()).param("from", from.name())
                .param("v", villageId).param("id", id).param("now", now).update() == 1;
    }

    public void posted(long villageId, long id, ClaimStatus to, UUID postingId, OffsetDateTime at) {
        jdbc.sql("UPDATE claim SET status = :s, posting_id = :p, posted_at = :at WHERE village_id = :v AND id = :id")
                .param("s", to.name()).param("p", postingId).param("at", at).param("v", villageId).param("id", id).update();
    }

    /** A due claim and its place in the posting order (recorded_at, id, village_id): the key a run pages by. */
    public record Due(long villageId, long id, OffsetDateTime recordedAt) { }

    /**
     * Claims due for posting (of a village, or under an org unit's path, or all), in the order recorded, starting
     * after {@code after} (null: from the first). Paging by this key visits every due claim once in a run, even when
     * the claims before it stay due because their posting failed.
     */
    public List<Due> due(Long villageId, String underPath, OffsetDateTime now, Due after, int limit) {
        return jdbc.sql("SELECT c.village_id, c.id, c.recorded_at FROM claim c"
                        + (underPath == null ? "" : " JOIN org_unit_v v ON v.id = c.village_id AND v.path LIKE :path")
                        + " WHERE c.status = 'IN_PUBLICITY' AND c.publicity_ends_at <= :now"
                        + (villageId == null ? "" : " AND c.village_id = :v")
                        + (after == null ? "" : " AND (c.recorded_at > :at OR (c.recorded_at = :at AND (c.id > :id"
                                + " OR (c.id = :id AND c.village_id > :av))))")
                        + " ORDER BY c.recorded_at, c.id, c.village_id LIMIT " + limit)
                .param("now", now).param("v", villageId).param("path", underPath == null ? "" : underPath + "%")
                .param("at", after == null ? now : after.recordedAt()).param("id", after == null ? 0L : after.id())
                .param("av", after == null ? 0L : after.villageId())
                .query((rs, i) -> new Due(rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class))).list();
    }

    public void linkPost(long villageId, long claimId, long postId) {
        jdbc.sql("UPDATE claim SET post_id = :p WHERE village_id = :v AND id = :id")
                .param("p", postId).param("v", villageId).param("id", claimId).update();
    }
}
