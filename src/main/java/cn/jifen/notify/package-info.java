/**
 * Telling people (消息通知): the inbox (站内信), SMS, WeChat, e-mail and signed webhooks, fed by an outbox.
 *
 * <p><b>Owns</b> the tables {@code notify_event} (one row per fact another module published),
 * {@code notify_outbox} (one message per person, channel and address, or per webhook subscription),
 * {@code notify_inbox}, {@code notify_preference}, {@code notify_household_member} (household members other than
 * the head who chose to receive the household's notices), {@code notify_county_setting},
 * {@code notify_sms_usage} and {@code notify_webhook}; no other module reads or writes them, and notify reads no
 * other module's table (recipients come through the directory's, identity's and market's Java API).
 *
 * <p><b>Invariants</b>: an event is written in the same transaction as the change it tells of (a rolled-back
 * change leaves no message, a committed one always has one; that transaction pays one INSERT); every message is
 * delivered at least once, and its idempotency key (event, channel, address) keeps a retry from showing twice in an
 * inbox or to a webhook consumer that checks it; a county's monthly SMS budget is never exceeded, even by several
 * dispatchers at once (segments are reserved before the send by one conditional UPDATE); with
 * {@code jifen.notify.enabled=false} nothing is recorded at all.
 *
 * <p><b>Published API</b>: {@link cn.jifen.notify.Inbox} (a person's inbox and unread count) and
 * {@link cn.jifen.notify.NotifyPause} (the demo load's switch). Other modules never call notify to be told about:
 * notify listens to the events they publish (postings, claims, objections, appeals, vetoes, certificates,
 * reservations, redemption days, low stock, complaints, ledger verify, fulfilled wishes). Everything else
 * (dispatcher, fan-out, channels, preferences, pages and API) is in {@code cn.jifen.notify.internal}.
 */
@ApplicationModule(displayName = "消息通知 notify", allowedDependencies = {"audit", "claims", "complaints", "directory",
        "honours", "identity", "ledger", "market", "rules", "shared", "web", "wishes"})
package cn.jifen.notify;

import org.springframework.modulith.ApplicationModule;
