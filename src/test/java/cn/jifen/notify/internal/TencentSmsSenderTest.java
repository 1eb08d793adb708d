package cn.jifen.notify.internal;

import static cn.jifen.notify.internal.AliyunSmsSenderTest.hex;
import static cn.jifen.notify.internal.AliyunSmsSenderTest.hmac;
import static cn.jifen.notify.internal.AliyunSmsSenderTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMS through Tencent Cloud, against a stub on 127.0.0.1 that checks each request as Tencent documents it: the
 * TC3-HMAC-SHA256 signature recomputed here from the received request (https://cloud.tencent.com/document/api/362/4208),
 * the X-TC-* headers, and every SendSms parameter (https://cloud.tencent.com/document/api/382/55981).
 */
class TencentSmsSenderTest {
    private static final String SECRET_ID = "AKIDtestSecretId0123456789";
    private static final String SECRET_KEY = "test-secret-key-never-logged";
    // 2026-12-06 00:30 in Shanghai is still 2026-12-05 in UTC: the credential scope must use the UTC date
    private static final Instant NOW = Instant.parse("2026-12-05T16:30:15Z");

    private final SmsStub stub = new SmsStub();
    private final Clock clock = Clock.fixed(NOW, ZoneId.of("Asia/Shanghai"));

    @AfterEach
    void stop() {
        stub.close();
    }

    private MockEnvironment env() {
        return new MockEnvironment()
                .withProperty("jifen.notify.sms.provider", "tencent")
                .withProperty("jifen.notify.sms.sign-name", "石岭积分")
                .withProperty("jifen.notify.sms.access-key-id", SECRET_ID)
                .withProperty("jifen.notify.sms.access-key-secret", SECRET_KEY)
                .withProperty("jifen.notify.sms.sdk-app-id", "1400006666")
                .withProperty("jifen.notify.sms.endpoint", stub.url())
                .withProperty("jifen.notify.sms.template.default", "1110")
                .withProperty("jifen.notify.sms.template.POSTING_CREATED", "2220");
    }

    private SmsSender sender() {
        return new SmsSender(env(), SmsStub.messages(), clock);
    }

    private static OutboundMessage message(String phone, String text) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("points", "5");
        params.put("item", "门前三包");
        params.put("deadline", "12月11日");
        return new OutboundMessage(8L, "notice-8-sms", Channel.SMS, phone, "石岭村", "积分入账", text, "POSTING_CREATED",
                params);
    }

    private static String sent(String code) {
        return "{\"Response\":{\"SendStatusSet\":[{\"SerialNo\":\"5000:1045710669157053657849499619\","
                + "\"PhoneNumber\":\"+8613800138000\",\"Fee\":1,\"SessionContext\":\"notice-8-sms\",\"Code\":\"" + code
                + "\",\"Message\":\"send success\",\"IsoCode\":\"CN\"}],\"RequestId\":\"a0aabda6-cf91-4f3e-a81f-9198114a2279\"}}";
    }

    private static String error(String code) {
        return "{\"Response\":{\"Error\":{\"Code\":\"" + code + "\",\"Message\":\"refused\"},"
                + "\"RequestId\":\"ed93f3cb-f35e-473f-b9f3-0d451b8b79c6\"}}";
    }

    @Test
    void sendsOneSendSmsRequestWithEveryDocumentedParameter() {
        stub.replies(200, sent("Ok"));

        int segments = sender().send(message("+86 138 0013 8000", "您家获得 5 分（门前三包），12月11日前可提异议"));

        assertThat(segments).isEqualTo(1);
        SmsStub.Request r = stub.only();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.rawQuery()).isNull();
        assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(r.header("x-tc-action")).isEqualTo("SendSms");
        assertThat(r.header("x-tc-version")).isEqualTo("2021-01-11");
        assertThat(r.header("x-tc-region")).isEqualTo("ap-guangzhou");
        assertThat(r.header("x-tc-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        JsonNode body = JsonMapper.shared().readTree(r.body());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("PhoneNumberSet", "SmsSdkAppId", "SignName",
                "TemplateId", "TemplateParamSet", "SessionContext");
        assertThat(body.path("PhoneNumberSet").get(0).asString()).isEqualTo("+8613800138000");
        assertThat(body.path("PhoneNumberSet").size()).isEqualTo(1);
        assertThat(body.path("SmsSdkAppId").asString()).isEqualTo("1400006666");
        assertThat(body.path("SignName").asString()).isEqualTo("石岭积分");
        assertThat(body.path("TemplateId").asString()).isEqualTo("2220");
        assertThat(body.path("SessionContext").asString()).isEqualTo("notice-8-sms");
    }

    @Test
    void templateParametersArePositionalTheVillageFirstThenTheNoticesInOrder() {
        stub.replies(200, sent("Ok"));

        sender().send(message("13800138000", "您家获得 5 分"));

        JsonNode set = JsonMapper.shared().readTree(stub.only().body()).path("TemplateParamSet");
        assertThat(set.size()).isEqualTo(4);
        assertThat(List.of(set.get(0).asString(), set.get(1).asString(), set.get(2).asString(), set.get(3).asString()))
                .containsExactly("石岭村", "5", "门前三包", "12月11日");
    }

    @Test
    void theSignatureIsTheOneTencentRecomputesFromTheReceivedRequest() {
        stub.replies(200, sent("Ok"));

        sender().send(message("13800138000", "您家获得 5 分"));

        assertSignedAsTencentDocuments(stub.only());
    }

    @Test
    void aLongMessageReturnsTheSegmentsItIsBilledFor() {
        stub.replies(200, sent("Ok"));

        // 【石岭积分】 6 + 石岭村： 4 + 125 = 135: three segments
        assertThat(sender().send(message("13800138000", "积".repeat(125)))).isEqualTo(3);
    }

    @Test
    void aFrequencyLimitIsRetryable() {
        stub.replies(200, error("LimitExceeded.DeliveryFrequencyLimit"));

        assertThatThrownBy(() -> sender().send(message("13800138000", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.getMessage()).contains("LimitExceeded.DeliveryFrequencyLimit").contains("tencent");
                });
    }

    @Test
    void aRequestLimitIsRetryable() {
        stub.replies(200, error("RequestLimitExceeded"));

        assertThatThrownBy(() -> sender().send(message("13800138000", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue());
    }

    @Test
    void aServerErrorIsRetryable() {
        stub.replies(502, "<html>bad gateway</html>");

        assertThatThrownBy(() -> sender().send(message("13800138000", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue());
    }

    @Test
    void anIncorrectNumberIsNotRetryable() {
        stub.replies(200, error("InvalidParameterValue.IncorrectPhoneNumber"));

        assertThatThrownBy(() -> sender().send(message("13800138000", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse());
    }

    @Test
    void anUnapprovedTemplateIsNotRetryable() {
        stub.replies(200, error("FailedOperation.TemplateIncorrectOrUnapproved"));

        assertThatThrownBy(() -> sender().send(message("13800138000", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse());
    }

    @Test
    void aNumberRefusedInsideAnAcceptedRequestIsAFailureToo() {
        stub.replies(200, sent("FailedOperation.PhoneNumberInBlacklist"));

        assertThatThrownBy(() -> sender().send(message("13800138000", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("FailedOperation.PhoneNumberInBlacklist");
                });
    }

    @Test
    void withoutTheSdkAppIdTencentIsNotConfigured() {
        assertThat(new SmsSender(env().withProperty("jifen.notify.sms.sdk-app-id", ""), SmsStub.messages(), clock)
                .configured()).isFalse();
        assertThat(sender().providerName()).isEqualTo("tencent");
    }

    /* ---- the server's side of TC3-HMAC-SHA256, written from the documentation, not from TencentSms ---- */

    static void assertSignedAsTencentDocuments(SmsStub.Request r) {
        Matcher auth = Pattern.compile("^TC3-HMAC-SHA256 Credential=([^/]+)/(\\d{4}-\\d{2}-\\d{2})/([a-z]+)/tc3_request, "
                + "SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$").matcher(r.header("authorization"));
        assertThat(auth.matches()).as(r.header("authorization")).isTrue();
        assertThat(auth.group(1)).isEqualTo(SECRET_ID);
        long timestamp = Long.parseLong(r.header("x-tc-timestamp"));
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(timestamp));
        assertThat(auth.group(2)).isEqualTo(date).isEqualTo("2026-12-05");
        assertThat(auth.group(3)).isEqualTo("sms");
        List<String> signed = List.of(auth.group(4).split(";"));
        assertThat(signed).contains("content-type", "host").isSorted();
        String canonicalHeaders = signed.stream()
                .map(n -> n + ":" + r.header(n).trim().toLowerCase(Locale.ROOT) + "\n").collect(Collectors.joining());
        String canonicalRequest = "POST\n/\n\n" + canonicalHeaders + "\n" + String.join(";", signed) + "\n"
                + hex(sha256(r.body()));
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/sms/tc3_request\n"
                + hex(sha256(canonicalRequest));
        byte[] secretDate = hmac(("TC3" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmac(secretDate, "sms");
        byte[] secretSigning = hmac(secretService, "tc3_request");
        assertThat(auth.group(5)).isEqualTo(hex(hmac(secretSigning, stringToSign)));
    }
}
