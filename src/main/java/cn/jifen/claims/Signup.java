package cn.jifen.claims;

import java.time.OffsetDateTime;

/** One resident signed up for an activity; checked in when attended; the claim once awarded. */
public record Signup(long residentId, String residentName, long householdId, String passbookNumber,
                     OffsetDateTime signedUpAt, OffsetDateTime checkedInAt, Long claimId) {
    public boolean attended() { return checkedInAt != null; }
}
