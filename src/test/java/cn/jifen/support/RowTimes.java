package cn.jifen.support;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Moves a time of one village row into the past, as tests do to make a publicity period or a reservation end. The
 * new time is computed here, not in SQL: Citus refuses {@code col - INTERVAL ...} on a timestamptz in an UPDATE of a
 * distributed table (the operator depends on the session's time zone, so workers could disagree).
 */
public final class RowTimes {
    private RowTimes() { }

    public static void moveBack(JdbcClient jdbc, String table, String column, long villageId, long id, int days) {
        OffsetDateTime t = jdbc.sql("SELECT " + column + " FROM " + table + " WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).query(OffsetDateTime.class).single();
        jdbc.sql("UPDATE " + table + " SET " + column + " = :t WHERE village_id = :v AND id = :id")
                .param("t", t.minusDays(days)).param("v", villageId).param("id", id).update();
    }
}
