package cn.jifen.notify.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WeChat API on 127.0.0.1: {@code POST /cgi-bin/stable_token} hands out TOKEN-1, TOKEN-2... and
 * {@code POST /cgi-bin/message/template/send} accepts a message when its access_token is one it handed out and has
 * not revoked (else errcode 40001), unless the test queued other answers.
 */
final class WeChatStub implements AutoCloseable {
    record Call(String method, String path, String query, String contentType, String body) {
        String accessToken() {
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("access_token=")) {
                    return URLDecoder.decode(pair.substring("access_token=".length()), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    final List<Call> tokenCalls = new CopyOnWriteArrayList<>();
    final List<Call> sends = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> revoked = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> sendReplies = new ConcurrentLinkedDeque<>();
    volatile long expiresIn = 7200;
    volatile long tokenDelayMillis;
    volatile String tokenError;

    WeChatStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(pool);
        server.createContext("/cgi-bin/stable_token", exchange -> {
            tokenCalls.add(call(exchange));
            sleep(tokenDelayMillis);
            if (tokenError != null) {
                reply(exchange, tokenError);
                return;
            }
            String token = "TOKEN-" + issued.incrementAndGet();
            valid.add(token);
            reply(exchange, "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}");
        });
        server.createContext("/cgi-bin/message/template/send", exchange -> {
            Call call = call(exchange);
            sends.add(call);
            String queued = sendReplies.poll();
            if (queued != null) {
                reply(exchange, queued);
            } else if (revoked.containsKey(call.accessToken())) {
                reply(exchange, "{\"errcode\":" + revoked.get(call.accessToken()) + ",\"errmsg\":\"invalid credential\"}");
            } else if (!valid.contains(call.accessToken())) {
                reply(exchange, "{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest\"}");
            } else {
                reply(exchange, "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":200228332}");
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on WeChat answers this errcode to the token (40001, 42001 or 40014). */
    void revoke(String token, int errcode) {
        valid.remove(token);
        revoked.put(token, errcode);
    }

    /** The next send gets this answer instead of the usual one. */
    void nextSendReplies(String json) {
        sendReplies.add(json);
    }

    private static Call call(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        exchange.getRequestBody().transferTo(body);
        return new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                body.toString(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; encoding=utf-8");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
