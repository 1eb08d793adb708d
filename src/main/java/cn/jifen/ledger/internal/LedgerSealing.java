package cn.jifen.ledger.internal;

import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.VerifyReport;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals the ledger of an installation upgraded from before V13: at the first start-up after the upgrade
 * (before the web server takes requests; only while no village is sealed yet), each village that has passbook accounts but no village head is first verified as it
 * was (chains, balances, double entry, veto markers, records of other modules); only if that finds
 * nothing wrong are its entries numbered in the village chain (in the order they were written), its
 * accounts' state sealed and its head row written, all in one transaction that holds the village's
 * passbook rows, so a posting from another instance waits. A village that fails is left unsealed and
 * logged as an error; verify keeps naming its problem until someone looks at it. The villages to seal are
 * listed (table ledger_sealing_plan) before the first is sealed and struck off as each is, so if that start
 * stops part way the next start seals the rest; a failed one is tried again at each start.
 */
@Component
public class LedgerSealing implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(LedgerSealing.class);

    private final LedgerSql sql;
    private final LedgerVerifier verifier;
    private final LedgerSeals seals;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    LedgerSealing(LedgerSql sql, LedgerVerifier verifier, VillageChain chain, JdbcTemplate jdbc, TransactionTemplate tx,
                  Clock clock) {
        this.sql = sql;
        this.verifier = verifier;
        this.seals = chain.seals();
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        // Only on the first start after the upgrade, when no village is sealed yet, are the villages to seal listed
        // (all of them, before the first is sealed). Later, a village without a head is a finding, never resealed as
        // found: otherwise deleting a village's head row (with its newest postings) and restarting would seal the
        // shortened ledger. What is listed stays listed until sealed, so a first start that stopped part way is
        // resumed by the next one.
        if (jdbc.queryForList("SELECT village_id FROM ledger_village FETCH FIRST 1 ROWS ONLY", Long.class).isEmpty()) {
            jdbc.update("""
                    INSERT INTO ledger_sealing_plan (village_id, listed_at)
                    SELECT DISTINCT a.village_id, CURRENT_TIMESTAMP FROM ledger_account a WHERE NOT EXISTS
                    (SELECT 1 FROM ledger_village v WHERE v.village_id = a.village_id)
                    ON CONFLICT DO NOTHING""");
        }
        sealListed();
    }

    /** Seals every listed village, each in its own transaction that also strikes it off the list. */
    void sealListed() {
        for (long village : jdbc.queryForList("SELECT village_id FROM ledger_sealing_plan ORDER BY village_id", Long.class)) {
            try {
                tx.executeWithoutResult(s -> {
                    seal(village);
                    jdbc.update("DELETE FROM ledger_sealing_plan WHERE village_id = ?", village);
                });
            } catch (RuntimeException e) {
                // stays listed: verify keeps naming its problem, and a later start seals it once it verifies
                log.error("Ledger of village {} not sealed: {}", village, e.getMessage());
            }
        }
    }

    /** Seals one village if its unsealed ledger verifies; throws (rolling back) if it does not. */
    void seal(long villageId) {
        // hold every passbook row of the village (in the order postings lock them) while it is numbered and sealed
        jdbc.queryForList("SELECT id FROM ledger_account WHERE village_id = ? AND kind = 'PASSBOOK' ORDER BY id FOR UPDATE",
                UUID.class, villageId);
        if (sql.villageHead(villageId).isPresent()) {
            return; // another instance sealed it meanwhile
        }
        VerifyReport before = verifier.verifyUnsealed(villageId);
        if (!before.intact()) {
            throw new IllegalStateException("verify found a problem, so it is not sealed: entry " + before.firstBrokenEntry()
                    + ", household " + before.brokenHouseholdId() + ": " + before.problem());
        }
        List<Leg> legs = new ArrayList<>();
        sql.eachLeg(villageId, (l, villageSeq) -> {
            if (l.legNo() == 0) {
                legs.add(l);
            }
        });
        legs.sort(Comparator.comparing(Leg::createdAt).thenComparing(Leg::seq).thenComparing(Leg::id));
        String head = seals.villageGenesis(villageId);
        long n = 0;
        List<Object[]> numbers = new ArrayList<>(legs.size());
        Map<UUID, long[]> state = new HashMap<>(); // account -> {balance, count, score}
        Map<UUID, String> last = new HashMap<>();
        Map<UUID, Long> household = new HashMap<>();
        for (Leg l : legs) {
            n++;
            head = seals.villageNext(head, n, l.id(), l.hash());
            numbers.add(new Object[] {n, villageId, l.id()});
            state.computeIfAbsent(l.accountId(), k -> new long[3]);
            household.put(l.accountId(), l.householdId());
        }
        legs.stream().sorted(Comparator.comparing(Leg::accountId).thenComparing(Leg::seq)).forEach(l -> {
            long[] s = state.get(l.accountId());
            s[0] += l.amount();
            s[1]++;
            s[2] += l.scoreDelta();
            last.put(l.accountId(), l.hash());
        });
        jdbc.batchUpdate("UPDATE ledger_entry SET village_seq = ? WHERE village_id = ? AND id = ?", numbers);
        List<Object[]> accounts = new ArrayList<>(state.size());
        state.forEach((id, s) -> accounts.add(new Object[] {s[2], seals.account(villageId, id, household.get(id), s[0], s[2],
                s[1], last.get(id)), villageId, id}));
        jdbc.batchUpdate("UPDATE ledger_account SET score = ?, seal = ? WHERE village_id = ? AND id = ?", accounts);
        OffsetDateTime now = OffsetDateTime.now(clock);
        sql.ensureVillage(villageId, head, seals.village(villageId, n, head), now);
        jdbc.update("UPDATE ledger_village SET entry_count = ? WHERE village_id = ?", n, villageId);
        log.info("Ledger of village {} verified and sealed: {} entries, {} passbook accounts", villageId, n, state.size());
    }
}
