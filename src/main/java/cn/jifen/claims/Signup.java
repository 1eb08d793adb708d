package cn.jifen.claims;

import java.time.OffsetDateTime;

/** One resident signed up for an activity; checked in when attended (and out when leaving); the claim once awarded. */
public record Signup(long residentId, String residentName, long householdId, String passbookNumber,
                     OffsetDateTime signedUpAt, OffsetDateTime checkedInAt, Long claimId, OffsetDateTime checkedOutAt) {
    public boolean attended() { return checkedInAt != null; }
}
