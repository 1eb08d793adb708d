package cn.jifen.ledger;

/** What a posting does. Each kind has one counter-account among the village's system accounts. */
public enum PostingKind {
    /** Points awarded: passbook +, issued −; score +. */
    EARN,
    /** Points deducted: passbook − (never below zero), forfeited +; score − the full amount. */
    DEDUCT,
    /** One-vote veto: passbook to zero, forfeited +; the year's score to zero; the year ineligible. */
    VETO,
    /** Goods taken at the supermarket: passbook −, redeemed +; score unchanged. */
    REDEEM,
    /** A redemption cancelled: the mirror of a REDEEM posting. */
    CANCEL,
    /** Points expired under the county's policy: passbook −, forfeited +; score unchanged. */
    EXPIRE,
    /** A correction: the mirror of any earlier posting, naming it. */
    CORRECT;

    public String messageKey() { return "ledger.kind." + name(); }
}
