package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SMS through Alibaba Cloud, against a stub on 127.0.0.1 that checks each SendSms request as Alibaba documents it:
 * the V3 signature recomputed here from the received request
 * (https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature) and every SendSms parameter
 * (https://help.aliyun.com/document_detail/55284.html).
 */
class AliyunSmsSenderTest {
    private static final String KEY_ID = "LTAI5tTestKeyId";
    private static final String SECRET = "test-secret-never-logged";
    private static final Instant NOW = Instant.parse("2026-12-06T02:30:15Z");

    private final SmsStub stub = new SmsStub();
    private final Clock clock = Clock.fixed(NOW, ZoneId.of("Asia/Shanghai"));

    @AfterEach
    void stop() {
        stub.close();
    }

    private MockEnvironment env() {
        return new MockEnvironment()
                .withProperty("jifen.notify.sms.provider", "aliyun")
                .withProperty("jifen.notify.sms.sign-name", "石岭积分")
                .withProperty("jifen.notify.sms.access-key-id", KEY_ID)
                .withProperty("jifen.notify.sms.access-key-secret", SECRET)
                .withProperty("jifen.notify.sms.endpoint", stub.url())
                .withProperty("jifen.notify.sms.template.default", "SMS_100001")
                .withProperty("jifen.notify.sms.template.POSTING_CREATED", "SMS_200002");
    }

    private SmsSender sender() {
        return new SmsSender(env(), SmsStub.messages(), clock);
    }

    private static OutboundMessage message(String phone, String template, String text) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("points", "5");
        params.put("item", "门前三包");
        return new OutboundMessage(7L, "notice-7-sms", Channel.SMS, phone, "石岭村", "积分入账", text, template, params);
    }

    private static final String OK = "{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"9006197469364984^0\","
            + "\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\"}";

    @Test
    void sendsOneSendSmsRequestWithEveryDocumentedParameter() {
        stub.replies(200, OK);

        int segments = sender().send(message("138 0013 8000", "POSTING_CREATED", "您家获得 5 分（门前三包）"));

        assertThat(segments).isEqualTo(1);
        SmsStub.Request r = stub.only();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.body()).isEmpty();
        Map<String, String> q = query(r.rawQuery());
        assertThat(q).containsOnlyKeys("PhoneNumbers", "SignName", "TemplateCode", "TemplateParam", "OutId");
        assertThat(q.get("PhoneNumbers")).isEqualTo("13800138000");
        assertThat(q.get("SignName")).isEqualTo("石岭积分");
        assertThat(q.get("TemplateCode")).isEqualTo("SMS_200002");
        assertThat(q.get("OutId")).isEqualTo("notice-7-sms");
        JsonNode param = JsonMapper.shared().readTree(q.get("TemplateParam"));
        assertThat(param.propertyNames()).containsExactly("village", "points", "item");
        assertThat(param.path("village").asString()).isEqualTo("石岭村");
        assertThat(param.path("points").asString()).isEqualTo("5");
        assertThat(param.path("item").asString()).isEqualTo("门前三包");
        assertThat(r.header("x-acs-action")).isEqualTo("SendSms");
        assertThat(r.header("x-acs-version")).isEqualTo("2017-05-25");
        assertThat(r.header("x-acs-date")).isEqualTo("2026-12-06T02:30:15Z");
        assertThat(r.header("x-acs-signature-nonce")).matches("[0-9a-f]{32}");
    }

    @Test
    void theSignatureIsTheOneAlibabaRecomputesFromTheReceivedRequest() {
        stub.replies(200, OK);

        sender().send(message("13800138000", "POSTING_CREATED", "您家获得 5 分"));

        assertSignedAsAlibabaDocuments(stub.only());
    }

    @Test
    void everyRequestCarriesAFreshNonce() {
        stub.replies(200, OK);
        SmsSender sender = sender();

        sender.send(message("13800138000", "POSTING_CREATED", "一"));
        sender.send(message("13800138000", "POSTING_CREATED", "二"));

        assertThat(stub.requests()).extracting(r -> r.header("x-acs-signature-nonce")).doesNotHaveDuplicates();
    }

    @Test
    void aNoticeKindWithoutItsOwnTemplateUsesTheDefaultTemplate() {
        stub.replies(200, OK);

        sender().send(message("13800138000", "REDEMPTION_CREATED", "您家兑换了一袋米"));

        assertThat(query(stub.only().rawQuery()).get("TemplateCode")).isEqualTo("SMS_100001");
    }

    @Test
    void aLongMessageReturnsTheSegmentsItIsBilledFor() {
        stub.replies(200, OK);

        // 【石岭积分】 6 + 石岭村： 4 + 100 = 110 characters: two segments of 67
        int segments = sender().send(message("13800138000", "POSTING_CREATED", "积".repeat(100)));

        assertThat(segments).isEqualTo(2);
    }

    @Test
    void flowControlIsRetryable() {
        stub.replies(200, "{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\",\"Message\":\"触发分钟级流控Permits:1\"}");

        assertThatThrownBy(() -> sender().send(message("13800138000", "POSTING_CREATED", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.getMessage()).contains("isv.BUSINESS_LIMIT_CONTROL").contains("aliyun");
                });
    }

    @Test
    void aServerErrorIsRetryable() {
        stub.replies(503, "{\"Code\":\"ServiceUnavailable\",\"Message\":\"The request has failed\"}");

        assertThatThrownBy(() -> sender().send(message("13800138000", "POSTING_CREATED", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue());
    }

    @Test
    void anIllegalNumberIsNotRetryable() {
        stub.replies(200, "{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\",\"Message\":\"非法手机号\"}");

        assertThatThrownBy(() -> sender().send(message("13800138000", "POSTING_CREATED", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("isv.MOBILE_NUMBER_ILLEGAL");
                });
    }

    @Test
    void anUnapprovedTemplateIsNotRetryable() {
        stub.replies(200, "{\"Code\":\"isv.SMS_TEMPLATE_ILLEGAL\",\"Message\":\"该账号下找不到对应模板\"}");

        assertThatThrownBy(() -> sender().send(message("13800138000", "POSTING_CREATED", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse());
    }

    @Test
    void aWrongSignatureIsNotRetryable() {
        stub.replies(400, "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"Specified signature is not matched\"}");

        assertThatThrownBy(() -> sender().send(message("13800138000", "POSTING_CREATED", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse());
    }

    @Test
    void anAddressThatIsNoMobileNumberIsRefusedWithoutCallingTheProvider() {
        assertThatThrownBy(() -> sender().send(message("0763-6612345", "POSTING_CREATED", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("手机号码").contains("11 位");
                });
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void anUnreachableProviderIsRetryable() {
        MockEnvironment env = env().withProperty("jifen.notify.sms.endpoint", "http://127.0.0.1:" + SmsStub.closedPort());
        SmsSender sender = new SmsSender(env, SmsStub.messages(), clock);

        assertThatThrownBy(() -> sender.send(message("13800138000", "POSTING_CREATED", "x")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.getMessage()).contains("连不上短信服务商");
                });
    }

    @Test
    void withoutAProviderSmsIsNotConfigured() {
        assertThat(new SmsSender(new MockEnvironment(), SmsStub.messages(), clock).configured()).isFalse();
        assertThat(new SmsSender(env().withProperty("jifen.notify.sms.provider", "huawei"), SmsStub.messages(), clock)
                .configured()).isFalse();
        assertThat(new SmsSender(env().withProperty("jifen.notify.sms.access-key-secret", ""), SmsStub.messages(), clock)
                .configured()).isFalse();
        assertThat(sender().configured()).isTrue();
        assertThat(sender().providerName()).isEqualTo("aliyun");
    }

    @Test
    void aTemplatePerNoticeKindCanComeFromAnEnvironmentVariable() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("county",
                Map.of("JIFEN_NOTIFY_SMS_TEMPLATE_VETO", "SMS_300003")));
        env.getPropertySources().addLast(new MapPropertySource("application", Map.of(
                "jifen.notify.sms.provider", "aliyun", "jifen.notify.sms.template.default", "SMS_100001")));

        SmsSender sender = new SmsSender(env, SmsStub.messages(), clock);

        assertThat(sender.templateFor("VETO")).isEqualTo("SMS_300003");
        assertThat(sender.templateFor("POSTING_CREATED")).isEqualTo("SMS_100001");
    }

    @Test
    void theSettingsNeverShowTheSecret() {
        assertThat(SmsSettings.from(env()).toString()).doesNotContain(SECRET).contains(KEY_ID);
    }

    /* ---- the server's side of the V3 signature, written from the documentation, not from AliyunSms ---- */

    static void assertSignedAsAlibabaDocuments(SmsStub.Request r) {
        Matcher auth = Pattern.compile("^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$")
                .matcher(r.header("authorization"));
        assertThat(auth.matches()).as(r.header("authorization")).isTrue();
        assertThat(auth.group(1)).isEqualTo(KEY_ID);
        // every x-acs-* header and host take part ("除Authorization外的所有公共请求头,只要存在必须被加入签名")
        List<String> signed = List.of(auth.group(2).split(";"));
        List<String> expected = new ArrayList<>(r.headers().keySet().stream()
                .filter(n -> n.startsWith("x-acs-") || n.equals("host") || n.equals("content-type")).sorted().toList());
        assertThat(signed).isEqualTo(expected);

        String hashedPayload = hex(sha256(r.body()));
        assertThat(r.header("x-acs-content-sha256")).isEqualTo(hashedPayload);
        String canonicalHeaders = signed.stream().map(n -> n + ":" + r.header(n).trim() + "\n").collect(Collectors.joining());
        String canonicalQuery = new TreeMap<>(query(r.rawQuery())).entrySet().stream()
                .map(e -> rfc3986(e.getKey()) + "=" + rfc3986(e.getValue())).collect(Collectors.joining("&"));
        String canonicalRequest = "POST\n" + "/\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + String.join(";", signed) + "\n" + hashedPayload;
        String stringToSign = "ACS3-HMAC-SHA256\n" + hex(sha256(canonicalRequest));
        assertThat(auth.group(3)).isEqualTo(hex(hmac(SECRET.getBytes(StandardCharsets.UTF_8), stringToSign)));
    }

    static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    /** A–Z a–z 0–9 - _ . ~ as they are, every other UTF-8 byte as %XX in capitals. */
    static String rfc3986(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hmac(byte[] key, String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
