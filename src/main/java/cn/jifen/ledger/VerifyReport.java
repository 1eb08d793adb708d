package cn.jifen.ledger;

import java.util.UUID;

/**
 * What verify found: how many entries and accounts it checked and, if the ledger is not intact,
 * the first broken entry (or account, or village chain) and why, in Chinese. When intact,
 * {@code checkpoint} is a sealed checkpoint of what was verified, to keep outside the database.
 */
public record VerifyReport(long entriesChecked, long accountsChecked, boolean intact, UUID firstBrokenEntry,
                           Long brokenVillageId, Long brokenHouseholdId, String problem, String checkpoint) {

    public VerifyReport(long entriesChecked, long accountsChecked, boolean intact, UUID firstBrokenEntry,
                        Long brokenVillageId, Long brokenHouseholdId, String problem) {
        this(entriesChecked, accountsChecked, intact, firstBrokenEntry, brokenVillageId, brokenHouseholdId, problem, null);
    }

    static VerifyReport ok(long entries, long accounts) {
        return new VerifyReport(entries, accounts, true, null, null, null, null, null);
    }

    VerifyReport withCheckpoint(String text) {
        return new VerifyReport(entriesChecked, accountsChecked, intact, firstBrokenEntry, brokenVillageId,
                brokenHouseholdId, problem, text);
    }
}
