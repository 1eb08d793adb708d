package cn.jifen.notify.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.identity.UserAccount;
import cn.jifen.notify.internal.OutboxSql.EventRow;
import cn.jifen.notify.internal.OutboxSql.NewMessage;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
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
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("M月d日H:mm");

    private final Recipients recipients;
    private final MemberSql members;
    private final NotifyPreferences preferences;
    private final Webhooks webhooks;
    private final Senders senders;
    private final MessageSource messages;
    private final Clock clock;

    Fanout(Recipients recipients, MemberSql members, NotifyPreferences preferences, Webhooks webhooks,
           Senders senders, MessageSource messages, Clock clock) {
        this.recipients = recipients;
        this.members = members;
        this.preferences = preferences;
        this.webhooks = webhooks;
        this.senders = senders;
        this.messages = messages;
        this.clock = clock;
    }

    /** The rendered text of an event: a short title and the whole message with its 【county】village： prefix. */
    record Rendered(String subject, String text, String line, String villageName, Long countyId, String path) { }

    /**
     * What the fan-out of one batch of events reads, each thing once for the batch: org units, the webhook
     * subscriptions, the villager accounts of the batch's households (one query per village) and their
     * preferences (one query), the members signed up to receive their household's notices (one query for the
     * batch's villages), staff audiences per village, supermarket names per village. Without it a batch
     * award to 1,000 households read the subscriptions, the village, the county, the household, its account and
     * its preferences again for every posting.
     */
    final class Lookups {
        private final Map<Long, OrgUnit> units = new HashMap<>();
        private final Map<Long, List<Long>> householdsByVillage = new HashMap<>();
        private final Map<Long, Map<Long, UserAccount>> villagers = new HashMap<>();
        private final Map<Long, NotifyPreferences.Preference> preferences = new HashMap<>();
        private final Map<String, List<UserAccount>> staff = new HashMap<>();
        private final Map<Long, Map<Long, String>> markets = new HashMap<>();
        private final Set<Long> householdVillages = new HashSet<>();
        private Map<Long, List<MemberSql.Member>> signedUp;
        private List<Webhooks.Subscription> subscriptions;

        Lookups(List<EventRow> events) {
            for (EventRow e : events) {
                if (e.villageId() != null && e.householdId() != null) {
                    householdsByVillage.computeIfAbsent(e.villageId(), v -> new ArrayList<>()).add(e.householdId());
                }
                if (e.villageId() != null && e.kind().audience().households()) {
                    householdVillages.add(e.villageId());
                }
            }
        }

        /**
         * The members signed up to receive the notices of a household of the village ({@code householdId} null:
         * of every household of the village). Read once for all the batch's villages with household notices.
         */
        List<MemberSql.Member> members(long villageId, Long householdId) {
            if (signedUp == null) {
                Set<Long> villages = new HashSet<>(householdVillages);
                villages.add(villageId);
                signedUp = Fanout.this.members.activeIn(villages);
            } else if (!householdVillages.contains(villageId) && !signedUp.containsKey(villageId)) {
                signedUp.putAll(Fanout.this.members.activeIn(List.of(villageId)));   // an event outside the batch
            }
            List<MemberSql.Member> all = signedUp.getOrDefault(villageId, List.of());
            return householdId == null ? all : all.stream().filter(m -> m.householdId() == householdId).toList();
        }

        OrgUnit unit(long id) {
            return units.computeIfAbsent(id, recipients::unit);
        }

        List<UserAccount> household(OrgUnit village, long householdId) {
            Map<Long, UserAccount> accounts = villagers.computeIfAbsent(village.id(), v -> {
                Map<Long, UserAccount> found = recipients.households(v,
                        householdsByVillage.getOrDefault(v, List.of(householdId)));
                preferences.putAll(Fanout.this.preferences.of(found.values()));
                return found;
            });
            UserAccount u = accounts.get(householdId);
            return u == null ? List.of() : List.of(u);
        }

        /** Every active villager account of the village (a notice to all its households), with their preferences. */
        List<UserAccount> villagers(OrgUnit village) {
            return staff.computeIfAbsent("villagers:" + village.id(), k -> {
                List<UserAccount> all = recipients.villagers(village.id());
                preferences.putAll(Fanout.this.preferences.of(all));
                return all;
            });
        }

        List<UserAccount> staff(String key, Supplier<List<UserAccount>> load) {
            return staff.computeIfAbsent(key, k -> load.get());
        }

        NotifyPreferences.Preference preference(UserAccount u) {
            return preferences.computeIfAbsent(u.id(), id -> Fanout.this.preferences.of(u));
        }

        List<Webhooks.Subscription> subscriptions() {
            if (subscriptions == null) {
                subscriptions = webhooks.active();
            }
            return subscriptions;
        }

        Optional<String> supermarketName(String sourceRef) {
            if (sourceRef == null || !sourceRef.matches("\\d+/\\d+")) {
                return Optional.empty();
            }
            String[] parts = sourceRef.split("/");
            return Optional.ofNullable(markets.computeIfAbsent(Long.parseLong(parts[0]),
                    recipients::supermarketNames).get(Long.parseLong(parts[1])));
        }
    }

    /** Lookups for a batch of events (see {@link Lookups}). */
    Lookups lookups(List<EventRow> events) {
        return new Lookups(events);
    }

    /** One event alone (its lookups read for it only). */
    List<NewMessage> messages(EventRow e) {
        return messages(e, new Lookups(List.of(e)));
    }

    List<NewMessage> messages(EventRow e, Lookups look) {
        Map<String, Object> data = Payloads.read(e.payload());
        OrgUnit village = e.villageId() == null ? null : look.unit(e.villageId());
        Long countyId = village != null ? Long.valueOf(Recipients.countyOf(village.path()))
                : data.get("countyId") == null ? null : Long.valueOf(data.get("countyId").toString());
        Rendered r = render(e.kind(), data, village, countyId, look);
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<NewMessage> out = new ArrayList<>();
        List<UserAccount> people = switch (e.kind().audience()) {
            case VILLAGE_HOUSEHOLDS -> village == null ? List.of() : look.villagers(village);
            case HOUSEHOLD -> village == null || e.householdId() == null ? List.of()
                    : look.household(village, e.householdId());
            case VILLAGE_REVIEWERS -> village == null ? List.of()
                    : look.staff("reviewers:" + village.id(), () -> recipients.reviewers(village));
            case KEEPERS -> {
                long market = Long.parseLong(Payloads.text(data, "supermarketId"));
                yield village == null ? List.of()
                        : look.staff("keepers:" + village.id() + "/" + market, () -> recipients.keepers(village, market));
            }
            case SECOND_APPROVERS -> village == null ? List.of()
                    : recipients.secondApprovers(village, Long.parseLong(Payloads.text(data, "firstApproverId")));
            case COUNTY_ADMINS -> countyId == null ? List.of()
                    : look.staff("county:" + countyId, () -> recipients.countyAdmins(countyId));
            case VILLAGE_AND_TOWN_ADMINS -> village == null ? List.of()
                    : look.staff("village-town:" + village.id(), () -> recipients.villageAndTownAdmins(village));
        };
        String params = Payloads.write(params(e, data, r));
        for (UserAccount u : people) {
            out.add(message(e, Channel.INBOX, String.valueOf(u.id()), u.id(), r, params, "PENDING", now));
            NotifyPreferences.Preference p = look.preference(u);
            if (e.kind().optional() && !p.receives(e.kind())) {
                continue;
            }
            String status = p.digest() && e.kind().digestible() ? "HELD" : "PENDING";
            if (p.smsOn() && p.smsPhone() != null && senders.configured(Channel.SMS)) {
                out.add(message(e, Channel.SMS, p.smsPhone(), u.id(), r, params, status, now));
            }
            if (p.wechatOn() && p.wechatOpenid() != null && senders.configured(Channel.WECHAT)) {
                out.add(message(e, Channel.WECHAT, p.wechatOpenid(), u.id(), r, params, status, now));
            }
            if (u.role().isStaff() && p.emailOn() && p.email() != null && senders.configured(Channel.EMAIL)) {
                out.add(message(e, Channel.EMAIL, p.email(), u.id(), r, params, status, now));
            }
        }
        if (village != null && e.kind().audience().households()) {
            out.addAll(memberMessages(e, village, people, look, r, params, now));
        }
        List<String> types = webhookTypes(e.kind(), data);
        if (!types.isEmpty()) {
            for (Webhooks.Subscription s : look.subscriptions()) {
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

    /**
     * The copies for the members signed up to receive their household's notices: SMS to their phone and WeChat to
     * their openid when bound, under the household account's choices (its opt-outs per kind and its daily digest;
     * none when the household has no account). No inbox copy: a member has no account. A member whose phone is
     * the head's adds nothing (the message key is the event, the channel and the address).
     */
    private List<NewMessage> memberMessages(EventRow e, OrgUnit village, List<UserAccount> people, Lookups look,
                                            Rendered r, String params, OffsetDateTime now) {
        List<MemberSql.Member> members = look.members(village.id(),
                e.kind().audience() == NoticeKind.Audience.HOUSEHOLD ? e.householdId() : null);
        if (members.isEmpty()) {
            return List.of();
        }
        Map<Long, UserAccount> accounts = new HashMap<>();
        people.stream().filter(u -> u.householdId() != null).forEach(u -> accounts.putIfAbsent(u.householdId(), u));
        List<NewMessage> out = new ArrayList<>();
        for (MemberSql.Member m : members) {
            UserAccount account = accounts.get(m.householdId());
            NotifyPreferences.Preference p = account == null ? null : look.preference(account);
            if (p != null && e.kind().optional() && !p.receives(e.kind())) {
                continue;
            }
            String status = p != null && p.digest() && e.kind().digestible() ? "HELD" : "PENDING";
            if (senders.configured(Channel.SMS)) {
                out.add(message(e, Channel.SMS, m.smsPhone(), null, r, params, status, now));
            }
            if (m.wechatOpenid() != null && senders.configured(Channel.WECHAT)) {
                out.add(message(e, Channel.WECHAT, m.wechatOpenid(), null, r, params, status, now));
            }
        }
        return out;
    }

    private static NewMessage message(EventRow e, Channel channel, String address, Long userId, Rendered r,
                                      String params, String status, OffsetDateTime due) {
        return new NewMessage(e.key() + ":" + channel + ":" + address, e.id(), e.kind(), channel, address, userId, null,
                e.villageId(), r.countyId(), r.villageName(), r.subject(), r.text(), params, status, due);
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
        return render(kind, data, village, countyId, new Lookups(List.of()));
    }

    Rendered render(NoticeKind kind, Map<String, Object> data, OrgUnit village, Long countyId, Lookups look) {
        OrgUnit county = countyId == null ? null : look.unit(countyId);
        String countyName = county == null ? "" : county.name();
        String villageName = village == null ? null : village.name();
        String prefix = villageName == null ? msg("notify.prefix.county", countyName)
                : msg("notify.prefix", countyName, villageName);
        String item = Payloads.text(data, "itemLabel");
        String line;
        switch (kind) {
            case POSTING_CREATED -> {
                long amount = Math.abs(Long.parseLong(Payloads.text(data, "amount")));
                String market = "REDEEM".equals(data.get("kind")) && "redemption".equals(data.get("sourceType"))
                        ? look.supermarketName(Payloads.text(data, "sourceRef")).orElse(null) : null;
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
            case REDEMPTION_DAY_COMING -> line = msg("notify.text.REDEMPTION_DAY_COMING",
                    LocalDateTime.parse(Payloads.text(data, "opensAt")).format(DAY_TIME),
                    LocalDateTime.parse(Payloads.text(data, "closesAt")).format(DateTimeFormatter.ofPattern("H:mm")),
                    data.get("title"));
            case RESERVATION_READY -> line = msg("notify.text.RESERVATION_READY", data.get("supermarketName"),
                    data.get("points"), OffsetDateTime.parse(Payloads.text(data, "expiresAt"))
                            .atZoneSameInstant(clock.getZone()).format(DAY_TIME));
            case RESERVATION_ENDING_SOON -> line = msg("notify.text.RESERVATION_ENDING_SOON", data.get("points"),
                    OffsetDateTime.parse(Payloads.text(data, "expiresAt")).atZoneSameInstant(clock.getZone())
                            .format(DAY_TIME));
            case WISH_FULFILLED -> line = msg("notify.text.WISH_FULFILLED", data.get("goodsName"),
                    look.supermarketName(data.get("supermarketVillageId") + "/" + data.get("supermarketId"))
                            .orElse(""), data.get("productName"));
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
                village == null ? (county == null ? null : county.path()) : village.path());
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
