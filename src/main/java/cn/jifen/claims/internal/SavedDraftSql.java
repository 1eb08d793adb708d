package cn.jifen.claims.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The SQL of drafts (table claim_draft). Every query names the village and the author: a draft is its author's. */
@Repository
public class SavedDraftSql {
    /** One stored draft, as the table holds it. */
    public record Row(long villageId, long id, long authorId, long householdId, String passbookNumber, String headName,
               String itemCode, Integer points, LocalDate occurredOn, Long residentId, String note, boolean onBehalf,
               OffsetDateTime createdAt, OffsetDateTime savedAt) { }

    /** What is saved: the household and whatever the form had. */
    public record Fields(long householdId, String passbookNumber, String headName, String itemCode, Integer points,
                  LocalDate occurredOn, Long residentId, String note, boolean onBehalf) { }

    private final JdbcClient jdbc;

    SavedDraftSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("author_id"), rs.getLong("household_id"),
                rs.getString("passbook_number"), rs.getString("head_name"), rs.getString("item_code"),
                rs.getObject("points", Integer.class), rs.getObject("occurred_on", LocalDate.class),
                rs.getObject("resident_id", Long.class), rs.getString("note"), rs.getBoolean("on_behalf"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("saved_at", OffsetDateTime.class));
    }

    public long insert(long villageId, long authorId, Fields f, OffsetDateTime now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO claim_draft (village_id, author_id, household_id, passbook_number, head_name, item_code,
                                         points, occurred_on, resident_id, note, on_behalf, created_at, saved_at)
                VALUES (:v, :a, :h, :pb, :head, :item, :points, :day, :r, :note, :behalf, :now, :now)""")
                .param("v", villageId).param("a", authorId).params(fields(f)).param("now", now)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public int update(long villageId, long authorId, long id, Fields f, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE claim_draft SET household_id = :h, passbook_number = :pb, head_name = :head, item_code = :item,
                       points = :points, occurred_on = :day, resident_id = :r, note = :note, on_behalf = :behalf,
                       saved_at = :now
                WHERE village_id = :v AND author_id = :a AND id = :id""")
                .param("v", villageId).param("a", authorId).param("id", id).params(fields(f)).param("now", now)
                .update();
    }

    private static Map<String, Object> fields(Fields f) {
        Map<String, Object> m = new HashMap<>();
        m.put("h", f.householdId());
        m.put("pb", f.passbookNumber());
        m.put("head", f.headName());
        m.put("item", f.itemCode());
        m.put("points", f.points());
        m.put("day", f.occurredOn());
        m.put("r", f.residentId());
        m.put("note", f.note());
        m.put("behalf", f.onBehalf());
        return m;
    }

    public Optional<Row> byId(long villageId, long authorId, long id) {
        return jdbc.sql("SELECT * FROM claim_draft WHERE village_id = :v AND author_id = :a AND id = :id")
                .param("v", villageId).param("a", authorId).param("id", id).query(SavedDraftSql::row).optional();
    }

    /** Locks the author's draft for its submission (a second submission waits, then finds it gone). */
    public Optional<Row> lock(long villageId, long authorId, long id) {
        return jdbc.sql("SELECT * FROM claim_draft WHERE village_id = :v AND author_id = :a AND id = :id FOR UPDATE")
                .param("v", villageId).param("a", authorId).param("id", id).query(SavedDraftSql::row).optional();
    }

    public int delete(long villageId, long authorId, long id) {
        return jdbc.sql("DELETE FROM claim_draft WHERE village_id = :v AND author_id = :a AND id = :id")
                .param("v", villageId).param("a", authorId).param("id", id).update();
    }

    /** The author's drafts in the village, newest saved first (then by id). */
    public List<Row> mine(long villageId, long authorId, int limit, long offset) {
        return jdbc.sql("""
                SELECT * FROM claim_draft WHERE village_id = :v AND author_id = :a
                ORDER BY saved_at DESC, id DESC LIMIT :limit OFFSET :offset""")
                .param("v", villageId).param("a", authorId).param("limit", limit).param("offset", offset)
                .query(SavedDraftSql::row).list();
    }

    public long countMine(long villageId, long authorId) {
        return jdbc.sql("SELECT COUNT(*) FROM claim_draft WHERE village_id = :v AND author_id = :a")
                .param("v", villageId).param("a", authorId).query(Long.class).single();
    }
}
