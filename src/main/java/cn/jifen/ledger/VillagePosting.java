package cn.jifen.ledger;

import java.time.LocalDate;
import java.util.UUID;

/** One posting of a village as a notice board lists it: whose, what, when, and its effect on the score. */
public record VillagePosting(UUID postingId, long householdId, Long residentId, PostingKind kind, LocalDate postedOn,
                             String itemLabel, long scoreDelta) { }
