package cn.jifen.claims;

/**
 * Published inside the transaction of a veto's (一票否决) first approval: it now waits for a second, different
 * approver ({@code firstApproverId} may not give it).
 */
public record VetoAwaitingSecond(long villageId, long claimId, long householdId, String itemLabel,
                                 long firstApproverId) { }
