package cn.jifen.ledger.internal;

import cn.jifen.ledger.PostingKind;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of ledger_entry. Leg 0 is the passbook leg; it alone carries seq, hashes and the posting's fields. */
public record Leg(long villageId, UUID id, UUID postingId, int legNo, UUID accountId, Long householdId, long amount,
           long scoreDelta, Long balanceAfter, Long seq, PostingKind kind, LocalDate postedOn, OffsetDateTime createdAt,
           Long residentId, String sourceType, String sourceRef, String itemLabel, UUID reversesPostingId, Long actorId,
           String actorName, String reason, String idempotencyKey, String requestHash, String prevHash, String hash) {

    public Leg withHash(String h) {
        return new Leg(villageId, id, postingId, legNo, accountId, householdId, amount, scoreDelta, balanceAfter, seq,
                kind, postedOn, createdAt, residentId, sourceType, sourceRef, itemLabel, reversesPostingId, actorId,
                actorName, reason, idempotencyKey, requestHash, prevHash, h);
    }
}
