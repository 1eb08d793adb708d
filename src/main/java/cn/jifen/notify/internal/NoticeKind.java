package cn.jifen.notify.internal;

import java.util.List;

/**
 * What a notice is about, who receives it, and the CloudEvents types it is published as to webhooks.
 * A person may opt out of a kind's SMS/WeChat/e-mail copies ({@link #optional}); the inbox copy always stands.
 */
public enum NoticeKind {
    /** Points posted to (or taken from) the household's passbook, including redemptions. */
    POSTING_CREATED(Audience.HOUSEHOLD, true, true, "cn.jifen.posting.created"),
    /** A claim about the household was approved and is on the board until its publicity ends. */
    CLAIM_IN_PUBLICITY(Audience.HOUSEHOLD, true, true, "cn.jifen.claim.publicity"),
    /** For the village's reviewers: an objection waits for a decision. */
    OBJECTION_RAISED(Audience.VILLAGE_REVIEWERS, true, false, "cn.jifen.objection.raised"),
    /** The household's claim: an objection to it was upheld or dismissed. */
    OBJECTION_DECIDED(Audience.HOUSEHOLD, true, false, "cn.jifen.objection.decided"),
    /** For the village's reviewers: an appeal (申诉) against a posted deduction or veto waits for a decision. */
    APPEAL_RAISED(Audience.VILLAGE_REVIEWERS, true, false, "cn.jifen.appeal.raised"),
    /** The household's appeal was upheld (the posting reversed) or dismissed. */
    APPEAL_DECIDED(Audience.HOUSEHOLD, true, false, "cn.jifen.appeal.decided"),
    /**
     * For those who may give a veto's second approval: the village's other village admins; when the village has
     * no other, its town's admins (to arrange one).
     */
    VETO_AWAITING_SECOND(Audience.SECOND_APPROVERS, true, false, "cn.jifen.veto.awaiting-second"),
    /** A reference certificate (积分证明) was issued for the household (or one of its members). */
    CERTIFICATE_ISSUED(Audience.HOUSEHOLD, true, false, "cn.jifen.certificate.issued"),
    /** For the supermarket's keepers: a redemption left a product at or below its low-stock threshold. */
    LOW_STOCK(Audience.KEEPERS, true, false, "cn.jifen.stock.low"),
    /** The household's online reservation is set aside and ready to collect until its hold ends. */
    RESERVATION_READY(Audience.HOUSEHOLD, true, false, "cn.jifen.reservation.ready"),
    /** The household's reservation is still uncollected and its hold ends within a day. */
    RESERVATION_ENDING_SOON(Audience.HOUSEHOLD, true, false, "cn.jifen.reservation.ending-soon"),
    /**
     * For every household of a village: the supermarket's next redemption day (集中兑换日) opens within a day. Waits for
     * the digest of those who chose one, so it costs one message per household.
     */
    REDEMPTION_DAY_COMING(Audience.VILLAGE_HOUSEHOLDS, true, true, "cn.jifen.redemption-day.coming"),
    /** The household's complaint or suggestion (投诉建议) was answered. */
    COMPLAINT_ANSWERED(Audience.HOUSEHOLD, true, false, "cn.jifen.complaint.answered"),
    /** For the village's admins and its town's admins: a complaint passed its deadline unanswered (escalated). */
    COMPLAINT_OVERDUE(Audience.VILLAGE_AND_TOWN_ADMINS, true, false, "cn.jifen.complaint.overdue"),
    /** The household's wish (心愿) came true: the supermarket bought in what it asked for. */
    WISH_FULFILLED(Audience.HOUSEHOLD, true, false, "cn.jifen.wish.fulfilled"),
    /** For county admins: a ledger verify found the ledger not intact. */
    LEDGER_VERIFY_FAILED(Audience.COUNTY_ADMINS, false, false, "cn.jifen.ledger.verify-failed"),
    /** For county admins: a message could not be delivered after every attempt (dead letter). */
    DELIVERY_DEAD(Audience.COUNTY_ADMINS, false, false),
    /** For county admins: the month's SMS budget is 80 % used. */
    SMS_BUDGET_WARNING(Audience.COUNTY_ADMINS, false, false),
    /** One message with a day's held notices, for people who chose the daily digest. */
    DIGEST(Audience.HOUSEHOLD, false, false);

    /** Who receives a notice of this kind. */
    public enum Audience {
        HOUSEHOLD, VILLAGE_HOUSEHOLDS, VILLAGE_REVIEWERS, SECOND_APPROVERS, KEEPERS, COUNTY_ADMINS,
        VILLAGE_AND_TOWN_ADMINS;

        /** Whether villagers (not staff) receive it: their own household's notices, or every household's of the village. */
        public boolean households() {
            return this == HOUSEHOLD || this == VILLAGE_HOUSEHOLDS;
        }
    }

    private final Audience audience;
    private final boolean optional;
    private final boolean digestible;
    private final List<String> webhookTypes;

    NoticeKind(Audience audience, boolean optional, boolean digestible, String... webhookTypes) {
        this.audience = audience;
        this.optional = optional;
        this.digestible = digestible;
        this.webhookTypes = List.of(webhookTypes);
    }

    public Audience audience() { return audience; }

    /** Whether a person may turn off this kind's SMS, WeChat and e-mail copies. */
    public boolean optional() { return optional; }

    /** Whether this kind waits for the daily digest when the person chose one. */
    public boolean digestible() { return digestible; }

    public List<String> webhookTypes() { return webhookTypes; }

    public String messageKey() { return "notify.kind." + name(); }

    /** Every CloudEvents type Jifen publishes (redemptions are postings too: see Fanout). */
    public static final List<String> EVENT_TYPES = List.of("cn.jifen.posting.created", "cn.jifen.redemption.created",
            "cn.jifen.claim.publicity", "cn.jifen.objection.raised", "cn.jifen.objection.decided",
            "cn.jifen.appeal.raised", "cn.jifen.appeal.decided", "cn.jifen.veto.awaiting-second",
            "cn.jifen.ledger.verify-failed", "cn.jifen.certificate.issued",
            "cn.jifen.stock.low", "cn.jifen.reservation.ready",
            "cn.jifen.reservation.ending-soon", "cn.jifen.complaint.answered", "cn.jifen.complaint.overdue",
            "cn.jifen.redemption-day.coming", "cn.jifen.wish.fulfilled");
}
