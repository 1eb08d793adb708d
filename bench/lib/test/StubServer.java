import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in server for bench/lib/test/openload.sh (java bench/lib/test/StubServer.java PORT STALL_AT STALL_MS CONFLICT_EVERY):
 * answers every request at once, except that request number STALL_AT freezes the server for STALL_MS (every request
 * in that time waits for the end of the freeze, like a server in a long GC pause), and every CONFLICT_EVERY-th request
 * is answered 409. GET /stats answers "requests=N keys=distinct Idempotency-Keys bearer=requests with a bearer token".
 */
public class StubServer {
    public static void main(String[] a) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");   // else delayed ACKs add ~40 ms to each answer
        int stallAt = Integer.parseInt(a[1]);
        long stallMs = Long.parseLong(a[2]);
        int conflictEvery = Integer.parseInt(a[3]);
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger bearer = new AtomicInteger();
        Set<String> keys = ConcurrentHashMap.newKeySet();
        AtomicLong stallUntil = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(a[0])), 200);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.createContext("/stats", x -> answer(x, 200,
                "requests=" + requests.get() + " keys=" + keys.size() + " bearer=" + bearer.get()));
        server.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            int n = requests.incrementAndGet();
            String key = x.getRequestHeaders().getFirst("Idempotency-Key");
            if (key != null) {
                keys.add(key);
            }
            String auth = x.getRequestHeaders().getFirst("Authorization");
            if (auth != null && auth.startsWith("Bearer ")) {
                bearer.incrementAndGet();
            }
            if (n == stallAt) {
                stallUntil.set(System.currentTimeMillis() + stallMs);
            }
            long wait;
            while ((wait = stallUntil.get() - System.currentTimeMillis()) > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answer(x, conflictEvery > 0 && n % conflictEvery == 0 ? 409 : 201, "{}");
        });
        server.start();
        System.out.println("stub listening on " + a[0]);
    }

    static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }
}
