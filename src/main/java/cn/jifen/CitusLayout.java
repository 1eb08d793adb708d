package cn.jifen;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How Jifen's tables lie on a Citus cluster, decided by a rule rather than a hand list (docs/citus.md):
 * <ul>
 * <li>a table with a NOT NULL {@code village_id} column is <em>village-owned</em>: distributed by {@code village_id},
 *     all such tables co-located, so a village's rows of every table sit on one shard;</li>
 * <li>a table without a {@code village_id} column is county-wide (org units, users, rule catalogue, policy, ...): a
 *     reference table, copied to every node;</li>
 * <li>the few tables in {@link #EXCEPTIONS} are placed as listed there, each with its reason.</li>
 * </ul>
 * A table the rule cannot place — a nullable {@code village_id} not in the exceptions, a unique key of a distributed
 * table without {@code village_id}, a foreign key Citus cannot keep — is a {@link Layout#problems() problem}: the
 * distribution step refuses to run and {@code CitusLayoutTest} fails on H2 and PostgreSQL alike, so a new migration
 * is fixed before it reaches a cluster.
 * <p>Pure: reads only JDBC metadata, so the same rule runs on H2, PostgreSQL and Citus.
 */
public final class CitusLayout {
    /** The distribution column of every village-owned table. */
    public static final String VILLAGE = "village_id";

    /** Where a table lies on the cluster. */
    public enum Placement {
        DISTRIBUTED, REFERENCE,
        /** left a plain table on the coordinator: only for a table no other table references or joins */
        LOCAL
    }

    /**
     * Tables the rule does not place by itself, and why. Keep it short: each entry is a table whose rows are not all
     * a village's, or an index from a public code to its village that every node needs.
     */
    public static final Map<String, Listed> EXCEPTIONS = Map.of(
            "ledger_verify_run", new Listed(Placement.REFERENCE,
                    "a verify run covers one village or the whole county (village_id NULL); few rows"),
            "notify_event", new Listed(Placement.REFERENCE,
                    "events of county-wide changes have no village; unique event_key is global across villages"),
            "notify_outbox", new Listed(Placement.REFERENCE,
                    "messages to county and town staff have no village; the dispatcher polls all of it at once"),
            "notify_inbox", new Listed(Placement.REFERENCE,
                    "a staff member's inbox spans villages; unique idem_key is global"),
            "shedlock", new Listed(Placement.LOCAL,
                    "ShedLock's upsert computes its lock time with CURRENT_TIMESTAMP, which Citus refuses in ON CONFLICT"
                            + " DO UPDATE of a distributed or reference table; one row per job, never joined"),
            "certificate_code", new Listed(Placement.REFERENCE,
                    "maps a certificate's or an honour's public code to its village, so /verify/{code} reads one shard"));

    /** Tables that are Flyway's or Citus's own bookkeeping, never placed. */
    static final Set<String> IGNORED = Set.of("flyway_schema_history");

    public record Listed(Placement placement, String reason) { }

    /** A foreign key: {@code columns} of {@code table} reference {@code refColumns} of {@code refTable}. */
    public record ForeignKey(String name, List<String> columns, String refTable, List<String> refColumns) { }

    /** What the layout needs to know of one table. */
    public record Table(String name, Map<String, Boolean> nullable, List<List<String>> uniqueKeys,
                        List<ForeignKey> foreignKeys) {
        boolean has(String column) {
            return nullable.containsKey(column);
        }
    }

    /**
     * The placement of every table, in an order Citus accepts (reference tables before the tables that reference
     * them; a distributed table after the ones it references), and what prevents placing the rest.
     */
    public record Layout(Map<String, Placement> placements, List<String> order, List<String> problems) {
        public List<String> distributed() {
            return order.stream().filter(t -> placements.get(t) == Placement.DISTRIBUTED).toList();
        }

        public List<String> reference() {
            return order.stream().filter(t -> placements.get(t) == Placement.REFERENCE).toList();
        }

        public List<String> local() {
            return order.stream().filter(t -> placements.get(t) == Placement.LOCAL).toList();
        }
    }

    private CitusLayout() { }

    /** Applies the rule to the given tables. */
    public static Layout of(List<Table> tables) {
        Map<String, Table> byName = new TreeMap<>();
        tables.stream().filter(t -> !IGNORED.contains(t.name())).forEach(t -> byName.put(t.name(), t));
        Map<String, Placement> placements = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Table t : byName.values()) {
            Listed e = EXCEPTIONS.get(t.name());
            Placement byRule = byRule(t);
            if (e != null) {
                placements.put(t.name(), e.placement());
            } else if (byRule != null) {
                placements.put(t.name(), byRule);
            } else {
                problems.add(t.name() + ": village_id is nullable — make it NOT NULL (village-owned) or add the table"
                        + " to CitusLayout.EXCEPTIONS with a reason");
            }
        }
        for (Table t : byName.values()) {
            Placement p = placements.get(t.name());
            if (p == Placement.DISTRIBUTED) {
                for (List<String> key : t.uniqueKeys()) {
                    if (!key.contains(VILLAGE)) {
                        problems.add(t.name() + ": unique key " + key + " lacks village_id — Citus can keep it only"
                                + " within a shard; add village_id to it");
                    }
                }
            }
            for (ForeignKey fk : t.foreignKeys()) {
                Placement target = placements.get(fk.refTable());
                if (p == null || target == null) {
                    continue; // reported above, or a table outside the schema
                }
                if (p == Placement.LOCAL || target == Placement.LOCAL) {
                    problems.add(t.name() + ": foreign key " + fk.name() + " touches a table left local on the"
                            + " coordinator — Citus cannot keep it");
                } else if (p == Placement.REFERENCE && target == Placement.DISTRIBUTED) {
                    problems.add(t.name() + ": foreign key " + fk.name() + " from a reference table to distributed "
                            + fk.refTable() + " — Citus cannot keep it; check it in code instead (docs/citus.md)");
                } else if (p == Placement.DISTRIBUTED && target == Placement.DISTRIBUTED
                        && !pairsVillageWithVillage(fk)) {
                    problems.add(t.name() + ": foreign key " + fk.name() + " to " + fk.refTable() + " does not pair"
                            + " village_id with village_id — Citus keeps it only within a shard; include village_id");
                }
            }
        }
        return new Layout(placements, order(byName, placements), problems);
    }

    /** The rule alone: no village_id → reference, village_id NOT NULL → distributed, nullable → none (null). */
    public static Placement byRule(Table t) {
        if (!t.has(VILLAGE)) {
            return Placement.REFERENCE;
        }
        return Boolean.FALSE.equals(t.nullable().get(VILLAGE)) ? Placement.DISTRIBUTED : null;
    }

    private static boolean pairsVillageWithVillage(ForeignKey fk) {
        int i = fk.columns().indexOf(VILLAGE);
        return i >= 0 && VILLAGE.equals(fk.refColumns().get(i));
    }

    /** Reference tables first, then distributed ones, then local; within each, after the tables it references. */
    private static List<String> order(Map<String, Table> tables, Map<String, Placement> placements) {
        Set<String> out = new LinkedHashSet<>();
        for (Placement p : List.of(Placement.REFERENCE, Placement.DISTRIBUTED, Placement.LOCAL)) {
            placements.entrySet().stream().filter(e -> e.getValue() == p)
                    .forEach(e -> visit(e.getKey(), tables, placements, p, out, new LinkedHashSet<>()));
        }
        return List.copyOf(out);
    }

    private static void visit(String name, Map<String, Table> tables, Map<String, Placement> placements,
                              Placement group, Set<String> out, Set<String> path) {
        if (out.contains(name) || !path.add(name)) {
            return; // placed, or a cycle (a self-reference such as org_unit.parent_id)
        }
        for (ForeignKey fk : tables.get(name).foreignKeys()) {
            if (placements.get(fk.refTable()) == group) {
                visit(fk.refTable(), tables, placements, group, out, path);
            }
        }
        out.add(name);
    }

    /** The tables of the connection's current schema, read from JDBC metadata (H2, PostgreSQL, Citus). */
    public static List<Table> read(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String schema = c.getSchema();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(c.getCatalog(), schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        List<Table> out = new ArrayList<>();
        for (String name : names) {
            Map<String, Boolean> nullable = new LinkedHashMap<>();
            try (ResultSet rs = md.getColumns(c.getCatalog(), schema, name, "%")) {
                while (rs.next()) {
                    nullable.put(lower(rs.getString("COLUMN_NAME")),
                            rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls);
                }
            }
            Map<String, List<String>> unique = new TreeMap<>();
            try (ResultSet rs = md.getIndexInfo(c.getCatalog(), schema, name, true, false)) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME");
                    if (column != null && !rs.getBoolean("NON_UNIQUE")) {
                        unique.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>()).add(lower(column));
                    }
                }
            }
            Map<String, ForeignKey> fks = new LinkedHashMap<>();
            try (ResultSet rs = md.getImportedKeys(c.getCatalog(), schema, name)) {
                while (rs.next()) {
                    String fkName = rs.getString("FK_NAME");
                    ForeignKey fk = fks.computeIfAbsent(fkName, k -> {
                        try {
                            return new ForeignKey(k, new ArrayList<>(), lower(rs.getString("PKTABLE_NAME")),
                                    new ArrayList<>());
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    fk.columns().add(lower(rs.getString("FKCOLUMN_NAME")));
                    fk.refColumns().add(lower(rs.getString("PKCOLUMN_NAME")));
                }
            }
            out.add(new Table(lower(name), nullable, List.copyOf(unique.values()), List.copyOf(fks.values())));
        }
        return out;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
