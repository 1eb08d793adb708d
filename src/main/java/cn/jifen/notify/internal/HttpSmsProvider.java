package cn.jifen.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.SortedMap;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the SMS providers reached over HTTP (Alibaba, Tencent) share: their settings, HTTP client and clock, one
 * exchange with the provider in which not getting an answer is a retryable refusal, and the parts of their request
 * signatures that are the same (the Host header as signed, the list of signed header names). Each provider builds
 * and signs its own request and reads its own answer ({@link #reply}).
 */
abstract class HttpSmsProvider implements SmsProvider {
    protected final SmsSettings settings;
    protected final HttpClient http;
    protected final Clock clock;
    protected final JsonMapper json = JsonMapper.shared();

    HttpSmsProvider(SmsSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /** What the provider's answer means: accepted, or refused with its code (retryable or not). */
    abstract SmsReply reply(int status, String body);

    /** Sends the request: unreachable or interrupted is a retryable refusal; an answer is read by {@link #reply}. */
    final SmsReply exchange(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return SmsReply.refused("IO", e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SmsReply.refused("INTERRUPTED", "interrupted", true);
        }
        return reply(response.statusCode(), response.body());
    }

    /** The Host header the HTTP client will send for this URI (the port only when not the scheme's default). */
    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(uri.getScheme()) && port == 443)
                || ("http".equals(uri.getScheme()) && port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /** SignedHeaders (both signatures): the lowercase names of the signed headers, sorted, joined by ";". */
    static String signedHeaderNames(SortedMap<String, String> headers) {
        return headers.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(";"));
    }
}
