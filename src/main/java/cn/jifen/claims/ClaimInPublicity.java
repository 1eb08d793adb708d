package cn.jifen.claims;

import java.time.OffsetDateTime;

/** Published inside the approving transaction when a claim enters its publicity period (公示). */
public record ClaimInPublicity(long villageId, long claimId, long householdId, String itemLabel, int points, boolean deduction,
                               OffsetDateTime publicityEndsAt) { }
