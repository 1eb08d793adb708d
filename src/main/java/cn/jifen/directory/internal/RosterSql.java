package cn.jifen.directory.internal;

import cn.jifen.directory.Household;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The bulk reads of the roster import (one statement each, whatever the file's size). */
@Repository
public class RosterSql {

    private final JdbcClient jdbc;

    RosterSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the village's passbook-sequence row for the rest of the transaction. Household creation
     * takes the same row, so an import validates and writes against a roster nobody else is growing.
     */
    public void lockVillage(long villageId) {
        jdbc.sql("SELECT last_value FROM passbook_sequence WHERE village_id = :v FOR UPDATE")
                .param("v", villageId).query(Integer.class).optional();
    }

    public record StoredHousehold(long id, String ref, long gridId, String address, boolean lowIncome) { }

    public List<StoredHousehold> households(long villageId) {
        return jdbc.sql("SELECT id, household_ref, grid_id, address, low_income FROM household WHERE village_id = :v")
                .param("v", villageId)
                .query((rs, i) -> new StoredHousehold(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getBoolean(5)))
                .list();
    }
}
