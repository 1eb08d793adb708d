package cn.jifen.claims;

/** Published inside the transaction that records an objection (异议) to a claim in publicity. */
public record ObjectionRaised(long villageId, long claimId, long objectionId, long householdId, String itemLabel) { }
