package cn.jifen.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Official Account's access_token, fetched from the stable-token endpoint and kept until shortly before it
 * expires. One fetch at a time: callers that find no valid token wait on one lock, and whoever gets it second finds
 * the token the first one fetched.
 *
 * <p>Endpoint: {@code POST /cgi-bin/stable_token} with {@code {"grant_type":"client_credential","appid","secret"}}
 * (getStableAccessToken, https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken.html). WeChat
 * recommends it over {@code GET /cgi-bin/token} ("比其更加稳定,推荐使用此接口替代"): in its normal mode a repeated call
 * returns the token in force instead of invalidating the previous one, so several Jifen instances (and a county's
 * other systems) can share one account without knocking out each other's tokens. Jifen never uses force_refresh
 * (limited to 20 a day): after a 40001/42001/40014 the normal mode already hands out the renewed token, since "普通模式下
 * 平台会提前5分钟更新access_token".
 */
final class WeChatTokens {
    /** Renew this long before the token's end, matching the platform's own early renewal. */
    static final Duration MARGIN = Duration.ofMinutes(5);

    private final URI endpoint;
    private final String appId;
    private final String appSecret;
    private final HttpClient http;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.shared();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Token token;

    private record Token(String value, Instant renewAt) { }

    /** The stable-token endpoint refused or could not be reached. */
    static final class TokenFailure extends RuntimeException {
        final int errcode;
        final boolean retryable;

        TokenFailure(int errcode, String message, boolean retryable) {
            super(message);
            this.errcode = errcode;
            this.retryable = retryable;
        }
    }

    WeChatTokens(String baseUrl, String appId, String appSecret, HttpClient http, Clock clock) {
        this.endpoint = URI.create(baseUrl + "/cgi-bin/stable_token");
        this.appId = appId;
        this.appSecret = appSecret;
        this.http = http;
        this.clock = clock;
    }

    /** A token valid for at least a few more minutes, fetched only when there is none. */
    String current() {
        Token t = token;
        if (t != null && clock.instant().isBefore(t.renewAt())) {
            return t.value();
        }
        lock.lock();
        try {
            t = token;
            if (t != null && clock.instant().isBefore(t.renewAt())) {
                return t.value();
            }
            t = fetch();
            token = t;
            return t.value();
        } finally {
            lock.unlock();
        }
    }

    /** WeChat rejected this token: forget it (unless another thread already replaced it). */
    void invalidate(String rejected) {
        lock.lock();
        try {
            Token t = token;
            if (t != null && t.value().equals(rejected)) {
                token = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private Token fetch() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grant_type", "client_credential");
        body.put("appid", appId);
        body.put("secret", appSecret);
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TokenFailure(0, e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenFailure(0, "interrupted", true);
        }
        if (response.statusCode() != 200) {
            throw new TokenFailure(0, "HTTP " + response.statusCode(), response.statusCode() >= 500);
        }
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (RuntimeException notJson) {
            throw new TokenFailure(0, "HTTP 200 without JSON", true);
        }
        String value = root.path("access_token").asString("");
        if (value.isEmpty()) {
            int errcode = root.path("errcode").asInt(0);
            // -1 is "system busy"; 45009 and 45011 are call limits: all pass. A wrong appid/secret or an IP not on
            // the account's whitelist (40013, 40125, 40164, 41004...) stays wrong until the county fixes it.
            boolean retryable = errcode == -1 || errcode == 45009 || errcode == 45011;
            throw new TokenFailure(errcode, root.path("errmsg").asString(""), retryable);
        }
        long expiresIn = root.path("expires_in").asLong(7200);
        long keep = Math.max(expiresIn - MARGIN.toSeconds(), expiresIn / 2);
        return new Token(value, clock.instant().plusSeconds(keep));
    }
}
