package cn.jifen.claims.internal;

import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The caps and duplicate checks' reads: what a household (or resident) already has of an item in a period. */
@Repository
public class CapSql {
    private final JdbcClient jdbc;

    CapSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Points of counting (not rejected) claims of the item in the period, for a household or one resident. */
    public long pointsInPeriod(long villageId, long householdId, Long residentId, long itemId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(points), 0) FROM claim
                WHERE village_id = :v AND item_id = :item AND occurred_on BETWEEN :f AND :t AND status NOT IN ('REJECTED', 'REVERSED')""" + " AND " + (residentId == null ? "household_id = :h" : "resident_id = :r"))
                .param("v", villageId).param("item", itemId).param("f", from).param("t", to)
                .param("h", householdId).param("r", residentId)
                .query(Long.class).single();
    }

    public long countInPeriod(long villageId, long householdId, long itemId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM claim
                WHERE village_id = :v AND household_id = :h AND item_id = :item
                  AND occurred_on BETWEEN :f AND :t AND status NOT IN ('REJECTED', 'REVERSED')""")
                .param("v", villageId).param("h", householdId).param("item", itemId).param("f", from).param("t", to)
                .query(Long.class).single();
    }
}
