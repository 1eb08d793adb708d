package cn.jifen.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat Official Account (服务号) template messages to villagers who bound their openid.
 *
 * <p>Why template messages and not subscribe messages: a points notice is something the villager did not ask for at
 * that moment (a posting by the grid worker, a redemption day). The Official Account's subscribe message
 * (订阅通知) needs the user to tap a subscribe button for each template on a page first, and one-off subscriptions are
 * used up by one message; the template message (模板消息) goes to every follower who has not blocked the account, which
 * is what a village notice needs. Jifen therefore calls sendTemplateMessage:
 * {@code POST /cgi-bin/message/template/send?access_token=…} with touser, template_id, data {key: {value}} and
 * client_msg_id — https://developers.weixin.qq.com/doc/service/api/notify/template/api_sendtemplatemessage.html
 * ("client_msg_id 防重入id。对于同一个openid + client_msg_id, 只发送一条消息,10分钟有效"). The idempotency key goes there,
 * so a retry inside ten minutes never shows twice.
 *
 * <p>Template ids per notice kind: {@code jifen.notify.wechat.template.<kind>}, else
 * {@code jifen.notify.wechat.template.default}. The notice's parameters become the template's data keys as they are
 * named ({@code thing1}, {@code time2}...: the names WeChat shows for the template in the account's console).
 */
@Component
public class WeChatSender implements ChannelSender {
    static final String PUBLIC_ENDPOINT = "https://api.weixin.qq.com";
    private static final Logger log = LoggerFactory.getLogger(WeChatSender.class);
    /** The token was invalid, expired or not the latest: fetch again and retry once. */
    static final Set<Integer> TOKEN_REJECTED = Set.of(40001, 42001, 40014);
    /** Worth another try later: system busy, call limits. */
    private static final Set<Integer> RETRYABLE = Set.of(-1, 45009, 45011, 45047);

    private final String endpoint;
    private final String appId;
    private final String url;
    private final Environment env;
    private final MessageSource messages;
    private final HttpClient http;
    private final WeChatTokens tokens;
    private final JsonMapper json = JsonMapper.shared();

    WeChatSender(Environment env, MessageSource messages, Clock clock) {
        this.env = env;
        this.messages = messages;
        String base = env.getProperty("jifen.notify.wechat.endpoint", "").trim();
        base = base.isEmpty() ? PUBLIC_ENDPOINT : base;
        this.endpoint = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.appId = env.getProperty("jifen.notify.wechat.app-id", "").trim();
        String appSecret = env.getProperty("jifen.notify.wechat.app-secret", "").trim();
        this.url = env.getProperty("jifen.notify.wechat.url", "").trim();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        this.tokens = appId.isEmpty() || appSecret.isEmpty() ? null
                : new WeChatTokens(endpoint, appId, appSecret, http, clock);
    }

    @Override
    public Channel channel() {
        return Channel.WECHAT;
    }

    @Override
    public boolean configured() {
        return tokens != null;
    }

    @Override
    public int send(OutboundMessage message) {
        if (!configured()) {
            throw new DeliveryFailure(text("notify.channel.notConfigured", "WeChat"), false);
        }
        String openid = message.address() == null ? "" : message.address().trim();
        if (openid.isEmpty()) {
            throw new DeliveryFailure(text("notify.wechat.noOpenid"), false);
        }
        String templateId = templateFor(message.template());
        if (templateId == null) {
            throw new DeliveryFailure(text("notify.wechat.noTemplate", String.valueOf(message.template())), false);
        }
        String body = json.writeValueAsString(body(openid, templateId, message));

        String token = token();
        JsonNode reply = post(token, body);
        int errcode = reply.path("errcode").asInt(0);
        if (TOKEN_REJECTED.contains(errcode)) {
            tokens.invalidate(token);
            reply = post(token(), body);
            errcode = reply.path("errcode").asInt(0);
        }
        if (errcode == 0) {
            return 1;
        }
        String errmsg = reply.path("errmsg").asString("");
        log.info("WeChat message {} refused: errcode {} {}", message.id(), errcode, errmsg);
        if (errcode == 43004) {
            throw new DeliveryFailure(text("notify.wechat.unsubscribed"), false);
        }
        boolean retryable = RETRYABLE.contains(errcode) || TOKEN_REJECTED.contains(errcode);
        throw new DeliveryFailure(text("notify.wechat.refused", String.valueOf(errcode), errmsg), retryable);
    }

    Map<String, Object> body(String openid, String templateId, OutboundMessage message) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (message.params() != null) {
            message.params().forEach((key, value) -> data.put(key, Map.of("value", value == null ? "" : value)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("touser", openid);
        body.put("template_id", templateId);
        if (!url.isEmpty()) {
            body.put("url", url);
        }
        body.put("client_msg_id", clientMsgId(message.idempotencyKey()));
        body.put("data", data);
        return body;
    }

    /** WeChat keeps client ids short (64 bytes for its mass-send twin): a longer key goes as its SHA-256. */
    static String clientMsgId(String key) {
        String k = key == null ? "" : key;
        return k.getBytes(StandardCharsets.UTF_8).length <= 64 ? k : Hashes.sha256Hex(k);
    }

    String templateFor(String kind) {
        return Templates.of(env, "jifen.notify.wechat.", kind);
    }

    private String token() {
        try {
            return tokens.current();
        } catch (WeChatTokens.TokenFailure e) {
            log.warn("WeChat access_token for {} refused: errcode {} {}", appId, e.errcode, e.getMessage());
            String reason = e.errcode == 0 ? text("notify.wechat.unreachable", e.getMessage())
                    : text("notify.wechat.token", String.valueOf(e.errcode), e.getMessage());
            throw new DeliveryFailure(reason, e.retryable);
        }
    }

    /** One call to the send API; a transport failure or a 5xx is a retryable DeliveryFailure. */
    private JsonNode post(String token, String body) {
        URI uri = URI.create(endpoint + "/cgi-bin/message/template/send?access_token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryFailure(text("notify.wechat.unreachable", e.getClass().getSimpleName()), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure(text("notify.wechat.unreachable", "interrupted"), true, e);
        }
        if (response.statusCode() != 200) {
            throw new DeliveryFailure(text("notify.wechat.unreachable", "HTTP " + response.statusCode()),
                    response.statusCode() >= 500 || response.statusCode() == 429);
        }
        try {
            return json.readTree(response.body());
        } catch (RuntimeException notJson) {
            throw new DeliveryFailure(text("notify.wechat.unreachable", "HTTP 200 without JSON"), true);
        }
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, Locale.SIMPLIFIED_CHINESE);
    }
}
