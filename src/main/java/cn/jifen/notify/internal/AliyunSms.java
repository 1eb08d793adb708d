package cn.jifen.notify.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Alibaba Cloud SMS (阿里云短信服务, dysmsapi 2017-05-25), operation SendSms, signed with the V3 signature
 * (ACS3-HMAC-SHA256), which Alibaba's documentation now recommends over the older RPC HMAC-SHA1 (V2) signature:
 * "如果您当前使用的是V2版本签名进行API调用,您可以直接替换为V3版本签名" —
 * https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature.
 *
 * <p>SendSms: https://help.aliyun.com/document_detail/55284.html (PhoneNumbers, SignName, TemplateCode, TemplateParam
 * as a JSON string of string values, OutId echoed in delivery receipts). SendSms is an RPC-style operation, so its
 * parameters travel in the query string and the body is empty. Error codes:
 * https://help.aliyun.com/document_detail/101346.html. Alibaba states SendSms itself is not idempotent ("均不支持幂等的
 * 能力"): OutId lets a receipt be matched to the outbox row, and the outbox's own key keeps a retry from being posted
 * twice once the first was accepted.
 */
final class AliyunSms extends HttpSmsProvider {
    static final String PUBLIC_ENDPOINT = "https://dysmsapi.aliyuncs.com";
    static final String ACTION = "SendSms";
    static final String VERSION = "2017-05-25";
    static final String ALGORITHM = "ACS3-HMAC-SHA256";
    private static final DateTimeFormatter ACS_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** Codes after which the same request may succeed later: flow control, and the provider's own failures. */
    private static final Set<String> RETRYABLE = Set.of("isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL",
            "isv.MONTH_LIMIT_CONTROL", "isp.SYSTEM_ERROR", "isp.GATEWAY_ERROR", "ServiceUnavailable",
            "InternalError", "UnknownError");

    AliyunSms(SmsSettings settings, HttpClient http, Clock clock) {
        super(settings, http, clock);
    }

    @Override
    public String name() {
        return "aliyun";
    }

    @Override
    public boolean configured() {
        return !settings.accessKeyId().isEmpty() && !settings.accessKeySecret().isEmpty()
                && !settings.signName().isEmpty();
    }

    @Override
    public SmsReply send(String phone, String templateId, LinkedHashMap<String, String> vars, String idempotencyKey) {
        Map<String, String> query = new TreeMap<>();
        query.put("PhoneNumbers", phone);
        query.put("SignName", settings.signName());
        query.put("TemplateCode", templateId);
        query.put("TemplateParam", json.writeValueAsString(vars));
        query.put("OutId", idempotencyKey);
        String canonicalQuery = canonicalQuery(query);

        URI uri = URI.create(settings.endpointOr(PUBLIC_ENDPOINT) + "/?" + canonicalQuery);
        SortedMap<String, String> headers = new TreeMap<>();
        headers.put("host", hostHeader(uri));
        headers.put("x-acs-action", ACTION);
        headers.put("x-acs-version", VERSION);
        headers.put("x-acs-date", ACS_DATE.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        headers.put("x-acs-signature-nonce", UUID.randomUUID().toString().replace("-", ""));
        headers.put("x-acs-content-sha256", Hashes.sha256Hex(""));
        String authorization = authorization("POST", "/", canonicalQuery, headers, Hashes.sha256Hex(""),
                settings.accessKeyId(), settings.accessKeySecret());

        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        headers.forEach((name, value) -> {
            if (!name.equals("host")) { // the HTTP client sends Host itself, from the URI: the value signed above
                request.header(name, value);
            }
        });
        return exchange(request.build());
    }

    /** Code OK is success; flow control, the provider's own errors and any 5xx may be retried; the rest may not. */
    @Override
    SmsReply reply(int status, String body) {
        String code = "";
        String message = "";
        String requestId = "";
        try {
            JsonNode root = json.readTree(body == null || body.isBlank() ? "{}" : body);
            code = root.path("Code").asString("");
            message = root.path("Message").asString("");
            requestId = root.path("RequestId").asString("");
        } catch (RuntimeException notJson) {
            message = "HTTP " + status;
        }
        if (status == 200 && "OK".equals(code)) {
            return SmsReply.accepted(requestId);
        }
        boolean retryable = status >= 500 || status == 429 || RETRYABLE.contains(code) || code.startsWith("Throttling");
        return SmsReply.refused(code.isEmpty() ? "HTTP " + status : code, message, retryable);
    }

    /* ---- the V3 signature, step by step as https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature ---- */

    /**
     * RFC 3986 percent-encoding of one query name or value: A–Z a–z 0–9 - _ . ~ stay, everything else (UTF-8 bytes)
     * becomes %XX; the doc's recipe is URLEncoder, then + → %20, * → %2A, %7E → ~ (步骤一, CanonicalURI).
     */
    static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** CanonicalQueryString: parameters sorted by name, name and value each encoded, joined by = and & (步骤一). */
    static String canonicalQuery(Map<String, String> params) {
        return new TreeMap<>(params).entrySet().stream()
                .map(e -> percentEncode(e.getKey()) + "=" + percentEncode(e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /**
     * CanonicalRequest = method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n
     * HashedRequestPayload, where each CanonicalHeaders entry is lowercase(name):trim(value)\n, sorted by name, over
     * host, content-type and every x-acs-* header; SignedHeaders as {@link #signedHeaderNames} (步骤一).
     */
    static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                   SortedMap<String, String> headers, String hashedPayload) {
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach((name, value) -> canonicalHeaders.append(name.toLowerCase(Locale.ROOT))
                .append(':').append(value.trim()).append('\n'));
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + signedHeaderNames(headers) + "\n" + hashedPayload;
    }

    /**
     * StringToSign = "ACS3-HMAC-SHA256\n" + hex(sha256(CanonicalRequest)) (步骤二); Signature =
     * hex(HMAC-SHA256(AccessKeySecret, StringToSign)) (步骤三); Authorization = ACS3-HMAC-SHA256
     * Credential=AccessKeyId,SignedHeaders=...,Signature=... (步骤四).
     */
    static String authorization(String method, String canonicalUri, String canonicalQuery,
                                SortedMap<String, String> headers, String hashedPayload,
                                String accessKeyId, String accessKeySecret) {
        String canonical = canonicalRequest(method, canonicalUri, canonicalQuery, headers, hashedPayload);
        String stringToSign = ALGORITHM + "\n" + Hashes.sha256Hex(canonical);
        String signature = HexFormat.of().formatHex(Hashes.hmacSha256(accessKeySecret.getBytes(StandardCharsets.UTF_8),
                stringToSign));
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedHeaderNames(headers)
                + ",Signature=" + signature;
    }
}
