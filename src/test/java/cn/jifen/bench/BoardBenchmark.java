package cn.jifen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.noticeboard.Board;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
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
import java.util.List;
import java.util.Locale;
import java.util.Random;
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
 * same application as production): a 2,000-household village with 3 years of ledger history, claims in
 * publicity and an honour; a small Java HTTP load generator (N client threads, keep-alive) measures
 * p50/p95 of GET /board/{code} and, in the same run, of a static asset (/css/jifen.css) and /actuator/health
 * as the baseline; then the board with its cache evicted before every request (the full assembly).
 * Not a test: tagged "bench". Run bench/board/run.sh. Knobs: BENCH_HOUSEHOLDS (2000), BENCH_BOARD_POSTINGS
 * (200000), BENCH_SECONDS (20 per target), BENCH_CLIENTS (4), BENCH_OUT.
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class BoardBenchmark extends Db {
    @LocalServerPort int port;
    @Autowired OrgUnits orgUnits;
    @Autowired Ledger ledger;
    @Autowired Board board;
    @Autowired JdbcTemplate jdbc;

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
            int seconds = Integer.parseInt(env("BENCH_SECONDS", "20"));
            int clients = Integer.parseInt(env("BENCH_CLIENTS", "4"));
            String boardPath = "/board/" + village.code();
            // sanity: the page is the board of this village and shows its ranking
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + boardPath)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(village.name()).contains("第1名");
            say("board.bytes", String.valueOf(page.body().getBytes(StandardCharsets.UTF_8).length));
            load(http, base, "/css/jifen.css", "baseline.static", clients, seconds);
            load(http, base, "/actuator/health", "baseline.health", clients, seconds);
            load(http, base, boardPath, "board", clients, seconds);
            uncached(http, base + boardPath, village.id(), "board.uncached", 40);
            load(http, base, "/board", "index", clients, Math.max(5, seconds / 2));
        }
    }

    private OrgUnit setUp() {
        int n = Integer.parseInt(env("BENCH_HOUSEHOLDS", "2000"));
        int postings = Integer.parseInt(env("BENCH_BOARD_POSTINGS", "200000"));
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        Actor countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        Actor operator = Actors.of(Role.VILLAGE_ADMIN, county);
        OrgUnit village = orgUnits.create(countyAdmin, "441821100", Actors.code("BB"), "公示栏压测村", "VILLAGE");
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), village.code() + "-G", "压测网格", null);
        long t0 = System.nanoTime();
        String surnames = "陈黄李张刘林罗梁何邓朱冯谢郑周吴徐孙马胡";
        jdbc.update("""
                INSERT INTO household (village_id, household_ref, grid_id, address, low_income, status, created_at, updated_at)
                SELECT ?, lpad(g::text, 4, '0'), ?, '压测地址' || g, FALSE, 'ACTIVE', now(), now()
                FROM generate_series(1, ?) g""", village.id(), grid.id(), n);
        jdbc.update("""
                INSERT INTO resident (village_id, household_id, name, relation, is_head, gender, birth_year, phone, status, created_at)
                SELECT h.village_id, h.id, substr(?, 1 + (h.id % 20)::int, 1) || '某' || h.household_ref, '户主', TRUE, 'M', 1960,
                       '139' || lpad(h.household_ref, 8, '0'), 'ACTIVE', now()
                FROM household h WHERE h.village_id = ?""", surnames, village.id());
        jdbc.update("""
                INSERT INTO passbook (village_id, household_id, number, issued_on)
                SELECT h.village_id, h.id, ? || '-' || lpad(h.household_ref, 4, '0'), CURRENT_DATE
                FROM household h WHERE h.village_id = ?""", village.code(), village.id());
        long[] households = jdbc.queryForList("SELECT id FROM household WHERE village_id = ? ORDER BY id", Long.class,
                village.id()).stream().mapToLong(Long::longValue).toArray();
        Random rnd = new Random(11);
        int made = 0;
        int batchNo = 0;
        while (made < postings) {
            int size = Math.min(households.length, postings - made);
            List<PostingRequest> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                boolean deduct = rnd.nextInt(100) < 5;
                PostingRequest r = PostingRequest.of(village.id(), households[i], deduct ? PostingKind.DEDUCT : PostingKind.EARN,
                        1 + rnd.nextInt(deduct ? 5 : 20), deduct ? "遵纪守法：乱倒垃圾" : "志愿服务：参加志愿服务活动",
                        "board-hist-" + batchNo + "-" + i);
                batch.add(deduct ? r.withReason("历史扣分") : r);
            }
            ledger.postAll(operator, batch);
            made += size;
            batchNo++;
        }
        // spread over 3 years (as LedgerBenchmark does; this scratch village's hash chains no longer verify)
        jdbc.update("""
                UPDATE ledger_entry SET posted_on = posted_on - mod(abs(hashtext(posting_id::text)), 1095),
                    created_at = created_at - make_interval(days => mod(abs(hashtext(posting_id::text)), 1095))
                WHERE village_id = ?""", village.id());
        BenchTotals.rebuild(jdbc, village.id());   // the month totals follow the backdated entries
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

    /** Sequential requests, each after evicting the village's cached board: the full assembly and render. */
    private void uncached(HttpClient http, String url, long villageId, String key, int count) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).build();
        long[] lat = new long[count];
        for (int i = 0; i < count + 5; i++) {
            board.evict(villageId);
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            if (i >= 5) {
                lat[i - 5] = System.nanoTime() - s;
            }
        }
        Arrays.sort(lat);
        double p50 = lat[count / 2] / 1e6;
        double p95 = lat[(int) (count * 0.95)] / 1e6;
        log("%-16s GET %-28s sequential, cache evicted before each of %d requests: p50 %7.2f ms  p95 %7.2f ms",
                key, url.replaceAll("^https?://[^/]+", ""), count, p50, p95);
        say(key + ".p50", String.format(Locale.ROOT, "%.2f", p50));
        say(key + ".p95", String.format(Locale.ROOT, "%.2f", p95));
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
