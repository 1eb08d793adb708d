package cn.jifen;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After every Flyway migrate, on a database with the {@code citus} extension, places each table of the schema as
 * {@link CitusLayout} says: reference tables first, then the village-owned tables distributed by {@code village_id},
 * all co-located with the first. Tables already placed are left alone, so a table a later migration adds (V40, ...)
 * is placed on the next start without any edit here. On H2 and on plain PostgreSQL it does nothing.
 * <p>A callback rather than a versioned migration: on a fresh database every migration runs on plain tables and the
 * placement happens once at the end, and it runs again after each later migration. Shard count: the database's
 * {@code citus.shard_count} setting (32 unless set; CI sets 4).
 */
@Component
class CitusDistribution implements Callback {
    private static final Logger log = LoggerFactory.getLogger(CitusDistribution.class);

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return false; // create_distributed_table opens connections to the workers: one statement at a time
    }

    @Override
    public String getCallbackName() {
        return "citus-distribution";
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            Connection c = context.getConnection();
            if (!hasCitus(c)) {
                return;
            }
            distribute(c);
        } catch (SQLException e) {
            throw new IllegalStateException("placing the tables on the Citus cluster failed: " + e.getMessage(), e);
        }
    }

    static boolean hasCitus(Connection c) throws SQLException {
        if (!c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_extension WHERE extname = 'citus'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Places every table not yet placed; refuses (naming each problem) when the rule cannot place one. */
    static void distribute(Connection c) throws SQLException {
        CitusLayout.Layout layout = CitusLayout.of(CitusLayout.read(c));
        if (!layout.problems().isEmpty()) {
            throw new IllegalStateException("tables Citus cannot place (see docs/citus.md):\n  "
                    + String.join("\n  ", layout.problems()));
        }
        String schema = c.getSchema();
        Set<String> placed = placed(c, schema);
        List<String> distributed = layout.distributed();
        String colocateWith = distributed.stream().filter(placed::contains).findFirst().orElse(null);
        int done = 0;
        long started = System.nanoTime();
        // Citus turns a plain table that references a new reference table into a "Citus-local" table, which
        // create_*_table cannot convert when it has an identity column: the foreign keys touching the tables about
        // to be placed come off first and go back on once every table is placed (Citus then checks them per shard).
        List<String[]> foreignKeys = foreignKeysTouching(c, schema, placed);
        for (String[] fk : foreignKeys) {
            call(c, "ALTER TABLE " + fk[0] + " DROP CONSTRAINT " + quote(fk[1]));
        }
        for (String table : layout.order()) {
            if (placed.contains(table) || layout.placements().get(table) == CitusLayout.Placement.LOCAL) {
                continue;
            }
            String qualified = quote(schema) + "." + quote(table);
            if (layout.placements().get(table) == CitusLayout.Placement.REFERENCE) {
                call(c, "SELECT create_reference_table(?::regclass)", qualified);
            } else if (colocateWith == null) {
                call(c, "SELECT create_distributed_table(?::regclass, '" + CitusLayout.VILLAGE + "')", qualified);
                colocateWith = table;
            } else {
                call(c, "SELECT create_distributed_table(?::regclass, '" + CitusLayout.VILLAGE
                        + "', colocate_with => ?::text)",
                        qualified, quote(schema) + "." + quote(colocateWith));
            }
            done++;
        }
        for (String[] fk : foreignKeys) {
            call(c, "ALTER TABLE " + fk[0] + " ADD CONSTRAINT " + quote(fk[1]) + " " + fk[2]);
        }
        if (done > 0) {
            log.info("Citus: placed {} tables ({} distributed by village_id, {} reference; {} left local) in {} ms",
                    done, distributed.size(), layout.reference().size(), layout.local().size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Tables of the schema already distributed or reference. A Citus-local table (what Citus makes of a plain table
     * given a foreign key to a reference table) is not placed yet: create_*_table converts it.
     */
    private static Set<String> placed(Connection c, String schema) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_dist_partition p"
                + " JOIN pg_class c ON c.oid = p.logicalrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND NOT (p.partmethod = 'n' AND p.repmodel = 's')")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** (qualified table, constraint name, definition) of each foreign key from or to a table not yet placed. */
    private static List<String[]> foreignKeysTouching(Connection c, String schema, Set<String> placed)
            throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.conrelid::regclass::text, k.conname,"
                + " pg_get_constraintdef(k.oid), a.relname, b.relname FROM pg_constraint k"
                + " JOIN pg_class a ON a.oid = k.conrelid JOIN pg_class b ON b.oid = k.confrelid"
                + " JOIN pg_namespace n ON n.oid = a.relnamespace WHERE k.contype = 'f' AND n.nspname = ?"
                + " ORDER BY 1, 2")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!placed.contains(rs.getString(4)) || !placed.contains(rs.getString(5))) {
                        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
        }
        return out;
    }

    private static void call(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
