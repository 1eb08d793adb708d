package cn.jifen.ledger;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The outcome of a posting, as first made. {@code replayed} is true when the idempotency key had
 * been used before and this is the first result returned again.
 */
public record Posting(UUID postingId, long villageId, long householdId, PostingKind kind, long amount, long scoreDelta,
                      long balanceAfter, long seq, LocalDate postedOn, OffsetDateTime createdAt, boolean replayed) {

    Posting asReplay() {
        return new Posting(postingId, villageId, householdId, kind, amount, scoreDelta, balanceAfter, seq, postedOn,
                createdAt, true);
    }
}
