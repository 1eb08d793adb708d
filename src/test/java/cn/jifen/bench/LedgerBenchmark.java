package cn.jifen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.VerifyReport;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.TestDatabase;
import com.sun.management.OperatingSystemMXBean;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Ledger benchmark on PostgreSQL, through the real service layer ({@link Ledger#post}/{@link Ledger#postAll}:
 * account locks, idempotency check, SHA-256 hash chain, double-entry legs). Not a test: tagged "bench", excluded
 * from ordinary builds. Run it with bench/ledger/run.sh, which also runs the pgbench baseline and prints the
 * comparison. Knobs (environment): BENCH_SECONDS (per client level, default 20), BENCH_CLIENTS ("1,8,32"),
 * BENCH_VILLAGES (100), BENCH_HOUSEHOLDS (50 per village), BENCH_BATCH (10000), BENCH_RANK_HOUSEHOLDS (2000),
 * BENCH_REPEATS (3 batch awards of each kind), BENCH_RANK_POSTINGS (500000), BENCH_WHATIF_INDEX (1: also time the ranking with a covering index),
 * BENCH_PHASES ("throughput,batch,ranking"), BENCH_OUT (file receiving key=value results for run.sh).
 */
@IntegrationTest
@Tag("bench")
class LedgerBenchmark extends Db {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** The statement of LedgerSql.villageScores, for EXPLAIN (keep in step with it). */
    private static final String RANKING_SQL = """
            SELECT household_id, SUM(score_delta) AS score FROM ledger_entry
            WHERE village_id = ? AND posted_on BETWEEN ? AND ? AND leg_no = 0
            GROUP BY household_id ORDER BY score DESC, household_id""";

    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired OrgUnits orgUnits;
    @Autowired JdbcTemplate jdbc;

    private Actor countyAdmin;
    private Actor operator;
    private PrintWriter out;

    @Test
    void ledger() throws Exception {
        assertThat(TestDatabase.postgres()).as("run with -Ppostgres").isTrue();
        Path outFile = Path.of(env("BENCH_OUT", "target-bench/ledger-bench.properties"));
        Files.createDirectories(outFile.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), true)) {
            out = w;
            OrgUnit county = orgUnits.byCode("441821").orElseThrow();
            countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
            operator = new Actor(-1, "bench", "压测", Role.COUNTY_ADMIN, county.id(), county.path(), null, "127.0.0.1");
            say("jifen.jdbc", jdbc.queryForObject("SELECT current_database() || ' / schema ' || current_schema()", String.class));
            say("jifen.pool", jdbc.getDataSource() instanceof HikariDataSource h
                    ? String.valueOf(h.getMaximumPoolSize()) : "?");
            List<String> phases = List.of(env("BENCH_PHASES", "throughput,batch,ranking").split(","));
            if (phases.contains("throughput")) {
                throughput();
            }
            if (phases.contains("batch")) {
                batchAward();
            }
            if (phases.contains("ranking")) {
                ranking();
            }
        }
    }

    // ---- b. concurrent postings ----

    private void throughput() throws InterruptedException {
        int villages = envInt("BENCH_VILLAGES", 100);
        int perVillage = envInt("BENCH_HOUSEHOLDS", 50);
        int seconds = envInt("BENCH_SECONDS", 20);
        long t0 = System.nanoTime();
        long[] villageIds = new long[villages];
        long[][] households = new long[villages][];
        for (int v = 0; v < villages; v++) {
            OrgUnit village = village("T" + v);
            villageIds[v] = village.id();
            households[v] = insertHouseholds(village, perVillage);
            List<PostingRequest> seed = new ArrayList<>();
            for (long h : households[v]) {
                seed.add(PostingRequest.earn(village.id(), h, 10_000, "初始积分", "seed-" + UUID.randomUUID()));
            }
            ledger.postAll(operator, seed);
        }
        log("setup: %d villages x %d households, seeded with 10,000 points each, in %.1f s", villages, perVillage,
                secs(t0));
        String autovacuum = jdbc.queryForObject("SHOW autovacuum", String.class);
        log("autovacuum=%s on this server: the benchmark runs VACUUM ANALYZE on the ledger tables after each setup step "
                + "and before each client level (as pgbench vacuums before each run)", autovacuum);
        log("warm-up: 8 clients x 5 s (not counted)");
        vacuumAnalyze();
        run(8, 5, villageIds, households);
        for (String c : env("BENCH_CLIENTS", "1,8,32").split(",")) {
            int clients = Integer.parseInt(c.strip());
            vacuumAnalyze();
            Result r = run(clients, seconds, villageIds, households);
            say("jifen.tps." + clients, String.format(Locale.ROOT, "%.1f", r.perSecond()));
            log("jifen posting  clients=%-3d postings/s=%8.1f  committed=%d  refused(insufficient)=%d  errors=%d  "
                            + "latency ms p50=%.2f p95=%.2f p99=%.2f max=%.1f", clients, r.perSecond(), r.ok, r.refused,
                    r.errors, r.pct(50), r.pct(95), r.pct(99), r.pct(100));
            long tx = Math.max(1, r.ok + r.refused + r.errors);
            say("jifen.cpu." + clients, String.format(Locale.ROOT, "%.0f/%.0f", r.cpu.jvmMillis() * 1000.0 / tx,
                    r.cpu.pgMillis() * 1000.0 / tx));
            log("               CPU per posting: JVM %.0f us, PostgreSQL %.0f us; CPU busy %.0f%% of %d cores",
                    r.cpu.jvmMillis() * 1000.0 / tx, r.cpu.pgMillis() * 1000.0 / tx,
                    100.0 * (r.cpu.jvmMillis() + r.cpu.pgMillis()) / (r.seconds * 1000 * Runtime.getRuntime().availableProcessors()),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private record Result(long ok, long refused, long errors, double seconds, long[] latencies, Cpu cpu) {
        double perSecond() {
            return ok / seconds;
        }

        double pct(double p) {
            if (latencies.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
        }
    }

    /** N clients, each posting one request at a time (70% EARN, 30% REDEEM, fresh keys) for the given time. */
    private Result run(int clients, int seconds, long[] villageIds, long[][] households) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] perThread = new long[clients][];
        int[] counts = new int[clients];
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        long[] window = new long[2];
        for (int c = 0; c < clients; c++) {
            int me = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    start.await();
                    long end = window[1];
                    while (System.nanoTime() < end) {
                        int v = rnd.nextInt(villageIds.length);
                        long h = households[v][rnd.nextInt(households[v].length)];
                        boolean earn = rnd.nextInt(10) < 7;
                        PostingRequest r = PostingRequest.of(villageIds[v], h, earn ? PostingKind.EARN : PostingKind.REDEEM,
                                1 + rnd.nextInt(20), earn ? "清洁家园" : "兑换洗衣粉", "b-" + UUID.randomUUID());
                        long s = System.nanoTime();
                        try {
                            ledger.post(operator, r);
                            ok.incrementAndGet();
                        } catch (Conflict e) {
                            refused.incrementAndGet();
                        } catch (RuntimeException e) {
                            if (errors.incrementAndGet() <= 3) {
                                e.printStackTrace();
                            }
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - s;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    perThread[me] = mine;
                    counts[me] = n;
                    done.countDown();
                }
            }, "bench-client-" + c);
            t.start();
        }
        Cpu.Mark cpu0 = Cpu.mark();
        window[0] = System.nanoTime();
        window[1] = window[0] + seconds * 1_000_000_000L;
        start.countDown();
        done.await();
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        Cpu cpu = cpu0.since();
        int total = 0;
        for (int n : counts) {
            total += n;
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perThread[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(ok.get(), refused.get(), errors.get(), elapsed, all, cpu);
    }

    // ---- c. batch award ----

    /**
     * The batch award: after a warm-up award (not counted), BENCH_REPEATS (3) times a new village of BENCH_BATCH
     * (10,000) households gets its first award (which creates the passbook accounts) and then a second one (the
     * accounts exist), with VACUUM ANALYZE before each; prints each time with the load, then median and spread.
     * CPU is counted for this JVM's posting thread and for this database's PostgreSQL backends only (from /proc),
     * so the other work on a shared machine is not charged to the award.
     */
    private void batchAward() {
        int n = envInt("BENCH_BATCH", 10_000);
        int repeats = Math.max(1, envInt("BENCH_REPEATS", 3));
        say("jifen.batch.size", String.format(Locale.ROOT, "%,d", n));
        say("jifen.batch.repeats", String.valueOf(repeats));
        OrgUnit warm = village("W");
        long[] warmHouseholds = insertHouseholds(warm, Math.min(n, 2_000));
        vacuumAnalyze();
        award(warm, warmHouseholds, 1);
        award(warm, warmHouseholds, 2);
        log("batch award    warm-up: first and second award of %,d households in a village of their own (not counted)",
                warmHouseholds.length);
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        List<Double> firstCpu = new ArrayList<>();
        List<Double> secondCpu = new ArrayList<>();
        OrgUnit village = null;
        for (int rep = 1; rep <= repeats; rep++) {
            village = village("A");
            long[] households = insertHouseholds(village, n);
            for (int round = 1; round <= 2; round++) {
                vacuumAnalyze();
                Timed t = award(village, households, round);
                (round == 1 ? first : second).add(t.seconds);
                (round == 1 ? firstCpu : secondCpu).add(t.threadCpu + t.backendCpu);
                log("batch award    repeat %d, %s: %.3f s = %,.0f postings/s; CPU posting thread %.2f s + its PostgreSQL "
                                + "backends %.2f s (whole JVM %.2f s, all PostgreSQL %.2f s); load %s", rep,
                        round == 1 ? String.format(Locale.ROOT, "first award (creates the %,d passbook accounts)", n)
                                : "second award (accounts exist)", t.seconds, n / t.seconds, t.threadCpu, t.backendCpu,
                        t.all.jvmMillis() / 1e3, t.all.pgMillis() / 1e3, load());
            }
        }
        for (int round = 1; round <= 2; round++) {
            List<Double> times = round == 1 ? first : second;
            List<Double> cpu = round == 1 ? firstCpu : secondCpu;
            say("jifen.batch" + round + ".seconds", String.format(Locale.ROOT, "%.3f", median(times)));
            say("jifen.batch" + round + ".min", String.format(Locale.ROOT, "%.3f", Collections.min(times)));
            say("jifen.batch" + round + ".max", String.format(Locale.ROOT, "%.3f", Collections.max(times)));
            say("jifen.batch" + round + ".perSecond", String.format(Locale.ROOT, "%.0f", n / median(times)));
            say("jifen.batch" + round + ".cpu", String.format(Locale.ROOT, "%.3f", median(cpu)));
            log("batch award    %s, median of %d: %.3f s (min %.3f, max %.3f) = %,.0f postings/s; CPU (thread + backends) "
                            + "median %.2f s", round == 1 ? "first award" : "second award", times.size(), median(times),
                    Collections.min(times), Collections.max(times), n / median(times), median(cpu));
        }
        jdbc.queryForObject("SELECT 'bench marker: verify'", String.class);
        long t0 = System.nanoTime();
        VerifyReport report = verifier.verify(village.id());
        double vs = secs(t0);
        say("jifen.batch.verify.intact", String.valueOf(report.intact()));
        say("jifen.batch.verify.entries", String.valueOf(report.entriesChecked()));
        log("verify         village of the last repeat: intact=%s entriesChecked=%,d accountsChecked=%,d in %.2f s%s",
                report.intact(), report.entriesChecked(), report.accountsChecked(), vs,
                report.intact() ? "" : " PROBLEM: " + report.problem());
    }

    private record Timed(double seconds, double threadCpu, double backendCpu, Cpu all) { }

    /** One award of 10 points to every household, timed with its CPU. */
    private Timed award(OrgUnit village, long[] households, int round) {
        List<PostingRequest> award = new ArrayList<>(households.length);
        for (long h : households) {
            award.add(PostingRequest.earn(village.id(), h, 10, "年度文明户评比奖励", "award-" + round + "-" + UUID.randomUUID()));
        }
        jdbc.queryForObject("SELECT 'bench marker: award " + round + "'", String.class); // for statement logs
        Cpu.Mark cpu0 = Cpu.mark();
        long backends0 = backendTicks();
        long threadCpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        List<Posting> done = ledger.postAll(operator, award);
        double s = secs(t0);
        long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu0;
        long backends = backendTicks() - backends0;
        Cpu cpu = cpu0.since();
        assertThat(done).hasSize(households.length).noneMatch(Posting::replayed);
        return new Timed(s, threadCpu / 1e9, backends / 100.0, cpu);
    }

    /** CPU ticks (1/100 s) of the PostgreSQL backends connected to this database: the pool's connections. */
    private long backendTicks() {
        long t = 0;
        for (Integer pid : jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
                Integer.class)) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                t += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                // not on this machine, or the backend ended meanwhile
            }
        }
        return t;
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    // ---- d. ranking ----

    private void ranking() {
        int householdCount = envInt("BENCH_RANK_HOUSEHOLDS", 2_000);
        int postings = envInt("BENCH_RANK_POSTINGS", 500_000);
        say("jifen.rank.households", String.format(Locale.ROOT, "%,d", householdCount));
        OrgUnit village = village("R");
        long v = village.id();
        long[] households = insertHouseholds(village, householdCount);
        long[] balances = new long[householdCount];
        Random rnd = new Random(7);
        long t0 = System.nanoTime();
        int made = 0;
        int batchNo = 0;
        while (made < postings) {
            int size = Math.min(householdCount, postings - made);
            List<PostingRequest> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int k = rnd.nextInt(100);
                long p;
                PostingKind kind;
                if (k < 10 && balances[i] >= 3) {
                    kind = PostingKind.REDEEM;
                    p = 1 + rnd.nextInt(3);
                    balances[i] -= p;
                } else if (k < 15) {
                    kind = PostingKind.DEDUCT;
                    p = 1 + rnd.nextInt(5);
                    balances[i] -= Math.min(balances[i], p);
                } else {
                    kind = PostingKind.EARN;
                    p = 1 + rnd.nextInt(20);
                    balances[i] += p;
                }
                PostingRequest r = PostingRequest.of(v, households[i], kind, p, "历史" + kind, "hist-" + batchNo + "-" + i);
                batch.add(kind == PostingKind.DEDUCT ? r.withReason("历史扣分") : r);
            }
            ledger.postAll(operator, batch);
            made += size;
            batchNo++;
            if (batchNo == 1 || batchNo % 50 == 0) {
                vacuumAnalyze(); // what autovacuum would do
            }
            if (batchNo % 25 == 0) {
                log("  history: %,d / %,d postings (%.0f s)", made, postings, secs(t0));
            }
        }
        double gen = secs(t0);
        log("ranking setup  %,d postings (%,d ledger_entry rows) for %,d households via postAll x %d: %.1f s = %,.0f postings/s",
                made, 2L * made, householdCount, batchNo, gen, made / gen);
        say("jifen.history.perSecond", String.format(Locale.ROOT, "%.0f", made / gen));
        say("jifen.rank.postings", String.format(Locale.ROOT, "%,d", made));
        t0 = System.nanoTime();
        // spread over 3 years: both legs of a posting get the same day (chosen from its id). This rewrites
        // posted_on/created_at behind the ledger's back, so this village's hash chains no longer verify.
        int updated = jdbc.update("""
                UPDATE ledger_entry SET posted_on = posted_on - mod(abs(hashtext(posting_id::text)), 1095),
                    created_at = created_at - make_interval(days => mod(abs(hashtext(posting_id::text)), 1095))
                WHERE village_id = ?""", v);
        BenchTotals.rebuild(jdbc, v);   // the month totals follow the backdated entries
        jdbc.execute("VACUUM ANALYZE ledger_entry");
        jdbc.execute("VACUUM ANALYZE ledger_period_total");
        log("ranking setup  backdated %,d rows over 1,095 days + VACUUM ANALYZE: %.1f s "
                + "(NOTE: this breaks the hash chains of this throwaway village; ranking only)", updated, secs(t0));
        Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry", Long.class);
        String size = jdbc.queryForObject("SELECT pg_size_pretty(pg_total_relation_size('ledger_entry'))", String.class);
        log("ledger_entry   %,d rows in total (all villages), %s with indexes", rows, size);

        LocalDate today = LocalDate.now(ZONE);
        Period oneYear = new Period(today.minusDays(364), today);
        Period threeYears = new Period(today.minusDays(1094), today);
        timeRanking(v, "1y", oneYear, householdCount);
        timeRanking(v, "3y", threeYears, householdCount);
        explain(v, oneYear, "1 year");
        explain(v, threeYears, "3 years");
        explainGeneric(v, threeYears);
        if ("1".equals(env("BENCH_WHATIF_INDEX", "0"))) {
            // what-if, on the scratch database only: a covering index allowing an index-only scan
            jdbc.execute("CREATE INDEX bench_ix_ranking ON ledger_entry (village_id, posted_on) "
                    + "INCLUDE (household_id, score_delta) WHERE leg_no = 0");
            jdbc.execute("VACUUM ANALYZE ledger_entry");
            log("what-if        CREATE INDEX (village_id, posted_on) INCLUDE (household_id, score_delta) WHERE leg_no = 0:");
            timeRanking(v, "1y.whatif", oneYear, householdCount);
            timeRanking(v, "3y.whatif", threeYears, householdCount);
            explain(v, threeYears, "3 years, with the what-if index");
            jdbc.execute("DROP INDEX bench_ix_ranking");
        }
    }

    private void timeRanking(long v, String label, Period period, int households) {
        for (int i = 0; i < 3; i++) {
            ledger.villageScores(v, period);
        }
        long[] ms = new long[20];
        int size = 0;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Map<Long, Long> scores = ledger.villageScores(v, period);
            ms[i] = System.nanoTime() - t0;
            size = scores.size();
        }
        Arrays.sort(ms);
        double median = (ms[9] + ms[10]) / 2e6;
        say("jifen.rank." + label + ".ms", String.format(Locale.ROOT, "%.1f", median));
        log("ranking %-10s villageScores %s..%s: median %.1f ms (min %.1f, max %.1f) over 20 warm runs, %,d of %,d households ranked",
                label, period.from(), period.to(), median, ms[0] / 1e6, ms[19] / 1e6, size, households);
    }

    private void explain(long v, Period p, String label) {
        List<String> plan = jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + RANKING_SQL, String.class, v, p.from(), p.to());
        log("EXPLAIN ANALYZE of the ranking, %s:", label);
        for (String line : plan) {
            log("    %s", line);
        }
    }

    /**
     * The plan the service really runs once pgjdbc has switched the statement to a server-side prepared one
     * (after 5 executions) and PostgreSQL to its generic plan: EXPLAIN with literals shows a custom plan instead.
     */
    private void explainGeneric(long v, Period p) {
        String prepared = RANKING_SQL.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2").replaceFirst("\\?", "\\$3");
        List<String> plan = jdbc.execute((ConnectionCallback<List<String>>) con -> {
            List<String> lines = new ArrayList<>();
            try (Statement st = con.createStatement()) {
                st.execute("SET plan_cache_mode = force_generic_plan");
                st.execute("PREPARE bench_rank(bigint, date, date) AS " + prepared);
                try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_rank(" + v + ", '"
                        + p.from() + "', '" + p.to() + "')")) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            } finally {
                try (Statement st = con.createStatement()) {
                    st.execute("DEALLOCATE bench_rank");
                    st.execute("RESET plan_cache_mode");
                }
            }
            return lines;
        });
        log("EXPLAIN ANALYZE of the ranking, 3 years, GENERIC plan (what a server-prepared statement gets):");
        for (String line : plan) {
            log("    %s", line);
        }
    }

    // ---- setup helpers ----

    /** CPU used by this JVM and by all PostgreSQL processes (from /proc; includes exited backends via the postmaster). */
    record Cpu(double jvmMillis, double pgMillis) {
        record Mark(long jvmNanos, long pgTicks) {
            Cpu since() {
                Mark now = mark();
                return new Cpu((now.jvmNanos - jvmNanos) / 1e6, (now.pgTicks - pgTicks) * 10.0);
            }
        }

        static Mark mark() {
            long jvm = ((OperatingSystemMXBean) ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            return new Mark(jvm, pgTicks());
        }

        /** utime+stime+cutime+cstime of every process named postgres, in clock ticks (USER_HZ = 100). */
        static long pgTicks() {
            long t = 0;
            File[] procs = new File("/proc").listFiles((d, name) -> name.chars().allMatch(Character::isDigit));
            for (File p : procs == null ? new File[0] : procs) {
                try {
                    if (!Files.readString(p.toPath().resolve("comm")).strip().equals("postgres")) {
                        continue;
                    }
                    String stat = Files.readString(p.toPath().resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    t += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
            return t;
        }
    }

    private void vacuumAnalyze() {
        jdbc.execute("VACUUM ANALYZE ledger_account, ledger_entry, ledger_period_total");
    }

    private OrgUnit village(String prefix) {
        OrgUnit village = orgUnits.create(countyAdmin, "441821100", Actors.code("B" + prefix), "压测村" + prefix, "VILLAGE");
        orgUnits.create(countyAdmin, village.code(), village.code() + "-G", "压测网格", null);
        return village;
    }

    /** Households straight into the table (Households.create per row is far too slow for 10,000). */
    private long[] insertHouseholds(OrgUnit village, int n) {
        long grid = orgUnits.gridsOf(village).get(0).id();
        jdbc.update("""
                INSERT INTO household (village_id, household_ref, grid_id, address, low_income, status, created_at, updated_at)
                SELECT ?, lpad(g::text, 5, '0'), ?, '压测地址' || g, FALSE, 'ACTIVE', now(), now()
                FROM generate_series(1, ?) g""", village.id(), grid, n);
        return jdbc.queryForList("SELECT id FROM household WHERE village_id = ? ORDER BY id", Long.class, village.id())
                .stream().mapToLong(Long::longValue).toArray();
    }

    // ---- output ----

    private void say(String key, String value) {
        out.println(key + "=" + value);
    }

    private void log(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("[bench] " + line);
        out.println("# " + line);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    private static int envInt(String name, int dflt) {
        return Integer.parseInt(env(name, String.valueOf(dflt)));
    }
}
