package cn.jifen.notify.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partner's webhook endpoint on 127.0.0.1: recomputes the HMAC-SHA256 of each body under the secret and
 * refuses (401) a request whose X-Jifen-Signature differs; keeps what it accepted and counts each CloudEvents id.
 */
final class WebhookStub implements AutoCloseable {
    record Received(String contentType, String signature, String body, JsonNode event) { }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String secret;
    final List<Received> accepted = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> countById = new ConcurrentHashMap<>();
    final AtomicInteger badSignatures = new AtomicInteger();
    volatile int status = 200;
    volatile long delayMillis;
    private final HttpServer server;

    WebhookStub(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("X-Jifen-Signature");
            int answer;
            if (signature == null || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                    sign(raw).getBytes(StandardCharsets.UTF_8))) {
                badSignatures.incrementAndGet();
                answer = 401;
            } else {
                answer = status;
                if (answer / 100 == 2) {
                    JsonNode event = JSON.readTree(body);
                    accepted.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"), signature, body, event));
                    countById.computeIfAbsent(event.get("id").asString(), k -> new AtomicInteger()).incrementAndGet();
                }
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
