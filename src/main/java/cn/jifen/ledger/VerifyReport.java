package cn.jifen.ledger;

import java.util.UUID;

/**
 * What verify found: how many entries and accounts it checked and, if the ledger is not intact,
 * the first broken entry (or account) and why.
 */
public record VerifyReport(long entriesChecked, long accountsChecked, boolean intact, UUID firstBrokenEntry,
                           Long brokenVillageId, Long brokenHouseholdId, String problem) {

    static VerifyReport ok(long entries, long accounts) {
        return new VerifyReport(entries, accounts, true, null, null, null, null);
    }
}
