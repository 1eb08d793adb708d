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
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of bench/market/cost.sh (a single-file program: java bench/market/Cost.java …, JDK only).
 *
 * <pre>
 *   setup  URL STATE                         every demo village open every day, one plentiful product per supermarket,
 *                                            30 funded households per village; writes what the others need to STATE
 *   closed URL STATE redeem|lookup CLIENTS SECONDS   closed loop: each client sends its next request when the last
 *                                            one answered; one-product redemptions, or the counter's passbook lookup
 *   open   URL STATE RATE SECONDS WARMUP     open arrivals: a redemption starts every 1/RATE s on a fixed schedule,
 *                                            whatever the answers do; latency counted from the intended start
 *   tap    URL STATE N                       N double-taps: a redemption, then the same request and key again; only
 *                                            the second (the replay) is timed
 * </pre>
 * Each load command prints one line of key=value figures.
 */
public class Cost {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    static String base;

    record Shop(long village, long id, String token, long product, List<String> passbooks) { }

    public static void main(String[] a) throws Exception {
        base = a[1];
        switch (a[0]) {
            case "setup" -> setup(Path.of(a[2]));
            case "closed" -> closed(load(Path.of(a[2])), a[3].equals("redeem"), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
            case "open" -> open(load(Path.of(a[2])), Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
            case "tap" -> tap(load(Path.of(a[2])), Integer.parseInt(a[3]));
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    // ---------------------------------------------------------------- HTTP

    static HttpResponse<String> call(String method, String path, String token, String json, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String ok(String method, String path, String token, String json, int expected) throws Exception {
        HttpResponse<String> r = call(method, path, token, json, UUID.randomUUID().toString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static List<String> all(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"?([^\",}]+)").matcher(json);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static long id(String json) {
        return Long.parseLong(all(json, "id").get(0));
    }

    // ---------------------------------------------------------------- setup

    static void setup(Path state) throws Exception {
        String admin = all(ok("POST", "/api/v1/tokens", null, "{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}", 201), "token").get(0);
        String keeper = all(ok("POST", "/api/v1/tokens", null, "{\"username\":\"demo-keeper\",\"password\":\"demo-keeper\"}", 201), "token").get(0);
        String units = ok("GET", "/api/v1/org-units", admin, null, 200);
        Matcher u = Pattern.compile("\\{[^{}]*\"id\":(\\d+)[^{}]*\"code\":\"(\\d+)\"[^{}]*}").matcher(units);
        java.util.Map<Long, String> codes = new java.util.HashMap<>();
        while (u.find()) {
            codes.put(Long.parseLong(u.group(1)), u.group(2));
        }
        String markets = ok("GET", "/api/v1/supermarkets", admin, null, 200);
        List<String> villages = all(markets, "villageId");
        List<String> ids = all(markets, "id");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < villages.size(); i++) {
            long v = Long.parseLong(villages.get(i));
            long s = Long.parseLong(ids.get(i));
            String code = codes.get(v);
            String sm = "/api/v1/supermarkets/" + v + "/" + s;
            ok("PUT", "/api/v1/villages/" + code + "/market-settings", admin, "{\"openEveryDay\":true}", 200);
            long fund = id(ok("POST", "/api/v1/villages/" + code + "/funds", admin, "{\"name\":\"成本测试资金\",\"kind\":\"OTHER\"}", 201));
            ok("POST", "/api/v1/villages/" + code + "/funds/" + fund + "/contributions", admin, "{\"amountYuan\":1000000}", 201);
            long product = id(ok("POST", sm + "/products", admin, "{\"name\":\"成本测试物品\",\"unit\":\"件\",\"points\":1,\"referenceYuan\":1.00}", 201));
            ok("POST", "/api/v1/products/" + v + "/" + product + "/purchases", admin,
                    "{\"quantity\":100000,\"costYuan\":1000,\"supplier\":\"成本测试\",\"fundId\":" + fund + "}", 201);
            String hh = ok("GET", "/api/v1/villages/" + code + "/households?size=30", admin, null, 200);
            List<String> hids = all(hh.substring(hh.indexOf("\"items\"")), "id");
            List<String> books = all(hh, "passbookNumber");
            for (String h : hids.subList(0, books.size())) {
                ok("POST", "/api/v1/households/" + v + "/" + h + "/postings", admin,
                        "{\"kind\":\"EARN\",\"points\":100000,\"itemLabel\":\"成本测试预存\"}", 201);
            }
            String token = "441821100201".equals(code) ? keeper : admin;
            out.append(v).append(' ').append(s).append(' ').append(token).append(' ').append(product).append(' ')
                    .append(String.join(",", books)).append('\n');
        }
        Files.writeString(state, out.toString());
        System.out.println("setup supermarkets=" + villages.size());
    }

    static List<Shop> load(Path state) throws Exception {
        List<Shop> shops = new ArrayList<>();
        for (String line : Files.readAllLines(state)) {
            String[] f = line.split(" ");
            shops.add(new Shop(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], Long.parseLong(f[3]), List.of(f[4].split(","))));
        }
        return shops;
    }

    // ---------------------------------------------------------------- requests

    static String path(Shop s) {
        return "/api/v1/supermarkets/" + s.village() + "/" + s.id();
    }

    static String basket(Shop s, String passbook) {
        return "{\"passbookNumber\":\"" + passbook + "\",\"items\":[{\"productId\":" + s.product() + ",\"quantity\":1}]}";
    }

    static <T> T any(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    /** One request; answers its status. */
    static int one(List<Shop> shops, boolean redeem) throws Exception {
        Shop s = any(shops);
        String book = any(s.passbooks());
        HttpResponse<String> r = redeem
                ? call("POST", path(s) + "/redemptions", s.token(), basket(s, book), UUID.randomUUID().toString())
                : call("GET", path(s) + "/passbooks/" + book, s.token(), null, null);
        return r.statusCode();
    }

    static String figures(long[] nanos, int n, double seconds, AtomicInteger ok, AtomicInteger other) {
        long[] l = Arrays.copyOf(nanos, n);
        Arrays.sort(l);
        return String.format(Locale.ROOT, "ok=%d other=%d perSecond=%.1f p50=%.1f p95=%.1f p99=%.1f max=%.1f",
                ok.get(), other.get(), ok.get() / seconds, pct(l, 50), pct(l, 95), pct(l, 99),
                l.length == 0 ? 0 : l[l.length - 1] / 1e6);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }

    // ---------------------------------------------------------------- closed loop

    static void closed(List<Shop> shops, boolean redeem, int clients, int seconds) throws Exception {
        long[] lat = new long[2_000_000];
        AtomicInteger n = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    int status;
                    try {
                        status = one(shops, redeem);
                    } catch (Exception e) {
                        status = -1;
                    }
                    lat[n.getAndIncrement()] = System.nanoTime() - s;
                    (status == (redeem ? 201 : 200) ? ok : other).incrementAndGet();
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        System.out.println(figures(lat, n.get(), (System.nanoTime() - t0) / 1e9, ok, other));
    }

    // ---------------------------------------------------------------- open arrivals

    static void open(List<Shop> shops, int rate, int seconds, int warmup) throws Exception {
        int total = rate * (seconds + warmup);
        int skip = rate * warmup;
        long[] lat = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicLong late = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(256);
        long period = 1_000_000_000L / rate;
        long t0 = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < total; i++) {
            long intended = t0 + i * period;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int k = i;
            pool.submit(() -> {
                int status;
                try {
                    status = one(shops, true);
                } catch (Exception e) {
                    status = -1;
                }
                long took = System.nanoTime() - intended;   // from the intended start: a late send counts
                if (k >= skip) {
                    lat[k - skip] = took;
                    (status == 201 ? ok : other).incrementAndGet();
                    done.incrementAndGet();
                    if (took > 1_000_000_000L) {
                        late.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(300, TimeUnit.SECONDS);
        System.out.println(figures(lat, total - skip, seconds, ok, other) + " over1s=" + late.get());
    }

    // ---------------------------------------------------------------- double-tap

    static void tap(List<Shop> shops, int n) throws Exception {
        long[] lat = new long[n];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Shop s = any(shops);
            String body = basket(s, any(s.passbooks()));
            String key = UUID.randomUUID().toString();
            HttpResponse<String> first = call("POST", path(s) + "/redemptions", s.token(), body, key);
            long t = System.nanoTime();
            HttpResponse<String> again = call("POST", path(s) + "/redemptions", s.token(), body, key);
            lat[i] = System.nanoTime() - t;
            boolean same = first.statusCode() == 201 && again.statusCode() == 200
                    && all(first.body(), "id").get(0).equals(all(again.body(), "id").get(0));
            (same ? ok : other).incrementAndGet();
        }
        System.out.println(figures(lat, n, 1, ok, other).replaceAll(" perSecond=[^ ]+", ""));
    }
}
