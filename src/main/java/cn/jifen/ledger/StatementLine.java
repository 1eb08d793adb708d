package cn.jifen.ledger;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One line of a passbook statement, like a bank passbook's. */
public record StatementLine(UUID postingId, long seq, LocalDate postedOn, OffsetDateTime createdAt, PostingKind kind,
                            String itemLabel, long amount, long scoreDelta, long balanceAfter, String actorName,
                            String reason, Long residentId, UUID reversesPostingId, boolean reversed) { }
