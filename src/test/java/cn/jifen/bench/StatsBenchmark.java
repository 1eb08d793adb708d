package cn.jifen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.TotalsReading;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.stats.Exports;
import cn.jifen.stats.Figures;
import cn.jifen.stats.Stats;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.TestDatabase;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Statistics benchmark (bench/stats/run.sh): on a county of 100,000 households and 10,000,000 ledger entries
 * ({@link StatsDataset}: generated, or a copy of the kept data set with BENCH_MODE=reuse, then VACUUM ANALYZE).
 * Issue #17's figures: the county's and a town's dashboard from the ledger's month totals against the
 * same dashboard from the monthly rollup read from the database (no in-memory copy), interleaved rounds
 * ({@link #measure}): for the closed year 2025, for 1 January–7 December with postings after it (INFO; not with
 * --quick), and for
 * this year to date as the county stands on 7 December ({@link #yearToDate}). Unless BENCH_QUICK=1, also the
 * older figures: the rollup with its in-memory copy, the raw ledger, a COUNT(*) of the year's passbook legs and the
 * CSV export of the county's year ledger with its heap.
 */
@Tag("bench")
@IntegrationTest
@TestPropertySource(properties = {"jifen.stats.rollup=true", "jifen.stats.rollup-initial-delay-ms=86400000"})
class StatsBenchmark extends Db {
    @Autowired Stats stats;
    @Autowired Exports exports;
    @Autowired OrgUnits orgUnits;
    @Autowired JdbcTemplate jdbc;
    @Autowired TotalsReading totalsReading;

    static void say(String s) {
        System.out.println("[bench] " + s);
    }

    @Test
    void dashboards() throws Exception {
        assertThat(TestDatabase.postgres()).as("run with -Ppostgres").isTrue();
        say("database " + jdbc.queryForObject("SELECT current_database() || ' / schema ' || current_schema()", String.class));
        StatsDataset dataset = new StatsDataset(jdbc, stats, StatsBenchmark::say);
        switch (MODE) {
            case "prepare" -> {   // run.sh --prepare: the data set only, kept for later runs
                dataset.generate();
                return;
            }
            case "reuse" -> dataset.vacuumAnalyze();   // a copy of the kept data set
            default -> dataset.generate();
        }
        OrgUnit county = orgUnits.byCode("990000").orElseThrow();
        OrgUnit town = orgUnits.byCode("990000101").orElseThrow();
        Period year = Period.year(2025);
        Actor admin = Actors.of(Role.COUNTY_ADMIN, county);
        assertThat(stats.summary(admin, "990000", year.from(), year.to()).postings()).isEqualTo(5_000_000L);

        for (OrgUnit u : List.of(county, town)) {
            measure(name(u, county) + ".closedYear", u, Period.year(2025));
        }
        if (!QUICK) {   // INFO only, and the slowest figure: the full run measures it, --quick keeps to the goals
            for (OrgUnit u : List.of(county, town)) {   // days of a month with postings after them: the month less the rest
                measure(name(u, county) + ".toDec7LaterPostings", u, new Period(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 7)));
            }
        }
        if (QUICK) {
            yearToDate(county, town);
            withoutCountIndexes(county, town);
            return;
        }
        totalsReading.use(false);   // what follows measures the rollup and the raw ledger as before the totals

        String baselineSql = """
                SELECT COUNT(*) FROM ledger_entry WHERE village_id IN (SELECT id FROM org_unit WHERE path LIKE ? AND level = 'VILLAGE')
                AND posted_on BETWEEN ? AND ? AND leg_no = 0""";
        for (OrgUnit u : List.of(county, town)) {
            String name = u.equals(county) ? "county" : "town";
            double base = median(() -> jdbc.queryForObject(baselineSql, Long.class, u.path() + "%", year.from(), year.to()));
            stats.useRollup(true);
            stats.cacheRolledMonths(false);
            double uncached = median(() -> dashboard(u, year));
            say(String.format("%s dashboard, year 2025 (median of 15): %.1f ms with the monthly rollup read from the database",
                    name, uncached));
            stats.cacheRolledMonths(true);
            double rolled = median(() -> dashboard(u, year));
            long[] parts = new long[5];
            for (int i = 0; i < 5; i++) {
                long a = System.nanoTime();
                switch (i) {
                    case 0 -> stats.figures(u, year);
                    case 1 -> stats.compare(u, year);
                    case 2 -> stats.monthly(u, year);
                    case 3 -> stats.byCategory(u, year);
                    default -> stats.byItem(u, year);
                }
                parts[i] = (System.nanoTime() - a) / 1_000_000;
            }
            say(String.format("%s parts (ms): figures %d, compare %d, monthly %d, byCategory %d, byItem %d", name,
                    parts[0], parts[1], parts[2], parts[3], parts[4]));
            say(String.format("%s dashboard, year 2025 (warm median of 15): %.1f ms with the rolled-up months kept in memory;"
                    + " baseline COUNT(*) of the year's passbook legs: %.1f ms", name, rolled, base));
            long q0 = System.nanoTime();
            stats.figures(u, year);
            say(String.format("%s headline figures alone: %.1f ms", name, (System.nanoTime() - q0) / 1e6));
            stats.useRollup(false);
            double raw = median(() -> dashboard(u, year), 0, 1);
            stats.useRollup(true);
            say(String.format("%s dashboard on the raw ledger, no rollup (one run): %.1f ms", name, raw));
        }
        Figures f = stats.figures(county, year);
        say(String.format("county 2025: issued %,d deducted %,d redeemed %,d outstanding %,d postings %,d passbooks %,d",
                f.pointsIssued(), f.pointsDeducted(), f.pointsRedeemed(), f.pointsOutstanding(), f.postings(),
                f.passbooksIssued()));

        if (!"0".equals(System.getenv().getOrDefault("BENCH_EXPORT", "1"))) {
            Exports.Job job = exports.job(admin, "ledger", "csv", "990000", year.from(), year.to());
            AtomicLong bytes = new AtomicLong();
            long[] peak = {0};
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Runtime rt = Runtime.getRuntime();
                    peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long e0 = System.nanoTime();
            long rows = exports.write(job, new OutputStream() {
                @Override
                public void write(int b) {
                    bytes.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.addAndGet(len);
                }
            });
            sampler.interrupt();
            say(String.format("EXPORT county ledger 2025 as CSV: %,d rows, %,d MB in %.1f s; heap max %d MB, peak used %d MB",
                    rows, bytes.get() >> 20, (System.nanoTime() - e0) / 1e9, Runtime.getRuntime().maxMemory() >> 20,
                    peak[0] >> 20));
        }
        totalsReading.use(true);
        yearToDate(county, town);
        withoutCountIndexes(county, town);
    }

    /**
     * The directory's count indexes (V52) against the same dashboard without them (the counts read the tables'
     * rows, as before V52), year to date from the month totals: BENCH_REPEATS interleaved rounds of (indexes dropped,
     * indexes created again by V52's own statements), each 2 warm-up calls and the median of 7.
     */
    private void withoutCountIndexes(OrgUnit county, OrgUnit town) throws Exception {
        String migration = Files.readString(Path.of("src/main/resources/db/migration/V52__directory_count_indexes.sql"))
                .replaceAll("(?m)^--.*$", "");
        List<String> creates = Arrays.stream(migration.split(";")).map(String::strip)
                .filter(st -> st.startsWith("CREATE INDEX")).toList();
        List<String> drops = creates.stream().map(st -> "DROP INDEX " + st.split("\\s+")[2]).toList();
        int repeats = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPEATS", "3"));
        Period p = new Period(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 7));
        totalsReading.use(true);
        for (OrgUnit u : List.of(county, town)) {
            String figure = name(u, county) + ".yearToDate.withoutCountIndexes";
            List<Double> without = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                drops.forEach(jdbc::execute);
                jdbc.execute("ANALYZE household, resident, passbook");
                without.add(median(() -> dashboard(u, p), 2, 7));
                creates.forEach(jdbc::execute);
                jdbc.execute("ANALYZE household, resident, passbook");
                with.add(median(() -> dashboard(u, p), 2, 7));
            }
            double b = mid(without);
            double t = mid(with);
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            say(String.format(Locale.ROOT, "%-28s dashboard %s..%s: with V52's count indexes %.1f ms [%.1f–%.1f]; "
                    + "without them %.1f ms [%.1f–%.1f]; ratio %.3f; load %s", figure, p.from(), p.to(), t, min(with),
                    max(with), b, min(without), max(without), t / b, load));
            result(figure + ".ms", String.format(Locale.ROOT, "%.1f", t));
            result(figure + ".spread", String.format(Locale.ROOT, "%.1f–%.1f", min(with), max(with)));
            result(figure + ".baseline.ms", String.format(Locale.ROOT, "%.1f", b));
            result(figure + ".baseline.spread", String.format(Locale.ROOT, "%.1f–%.1f", min(without), max(without)));
            result(figure + ".ratio", String.format(Locale.ROOT, "%.3f", t / b));
            result(figure + ".load", load);
        }
    }

    private static final boolean QUICK = "1".equals(System.getenv("BENCH_QUICK"));
    /** BENCH_MODE (run.sh): prepare = generate the data set only; reuse = measure a copy of a kept one; else both. */
    private static final String MODE = System.getenv().getOrDefault("BENCH_MODE", "generate");

    private static String name(OrgUnit u, OrgUnit county) {
        return u.equals(county) ? "county" : "town";
    }

    /**
     * This year to date, as the county stands on 7 December of the data's year: the postings dated after it (the
     * generator wrote some up to mid-December) are removed and December's month totals rebuilt from what is left,
     * so "today" has no postings after it, as in a running county. Whole months and the month so far come from the
     * totals; the baseline reads the rolled-up months and the days of December from the postings.
     */
    private void yearToDate(OrgUnit county, OrgUnit town) throws Exception {
        long t0 = System.nanoTime();
        LocalDate today = LocalDate.of(2025, 12, 7);
        int removed = jdbc.update("DELETE FROM ledger_entry WHERE posted_on > ?", today);
        jdbc.update("DELETE FROM ledger_period_total WHERE month_start = ?", today.withDayOfMonth(1));
        String migration = Files.readString(Path.of("src/main/resources/db/migration/V40__ledger_period_totals.sql"));
        for (String st : migration.replaceAll("(?m)^--.*$", "").split(";")) {
            if (st.strip().startsWith("INSERT INTO ledger_period_total")) {
                jdbc.update(st.strip().replace("WHERE leg_no = 0", "WHERE posted_on >= DATE '2025-12-01' AND leg_no = 0"));
            }
        }
        jdbc.execute("VACUUM ANALYZE ledger_entry");
        jdbc.execute("VACUUM ANALYZE ledger_period_total");
        say(String.format("YEAR TO DATE: %,d ledger_entry rows dated after %s removed, December's totals rebuilt, VACUUM ANALYZE: %.1f s",
                removed, today, (System.nanoTime() - t0) / 1e9));
        for (OrgUnit u : List.of(county, town)) {
            measure(name(u, county) + ".yearToDate", u, new Period(LocalDate.of(2025, 1, 1), today));
        }
    }

    /**
     * One figure: the dashboard (figures, comparison, months, categories, items) of a unit for a period from the
     * ledger's month totals (subject) against the same dashboard from the monthly rollup read from the database
     * with no in-memory copy (baseline: the path before the totals), after checking both give the same figures;
     * BENCH_REPEATS interleaved rounds of (baseline, subject), each 2 warm-up calls and the median of 7.
     */
    private void measure(String figure, OrgUnit u, Period p) throws Exception {
        int repeats = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPEATS", "3"));
        totalsReading.use(false);
        stats.useRollup(true);
        stats.cacheRolledMonths(false);
        Figures before = stats.figures(u, p);
        List<Stats.Line> itemsBefore = stats.byItem(u, p);
        List<Stats.Row> rowsBefore = stats.compare(u, p);
        totalsReading.use(true);
        assertThat(stats.figures(u, p)).as("same figures from the totals").isEqualTo(before);
        assertThat(stats.byItem(u, p)).as("same items from the totals").isEqualTo(itemsBefore);
        assertThat(stats.compare(u, p)).as("same comparison from the totals").isEqualTo(rowsBefore);
        List<Double> base = new ArrayList<>();
        List<Double> subject = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            totalsReading.use(false);
            base.add(median(() -> dashboard(u, p), 2, 7));
            totalsReading.use(true);
            subject.add(median(() -> dashboard(u, p), 2, 7));
        }
        double b = mid(base);
        double t = mid(subject);
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        say(String.format(Locale.ROOT, "%-28s dashboard %s..%s: month totals %.1f ms [%.1f–%.1f]; baseline "
                + "rollup from the database %.1f ms [%.1f–%.1f]; ratio %.3f; load %s", figure, p.from(), p.to(),
                t, min(subject), max(subject), b, min(base), max(base), t / b, load));
        result(figure + ".ms", String.format(Locale.ROOT, "%.1f", t));
        result(figure + ".spread", String.format(Locale.ROOT, "%.1f–%.1f", min(subject), max(subject)));
        result(figure + ".baseline.ms", String.format(Locale.ROOT, "%.1f", b));
        result(figure + ".baseline.spread", String.format(Locale.ROOT, "%.1f–%.1f", min(base), max(base)));
        result(figure + ".ratio", String.format(Locale.ROOT, "%.3f", t / b));
        result(figure + ".load", load);
        stats.cacheRolledMonths(true);
    }

    /** A key=value line for bench/stats/run.sh, which prints the RESULT lines (bench/lib/result.sh). */
    private static void result(String key, String value) throws Exception {
        String out = System.getenv("BENCH_OUT");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), key + "=" + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static double mid(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private void dashboard(OrgUnit u, Period p) {
        stats.figures(u, p);
        stats.compare(u, p);
        stats.monthly(u, p);
        Stats.categoriesOf(stats.byItem(u, p));   // as the dashboard page and the breakdown API: items read once
    }

    private static double median(Runnable r) {
        return median(r, 3, 15);
    }

    private static double median(Runnable r, int warm, int runs) {
        return median(() -> {
            r.run();
            return null;
        }, warm, runs);
    }

    private static double median(Supplier<?> s) {
        return median(s, 3, 15);
    }

    private static double median(Supplier<?> s, int warm, int runs) {
        for (int i = 0; i < warm; i++) {
            s.get();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            s.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(null);
        return ms.get(ms.size() / 2);
    }
}
