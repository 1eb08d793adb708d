package cn.jifen.ledger.internal;

import java.util.UUID;

/**
 * Seals (HMAC-SHA256 under the chain key, which is kept outside the database) over the rows verify
 * would otherwise have to trust: a passbook account's cached state, and its village's chain of
 * postings. Someone who can write to the database but lacks the key can neither reseal a row they
 * changed nor compute the village head of a chain they shortened.
 */
public final class LedgerSeals {
    private final byte[] key;

    public LedgerSeals(byte[] chainKey) {
        this.key = chainKey;
    }

    /** The seal of a passbook account's state: what verify recomputes from its entries. */
    public String account(long villageId, UUID accountId, Long householdId, long balance, long score, long entryCount,
                   String lastHash) {
        return EntryHasher.hmac(key, fields("account", villageId, accountId, householdId, balance, score, entryCount,
                lastHash));
    }

    /** The village chain's head before its first entry: bound to the village, so no head fits another. */
    public String villageGenesis(long villageId) {
        return EntryHasher.hmac(key, fields("village-genesis", villageId));
    }

    /** The village chain's head after one more passbook entry (whose own hash covers all its fields and legs). */
    public String villageNext(String head, long villageSeq, UUID entryId, String entryHash) {
        return EntryHasher.hmac(key, fields("village-next", head, villageSeq, entryId, entryHash));
    }

    /** The seal of a village head row. */
    public String village(long villageId, long entryCount, String headHash) {
        return EntryHasher.hmac(key, fields("village", villageId, entryCount, headHash));
    }

    /** Length-prefixed fields, so no choice of values makes two different inputs alike. */
    static String fields(Object... values) {
        StringBuilder b = new StringBuilder(256);
        for (Object v : values) {
            String s = v == null ? "\u0000" : v.toString();
            b.append(s.length()).append(':').append(s).append('|');
        }
        return b.toString();
    }
}
