package cn.jifen.directory.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the roster import: bulk reads (one statement each, whatever the file's size) and bulk writes
 * (multi-row INSERTs of a few hundred rows each, every row naming the village, the distribution key), so a
 * 10,000-row roster is written in about 30 statements rather than one per household, person and passbook.
 */
@Repository
public class RosterSql {
    /**
     * Rows per INSERT: 500 residents x 15 parameters stays far below PostgreSQL's 32,767 parameters, and a
     * statement this size costs the server little more to parse than it saves in round trips.
     */
    static final int ROWS_PER_INSERT = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    RosterSql(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
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

    /** A household the import adds. */
    public record NewHousehold(String ref, long gridId, String address, boolean lowIncome) { }

    /** A resident the import adds: the validated person with the stored forms of the ID card (all null without one). */
    public record NewResident(long householdId, ResidentRules.Valid person, String idCardCipher, String idCardMasked,
                              String idCardDigest) { }

    /** A passbook the import issues. */
    public record NewPassbook(long householdId, String number) { }

    private static final int[] HOUSEHOLD_TYPES = {Types.BIGINT, Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.BOOLEAN,
            Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE};

    /** Inserts households; returns each new household's id by its ref (unique in the village). */
    public Map<String, Long> insertHouseholds(long villageId, List<NewHousehold> rows, OffsetDateTime now) {
        Map<String, Long> ids = new HashMap<>(rows.size() * 2);
        Timestamp at = Timestamp.from(now.toInstant());
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<NewHousehold> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            String sql = "INSERT INTO household (village_id, household_ref, grid_id, address, low_income, created_at, "
                    + "updated_at) VALUES " + values(part.size(), HOUSEHOLD_TYPES.length);
            template.execute((Connection con) -> {
                // the ref comes back with the id: the keys are matched by it, not by the order of the rows
                try (PreparedStatement ps = con.prepareStatement(sql, new String[] {"id", "household_ref"})) {
                    int p = 1;
                    for (NewHousehold h : part) {
                        p = bind(ps, p, HOUSEHOLD_TYPES, villageId, h.ref(), h.gridId(), h.address(), h.lowIncome(), at, at);
                    }
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        while (keys.next()) {
                            ids.put(keys.getString(2), keys.getLong(1));
                        }
                    }
                }
                return null;
            });
        }
        if (ids.size() != rows.size()) {
            throw new IllegalStateException("household ids: " + ids.size() + " of " + rows.size() + " came back");
        }
        return ids;
    }

    private static final int[] RESIDENT_TYPES = {Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN,
            Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN,
            Types.VARCHAR, Types.BOOLEAN, Types.TIMESTAMP_WITH_TIMEZONE};

    public void insertResidents(long villageId, List<NewResident> rows, OffsetDateTime now) {
        Timestamp at = Timestamp.from(now.toInstant());
        insertAll("INSERT INTO resident (village_id, household_id, name, relation, is_head, gender, birth_year, phone, "
                + "id_card_cipher, id_card_masked, id_card_digest, party_member, party_branch, disabled, created_at) VALUES ",
                RESIDENT_TYPES, rows, (ps, p, r) -> {
                    ResidentRules.Valid v = r.person();
                    return bind(ps, p, RESIDENT_TYPES, villageId, r.householdId(), v.name(), v.relation(), v.head(),
                            v.gender(), v.birthYear(), v.phone(), r.idCardCipher(), r.idCardMasked(), r.idCardDigest(),
                            v.partyMember(), v.partyBranch(), v.disabled(), at);
                });
    }

    private static final int[] PASSBOOK_TYPES = {Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.DATE};

    public void insertPassbooks(long villageId, List<NewPassbook> rows, LocalDate issuedOn) {
        insertAll("INSERT INTO passbook (village_id, household_id, number, issued_on) VALUES ", PASSBOOK_TYPES, rows,
                (ps, p, r) -> bind(ps, p, PASSBOOK_TYPES, villageId, r.householdId(), r.number(), issuedOn));
    }

    private interface Binder<T> {
        int bind(PreparedStatement ps, int firstParameter, T row) throws SQLException;
    }

    private <T> void insertAll(String insertValues, int[] types, List<T> rows, Binder<T> binder) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<T> part = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            String sql = insertValues + values(part.size(), types.length);
            template.update(con -> {
                PreparedStatement ps = con.prepareStatement(sql);
                int p = 1;
                for (T row : part) {
                    p = binder.bind(ps, p, row);
                }
                return ps;
            });
        }
    }

    /** "(?, ?), (?, ?)" for rows x columns. */
    private static String values(int rows, int columns) {
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        return String.join(", ", Collections.nCopies(rows, row));
    }

    /** Binds one row's values from the given parameter on; returns the next parameter's index. */
    private static int bind(PreparedStatement ps, int p, int[] types, Object... values) throws SQLException {
        for (int c = 0; c < values.length; c++, p++) {
            Object v = values[c];
            if (v == null) {
                ps.setNull(p, types[c]);
            } else if (v instanceof LocalDate d) {
                ps.setObject(p, d);
            } else {
                ps.setObject(p, v);
            }
        }
        return p;
    }
}
