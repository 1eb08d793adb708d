package cn.jifen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.TotalsReading;
import cn.jifen.noticeboard.Board;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Notice-board benchmark on PostgreSQL against the running server (embedded Tomcat on a random port, the
 * same application as production): a 2,000-household village with 3 years of ledger history (bulk SQL, see
 * {@link BenchVillage}; VACUUM ANALYZE after set-up), 20 claims in publicity. The goal figure, board built:
 * GET /board/{code} with the board's cache evicted before each request (assembly and rendering), one request at a
 * time, in BENCH_REPEATS interleaved rounds of three targets, each 5 warm-up requests and BENCH_SAMPLES timed:
 * baseline.health (GET /actuator/health: the HTTP stack and a database check), board.raw (the same board with
 * the month totals switched off: every score summed from the postings) and board.uncached (from the totals);
 * median of the round medians with their spread. Then, as information, a load of BENCH_CLIENTS clients on the
 * cached board, a static asset and the index. Not a test: tagged "bench". Run bench/board/run.sh. Knobs:
 * BENCH_HOUSEHOLDS (2000), BENCH_POSTINGS (500000), BENCH_REPEATS (3), BENCH_SAMPLES (20), BENCH_SECONDS (10 per
 * target of the load), BENCH_CLIENTS (4), BENCH_OUT.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class BoardBenchmark extends Db {
    @LocalServerPort int port;
    @Autowired OrgUnits orgUnits;
    @Autowired Board board;
    @Autowired JdbcTemplate jdbc;
    @Autowired TotalsReading reading;

    private PrintWriter out;

    @Test
    void board() throws Exception {
        assertThat(TestDatabase.postgres()).as("run with -Ppostgres").isTrue();
        Path outFile = Path.of(env("BENCH_OUT", "target-bench/board-bench.properties"));
        Files.createDirectories(outFile.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), true)) {
            out = w;
            OrgUnit village = setUp();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            int seconds = Integer.parseInt(env("BENCH_SECONDS", "10"));
            int clients = Integer.parseInt(env("BENCH_CLIENTS", "4"));
            String boardPath = "/board/" + village.code();
            // sanity: the page is the board of this village and shows its ranking
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + boardPath)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(village.name()).contains("第1名");
            say("board.bytes", String.valueOf(page.body().getBytes(StandardCharsets.UTF_8).length));
            compare(http, base, boardPath, village.id());
            load(http, base, "/css/jifen.css", "baseline.static", clients, seconds);
            load(http, base, "/actuator/health", "baseline.health.load", clients, seconds);
            load(http, base, boardPath, "board", clients, seconds);
            load(http, base, "/board", "index", clients, Math.max(5, seconds / 2));
        }
    }

    /** Interleaved rounds of the health check, the board from the postings and the board from the totals. */
    private void compare(HttpClient http, String base, String boardPath, long villageId) throws Exception {
        int repeats = Integer.parseInt(env("BENCH_REPEATS", "3"));
        int samples = Integer.parseInt(env("BENCH_SAMPLES", "20"));
        Map<String, List<Double>> medians = new LinkedHashMap<>();
        for (int r = 0; r < repeats; r++) {
            medians.computeIfAbsent("baseline.health", k -> new ArrayList<>())
                    .add(sequential(http, base + "/actuator/health", -1, samples));
            reading.use(false);
            medians.computeIfAbsent("board.raw", k -> new ArrayList<>()).add(sequential(http, base + boardPath, villageId, samples));
            reading.use(true);
            medians.computeIfAbsent("board.uncached", k -> new ArrayList<>())
                    .add(sequential(http, base + boardPath, villageId, samples));
        }
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        for (var e : medians.entrySet()) {
            List<Double> xs = new ArrayList<>(e.getValue());
            xs.sort(null);
            double mid = xs.get(xs.size() / 2);
            log("%-16s one at a time%s, %d rounds of %d: median %7.2f ms [%.2f–%.2f]  load %s", e.getKey(),
                    e.getKey().startsWith("board") ? ", cache evicted before each" : "", repeats, samples, mid, xs.get(0),
                    xs.get(xs.size() - 1), load);
            say(e.getKey() + ".p50", String.format(Locale.ROOT, "%.2f", mid));
            say(e.getKey() + ".spread", String.format(Locale.ROOT, "%.2f–%.2f", xs.get(0), xs.get(xs.size() - 1)));
        }
        say("compare.load", load);
    }

    /** The median of sequential GETs after 5 warm-up ones; villageId >= 0: the board's cache evicted before each. */
    private double sequential(HttpClient http, String url, long villageId, int count) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
        double[] lat = new double[count];
        for (int i = 0; i < count + 5; i++) {
            if (villageId >= 0) {
                board.evict(villageId);
            }
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            if (i >= 5) {
                lat[i - 5] = (System.nanoTime() - s) / 1e6;
            }
        }
        Arrays.sort(lat);
        return lat[count / 2];
    }

    private OrgUnit setUp() {
        int n = Integer.parseInt(env("BENCH_HOUSEHOLDS", "2000"));
        int made = Integer.parseInt(env("BENCH_POSTINGS", "500000"));
        long t0 = System.nanoTime();
        OrgUnit village = BenchVillage.create(orgUnits, jdbc, "BB", "公示栏压测村", n, made);
        Long item = jdbc.queryForObject("SELECT MIN(id) FROM rule_item WHERE code = 'ZY01'", Long.class);
        if (item != null) {
            jdbc.update("""
                    INSERT INTO claim (village_id, household_id, item_id, item_version, item_code, points, occurred_on, status,
                        recorded_by, recorded_by_name, recorder_role, recorded_at, publicity_ends_at)
                    SELECT ?, h.id, ?, 1, 'ZY01', 10, CURRENT_DATE, 'IN_PUBLICITY', 1, 'bench', 'VILLAGE_ADMIN', now(),
                        now() + interval '5 days'
                    FROM household h WHERE h.village_id = ? ORDER BY h.id LIMIT 20""", village.id(), item, village.id());
        }
        jdbc.execute("VACUUM ANALYZE");
        long entries = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE village_id = ?", Long.class, village.id());
        log("setup: %,d households, %,d postings (%,d ledger_entry rows) over 3 years, 20 claims in publicity: %.1f s",
                n, made, entries, (System.nanoTime() - t0) / 1e9);
        say("setup.households", String.valueOf(n));
        say("setup.postings", String.valueOf(made));
        say("setup.entries", String.valueOf(entries));
        return village;
    }

    /** N client threads GET the path for the duration (after a 3 s warm-up); records every latency. */
    private void load(HttpClient http, String base, String path, String key, int clients, int seconds) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build();
        run(http, req, clients, 3);  // warm-up
        long[][] lat = run(http, req, clients, seconds);
        long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
        AtomicLong dummy = new AtomicLong();
        double p50 = all[all.length / 2] / 1e6;
        double p95 = all[(int) (all.length * 0.95)] / 1e6;
        double p99 = all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
        double rps = all.length / (double) seconds;
        log("%-16s GET %-28s clients=%d  n=%,7d  %8.1f req/s  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms",
                key, path, clients, all.length, rps, p50, p95, p99);
        say(key + ".p50", String.format(Locale.ROOT, "%.2f", p50));
        say(key + ".p95", String.format(Locale.ROOT, "%.2f", p95));
        say(key + ".rps", String.format(Locale.ROOT, "%.0f", rps));
        dummy.get();
    }

    private long[][] run(HttpClient http, HttpRequest req, int clients, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[][] result = new long[clients][];
        Thread[] threads = new Thread[clients];
        Throwable[] failure = new Throwable[1];
        for (int c = 0; c < clients; c++) {
            int idx = c;
            threads[c] = new Thread(() -> {
                long[] buf = new long[1 << 16];
                int k = 0;
                try {
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        long d = System.nanoTime() - s;
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(req.uri() + " → " + r.statusCode());
                        }
                        if (k == buf.length) {
                            buf = Arrays.copyOf(buf, buf.length * 2);
                        }
                        buf[k++] = d;
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
                result[idx] = Arrays.copyOf(buf, k);
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        return result;
    }

    private void say(String key, String value) {
        out.println(key + "=" + value);
    }

    private void log(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("[bench] " + line);
        out.println("# " + line);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
