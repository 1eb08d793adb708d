package cn.jifen.ledger.internal;

import cn.jifen.ledger.Ledger;

import cn.jifen.shared.SecretKeys;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The village's chain of postings: every passbook entry gets the next village sequence number and
 * moves the village head (a keyed hash over all its entries in order), kept sealed in ledger_village.
 * Taken last in a posting's transaction (after the passbook rows), so the village row is held only for
 * the insert and the commit, and always in the same order (accounts, then village): no deadlock.
 */
@Component
public class VillageChain {
    private final LedgerSql sql;
    private final LedgerSeals seals;
    /** Villages whose head row exists (rows are never deleted by the application). */
    private final Set<Long> known = ConcurrentHashMap.newKeySet();

    VillageChain(LedgerSql sql, SecretKeys keys) {
        this.sql = sql;
        this.seals = new LedgerSeals(keys.derive(Ledger.CHAIN_KEY_PURPOSE));
    }

    public LedgerSeals seals() {
        return seals;
    }

    /** Creates the village head row if missing; called before any row is locked (creation never waits on a lock we hold). */
    public void ensure(long villageId, OffsetDateTime now) {
        if (known.contains(villageId)) {
            return;
        }
        String genesis = seals.villageGenesis(villageId);
        sql.ensureVillage(villageId, genesis, seals.village(villageId, 0, genesis), now);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                known.add(villageId);
            }
        });
    }

    /**
     * Locks the village head, numbers the new passbook entries in order and moves the sealed head.
     * Returns each entry's village sequence number by entry id.
     */
    public Map<UUID, Long> append(long villageId, List<Leg> passbookLegs, OffsetDateTime now) {
        Move move = next(villageId, passbookLegs);
        sql.updateVillage(villageId, move.entryCount(), move.headHash(), move.seal(), now);
        return move.seqs();
    }

    /** The village head after some new passbook entries: what {@link LedgerSql#writePosting} writes. */
    public record Move(long entryCount, String headHash, String seal, Map<UUID, Long> seqs) { }

    /**
     * Locks the village head and computes where the new passbook entries move it, without writing it: the caller
     * writes it with the entries in one statement (a single posting on PostgreSQL, issue #17).
     */
    public Move next(long villageId, List<Leg> passbookLegs) {
        LedgerSql.VillageHead head = sql.lockVillage(villageId);
        long count = head.entryCount();
        String hash = head.headHash();
        Map<UUID, Long> seqs = new HashMap<>(passbookLegs.size() * 2);
        for (Leg l : passbookLegs) {
            count++;
            hash = seals.villageNext(hash, count, l.id(), l.hash());
            seqs.put(l.id(), count);
        }
        return new Move(count, hash, seals.village(villageId, count, hash), seqs);
    }
}
