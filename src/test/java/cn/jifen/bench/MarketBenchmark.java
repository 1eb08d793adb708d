package cn.jifen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Redemptions through the HTTP API of a running Jifen (BENCH_URL), driven by BENCH_CLIENTS clients
 * for BENCH_SECONDS. Not a test: tagged "bench"; run by bench/market/run.sh, which starts Jifen on a
 * scratch PostgreSQL database with the demo county, and audits the database afterwards.
 *
 * <p>Setup (as the county admin, through the API): every demo village open every day, a funded fund,
 * two plentiful products and one limited product (100 units) per supermarket, 100,000 points to every
 * household. Baseline: the same clients calling the counter's passbook lookup (an authenticated GET
 * doing the same scope checks and balance read, no write). Then redemptions: a basket of the plentiful
 * goods, one basket in five also takes the limited product (so it sells out and later baskets get 409),
 * one confirm in fifty is sent twice with the same Idempotency-Key (the second must answer 200 with the
 * same redemption). Results go to stdout and, as key=value lines, to BENCH_OUT.
 */
@Tag("bench")
class MarketBenchmark {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private String base;
    private PrintWriter out;

    record Shop(long villageId, long id, String code, String token, long productA, long productB, long limited,
                List<String> passbooks) { }

    private static String env(String k, String d) {
        String v = System.getenv(k);
        return v == null || v.isBlank() ? d : v;
    }

    private HttpResponse<String> call(String method, String path, String token, String json, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String ok(String method, String path, String token, String json, int expected) throws Exception {
        HttpResponse<String> r = call(method, path, token, json, UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body();
    }

    private String token(String user, String password) throws Exception {
        String body = ok("POST", "/api/v1/tokens", null, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", 201);
        return JsonPath.read(body, "$.token");
    }

    private void print(String line) {
        System.out.println("[bench] " + line);
    }

    private void result(String key, Object value) {
        out.println(key + "=" + value);
    }

    @Test
    void market() throws Exception {
        base = env("BENCH_URL", "http://127.0.0.1:8080");
        int clients = Integer.parseInt(env("BENCH_CLIENTS", "16"));
        int seconds = Integer.parseInt(env("BENCH_SECONDS", "60"));
        Path outFile = Path.of(env("BENCH_OUT", "target-bench/market-bench.properties"));
        Files.createDirectories(outFile.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8), true)) {
            out = w;
            List<Shop> shops = setUp();
            result("clients", clients);
            result("seconds", seconds);
            Run baseline = run("baseline", shops, clients, seconds, false);
            Run redeem = run("redeem", shops, clients, seconds, true);
            baseline.report(this, "baseline");
            redeem.report(this, "redeem");
            audit(shops, redeem);
        }
    }

    // ---------------------------------------------------------------- setup

    private List<Shop> setUp() throws Exception {
        long t0 = System.nanoTime();
        String admin = token("demo-admin", "demo-admin");
        String keeper = token("demo-keeper", "demo-keeper");
        Map<Long, String> codes = new HashMap<>();
        List<Map<String, Object>> units = JsonPath.read(ok("GET", "/api/v1/org-units", admin, null, 200), "$[*]");
        for (Map<String, Object> u : units) {
            codes.put(((Number) u.get("id")).longValue(), (String) u.get("code"));
        }
        List<Map<String, Object>> markets = JsonPath.read(ok("GET", "/api/v1/supermarkets", admin, null, 200), "$[*]");
        List<Shop> shops = new ArrayList<>();
        for (Map<String, Object> m : markets) {
            long v = ((Number) m.get("villageId")).longValue();
            long s = ((Number) m.get("id")).longValue();
            String code = codes.get(v);
            String sm = "/api/v1/supermarkets/" + v + "/" + s;
            ok("PUT", "/api/v1/villages/" + code + "/market-settings", admin, "{\"openEveryDay\":true}", 200);
            long fund = ((Number) JsonPath.read(ok("POST", "/api/v1/villages/" + code + "/funds", admin,
                    "{\"name\":\"基准测试资金\",\"kind\":\"OTHER\"}", 201), "$.id")).longValue();
            ok("POST", "/api/v1/villages/" + code + "/funds/" + fund + "/contributions", admin, "{\"amountYuan\":1000000}", 201);
            long a = product(admin, sm, "基准物品甲", 3, 100_000, fund);
            long b = product(admin, sm, "基准物品乙", 5, 100_000, fund);
            long limited = product(admin, sm, "限量物品", 2, 100, fund);
            List<String> passbooks = new ArrayList<>();
            List<Map<String, Object>> hh = JsonPath.read(ok("GET", "/api/v1/villages/" + code + "/households?size=200",
                    admin, null, 200), "$.items[*]");
            for (Map<String, Object> h : hh) {
                ok("POST", "/api/v1/households/" + v + "/" + h.get("id") + "/postings", admin,
                        "{\"kind\":\"EARN\",\"points\":100000,\"itemLabel\":\"基准测试预存\"}", 201);
                passbooks.add((String) h.get("passbookNumber"));
            }
            // the keeper's own supermarket is served with the keeper's token, the others by the county admin
            String token = "441821100201".equals(code) ? keeper : admin;
            shops.add(new Shop(v, s, code, token, a, b, limited, passbooks));
        }
        print(String.format(Locale.ROOT, "setup: %d supermarkets, %d households funded, in %.1f s", shops.size(),
                shops.stream().mapToInt(x -> x.passbooks().size()).sum(), (System.nanoTime() - t0) / 1e9));
        return shops;
    }

    private long product(String admin, String sm, String name, int points, int stock, long fund) throws Exception {
        long id = ((Number) JsonPath.read(ok("POST", sm + "/products", admin, "{\"name\":\"" + name + "\",\"unit\":\"件\","
                + "\"points\":" + points + ",\"referenceYuan\":1.00}", 201), "$.id")).longValue();
        String v = sm.split("/")[4];
        ok("POST", "/api/v1/products/" + v + "/" + id + "/purchases", admin, "{\"quantity\":" + stock
                + ",\"costYuan\":" + Math.min(stock, 100000) / 100 + ",\"supplier\":\"基准测试\",\"fundId\":" + fund + "}", 201);
        return id;
    }

    // ---------------------------------------------------------------- load

    static final class Run {
        final List<long[]> latencies = new ArrayList<>();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final AtomicLong replays = new AtomicLong();
        final AtomicLong replayMismatch = new AtomicLong();
        final AtomicLong limitedSold = new AtomicLong();
        final AtomicLong points = new AtomicLong();
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        double seconds;

        long count(int status) {
            AtomicLong a = statuses.get(status);
            return a == null ? 0 : a.get();
        }

        void report(MarketBenchmark b, String name) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(x -> x > 0).sorted().toArray();
            long ok = name.equals("redeem") ? count(201) : count(200);
            double perSecond = ok / seconds;
            double p50 = pct(all, 50);
            double p95 = pct(all, 95);
            double p99 = pct(all, 99);
            b.print(String.format(Locale.ROOT, "%-9s %8.1f ok/s  (%d ok of %d requests in %.1f s)  latency ms p50 %.1f  p95 %.1f  p99 %.1f  max %.1f   statuses %s",
                    name, perSecond, ok, all.length, seconds, p50, p95, p99, all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                    new TreeMap<>(statuses)));
            b.result(name + ".perSecond", String.format(Locale.ROOT, "%.1f", perSecond));
            b.result(name + ".ok", ok);
            b.result(name + ".requests", all.length);
            b.result(name + ".p50", String.format(Locale.ROOT, "%.1f", p50));
            b.result(name + ".p95", String.format(Locale.ROOT, "%.1f", p95));
            b.result(name + ".p99", String.format(Locale.ROOT, "%.1f", p99));
            b.result(name + ".statuses", new TreeMap<>(statuses));
            if (!unexpected.isEmpty()) {
                b.print("  unexpected answers (first 5): " + unexpected.subList(0, Math.min(5, unexpected.size())));
            }
        }

        static double pct(long[] sorted, int p) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
        }
    }

    private Run run(String name, List<Shop> shops, int clients, int seconds, boolean redeem) throws Exception {
        Run run = new Run();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] ends = new long[1];
        for (int c = 0; c < clients; c++) {
            Shop shop = shops.get(c % shops.size());
            long[] lat = new long[200_000];
            run.latencies.add(lat);
            Thread thread = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                int n = 0;
                try {
                    start.await();
                    long end = System.nanoTime() + seconds * 1_000_000_000L;
                    while (System.nanoTime() < end && n < lat.length) {
                        String passbook = shop.passbooks().get(rnd.nextInt(shop.passbooks().size()));
                        String sm = "/api/v1/supermarkets/" + shop.villageId() + "/" + shop.id();
                        long t = System.nanoTime();
                        HttpResponse<String> r;
                        if (!redeem) {
                            r = call("GET", sm + "/passbooks/" + passbook, shop.token(), null, null);
                        } else {
                            boolean limited = rnd.nextInt(5) == 0;
                            String items = "{\"productId\":" + shop.productA() + ",\"quantity\":" + (1 + rnd.nextInt(3)) + "}"
                                    + (rnd.nextBoolean() ? ",{\"productId\":" + shop.productB() + ",\"quantity\":1}" : "")
                                    + (limited ? ",{\"productId\":" + shop.limited() + ",\"quantity\":1}" : "");
                            String body = "{\"passbookNumber\":\"" + passbook + "\",\"items\":[" + items + "]}";
                            String key = UUID.randomUUID().toString();
                            r = call("POST", sm + "/redemptions", shop.token(), body, key);
                            if (r.statusCode() == 201) {
                                run.points.addAndGet(((Number) JsonPath.read(r.body(), "$.points")).longValue());
                                if (limited) {
                                    run.limitedSold.incrementAndGet();
                                }
                                if (rnd.nextInt(50) == 0) {
                                    HttpResponse<String> again = call("POST", sm + "/redemptions", shop.token(), body, key);
                                    run.replays.incrementAndGet();
                                    Object id1 = JsonPath.read(r.body(), "$.id");
                                    Object id2 = again.statusCode() == 200 ? JsonPath.read(again.body(), "$.id") : null;
                                    if (!id1.equals(id2)) {
                                        run.replayMismatch.incrementAndGet();
                                    }
                                }
                            } else if (r.statusCode() != 409 || !r.body().contains("库存不足")) {
                                run.unexpected.add(r.statusCode() + " " + r.body());
                            }
                        }
                        lat[n++] = System.nanoTime() - t;
                        run.statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
                    }
                } catch (Exception e) {
                    run.unexpected.add(e.toString());
                }
            });
            thread.start();
            threads.add(thread);
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        ends[0] = System.nanoTime();
        run.seconds = (ends[0] - t0) / 1e9;
        print(name + " done");
        return run;
    }

    // ---------------------------------------------------------------- audit (through the API; run.sh also checks by SQL)

    private void audit(List<Shop> shops, Run redeem) throws Exception {
        String admin = token("demo-admin", "demo-admin");
        String verify = ok("GET", "/api/v1/ledger/verify", admin, null, 200);
        boolean intact = JsonPath.read(verify, "$.intact");
        long entries = ((Number) JsonPath.read(verify, "$.entriesChecked")).longValue();
        boolean stockOk = true;
        for (Shop s : shops) {
            String rec = ok("GET", "/api/v1/villages/" + s.code() + "/market/reconciliation", admin, null, 200);
            stockOk &= (Boolean) JsonPath.read(rec, "$.intact");
        }
        print(String.format(Locale.ROOT, "audit: ledger verify intact=%s (%d entries); stock = Σ movements in every village: %s; "
                        + "limited product sold %d of %d units offered; double-tapped confirms %d, of which answered with another redemption: %d; "
                        + "points debited by the answered redemptions %d", intact, entries, stockOk, redeem.limitedSold.get(),
                100L * shops.size(), redeem.replays.get(), redeem.replayMismatch.get(), redeem.points.get()));
        result("audit.verify.intact", intact);
        result("audit.verify.entries", entries);
        result("audit.stock.reconciled", stockOk);
        result("audit.limited.sold", redeem.limitedSold.get());
        result("audit.limited.offered", 100L * shops.size());
        result("audit.replays", redeem.replays.get());
        result("audit.replays.mismatched", redeem.replayMismatch.get());
        result("audit.points.answered", redeem.points.get());
        result("audit.unexpected", redeem.unexpected.size());
        assertThat(intact).isTrue();
        assertThat(stockOk).isTrue();
        assertThat(redeem.limitedSold.get()).isLessThanOrEqualTo(100L * shops.size());
        assertThat(redeem.replayMismatch.get()).isZero();
    }
}
