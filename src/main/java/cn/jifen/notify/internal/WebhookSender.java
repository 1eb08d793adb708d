package cn.jifen.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Webhooks: POSTs the CloudEvents body exactly as stored in the outbox, signed with the subscription's secret.
 * A 2xx is delivered; any other answer, a timeout or a refused connection is retried with backoff until the
 * dispatcher's last attempt (then it is a dead letter a county admin can retry).
 */
@Component
class WebhookSender implements ChannelSender {
    private final Webhooks webhooks;
    private final MessageSource messages;
    private final HttpClient http;
    private final Duration timeout;

    WebhookSender(Webhooks webhooks, MessageSource messages,
                  @Value("${jifen.notify.webhook.timeout:PT10S}") Duration timeout) {
        this.webhooks = webhooks;
        this.messages = messages;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public int send(OutboundMessage m) {
        // one query: the secret of the message's subscription, only while the subscription is active
        String secret = webhooks.activeSecretFor(m.id()).orElse(null);
        if (secret == null) {
            throw DeliveryFailure.dropped(text("notify.error.webhookStopped"));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(m.address())).timeout(timeout)
                .header("Content-Type", CloudEvents.CONTENT_TYPE)
                .header("X-Jifen-Signature", CloudEvents.signature(secret, m.text()))
                .header("User-Agent", "Jifen-Webhook/1")
                .POST(HttpRequest.BodyPublishers.ofString(m.text(), StandardCharsets.UTF_8)).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryFailure(text("notify.error.webhookUnreachable", e.getClass().getSimpleName()), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure(text("notify.error.interrupted"), true, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return 1;
        }
        throw new DeliveryFailure(text("notify.error.webhookStatus", String.valueOf(status)), true);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, Locale.SIMPLIFIED_CHINESE);
    }
}
