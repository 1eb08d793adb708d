package cn.jifen.claims;

import java.time.OffsetDateTime;

/** One state change of a claim: who, when, what, from → to, why. */
public record ClaimEvent(long id, OffsetDateTime at, Long actorId, String actorName, String action,
                         ClaimStatus fromStatus, ClaimStatus toStatus, Integer points, String reason) {

    /** The event without who did it (an objection, seen by someone who is no reviewer). */
    public ClaimEvent anonymous() {
        return new ClaimEvent(id, at, null, null, action, fromStatus, toStatus, points, reason);
    }
}
