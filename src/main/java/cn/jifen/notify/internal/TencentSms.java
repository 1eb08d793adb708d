package cn.jifen.notify.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Tencent Cloud SMS (腾讯云短信, API 3.0, SendSms version 2021-01-11), signed with TC3-HMAC-SHA256.
 *
 * <p>SendSms: https://cloud.tencent.com/document/api/382/55981 (PhoneNumberSet in E.164 "+86…", SmsSdkAppId,
 * SignName, TemplateId, TemplateParamSet positional, SessionContext echoed back, under 512 bytes). Signature v3
 * (签名方法 v3, the same text in every product's API docs): https://cloud.tencent.com/document/api/362/4208, in English
 * https://tencentcloud.com/document/product/242/54220. Error codes: https://cloud.tencent.com/document/api/382/59177
 * and the common ones at https://cloud.tencent.com/document/api/382/38780.
 */
final class TencentSms extends HttpSmsProvider {
    static final String PUBLIC_ENDPOINT = "https://sms.tencentcloudapi.com";
    static final String SERVICE = "sms";
    static final String ACTION = "SendSms";
    static final String VERSION = "2021-01-11";
    static final String ALGORITHM = "TC3-HMAC-SHA256";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    TencentSms(SmsSettings settings, HttpClient http, Clock clock) {
        super(settings, http, clock);
    }

    @Override
    public String name() {
        return "tencent";
    }

    @Override
    public boolean configured() {
        return !settings.accessKeyId().isEmpty() && !settings.accessKeySecret().isEmpty()
                && !settings.signName().isEmpty() && !settings.sdkAppId().isEmpty();
    }

    @Override
    public SmsReply send(String phone, String templateId, LinkedHashMap<String, String> vars, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("PhoneNumberSet", List.of("+86" + phone));
        body.put("SmsSdkAppId", settings.sdkAppId());
        body.put("SignName", settings.signName());
        body.put("TemplateId", templateId);
        body.put("TemplateParamSet", new ArrayList<>(vars.values()));
        body.put("SessionContext", idempotencyKey);
        String payload = json.writeValueAsString(body);

        URI uri = URI.create(settings.endpointOr(PUBLIC_ENDPOINT) + "/");
        long timestamp = clock.instant().getEpochSecond();
        SortedMap<String, String> signed = new TreeMap<>();
        signed.put("content-type", CONTENT_TYPE);
        signed.put("host", hostHeader(uri));
        signed.put("x-tc-action", ACTION);
        String authorization = authorization(settings.accessKeyId(), settings.accessKeySecret(), SERVICE, timestamp,
                signed, payload);

        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .header("Authorization", authorization)
                .header("Content-Type", CONTENT_TYPE)
                .header("X-TC-Action", ACTION)
                .header("X-TC-Version", VERSION)
                .header("X-TC-Timestamp", Long.toString(timestamp))
                .header("X-TC-Region", settings.region())
                .build();
        return exchange(request);
    }

    /**
     * A request may fail as a whole (Response.Error) or per number (SendStatusSet[].Code other than "Ok"); either
     * code decides: rate limits and internal errors may be retried, everything else (a wrong number, template,
     * signature or key) may not. Any 5xx may be retried.
     */
    @Override
    SmsReply reply(int status, String body) {
        JsonNode response;
        try {
            response = json.readTree(body == null || body.isBlank() ? "{}" : body).path("Response");
        } catch (RuntimeException notJson) {
            return SmsReply.refused("HTTP " + status, "", status >= 500 || status == 429);
        }
        String requestId = response.path("RequestId").asString("");
        JsonNode error = response.path("Error");
        if (!error.isMissingNode()) {
            String code = error.path("Code").asString("");
            return SmsReply.refused(code, error.path("Message").asString(""), status >= 500 || retryable(code));
        }
        if (status != 200) {
            return SmsReply.refused("HTTP " + status, "", status >= 500 || status == 429);
        }
        JsonNode first = response.path("SendStatusSet").path(0);
        String code = first.path("Code").asString("");
        if ("Ok".equalsIgnoreCase(code)) {
            return SmsReply.accepted(requestId);
        }
        return SmsReply.refused(code.isEmpty() ? "NoSendStatus" : code, first.path("Message").asString(""),
                retryable(code));
    }

    static boolean retryable(String code) {
        if (code.equals("InternalError.SigVerificationFail") || code.equals("LimitExceeded.PhoneNumberCountLimit")) {
            return false;
        }
        return code.startsWith("RequestLimitExceeded") || code.startsWith("LimitExceeded")
                || code.startsWith("InternalError") || code.startsWith("ResourceUnavailable");
    }

    /* ---- TC3-HMAC-SHA256, step by step as https://cloud.tencent.com/document/api/362/4208 ---- */

    /**
     * 1. CanonicalRequest = POST \n / \n (empty query) \n CanonicalHeaders \n SignedHeaders \n
     * lowercase(hex(sha256(payload))), each canonical header being lowercase(name):lowercase(trim(value))\n, sorted
     * by name.
     */
    static String canonicalRequest(SortedMap<String, String> signedHeaders, String payload) {
        StringBuilder canonicalHeaders = new StringBuilder();
        signedHeaders.forEach((name, value) -> canonicalHeaders.append(name.toLowerCase(Locale.ROOT)).append(':')
                .append(value.trim().toLowerCase(Locale.ROOT)).append('\n'));
        return "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaderNames(signedHeaders) + "\n"
                + Hashes.sha256Hex(payload);
    }

    /** 2. StringToSign = TC3-HMAC-SHA256 \n timestamp \n date/service/tc3_request \n hex(sha256(CanonicalRequest)). */
    static String stringToSign(long timestamp, String service, String canonicalRequest) {
        return ALGORITHM + "\n" + timestamp + "\n" + credentialScope(timestamp, service) + "\n"
                + Hashes.sha256Hex(canonicalRequest);
    }

    /** The date is the UTC date of the timestamp, never the local one (the doc's warning about 00:00 in UTC+8). */
    static String credentialScope(long timestamp, String service) {
        return DATE.format(Instant.ofEpochSecond(timestamp)) + "/" + service + "/tc3_request";
    }

    /**
     * 3. SecretDate = HMAC("TC3" + SecretKey, date), SecretService = HMAC(SecretDate, service), SecretSigning =
     * HMAC(SecretService, "tc3_request"), Signature = hex(HMAC(SecretSigning, StringToSign)).
     * 4. Authorization = TC3-HMAC-SHA256 Credential=SecretId/scope, SignedHeaders=..., Signature=...
     */
    static String authorization(String secretId, String secretKey, String service, long timestamp,
                                SortedMap<String, String> signedHeaders, String payload) {
        String date = DATE.format(Instant.ofEpochSecond(timestamp));
        byte[] secretDate = Hashes.hmacSha256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = Hashes.hmacSha256(secretDate, service);
        byte[] secretSigning = Hashes.hmacSha256(secretService, "tc3_request");
        String signature = HexFormat.of().formatHex(Hashes.hmacSha256(secretSigning,
                stringToSign(timestamp, service, canonicalRequest(signedHeaders, payload))));
        return ALGORITHM + " Credential=" + secretId + "/" + credentialScope(timestamp, service)
                + ", SignedHeaders=" + signedHeaderNames(signedHeaders) + ", Signature=" + signature;
    }
}
