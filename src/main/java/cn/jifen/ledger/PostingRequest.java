package cn.jifen.ledger;

import java.util.UUID;

/**
 * One posting asked of the ledger. {@code points} is positive (for VETO it is ignored; for
 * CANCEL/CORRECT it is taken from the reversed posting). The idempotency key makes retries safe.
 */
public record PostingRequest(long villageId, long householdId, PostingKind kind, long points, Long residentId,
                             String sourceType, String sourceRef, String itemLabel, String reason,
                             UUID reversesPostingId, String idempotencyKey) {

    public static PostingRequest earn(long villageId, long householdId, long points, String itemLabel, String key) {
        return new PostingRequest(villageId, householdId, PostingKind.EARN, points, null, null, null, itemLabel, null,
                null, key);
    }

    public static PostingRequest of(long villageId, long householdId, PostingKind kind, long points, String itemLabel,
                                    String key) {
        return new PostingRequest(villageId, householdId, kind, points, null, null, null, itemLabel, null, null, key);
    }

    public static PostingRequest reversal(long villageId, long householdId, PostingKind kind, UUID original,
                                          String reason, String key) {
        return new PostingRequest(villageId, householdId, kind, 0, null, null, null, null, reason, original, key);
    }

    public PostingRequest withResident(Long resident) {
        return new PostingRequest(villageId, householdId, kind, points, resident, sourceType, sourceRef, itemLabel,
                reason, reversesPostingId, idempotencyKey);
    }

    public PostingRequest withReason(String why) {
        return new PostingRequest(villageId, householdId, kind, points, residentId, sourceType, sourceRef, itemLabel,
                why, reversesPostingId, idempotencyKey);
    }

    public PostingRequest withSource(String type, String ref) {
        return new PostingRequest(villageId, householdId, kind, points, residentId, type, ref, itemLabel, reason,
                reversesPostingId, idempotencyKey);
    }
}
