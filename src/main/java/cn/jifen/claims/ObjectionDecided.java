package cn.jifen.claims;

/** Published inside the transaction that upholds ({@code upheld}) or dismisses an objection. */
public record ObjectionDecided(long villageId, long claimId, long objectionId, long householdId, String itemLabel,
                               boolean upheld) { }
