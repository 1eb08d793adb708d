package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL only (issue #17, the batch award): the indexes of ledger_entry whose column the system legs leave
 * empty index only the rows that have it. Half of a posting's legs are system legs (no household, chain place,
 * village place or request key), and almost no leg reverses a posting, yet PostgreSQL put every leg into every
 * index: a batch award of 10,000 households wrote 20,000 legs into eight indexes (measured: ~570,000 buffer hits
 * and ~184,000 WAL records for the legs' INSERT). With these partial indexes the same INSERT makes ~340,000 buffer
 * hits and ~122,000 WAL records, and its backend CPU fell from 635 to 575 ms (median of 6); the award's wall time did
 * not show the gain in interleaved runs (docs/progress.md, #17).
 * <p>Nothing changes in meaning: a unique constraint never compared rows whose column is NULL, so a unique index
 * over the rows where it is not NULL enforces the same; every query of these indexes names the column with an
 * equality (which implies NOT NULL) or reads passbook legs only ({@code leg_no = 0}, as ledger_posting_v does),
 * so the planner still matches the partial indexes. H2 has no partial index and keeps the V2/V5/V13 indexes
 * (this migration does nothing there), which is why it is a Java migration and not SQL both databases would run.
 * Citus propagates the DDL to the shards (the table is distributed by the time a later start runs this).
 */
public class V53__ledger_entry_partial_indexes extends BaseJavaMigration {
    private static final String[] POSTGRES = {
            "ALTER TABLE ledger_entry DROP CONSTRAINT uq_ledger_entry_idempotency",
            "CREATE UNIQUE INDEX uq_ledger_entry_idempotency ON ledger_entry (village_id, idempotency_key) "
                    + "WHERE idempotency_key IS NOT NULL",
            "ALTER TABLE ledger_entry DROP CONSTRAINT uq_ledger_entry_village_seq",
            "CREATE UNIQUE INDEX uq_ledger_entry_village_seq ON ledger_entry (village_id, village_seq) "
                    + "WHERE village_seq IS NOT NULL",
            "DROP INDEX ix_ledger_entry_household",
            "CREATE INDEX ix_ledger_entry_household ON ledger_entry (village_id, household_id, posted_on) "
                    + "WHERE household_id IS NOT NULL",
            "DROP INDEX ix_ledger_entry_reverses",
            "CREATE INDEX ix_ledger_entry_reverses ON ledger_entry (village_id, reverses_posting_id) "
                    + "WHERE reverses_posting_id IS NOT NULL",
            // rankings, scores and the village's postings read passbook legs only (leg_no = 0)
            "DROP INDEX ix_ledger_entry_scores",
            "CREATE INDEX ix_ledger_entry_scores ON ledger_entry (village_id, posted_on, leg_no, household_id, score_delta) "
                    + "WHERE leg_no = 0",
    };

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String sql : POSTGRES) {
                s.execute(sql);
            }
        }
    }
}
