package cn.jifen.notify;

import cn.jifen.directory.OrgUnit;
import cn.jifen.identity.UserAccount;
import cn.jifen.notify.OutboxSql.EventRow;
import cn.jifen.notify.OutboxSql.NewMessage;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Turns one event into its messages: the inbox copy for each recipient (always), SMS/WeChat/e-mail copies by the
 * recipient's preferences for the channels the county configured (held for the digest when the person chose one),
 * and one CloudEvents POST per webhook subscription that wants the event's type in its scope. Each message's key is
 * the event's key plus channel and address, so a second fan-out of the same event adds nothing.
 */
@Component
class Fanout {
    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

    private final Recipients recipients;
    private final NotifyPreferences preferences;
    private final Webhooks webhooks;
    private final Senders senders;
    private final MessageSource messages;
    private final Clock clock;

    Fanout(Recipients recipients, NotifyPreferences preferences, Webhooks webhooks, Senders senders,
           MessageSource messages, Clock clock) {
        this.recipients = recipients;
        this.preferences = preferences;
        this.webhooks = webhooks;
        this.senders = senders;
        this.messages = messages;
        this.clock = clock;
    }

    /** The rendered text of an event: a short title and the whole message with its 【county】village： prefix. */
    record Rendered(String subject, String text, String line, String villageName, Long countyId, String path) { }

    List<NewMessage> messages(EventRow e) {
        Map<String, Object> data = Payloads.read(e.payload());
        OrgUnit village = e.villageId() == null ? null : recipients.unit(e.villageId());
        Long countyId = village != null ? Long.valueOf(Recipients.countyOf(village.path()))
                : data.get("countyId") == null ? null : Long.valueOf(data.get("countyId").toString());
        Rendered r = render(e.kind(), data, village, countyId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<NewMessage> out = new ArrayList<>();
        List<UserAccount> people = switch (e.kind().audience()) {
            case HOUSEHOLD -> village == null || e.householdId() == null ? List.of()
                    : recipients.household(village, e.householdId());
            case VILLAGE_REVIEWERS -> village == null ? List.of() : recipients.reviewers(village);
            case KEEPERS -> village == null ? List.of()
                    : recipients.keepers(village, Long.parseLong(Payloads.text(data, "supermarketId")));
            case SECOND_APPROVERS -> village == null ? List.of()
                    : recipients.secondApprovers(village, Long.parseLong(Payloads.text(data, "firstApproverId")));
            case COUNTY_ADMINS -> countyId == null ? List.of() : recipients.countyAdmins(countyId);
            case VILLAGE_AND_TOWN_ADMINS -> village == null ? List.of() : recipients.villageAndTownAdmins(village);
        };
        String params = Payloads.write(params(e, data, r));
        for (UserAccount u : people) {
            out.add(message(e, Channel.INBOX, String.valueOf(u.id()), u.id(), null, r, r.text(), params, "PENDING", now));
            NotifyPreferences.Preference p = preferences.of(u);
            if (e.kind().optional() && !p.receives(e.kind())) {
                continue;
            }
            String status = p.digest() && e.kind().digestible() ? "HELD" : "PENDING";
            if (p.smsOn() && p.smsPhone() != null && senders.configured(Channel.SMS)) {
                out.add(message(e, Channel.SMS, p.smsPhone(), u.id(), null, r, r.text(), params, status, now));
            }
            if (p.wechatOn() && p.wechatOpenid() != null && senders.configured(Channel.WECHAT)) {
                out.add(message(e, Channel.WECHAT, p.wechatOpenid(), u.id(), null, r, r.text(), params, status, now));
            }
            if (u.role().isStaff() && p.emailOn() && p.email() != null && senders.configured(Channel.EMAIL)) {
                out.add(message(e, Channel.EMAIL, p.email(), u.id(), null, r, r.text(), params, status, now));
            }
        }
        List<String> types = webhookTypes(e.kind(), data);
        if (!types.isEmpty()) {
            for (Webhooks.Subscription s : webhooks.active()) {
                for (String type : types) {
                    if (s.wants(type, r.path())) {
                        String key = e.key() + ":WEBHOOK:" + s.id() + ":" + type;
                        String body = CloudEvents.body(key, type, village, e, data, r);
                        out.add(new NewMessage(key, e.id(), e.kind(), Channel.WEBHOOK, s.url(), null, s.id(),
                                e.villageId(), countyId, r.villageName(), type, body, null, "PENDING", now));
                    }
                }
            }
        }
        return out;
    }

    private static NewMessage message(EventRow e, Channel channel, String address, Long userId, Long sub, Rendered r,
                                      String body, String params, String status, OffsetDateTime due) {
        return new NewMessage(e.key() + ":" + channel + ":" + address, e.id(), e.kind(), channel, address, userId, sub,
                e.villageId(), r.countyId(), r.villageName(), r.subject(), body, params, status, due);
    }

    /** The template parameters in order (a provider's template fills them positionally). */
    private static Map<String, String> params(EventRow e, Map<String, Object> data, Rendered r) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("village", r.villageName() == null ? "" : r.villageName());
        p.put("line", r.line());
        for (String k : List.of("itemLabel", "amount", "points", "balanceAfter", "publicityEndsAt")) {
            if (data.get(k) != null) {
                p.put(k, data.get(k).toString());
            }
        }
        return p;
    }

    static List<String> webhookTypes(NoticeKind kind, Map<String, Object> data) {
        if (kind == NoticeKind.POSTING_CREATED && "REDEEM".equals(data.get("kind"))) {
            return List.of("cn.jifen.posting.created", "cn.jifen.redemption.created");
        }
        return kind.webhookTypes();
    }

    Rendered render(NoticeKind kind, Map<String, Object> data, OrgUnit village, Long countyId) {
        String countyName = countyId == null ? "" : recipients.unit(countyId).name();
        String villageName = village == null ? null : village.name();
        String prefix = villageName == null ? msg("notify.prefix.county", countyName)
                : msg("notify.prefix", countyName, villageName);
        String item = Payloads.text(data, "itemLabel");
        String line;
        switch (kind) {
            case POSTING_CREATED -> {
                long amount = Math.abs(Long.parseLong(Payloads.text(data, "amount")));
                String market = "REDEEM".equals(data.get("kind")) && "redemption".equals(data.get("sourceType"))
                        ? recipients.supermarketName(Payloads.text(data, "sourceRef")).orElse(null) : null;
                line = market != null ? msg("notify.text.POSTING_CREATED.REDEEM.at", item == null ? "" : item, amount,
                        data.get("balanceAfter"), market) : msg("notify.text.POSTING_CREATED." + data.get("kind"), item == null ? "" : item, amount,
                        data.get("balanceAfter"));
            }
            case CLAIM_IN_PUBLICITY -> {
                OffsetDateTime until = OffsetDateTime.parse(Payloads.text(data, "publicityEndsAt"));
                line = msg(Boolean.TRUE.equals(data.get("deduction")) ? "notify.text.CLAIM_IN_PUBLICITY.deduct"
                        : "notify.text.CLAIM_IN_PUBLICITY", item, data.get("points"),
                        until.atZoneSameInstant(clock.getZone()).format(DAY));
            }
            case OBJECTION_DECIDED -> line = msg(Boolean.TRUE.equals(data.get("upheld"))
                    ? "notify.text.OBJECTION_DECIDED.upheld" : "notify.text.OBJECTION_DECIDED.dismissed", item);
            case OBJECTION_RAISED -> line = msg("notify.text.OBJECTION_RAISED", item);
            case VETO_AWAITING_SECOND -> line = msg("notify.text.VETO_AWAITING_SECOND", item);
            case LEDGER_VERIFY_FAILED -> line = msg("notify.text.LEDGER_VERIFY_FAILED", data.get("problem"));
            case CERTIFICATE_ISSUED -> line = msg("notify.text.CERTIFICATE_ISSUED", data.get("serial"));
            case LOW_STOCK -> line = msg("notify.text.LOW_STOCK", data.get("productName"), data.get("left"),
                    data.get("unit"));
            case APPEAL_RAISED -> line = msg("notify.text.APPEAL_RAISED", item);
            case APPEAL_DECIDED -> line = msg(Boolean.TRUE.equals(data.get("upheld"))
                    ? "notify.text.APPEAL_DECIDED.upheld" : "notify.text.APPEAL_DECIDED.dismissed", item);
            case COMPLAINT_ANSWERED, COMPLAINT_OVERDUE -> line = msg("notify.text." + kind.name(),
                    msg("complaints.kind." + data.get("complaintKind")));
            case DELIVERY_DEAD -> line = msg("notify.text.DELIVERY_DEAD", data.get("channel"), data.get("address"),
                    data.get("error"));
            case SMS_BUDGET_WARNING -> line = msg("notify.text.SMS_BUDGET_WARNING", data.get("used"),
                    data.get("budget"), data.get("percent"));
            default -> line = String.valueOf(data.getOrDefault("text", ""));
        }
        return new Rendered(msg(kind.messageKey()), prefix + line, line, villageName, countyId,
                village == null ? (countyId == null ? null : recipients.unit(countyId).path()) : village.path());
    }

    String countyName(long countyId) {
        return recipients.unit(countyId).name();
    }

    String msg(String key, Object... args) {
        Object[] plain = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            plain[i] = args[i] == null ? "" : args[i].toString(); // numbers as typed (no 1,000 grouping)
        }
        return messages.getMessage(key, plain, key, ZH);
    }
}
