package cn.jifen.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rebuilds a village's month totals (ledger_period_total) with the migration's own backfill, for benchmarks
 * that write or backdate ledger_entry rows directly (the ledger keeps the totals only for what it posts).
 */
final class BenchTotals {
    private BenchTotals() { }

    static void rebuild(JdbcTemplate jdbc, long villageId) {
        String migration;
        try {
            migration = new ClassPathResource("db/migration/V40__ledger_period_totals.sql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> backfill = Arrays.stream(migration.replaceAll("(?m)^--.*$", "").split(";"))
                .map(String::strip).filter(s -> s.startsWith("INSERT INTO ledger_period_total")).toList();
        jdbc.update("DELETE FROM ledger_period_total WHERE village_id = ?", villageId);
        for (String s : backfill) {
            jdbc.update(s.replace("WHERE leg_no = 0", "WHERE village_id = " + villageId + " AND leg_no = 0")
                    .replace("WHERE resident_id = 0", "WHERE village_id = " + villageId + " AND resident_id = 0"));
        }
    }
}
