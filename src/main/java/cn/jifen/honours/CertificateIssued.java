package cn.jifen.honours;

/** Published inside the transaction that issues a reference certificate (积分证明) for a household or its member. */
public record CertificateIssued(long villageId, long householdId, String serial, String purpose) { }
