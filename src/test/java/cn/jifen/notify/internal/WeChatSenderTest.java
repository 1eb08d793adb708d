package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat Official Account template messages against a stub of the WeChat API on 127.0.0.1: the stable token
 * (https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken.html) fetched once and kept, renewed
 * before it ends or when WeChat rejects it, and each sendTemplateMessage request
 * (https://developers.weixin.qq.com/doc/service/api/notify/template/api_sendtemplatemessage.html) as documented.
 */
class WeChatSenderTest {
    private static final String APP_ID = "wx0123456789abcdef";
    private static final String APP_SECRET = "test-app-secret-never-logged";

    private final WeChatStub stub = new WeChatStub();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T02:00:00Z"));

    @AfterEach
    void stop() {
        stub.close();
    }

    private MockEnvironment env() {
        return new MockEnvironment()
                .withProperty("jifen.notify.wechat.app-id", APP_ID)
                .withProperty("jifen.notify.wechat.app-secret", APP_SECRET)
                .withProperty("jifen.notify.wechat.endpoint", stub.url())
                .withProperty("jifen.notify.wechat.template.default", "TPL-DEFAULT")
                .withProperty("jifen.notify.wechat.template.POSTING_CREATED", "TPL-POSTING");
    }

    private WeChatSender sender() {
        return new WeChatSender(env(), SmsStub.messages(), clock);
    }

    private static OutboundMessage message(String key, String kind) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("thing1", "门前三包");
        params.put("number2", "5");
        params.put("time3", "2026年12月6日 10:00");
        return new OutboundMessage(9L, key, Channel.WECHAT, "oVillagerOpenId0001", "石岭村", "积分入账",
                "石岭村：您家获得 5 分", kind, params);
    }

    private static JsonNode json(String body) {
        return JsonMapper.shared().readTree(body);
    }

    @Test
    void theTokenComesFromTheStableTokenEndpointAsWeChatDocumentsIt() {
        sender().send(message("notice-9-wx", "POSTING_CREATED"));

        assertThat(stub.tokenCalls).hasSize(1);
        WeChatStub.Call call = stub.tokenCalls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.contentType()).startsWith("application/json");
        JsonNode body = json(call.body());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("grant_type", "appid", "secret");
        assertThat(body.path("grant_type").asString()).isEqualTo("client_credential");
        assertThat(body.path("appid").asString()).isEqualTo(APP_ID);
        assertThat(body.path("secret").asString()).isEqualTo(APP_SECRET);
    }

    @Test
    void sendsATemplateMessageWithEveryDocumentedField() {
        int units = sender().send(message("notice-9-wx", "POSTING_CREATED"));

        assertThat(units).isEqualTo(1);
        WeChatStub.Call send = stub.sends.get(0);
        assertThat(send.method()).isEqualTo("POST");
        assertThat(send.accessToken()).isEqualTo("TOKEN-1");
        JsonNode body = json(send.body());
        assertThat(body.path("touser").asString()).isEqualTo("oVillagerOpenId0001");
        assertThat(body.path("template_id").asString()).isEqualTo("TPL-POSTING");
        assertThat(body.path("client_msg_id").asString()).isEqualTo("notice-9-wx");
        assertThat(body.path("data").propertyNames()).containsExactly("thing1", "number2", "time3");
        assertThat(body.path("data").path("thing1").path("value").asString()).isEqualTo("门前三包");
        assertThat(body.path("data").path("number2").path("value").asString()).isEqualTo("5");
    }

    @Test
    void aNoticeKindWithoutItsOwnTemplateUsesTheDefaultTemplate() {
        sender().send(message("notice-10-wx", "REDEMPTION_CREATED"));

        assertThat(json(stub.sends.get(0).body()).path("template_id").asString()).isEqualTo("TPL-DEFAULT");
    }

    @Test
    void oneTokenServesManySends() {
        WeChatSender sender = sender();

        for (int i = 0; i < 5; i++) {
            sender.send(message("notice-" + i, "POSTING_CREATED"));
        }

        assertThat(stub.tokenCalls).hasSize(1);
        assertThat(stub.sends).extracting(WeChatStub.Call::accessToken).containsOnly("TOKEN-1");
    }

    @Test
    void twentyConcurrentSendsFetchOneToken() throws Exception {
        stub.tokenDelayMillis = 300; // every sender asks while the first fetch is still under way
        WeChatSender sender = sender();
        ExecutorService threads = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String key = "notice-c" + i;
                results.add(threads.submit(() -> {
                    start.await();
                    return sender.send(message(key, "POSTING_CREATED"));
                }));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(stub.tokenCalls).hasSize(1);
        assertThat(stub.sends).hasSize(20);
        assertThat(stub.sends).extracting(WeChatStub.Call::accessToken).containsOnly("TOKEN-1");
    }

    @Test
    void theTokenIsRenewedFiveMinutesBeforeItExpires() {
        WeChatSender sender = sender();
        sender.send(message("a", "POSTING_CREATED"));

        clock.advance(Duration.ofSeconds(7200 - 300 - 1));
        sender.send(message("b", "POSTING_CREATED"));
        assertThat(stub.tokenCalls).hasSize(1);

        clock.advance(Duration.ofSeconds(2));
        sender.send(message("c", "POSTING_CREATED"));
        assertThat(stub.tokenCalls).hasSize(2);
        assertThat(stub.sends.get(2).accessToken()).isEqualTo("TOKEN-2");
    }

    @Test
    void aShortLivedTokenIsKeptForHalfItsLife() {
        stub.expiresIn = 400; // the stable token endpoint answers the time left of the token in force
        WeChatSender sender = sender();
        sender.send(message("a", "POSTING_CREATED"));

        clock.advance(Duration.ofSeconds(199));
        sender.send(message("b", "POSTING_CREATED"));
        clock.advance(Duration.ofSeconds(2));
        sender.send(message("c", "POSTING_CREATED"));

        assertThat(stub.tokenCalls).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {40001, 42001, 40014})
    void aRejectedTokenIsFetchedAgainAndTheMessageSentOnceMore(int errcode) {
        WeChatSender sender = sender();
        sender.send(message("a", "POSTING_CREATED"));
        stub.revoke("TOKEN-1", errcode);

        int units = sender.send(message("b", "POSTING_CREATED"));

        assertThat(units).isEqualTo(1);
        assertThat(stub.tokenCalls).hasSize(2);
        assertThat(stub.sends).extracting(WeChatStub.Call::accessToken).containsExactly("TOKEN-1", "TOKEN-1", "TOKEN-2");
        assertThat(json(stub.sends.get(1).body()).path("client_msg_id").asString())
                .isEqualTo(json(stub.sends.get(2).body()).path("client_msg_id").asString());
    }

    @Test
    void aTokenRejectedAgainAfterTheRetryIsARetryableFailure() {
        stub.nextSendReplies("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
        stub.nextSendReplies("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");

        assertThatThrownBy(() -> sender().send(message("a", "POSTING_CREATED")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.getMessage()).contains("40001");
                });
        assertThat(stub.sends).hasSize(2);
    }

    @Test
    void aVillagerWhoUnfollowedIsNotRetried() {
        stub.nextSendReplies("{\"errcode\":43004,\"errmsg\":\"require subscribe\"}");

        assertThatThrownBy(() -> sender().send(message("a", "POSTING_CREATED")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("取消关注");
                });
        assertThat(stub.sends).hasSize(1);
    }

    @Test
    void aBusySystemIsRetryable() {
        stub.nextSendReplies("{\"errcode\":-1,\"errmsg\":\"system error\"}");

        assertThatThrownBy(() -> sender().send(message("a", "POSTING_CREATED")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isTrue());
    }

    @Test
    void anInvalidTemplateIsNotRetryable() {
        stub.nextSendReplies("{\"errcode\":40037,\"errmsg\":\"invalid template_id\"}");

        assertThatThrownBy(() -> sender().send(message("a", "POSTING_CREATED")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("40037");
                });
    }

    @Test
    void aWrongAppSecretFailsWithoutRetryAndSendsNothing() {
        stub.tokenError = "{\"errcode\":40125,\"errmsg\":\"invalid appsecret\"}";

        assertThatThrownBy(() -> sender().send(message("a", "POSTING_CREATED")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("40125").doesNotContain(APP_SECRET);
                });
        assertThat(stub.sends).isEmpty();
    }

    @Test
    void anUnreachableWeChatIsRetryable() {
        MockEnvironment env = env().withProperty("jifen.notify.wechat.endpoint", "http://127.0.0.1:" + SmsStub.closedPort());

        assertThatThrownBy(() -> new WeChatSender(env, SmsStub.messages(), clock).send(message("a", "POSTING_CREATED")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.getMessage()).contains("连不上微信公众号接口");
                });
    }

    @Test
    void aVillagerWithoutOpenidIsRefusedWithoutCallingWeChat() {
        OutboundMessage unbound = new OutboundMessage(9L, "k", Channel.WECHAT, " ", "石岭村", "积分入账", "x",
                "POSTING_CREATED", Map.of());

        assertThatThrownBy(() -> sender().send(unbound))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> assertThat(f.retryable()).isFalse());
        assertThat(stub.tokenCalls).isEmpty();
        assertThat(stub.sends).isEmpty();
    }

    @Test
    void aKeyLongerThanWeChatKeepsGoesAsItsHash() {
        String longKey = "notice-" + "x".repeat(80);

        sender().send(message(longKey, "POSTING_CREATED"));

        assertThat(json(stub.sends.get(0).body()).path("client_msg_id").asString()).hasSize(64)
                .isEqualTo(Hashes.sha256Hex(longKey));
    }

    @Test
    void withoutAppIdAndSecretWeChatIsNotConfigured() {
        assertThat(new WeChatSender(new MockEnvironment(), SmsStub.messages(), clock).configured()).isFalse();
        assertThat(new WeChatSender(env().withProperty("jifen.notify.wechat.app-secret", ""), SmsStub.messages(), clock)
                .configured()).isFalse();
        assertThat(sender().configured()).isTrue();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
