package cn.jifen.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Recomputes every hash chain and cached balance and checks that every posting's legs sum to
 * zero. Names the first broken entry (or account) it meets.
 */
@Service
public class LedgerVerifier {
    private final LedgerSql sql;
    private final byte[] chainKey;

    LedgerVerifier(LedgerSql sql, cn.jifen.shared.SecretKeys keys) {
        this.sql = sql;
        this.chainKey = keys.derive(Ledger.CHAIN_KEY_PURPOSE);
    }

    /** Verifies one village, or every village when {@code villageId} is null. */
    public VerifyReport verify(Long villageId) {
        long entries = 0;
        long accounts = 0;
        for (long v : villageId == null ? sql.villageIds() : List.of(villageId)) {
            VerifyReport r = verifyVillage(v);
            entries += r.entriesChecked();
            accounts += r.accountsChecked();
            if (!r.intact()) {
                return new VerifyReport(entries, accounts, false, r.firstBrokenEntry(), r.brokenVillageId(),
                        r.brokenHouseholdId(), r.problem());
            }
        }
        return VerifyReport.ok(entries, accounts);
    }

    private VerifyReport verifyVillage(long villageId) {
        // legs come ordered by account, then seq (system legs have no seq and sort after), then posting/leg
        Map<UUID, List<Leg>> systemLegsByPosting = new HashMap<>();
        List<Leg> passbookLegs = new ArrayList<>();
        Map<UUID, Long> postingSums = new HashMap<>();
        sql.eachLeg(villageId, l -> {
            postingSums.merge(l.postingId(), l.amount(), Long::sum);
            if (l.legNo() == 0) {
                passbookLegs.add(l);
            } else {
                systemLegsByPosting.computeIfAbsent(l.postingId(), k -> new ArrayList<>()).add(l);
            }
        });
        long checked = 0;
        Map<UUID, long[]> computed = new HashMap<>(); // account -> {balance, count}
        Map<UUID, String> lastHash = new HashMap<>();
        for (Leg l : passbookLegs) {
            checked++;
            long[] acc = computed.computeIfAbsent(l.accountId(), k -> new long[2]);
            String prev = lastHash.getOrDefault(l.accountId(), EntryHasher.GENESIS);
            if (l.seq() == null || l.seq() != acc[1] + 1) {
                return broken(checked, computed.size(), l, "seq " + l.seq() + " where " + (acc[1] + 1) + " was expected (an entry is missing)");
            }
            if (!prev.equals(l.prevHash())) {
                return broken(checked, computed.size(), l, "prev_hash does not match the previous entry");
            }
            List<Leg> others = systemLegsByPosting.getOrDefault(l.postingId(), List.of());
            others.sort((a, b) -> Integer.compare(a.legNo(), b.legNo()));
            String expected = EntryHasher.hash(chainKey, l, others);
            if (!expected.equals(l.hash())) {
                return broken(checked, computed.size(), l, "hash does not match the entry's fields");
            }
            if (postingSums.getOrDefault(l.postingId(), 0L) != 0) {
                return broken(checked, computed.size(), l, "legs of the posting do not sum to zero");
            }
            acc[0] += l.amount();
            acc[1]++;
            if (l.balanceAfter() == null || l.balanceAfter() != acc[0]) {
                return broken(checked, computed.size(), l, "running balance " + l.balanceAfter() + " where " + acc[0] + " was computed");
            }
            if (acc[0] < 0) {
                return broken(checked, computed.size(), l, "balance below zero");
            }
            lastHash.put(l.accountId(), l.hash());
        }
        java.util.Set<UUID> withPassbookLeg = new java.util.HashSet<>();
        passbookLegs.forEach(p -> withPassbookLeg.add(p.postingId()));
        for (var e : systemLegsByPosting.entrySet()) {
            if (!withPassbookLeg.contains(e.getKey())) {
                Leg orphan = e.getValue().get(0);
                return broken(checked, computed.size(), orphan, "system leg without its passbook leg");
            }
        }
        // every veto marker belongs to a VETO posting of that household and year, and every VETO posting has one
        Map<UUID, Leg> vetoLegs = new HashMap<>();
        passbookLegs.stream().filter(l -> l.kind() == PostingKind.VETO).forEach(l -> vetoLegs.put(l.postingId(), l));
        java.util.Set<UUID> marked = new java.util.HashSet<>();
        for (Object[] veto : sql.vetoes(villageId)) {
            UUID posting = (UUID) veto[0];
            Leg l = vetoLegs.get(posting);
            if (l == null || !l.householdId().equals(veto[1]) || l.postedOn().getYear() != (int) veto[2]
                    || !java.util.Objects.equals(l.residentId(), veto[3])) {
                return new VerifyReport(checked, computed.size(), false, l == null ? null : l.id(), villageId,
                        (Long) veto[1], "veto marker does not match a veto posting");
            }
            marked.add(posting);
        }
        for (Leg l : vetoLegs.values()) {
            if (!marked.contains(l.postingId())) {
                return broken(checked, computed.size(), l, "veto posting without its ineligibility marker");
            }
        }
        long[] accountsSeen = {0};
        VerifyReport[] accountProblem = {null};
        final long entriesChecked = checked;
        sql.eachPassbookAccount(villageId, row -> {
            if (accountProblem[0] != null) {
                return;
            }
            accountsSeen[0]++;
            UUID id = (UUID) row[0];
            long[] c = computed.getOrDefault(id, new long[2]);
            String h = lastHash.getOrDefault(id, EntryHasher.GENESIS);
            String problem = null;
            if ((long) row[2] != c[0]) {
                problem = "cached balance " + row[2] + " where the entries sum to " + c[0];
            } else if ((long) row[3] != c[1]) {
                problem = "account counts " + row[3] + " entries where " + c[1] + " exist (an entry is missing)";
            } else if (!h.equals(row[4])) {
                problem = "account's last hash does not match its last entry";
            }
            if (problem != null) {
                accountProblem[0] = new VerifyReport(entriesChecked, accountsSeen[0], false, null, villageId,
                        (Long) row[1], problem);
            }
        });
        if (accountProblem[0] != null) {
            return accountProblem[0];
        }
        return VerifyReport.ok(checked, accountsSeen[0]);
    }

    private static VerifyReport broken(long entries, long accounts, Leg l, String problem) {
        return new VerifyReport(entries, accounts, false, l.id(), l.villageId(), l.householdId(), problem);
    }
}
