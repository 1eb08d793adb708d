package cn.jifen.claims;

/** Published inside the transaction that upholds ({@code upheld}: the posting is reversed) or dismisses an appeal. */
public record AppealDecided(long villageId, long claimId, long appealId, long householdId, String itemLabel,
                            boolean upheld) { }
