package cn.jifen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.Rankings;
import cn.jifen.honours.Subject;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.TotalsReading;
import cn.jifen.noticeboard.Board;
import cn.jifen.noticeboard.BoardView;
import cn.jifen.shared.Period;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Period totals benchmark (issue #17 goal 2) on PostgreSQL: a 2,000-household village with 3 years of postings
 * (bulk SQL straight into ledger_entry, then the month totals by the migration's backfill, then VACUUM ANALYZE:
 * autovacuum is off on this machine). Each figure is timed from the month totals (subject) and from the postings
 * themselves (baseline: the same code with {@link TotalsReading} off), interleaved: REPEATS rounds of
 * (baseline, subject), each a warm-up then SAMPLES timed calls; printed per mode: the median of the round medians,
 * their spread (min–max) and the ratio. Figures: the board assembled with its cache evicted before each call,
 * the 3-year ranking (the ledger's villageScores over the last 1,095 days, as bench/ledger measures it, and the
 * honours ranking of 3 calendar years), each also with CLIENTS concurrent callers (load).
 * Not a test: tagged "bench". Run bench/totals/run.sh. Knobs: BENCH_HOUSEHOLDS (2000), BENCH_POSTINGS (500000),
 * BENCH_REPEATS (3), BENCH_SAMPLES (15), BENCH_CLIENTS (4), BENCH_OUT.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class TotalsBenchmark extends Db {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    @Autowired OrgUnits orgUnits;
    @Autowired Ledger ledger;
    @Autowired Board board;
    @Autowired Rankings rankings;
    @Autowired TotalsReading reading;
    @Autowired JdbcTemplate jdbc;

    private PrintWriter out;

    @Test
    void totals() throws Exception {
        assertThat(TestDatabase.postgres()).as("run with -Ppostgres").isTrue();
        Path outFile = Path.of(env("BENCH_OUT", "target-bench/totals-bench.properties"));
        Files.createDirectories(outFile.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), true)) {
            out = w;
            OrgUnit village = setUp();
            long v = village.id();
            LocalDate today = LocalDate.now(ZONE);
            Period rolling = new Period(today.minusDays(1094), today);
            Period calendar = new Period(LocalDate.of(today.getYear() - 2, 1, 1), LocalDate.of(today.getYear(), 12, 31));
            int clients = envInt("BENCH_CLIENTS", 4);

            // same answers both ways before timing anything
            reading.use(false);
            Map<Long, Long> raw = ledger.villageScores(v, rolling);
            BoardView rawBoard = assemble(village);
            reading.use(true);
            assertThat(ledger.villageScores(v, rolling)).as("3-year scores").isEqualTo(raw);
            BoardView totalBoard = assemble(village);
            assertThat(totalBoard.monthTop()).as("board's month ranking").isEqualTo(rawBoard.monthTop());
            assertThat(totalBoard.yearTop()).as("board's year ranking").isEqualTo(rawBoard.yearTop());
            assertThat(totalBoard.yearTop()).as("a ranking with lines").isNotEmpty();
            Period year = Period.year(today.getYear());
            assertThat(rankings.topHouseholds(village, year, 10)).as("the board's top ten: the ranking's first lines")
                    .isEqualTo(rankings.rank(village, Subject.HOUSEHOLD, year, null).lines().stream()
                            .filter(l -> !l.ineligible() && l.score() > 0 && l.rank() <= 10).toList());
            log("same figures from the totals and from the postings: 3-year scores of %,d households, the board's rankings",
                    raw.size());

            compare("board.built", () -> assemble(village), 1);
            compare("rank3y.ledger", () -> ledger.villageScores(v, rolling), 1);
            compare("rank3y.ledger.load", () -> ledger.villageScores(v, rolling), clients);
            compare("rank3y.honours", () -> rankings.rank(village, Subject.HOUSEHOLD, calendar, null), 1);
            compare("rank3y.honours.load", () -> rankings.rank(village, Subject.HOUSEHOLD, calendar, null), clients);
            compare("board.built.load", () -> assemble(village), clients);
            reading.use(true);
        }
    }

    private BoardView assemble(OrgUnit village) {
        board.evict(village.id());
        return board.view(village.code());
    }

    /** Interleaved rounds of baseline (postings) and subject (totals); `clients` threads call concurrently. */
    private void compare(String figure, Callable<?> call, int clients) throws Exception {
        int repeats = envInt("BENCH_REPEATS", 3);
        int samples = envInt("BENCH_SAMPLES", 15);
        Map<String, List<Double>> medians = new LinkedHashMap<>();
        for (int r = 0; r < repeats; r++) {
            for (String mode : List.of("postings", "totals")) {
                reading.use(mode.equals("totals"));
                run(call, clients, 3);                               // warm-up
                double[] lat = run(call, clients, samples);
                Arrays.sort(lat);
                medians.computeIfAbsent(mode, k -> new ArrayList<>()).add(lat[lat.length / 2]);
            }
        }
        reading.use(true);
        double base = median(medians.get("postings"));
        double subj = median(medians.get("totals"));
        log("%-22s clients=%d  postings (baseline) median %8.1f ms [%s]   totals median %8.1f ms [%s]   ratio %.3f   load %s",
                figure, clients, base, spread(medians.get("postings")), subj, spread(medians.get("totals")), subj / base,
                load());
        say(figure + ".baseline.ms", fmt(base));
        say(figure + ".totals.ms", fmt(subj));
        say(figure + ".totals.spread", spread(medians.get("totals")));
        say(figure + ".baseline.spread", spread(medians.get("postings")));
        say(figure + ".load", load());
    }

    private static double[] run(Callable<?> call, int clients, int samplesPerClient) throws Exception {
        double[][] lat = new double[clients][samplesPerClient];
        Thread[] threads = new Thread[clients];
        Exception[] failure = new Exception[1];
        for (int c = 0; c < clients; c++) {
            int idx = c;
            threads[c] = new Thread(() -> {
                try {
                    for (int i = 0; i < samplesPerClient; i++) {
                        long s = System.nanoTime();
                        call.call();
                        lat[idx][i] = (System.nanoTime() - s) / 1e6;
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return Arrays.stream(lat).flatMapToDouble(Arrays::stream).toArray();
    }

    private OrgUnit setUp() {
        int n = envInt("BENCH_HOUSEHOLDS", 2000);
        int postings = envInt("BENCH_POSTINGS", 500_000);
        long t0 = System.nanoTime();
        OrgUnit village = BenchVillage.create(orgUnits, jdbc, "TT", "合计压测村", n, postings);
        long v = village.id();
        long entries = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE village_id = ?", Long.class, v);
        double insertSecs = (System.nanoTime() - t0) / 1e9;
        long t2 = System.nanoTime();
        jdbc.execute("VACUUM ANALYZE");
        long totals = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_period_total WHERE village_id = ?", Long.class, v);
        log("setup: %,d households, %,d postings (%,d ledger_entry rows) over 3 years by bulk SQL and "
                + "%,d month-total rows by the V40 backfill %.1f s; VACUUM ANALYZE %.1f s",
                n, postings, entries, totals, insertSecs, (System.nanoTime() - t2) / 1e9);
        say("setup.households", String.valueOf(n));
        say("setup.entries", String.valueOf(entries));
        say("setup.totals", String.valueOf(totals));
        return village;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static String spread(List<Double> xs) {
        return fmt(xs.stream().mapToDouble(Double::doubleValue).min().orElse(0)) + "–"
                + fmt(xs.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private void say(String key, String value) {
        out.println(key + "=" + value);
    }

    private void log(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("[bench] " + line);
        out.println("# " + line);
    }

    private static int envInt(String name, int dflt) {
        return Integer.parseInt(env(name, String.valueOf(dflt)));
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
