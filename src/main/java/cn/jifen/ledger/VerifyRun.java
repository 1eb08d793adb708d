package cn.jifen.ledger;

import java.time.OffsetDateTime;

/**
 * One verify as it was run (from the page, the API, the command or a certificate): when, over which village
 * ({@code villageId} null: every village), whether the ledger was intact and, if not, where and why.
 */
public record VerifyRun(long id, Long villageId, OffsetDateTime ranAt, boolean intact, Long brokenVillageId,
                        String problem, long entriesChecked) { }
