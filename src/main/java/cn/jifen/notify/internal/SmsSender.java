package cn.jifen.notify.internal;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * SMS to villagers through the provider the county chose ({@code jifen.notify.sms.provider=aliyun|tencent}).
 *
 * <p>Every message names its village ({@link SmsSegments#withVillage}); the provider's template gets the village as
 * its first variable ({@code ${village}} at Alibaba, {@code {1}} at Tencent), then the notice's parameters in order.
 * The template id comes from {@code jifen.notify.sms.template.<notice kind>}, else
 * {@code jifen.notify.sms.template.default}. {@link #send} returns the segments billed under the 70-character rule.
 */
@Component
public class SmsSender implements ChannelSender {
    private static final Logger log = LoggerFactory.getLogger(SmsSender.class);
    /** 11 digits starting with 1, optionally after +86, 86 or 0086 and with spaces or dashes between. */
    private static final Pattern MAINLAND_MOBILE = Pattern.compile("^(?:\\+?86|0086)?(1[3-9]\\d{9})$");

    private final SmsSettings settings;
    private final SmsProvider provider;
    private final PropertyResolver env;
    private final MessageSource messages;

    SmsSender(Environment env, MessageSource messages, Clock clock) {
        this.env = env;
        this.messages = messages;
        this.settings = SmsSettings.from(env);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        this.provider = switch (settings.provider()) {
            case "aliyun" -> new AliyunSms(settings, http, clock);
            case "tencent" -> new TencentSms(settings, http, clock);
            case "" -> null;
            default -> {
                log.warn("jifen.notify.sms.provider={} is neither aliyun nor tencent: SMS stays off", settings.provider());
                yield null;
            }
        };
        if (provider != null && !provider.configured()) {
            log.warn("SMS provider {} is chosen but its keys are incomplete: SMS stays off ({})", provider.name(),
                    settings);
        }
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public boolean configured() {
        return provider != null && provider.configured();
    }

    /** The provider in use ({@code aliyun}, {@code tencent}), or empty when SMS is not configured. */
    public String providerName() {
        return configured() ? provider.name() : "";
    }

    @Override
    public int send(OutboundMessage message) {
        if (!configured()) {
            throw new DeliveryFailure(text("notify.channel.notConfigured", "SMS"), false);
        }
        String phone = mainlandMobile(message.address());
        if (phone == null) {
            throw new DeliveryFailure(text("notify.sms.badPhone", masked(message.address())), false);
        }
        String templateId = templateFor(message.template());
        if (templateId == null) {
            throw new DeliveryFailure(text("notify.sms.noTemplate", String.valueOf(message.template())), false);
        }
        String body = SmsSegments.withVillage(message.villageName(), message.text());
        int segments = SmsSegments.count(settings.signName(), body);

        LinkedHashMap<String, String> vars = new LinkedHashMap<>();
        vars.put("village", message.villageName() == null || message.villageName().isBlank()
                ? text("notify.sms.countyWide") : message.villageName());
        if (message.params() != null) {
            for (Map.Entry<String, String> p : message.params().entrySet()) {
                vars.putIfAbsent(p.getKey(), p.getValue() == null ? "" : p.getValue());
            }
        }
        SmsProvider.SmsReply reply = provider.send(phone, templateId, vars, message.idempotencyKey());
        if (!reply.ok()) {
            log.info("SMS {} to {} refused by {}: {} {} (retryable: {})", message.id(), masked(phone), provider.name(),
                    reply.code(), reply.message(), reply.retryable());
            throw new DeliveryFailure(text(reply.code().equals("IO") ? "notify.sms.unreachable" : "notify.sms.refused",
                    provider.name(), reply.code(), reply.message()), reply.retryable());
        }
        return segments;
    }

    /** The template id configured for a notice kind, else the default one, else null. */
    String templateFor(String kind) {
        return Templates.of(env, SmsSettings.PREFIX, kind);
    }

    /** The 11-digit mainland number in an address, or null when it is not one. */
    static String mainlandMobile(String address) {
        if (address == null) {
            return null;
        }
        Matcher m = MAINLAND_MOBILE.matcher(address.replaceAll("[\\s-]", ""));
        return m.matches() ? m.group(1) : null;
    }

    /** 138****8000: enough for staff to recognise a number in a failure, not enough to copy it. */
    static String masked(String address) {
        if (address == null) {
            return "";
        }
        String digits = address.replaceAll("[\\s-]", "");
        return digits.length() < 7 ? "****" : digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, Locale.SIMPLIFIED_CHINESE);
    }
}
