package cn.jifen.claims;

/** Published inside the transaction that records an appeal (申诉) against a posted deduction or veto. */
public record AppealRaised(long villageId, long claimId, long appealId, long householdId, String itemLabel) { }
