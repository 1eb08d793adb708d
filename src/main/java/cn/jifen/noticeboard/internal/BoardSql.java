package cn.jifen.noticeboard.internal;

import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All SQL of the notice board: the village's privacy setting and the names and passbook numbers of the people it shows. */
@Repository
public class BoardSql {
    private final JdbcClient jdbc;

    public BoardSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> privacy(long villageId) {
        return jdbc.sql("SELECT privacy FROM board_setting WHERE village_id = :v").param("v", villageId)
                .query(String.class).optional();
    }

    public void setPrivacy(long villageId, String privacy, OffsetDateTime at, String by) {
        int n = jdbc.sql("UPDATE board_setting SET privacy = :p, updated_at = :at, updated_by = :by WHERE village_id = :v")
                .param("v", villageId).param("p", privacy).param("at", at).param("by", by).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO board_setting (village_id, privacy, updated_at, updated_by) VALUES (:v, :p, :at, :by)")
                    .param("v", villageId).param("p", privacy).param("at", at).param("by", by).update();
        }
    }

    /** Household id → {head's name, passbook number}, for the households of the village named. */
    public Map<Long, String[]> households(long villageId, Collection<Long> ids) {
        Map<Long, String[]> m = new HashMap<>();
        if (ids.isEmpty()) {
            return m;
        }
        jdbc.sql("""
                SELECT h.id, p.number, hn.head_name
                FROM household_v h LEFT JOIN passbook_v p ON p.village_id = h.village_id AND p.household_id = h.id
                LEFT JOIN (SELECT r.household_id, MIN(r.name) AS head_name FROM resident_v r
                           WHERE r.village_id = :v AND r.is_head = TRUE AND r.household_id IN (:ids)
                           GROUP BY r.household_id) hn ON hn.household_id = h.id
                WHERE h.village_id = :v AND h.id IN (:ids)""")
                .param("v", villageId).param("ids", List.copyOf(ids))
                .query((ResultSet rs) -> {
                    m.put(rs.getLong("id"), new String[] {rs.getString("head_name"), rs.getString("number")});
                });
        return m;
    }

    /** Resident id → name, for the residents of the village named. */
    public Map<Long, String> residents(long villageId, Collection<Long> ids) {
        Map<Long, String> m = new HashMap<>();
        if (ids.isEmpty()) {
            return m;
        }
        jdbc.sql("SELECT id, name FROM resident_v WHERE village_id = :v AND id IN (:ids)")
                .param("v", villageId).param("ids", List.copyOf(ids))
                .query((ResultSet rs) -> {
                    m.put(rs.getLong("id"), rs.getString("name"));
                });
        return m;
    }
}
