package cn.jifen.notify.internal;

import java.util.Map;

/**
 * One message on its way to one address over one channel: what the outbox dispatcher hands a {@link ChannelSender}.
 *
 * @param id             the outbox row's id
 * @param idempotencyKey unique per (notice, channel, address); a sender passes it on where the provider accepts one
 *                       (SMS OutId / SessionContext, e-mail Message-ID, webhook CloudEvents id) so a retry never
 *                       shows twice to a receiver that checks it
 * @param address        phone number (SMS), openid (WeChat), e-mail address (EMAIL), URL (WEBHOOK), user id (INBOX)
 * @param villageName    the village the message is about (an SMS must name it); may be null for county-wide notices
 * @param subject        a short title (e-mail subject, WeChat template title)
 * @param text           the whole rendered Chinese text
 * @param template       the notice kind (e.g. {@code POSTING_CREATED}); senders map it to a provider template id
 * @param params         the template's parameters in order (a LinkedHashMap: Tencent's TemplateParamSet is positional)
 */
public record OutboundMessage(long id, String idempotencyKey, Channel channel, String address, String villageName,
                              String subject, String text, String template, Map<String, String> params) { }
