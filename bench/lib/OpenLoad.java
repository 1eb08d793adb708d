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
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP load generator for the benchmarks (single file, JDK 17, no dependencies): java bench/lib/OpenLoad.java …
 *
 * <p>Open workload (the default): requests start on a schedule computed before the run — a fixed arrival rate
 * (or Poisson arrivals with a seed) — whatever the server's answers do. Latency is counted from each request's
 * intended start, so a request that waits for a free connection because the server fell behind is charged the wait
 * (no coordinated omission). Requests whose intended start falls in the warm-up are sent but not counted.
 * Closed loop ({@code --closed C}): C clients, each sending its next request when the last one answered; this
 * measures throughput, and its latency is from the actual send.
 *
 * <pre>
 *   --base URL              prepended to request paths that do not start with http
 *   --requests FILE         one request per line, tab-separated: METHOD PATH TOKEN BODY (TOKEN/BODY empty or "-"
 *                           for none); taken in turn, or at random with --random. Lines starting with # are skipped.
 *   --method M --path P [--token T] [--body JSON]    one request instead of a file
 *   --header 'Name: value'  an extra header on every request (repeatable)
 *   --key-header NAME       a fresh UUID in this header on every request (e.g. Idempotency-Key)
 *   --rate R                arrivals per second (open workload)      --arrivals fixed|poisson (fixed)
 *   --seconds S             measured seconds (10)                    --warmup W  seconds before, not counted (0)
 *   --connections C         connections/requests in flight at most (64; a request waits for one, and that wait counts)
 *   --closed C              closed loop with C clients instead of arrivals at a rate
 *   --expect 200,201        statuses counted as ok (default: any 2xx)
 *   --timeout S             per request (30)        --seed N (1)        --label L (printed first)
 *   --drain S               after the last scheduled start, wait at most S for the answers (default: the timeout);
 *                           requests still unanswered then are "unfinished" and timed with their wait so far
 * </pre>
 * In paths and bodies, {uuid} becomes a fresh UUID and {n} the request's sequence number.
 *
 * <p>Prints one line of key=value figures on standard output: n (requests counted), ok, err (non-ok answers and
 * failures), status (count per status; "fail:&lt;exception&gt;" for no answer), p50 p90 p99 p999 max mean (ms, over the
 * ok answers and the unfinished requests, which count with their wait so far, a lower bound: a server that stops
 * answering cannot look fast; non-ok answers are counted apart, not timed), rate (intended arrivals/s), achieved (ok
 * answers per second of the measured window and its tail), lag_p99 and lag_max (ms from intended to actual send: how
 * far the generator itself or the connection limit fell behind), unfinished (counted requests without an answer when
 * the run stopped waiting, see --drain).
 */
public class OpenLoad {
    static final byte OK = 0;
    static final byte BAD = 1;
    static final byte UNFINISHED = 2;

    record Template(String method, String path, String token, String body) { }

    record Options(String base, List<Template> templates, boolean random, List<String[]> headers, String keyHeader,
                   double rate, boolean poisson, double seconds, double warmup, int connections, int closed,
                   int[] expect, double timeout, double drain, long seed, String label) { }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Runner runner = new Runner(o);
        String figures = o.closed() > 0 ? runner.closed() : runner.open();
        System.out.println((o.label().isEmpty() ? "" : o.label() + " ") + figures);
        System.exit(0);   // the HTTP client's selector thread must not keep a finished run alive
    }

    // ------------------------------------------------------------------------------------------------ options

    static Options parse(String[] a) throws Exception {
        String base = "";
        String file = null;
        String method = "GET";
        String path = null;
        String token = null;
        String body = null;
        boolean random = false;
        List<String[]> headers = new ArrayList<>();
        String keyHeader = null;
        double rate = 0;
        boolean poisson = false;
        double seconds = 10;
        double warmup = 0;
        int connections = 64;
        int closed = 0;
        int[] expect = null;
        double timeout = 30;
        double drain = -1;
        long seed = 1;
        String label = "";
        for (int i = 0; i < a.length; i++) {
            String k = a[i];
            if (k.equals("--random")) {
                random = true;
                continue;
            }
            if (i + 1 >= a.length) {
                throw usage("missing value after " + k);
            }
            String v = a[++i];
            switch (k) {
                case "--base" -> base = v;
                case "--requests" -> file = v;
                case "--method" -> method = v;
                case "--path" -> path = v;
                case "--token" -> token = v;
                case "--body" -> body = v;
                case "--header" -> {
                    int c = v.indexOf(':');
                    if (c < 1) {
                        throw usage("--header wants 'Name: value', got " + v);
                    }
                    headers.add(new String[] {v.substring(0, c).trim(), v.substring(c + 1).trim()});
                }
                case "--key-header" -> keyHeader = v;
                case "--rate" -> rate = Double.parseDouble(v);
                case "--arrivals" -> poisson = switch (v) {
                    case "fixed" -> false;
                    case "poisson" -> true;
                    default -> throw usage("--arrivals is fixed or poisson");
                };
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--closed" -> closed = Integer.parseInt(v);
                case "--expect" -> expect = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--timeout" -> timeout = Double.parseDouble(v);
                case "--drain" -> drain = Double.parseDouble(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--label" -> label = v;
                default -> throw usage("unknown option " + k);
            }
        }
        List<Template> templates = new ArrayList<>();
        if (file != null) {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 4);
                if (f.length < 2) {
                    throw usage("request line needs at least METHOD<TAB>PATH: " + line);
                }
                templates.add(new Template(f[0], f[1], none(f.length > 2 ? f[2] : null), none(f.length > 3 ? f[3] : null)));
            }
        } else if (path != null) {
            templates.add(new Template(method, path, none(token), none(body)));
        }
        if (templates.isEmpty()) {
            throw usage("no request: give --requests FILE or --path P");
        }
        if (closed <= 0 && rate <= 0) {
            throw usage("give --rate R (open workload) or --closed C (closed loop)");
        }
        if (token != null && file != null) {   // a token given on the command line applies to lines without one
            String t = token;
            templates.replaceAll(r -> r.token() == null ? new Template(r.method(), r.path(), t, r.body()) : r);
        }
        return new Options(base, templates, random, headers, keyHeader, rate, poisson, seconds, warmup, connections,
                closed, expect, timeout, drain < 0 ? timeout : drain, seed, label);
    }

    static String none(String s) {
        return s == null || s.isEmpty() || s.equals("-") ? null : s;
    }

    static IllegalArgumentException usage(String why) {
        return new IllegalArgumentException(why + " (see the comment at the top of bench/lib/OpenLoad.java)");
    }

    // ------------------------------------------------------------------------------------------------ the run

    static final class Runner {
        final Options o;
        final HttpClient http;
        final AtomicLong sequence = new AtomicLong();
        final AtomicInteger turn = new AtomicInteger();
        final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

        Runner(Options o) {
            this.o = o;
            // one client: its HTTP/1.1 connection pool keeps connections alive and opens as many as requests in flight
            this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(4, daemon())).build();
        }

        /** Sends one request; answers its status, or -1 when no answer came (the reason is counted as a status). */
        int send(boolean counted) {
            Template t = o.random() ? o.templates().get(ThreadLocalRandom.current().nextInt(o.templates().size()))
                    : o.templates().get(Math.floorMod(turn.getAndIncrement(), o.templates().size()));
            long n = sequence.incrementAndGet();
            String path = fill(t.path(), n);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : o.base() + path))
                    .timeout(Duration.ofMillis((long) (o.timeout() * 1000)));
            if (t.body() != null) {
                b.header("Content-Type", "application/json");
            }
            if (t.token() != null) {
                b.header("Authorization", "Bearer " + t.token());
            }
            if (o.keyHeader() != null) {
                b.header(o.keyHeader(), UUID.randomUUID().toString());
            }
            for (String[] h : o.headers()) {
                b.header(h[0], h[1]);
            }
            b.method(t.method(), t.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(fill(t.body(), n), StandardCharsets.UTF_8));
            int status;
            String key;
            try {
                status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                key = Integer.toString(status);
            } catch (InterruptedException e) {   // the run stopped waiting (--drain): settled as unfinished, not counted here
                Thread.currentThread().interrupt();
                return -1;
            } catch (Exception e) {
                status = -1;
                key = "fail:" + e.getClass().getSimpleName();
            }
            if (counted) {
                statuses.computeIfAbsent(key, x -> new LongAdder()).increment();
            }
            return status;
        }

        boolean ok(int status) {
            if (o.expect() == null) {
                return status >= 200 && status < 300;
            }
            for (int e : o.expect()) {
                if (e == status) {
                    return true;
                }
            }
            return false;
        }

        /** Open workload: the schedule first, then one dispatcher that starts each request at its time. */
        String open() throws InterruptedException {
            int warm = (int) Math.round(o.rate() * o.warmup());
            int total = warm + (int) Math.round(o.rate() * o.seconds());
            long[] offset = schedule(total);
            int n = total - warm;
            // per counted request, one atomic cell: latency in ns << 2 | outcome; -1 while pending. The request's own
            // thread and the give-up below race for it with compareAndSet, so each is settled exactly once.
            AtomicLongArray result = new AtomicLongArray(n);
            AtomicLongArray lag = new AtomicLongArray(n);
            long[] intendedAt = new long[n];
            for (int k = 0; k < n; k++) {
                result.set(k, -1);
            }
            ExecutorService pool = Executors.newFixedThreadPool(o.connections(), daemon());
            long t0 = System.nanoTime() + 50_000_000L;
            for (int i = 0; i < total; i++) {
                long intended = t0 + offset[i];
                for (long w; (w = intended - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(w);
                }
                int k = i - warm;
                if (k >= 0) {
                    intendedAt[k] = intended;
                }
                pool.execute(() -> {
                    long started = System.nanoTime();
                    if (k >= 0) {
                        lag.set(k, started - intended);
                    }
                    int status = send(k >= 0);
                    long took = System.nanoTime() - intended;   // from the intended start: a late send is charged its wait
                    if (k >= 0 && !Thread.currentThread().isInterrupted()) {
                        result.compareAndSet(k, -1, took << 2 | (ok(status) ? OK : BAD));
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination((long) (o.drain() * 1000), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
            long gaveUp = System.nanoTime();
            long[] latency = new long[n];
            byte[] outcome = new byte[n];
            long[] lags = new long[n];
            for (int k = 0; k < n; k++) {
                // still pending: counted with the time it had waited so far, a lower bound, so a server that stops
                // answering cannot look fast
                result.compareAndSet(k, -1, (gaveUp - intendedAt[k]) << 2 | UNFINISHED);
                latency[k] = result.get(k) >>> 2;
                outcome[k] = (byte) (result.get(k) & 3);
                lags[k] = outcome[k] == UNFINISHED && lag.get(k) == 0 ? gaveUp - intendedAt[k] : lag.get(k);
            }
            long windowStart = t0 + (long) (o.warmup() * 1e9);   // achieved rate: ok answers over the measured window and its tail
            return figures(latency, outcome, lags, (gaveUp - windowStart) / 1e9,
                    String.format(Locale.ROOT, " rate=%.1f arrivals=%s connections=%d", o.rate(),
                            o.poisson() ? "poisson" : "fixed", o.connections()));
        }

        long[] schedule(int total) {
            long[] offset = new long[total];
            Random r = new Random(o.seed());
            double t = 0;
            for (int i = 0; i < total; i++) {
                offset[i] = (long) (t * 1e9);
                t += o.poisson() ? -Math.log(1 - r.nextDouble()) / o.rate() : 1 / o.rate();
            }
            return offset;
        }

        /** Closed loop: each client sends its next request when the last one answered. */
        String closed() throws InterruptedException {
            int clients = o.closed();
            long begin = System.nanoTime();
            long measureFrom = begin + (long) (o.warmup() * 1e9);
            long end = measureFrom + (long) (o.seconds() * 1e9);
            List<long[]> lat = new ArrayList<>();
            List<boolean[]> oks = new ArrayList<>();
            int[] counts = new int[clients];
            Thread[] threads = new Thread[clients];
            for (int c = 0; c < clients; c++) {
                long[] l = new long[1 << 16];
                boolean[] g = new boolean[1 << 16];
                lat.add(l);
                oks.add(g);
                int client = c;
                threads[c] = new Thread(() -> {
                    long[] ll = l;
                    boolean[] gg = g;
                    for (long s; (s = System.nanoTime()) < end; ) {
                        boolean counted = s >= measureFrom;
                        int status = send(counted);
                        if (counted) {
                            int k = counts[client]++;
                            if (k == ll.length) {
                                ll = Arrays.copyOf(ll, k * 2);
                                gg = Arrays.copyOf(gg, k * 2);
                                lat.set(client, ll);
                                oks.set(client, gg);
                            }
                            ll[k] = System.nanoTime() - s;
                            gg[k] = ok(status);
                        }
                    }
                });
                threads[c].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double window = (System.nanoTime() - measureFrom) / 1e9;
            int n = Arrays.stream(counts).sum();
            long[] latency = new long[n];
            boolean[] good = new boolean[n];
            int at = 0;
            for (int c = 0; c < clients; c++) {
                System.arraycopy(lat.get(c), 0, latency, at, counts[c]);
                System.arraycopy(oks.get(c), 0, good, at, counts[c]);
                at += counts[c];
            }
            byte[] outcome = new byte[n];
            for (int i = 0; i < n; i++) {
                outcome[i] = good[i] ? OK : BAD;
            }
            return figures(latency, outcome, new long[n], window, " closed=" + clients);
        }

        /** Latency percentiles over the ok answers and the unfinished requests (their wait so far); others apart. */
        String figures(long[] latency, byte[] outcome, long[] lag, double window, String mode) {
            int n = latency.length;
            long[] timed = new long[n];
            int t = 0;
            int ok = 0;
            int unfinished = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if (outcome[i] != BAD) {
                    timed[t++] = latency[i];
                    sum += latency[i];
                }
                ok += outcome[i] == OK ? 1 : 0;
                unfinished += outcome[i] == UNFINISHED ? 1 : 0;
            }
            long[] l = Arrays.copyOf(timed, t);
            Arrays.sort(l);
            long[] g = lag.clone();
            Arrays.sort(g);
            StringBuilder status = new StringBuilder();
            new TreeMap<>(statuses).forEach((k, v) -> status.append(status.length() == 0 ? "" : ",").append(k).append(':').append(v.sum()));
            return String.format(Locale.ROOT,
                    "n=%d ok=%d err=%d status=%s p50=%.2f p90=%.2f p99=%.2f p999=%.2f max=%.2f mean=%.2f achieved=%.1f"
                            + " lag_p99=%.2f lag_max=%.2f unfinished=%d%s",
                    n, ok, n - ok - unfinished, status.length() == 0 ? "-" : status, ms(l, 50), ms(l, 90), ms(l, 99), ms(l, 99.9),
                    l.length == 0 ? 0 : l[l.length - 1] / 1e6, t == 0 ? 0 : sum / t / 1e6, window > 0 ? ok / window : 0,
                    ms(g, 99), g.length == 0 ? 0 : g[g.length - 1] / 1e6, unfinished, mode);
        }

        static String fill(String s, long n) {
            if (s.indexOf('{') < 0) {
                return s;
            }
            String r = s.replace("{n}", Long.toString(n));
            while (r.contains("{uuid}")) {
                r = r.replaceFirst("\\{uuid}", UUID.randomUUID().toString());
            }
            return r;
        }
    }

    /** Nearest-rank percentile of sorted nanoseconds, in ms. */
    static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1))] / 1e6;
    }

    static ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }
}
