package cn.jifen.bench;

import cn.jifen.stats.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The statistics benchmark's data set (bench/stats/run.sh): a county of 100,000 households and 10,000,000 ledger
 * entries by bench/stats/generate.sql, its month totals by V40's backfill, the monthly rollup, then VACUUM ANALYZE.
 * run.sh names the database that keeps it after a fingerprint of this file, generate.sql, the migrations and the
 * rollup's code, so a change to any of them generates a new data set instead of measuring a stale one.
 */
final class StatsDataset {
    private final JdbcTemplate jdbc;
    private final Stats stats;
    private final Consumer<String> say;

    StatsDataset(JdbcTemplate jdbc, Stats stats, Consumer<String> say) {
        this.jdbc = jdbc;
        this.stats = stats;
        this.say = say;
    }

    /** Generates the whole data set into the (freshly migrated, empty) schema. */
    void generate() throws Exception {
        long t0 = System.nanoTime();
        String script = Files.readString(Path.of("bench/stats/generate.sql"));
        for (String statement : script.split(";\\s*\\n")) {
            String sql = Arrays.stream(statement.split("\n")).filter(l -> !l.strip().startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n").strip();
            if (!sql.isEmpty()) {
                long s = System.nanoTime();
                jdbc.execute(sql);
                say.accept(String.format("  %6.1f s  %s", (System.nanoTime() - s) / 1e9, sql.lines().findFirst().orElse("")));
            }
        }
        double genSeconds = (System.nanoTime() - t0) / 1e9;
        long entries = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry", Long.class);
        long households = jdbc.queryForObject("SELECT COUNT(*) FROM household", Long.class);
        say.accept(String.format("GENERATOR: %,d households, %,d ledger_entry rows (whole database) in %.1f s; ledger_entry %s",
                households, entries, genSeconds,
                jdbc.queryForObject("SELECT pg_size_pretty(pg_total_relation_size('ledger_entry'))", String.class)));

        buildTotals();
        long r0 = System.nanoTime();
        int months = stats.rollUp();
        say.accept(String.format("ROLLUP: %d months rolled up in %.1f s; verify against the ledger: %s", months,
                (System.nanoTime() - r0) / 1e9, stats.verifyRollup().isEmpty() ? "equal" : "DIFFERENT"));
        vacuumAnalyze();
    }

    /**
     * Autovacuum is off on this machine: statistics and the visibility map (which index-only scans need) as in
     * production. On a kept data set it finds little to do.
     */
    void vacuumAnalyze() {
        long a0 = System.nanoTime();
        jdbc.execute("VACUUM ANALYZE");
        say.accept(String.format("VACUUM ANALYZE of the whole database: %.1f s", (System.nanoTime() - a0) / 1e9));
    }

    /** The generator wrote ledger_entry directly, so the month totals are built by V40's backfill. */
    private void buildTotals() throws Exception {
        long t0 = System.nanoTime();
        jdbc.update("DELETE FROM ledger_period_total");
        String migration = Files.readString(Path.of("src/main/resources/db/migration/V40__ledger_period_totals.sql"));
        for (String st : migration.replaceAll("(?m)^--.*$", "").split(";")) {
            if (st.strip().startsWith("INSERT INTO ledger_period_total")) {
                jdbc.update(st.strip());
            }
        }
        jdbc.execute("VACUUM ANALYZE ledger_period_total");
        say.accept(String.format("TOTALS: %,d month-total rows built from the ledger by V40's backfill + VACUUM ANALYZE in %.1f s",
                jdbc.queryForObject("SELECT COUNT(*) FROM ledger_period_total", Long.class), (System.nanoTime() - t0) / 1e9));
    }
}
