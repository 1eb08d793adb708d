package cn.jifen.claims;

/** Where a claim stands: recorded → (second approval) → in publicity ⇄ objected → posted, or rejected. */
public enum ClaimStatus {
    RECORDED, AWAITING_SECOND_APPROVAL, IN_PUBLICITY, OBJECTED, POSTING, POSTED, REJECTED,
    /** Posted, then reversed by an upheld appeal (申诉). */
    REVERSED;

    public String messageKey() { return "claims.status." + name(); }

    /** Claims that count against caps and units: everything not rejected. */
    public boolean counts() { return this != REJECTED && this != REVERSED; }
}
