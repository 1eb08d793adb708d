package cn.jifen.ledger;

import cn.jifen.directory.Households;
import cn.jifen.ledger.internal.Accounts;
import cn.jifen.ledger.internal.Checkpoint;
import cn.jifen.ledger.internal.EntryHasher;
import cn.jifen.ledger.internal.LedgerSealing;
import cn.jifen.ledger.internal.LedgerSeals;
import cn.jifen.ledger.internal.LedgerSql;
import cn.jifen.ledger.internal.Leg;
import cn.jifen.ledger.internal.PeriodTotals;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.SecretKeys;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes every hash chain and cached balance, checks that every posting's legs sum to zero, that
 * each passbook account's sealed state is what its entries give, that the village's sealed chain of
 * postings has every posting in order (nothing deleted at the end or in between), that the records
 * of other modules that claim postings have them and the reverse, and, given a checkpoint kept outside
 * the database, that nothing before it was removed or rewritten. Names the first problem it meets, in
 * Chinese; data it cannot read is reported as a problem, never thrown. Each village is read in one read-only
 * snapshot transaction, so postings committing meanwhile are seen wholly or not at all, never half.
 * <p>Why one class of about 450 lines: One verification pass over a village's snapshot: its checks (chains,
 * balances, legs, sealed states, cross-module claims, checkpoints) read the same rows once, in one read-only
 * transaction.
 */
@Service
public class LedgerVerifier {
    static final String CHECKPOINT_KEY_PURPOSE = "jifen:ledger-checkpoint";
    private static final Logger log = LoggerFactory.getLogger(LedgerVerifier.class);

    private final LedgerSql sql;
    private final byte[] chainKey;
    private final byte[] checkpointKey;
    private final LedgerSeals seals;
    private final Households households;
    private final List<PostingReferences> references;
    private final Clock clock;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    public LedgerVerifier(LedgerSql sql, SecretKeys keys, Households households,
                   List<PostingReferences> references, Clock clock, PlatformTransactionManager transactions,
                   DataSource dataSource, ApplicationEventPublisher events) {
        this.sql = sql;
        this.tx = new TransactionTemplate(transactions);
        this.events = events;
        this.snapshot = snapshotReads(transactions, dataSource);
        this.chainKey = keys.derive(Ledger.CHAIN_KEY_PURPOSE);
        this.checkpointKey = keys.derive(CHECKPOINT_KEY_PURPOSE);
        this.seals = new LedgerSeals(chainKey);
        this.households = households;
        this.references = references;
        this.clock = clock;
    }

    /**
     * A read-only transaction in which every statement sees the database as of one moment, so a village's entries,
     * accounts, head and the other modules' records are read as they were together, while postings go on committing.
     * PostgreSQL gives that at REPEATABLE READ (one snapshot, taken at the first statement, for every table). H2's
     * REPEATABLE READ does not: it fixes each table's rows only at the transaction's first read of that table, so a
     * posting committed between reading the entries and reading the head would still be seen half; its SERIALIZABLE
     * (like its SNAPSHOT) takes the snapshot of every table at the first statement, and for a read-only transaction
     * takes no locks that would hold up the postings.
     */
    static TransactionTemplate snapshotReads(PlatformTransactionManager transactions, DataSource dataSource) {
        TransactionTemplate t = new TransactionTemplate(transactions);
        t.setReadOnly(true);
        t.setIsolationLevel(isH2(dataSource) ? TransactionDefinition.ISOLATION_SERIALIZABLE
                : TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return t;
    }

    private static boolean isH2(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    /** Verifies one village, or every village when {@code villageId} is null. */
    public VerifyReport verify(Long villageId) {
        return verify(villageId, (Checkpoint) null);
    }

    /**
     * Verifies as {@link #verify(Long)} does and also that each village's chain still begins with the postings
     * the checkpoint recorded. A checkpoint that is unreadable or not sealed by this installation is bad input.
     */
    public VerifyReport verifySince(Long villageId, String checkpointText) {
        Checkpoint since;
        try {
            since = Checkpoint.parse(checkpointText, checkpointKey);
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("checkpoint", "error.ledger.checkpoint", e.getMessage());
        }
        return verify(villageId, since);
    }

    private VerifyReport verify(Long villageId, Checkpoint since) {
        VerifyReport report = check(villageId, since);
        try {
            String problem = report.problem();
            String kept = problem == null || problem.length() <= 500 ? problem : problem.substring(0, 500);
            tx.executeWithoutResult(status -> {
                sql.insertVerifyRun(villageId, OffsetDateTime.now(clock), report.intact(),
                        report.brokenVillageId(), kept, report.entriesChecked());
                if (!report.intact()) {
                    events.publishEvent(new LedgerVerifyFailed(report.brokenVillageId(), report.brokenHouseholdId(),
                            kept));
                }
            });
        } catch (RuntimeException e) {
            // keeping the outcome is for the homes' "last verified"; the verify itself has its answer
            log.warn("could not keep the outcome of a verify", e);
        }
        return report;
    }

    /**
     * The latest verify over every village, or over one of the given villages (a town's or county's scope):
     * empty when none has run since outcomes are kept.
     */
    public Optional<VerifyRun> lastRun(Collection<Long> villageIds) {
        return sql.lastVerifyRun(villageIds);
    }

    private VerifyReport check(Long villageId, Checkpoint since) {
        Set<Long> villages = new TreeSet<>();
        if (villageId == null) {
            villages.addAll(sql.villageIds());
            if (since != null) {
                villages.addAll(since.villages().keySet());
            }
        } else {
            villages.add(villageId);
        }
        long entries = 0;
        long accounts = 0;
        Map<Long, Checkpoint.Head> heads = new LinkedHashMap<>();
        for (long v : villages) {
            Checkpoint.Head then = since == null ? null : since.villages().get(v);
            VillageResult r;
            try {
                r = snapshot.execute(status -> verifyVillage(v, then, false));
            } catch (DataAccessException e) {
                // rows so damaged they cannot be read as entries: a finding, not a server error (anything else
                // thrown here is a fault of the program, not of the data, and is not reported as a broken ledger)
                log.warn("verify of village {} met unreadable data", v, e);
                r = new VillageResult(new VerifyReport(entries, accounts, false, null, v, null,
                        "账本数据无法按记录读出（行被绕过系统改坏）：" + e.getClass().getSimpleName()), null);
            }
            entries += r.report().entriesChecked();
            accounts += r.report().accountsChecked();
            if (!r.report().intact()) {
                VerifyReport b = r.report();
                return new VerifyReport(entries, accounts, false, b.firstBrokenEntry(), b.brokenVillageId(),
                        b.brokenHouseholdId(), b.problem());
            }
            if (r.head() != null) {
                heads.put(v, r.head());
            }
        }
        return VerifyReport.ok(entries, accounts)
                .withCheckpoint(new Checkpoint(Instant.now(clock), heads).text(checkpointKey));
    }

    private record VillageResult(VerifyReport report, Checkpoint.Head head) { }

    /** A problem at one entry (or posting) of a village. */
    private static VillageResult broken(long entries, long accounts, Leg l, String problem) {
        return new VillageResult(new VerifyReport(entries, accounts, false, l.id(), l.villageId(), l.householdId(), problem),
                null);
    }

    private static VillageResult brokenVillage(long entries, long accounts, long villageId, Long householdId,
                                               String problem) {
        return new VillageResult(new VerifyReport(entries, accounts, false, null, villageId, householdId, problem), null);
    }

    /**
     * Checks a village written before seals existed: everything but the seals and the village chain, which it
     * does not have yet. LedgerSealing seals a village only when this finds nothing wrong.
     */
    public VerifyReport verifyUnsealed(long villageId) {
        return verifyVillage(villageId, null, true).report();
    }

    private VillageResult verifyVillage(long villageId, Checkpoint.Head since, boolean unsealed) {
        // legs come ordered by account, then seq (system legs have no seq and sort after), then posting/leg
        Map<UUID, List<Leg>> systemLegsByPosting = new HashMap<>();
        List<Leg> passbookLegs = new ArrayList<>();
        Map<UUID, Long> villageSeqs = new HashMap<>();
        Map<UUID, Long> postingSums = new HashMap<>();
        sql.eachLeg(villageId, (l, villageSeq) -> {
            postingSums.merge(l.postingId(), l.amount(), Long::sum);
            if (l.legNo() == 0) {
                passbookLegs.add(l);
                if (villageSeq != null) {
                    villageSeqs.put(l.id(), villageSeq);
                }
            } else {
                systemLegsByPosting.computeIfAbsent(l.postingId(), k -> new ArrayList<>()).add(l);
            }
        });

        // 1. each household's chain: order, links, hashes, double entry, running balance
        long checked = 0;
        Map<UUID, long[]> computed = new HashMap<>(); // account -> {balance, count, score}
        Map<UUID, String> lastHash = new HashMap<>();
        Map<UUID, Long> householdOf = new HashMap<>();
        for (Leg l : passbookLegs) {
            checked++;
            long[] acc = computed.computeIfAbsent(l.accountId(), k -> new long[3]);
            householdOf.put(l.accountId(), l.householdId());
            String prev = lastHash.getOrDefault(l.accountId(), EntryHasher.GENESIS);
            if (l.seq() == null || l.seq() != acc[1] + 1) {
                return broken(checked, computed.size(), l, "记录的序号是 " + l.seq() + "，应为 " + (acc[1] + 1)
                        + "：该户在它之前的记录被删除了");
            }
            if (!prev.equals(l.prevHash())) {
                return broken(checked, computed.size(), l, "记录的“上一条哈希”与该户上一条记录不符（记录被删除、插入或调换）");
            }
            List<Leg> others = new ArrayList<>(systemLegsByPosting.getOrDefault(l.postingId(), List.of()));
            if (others.isEmpty()) {
                return broken(checked, computed.size(), l, "记账 " + l.postingId() + " 缺少系统账户分录（分录被删除）");
            }
            others.sort(Comparator.comparingInt(Leg::legNo));
            String expected = EntryHasher.hash(chainKey, l, others);
            if (!expected.equals(l.hash())) {
                return broken(checked, computed.size(), l, "记录的哈希与其内容不符：这条记录（或记账 " + l.postingId()
                        + " 的系统账户分录）被改过");
            }
            if (postingSums.getOrDefault(l.postingId(), 0L) != 0) {
                return broken(checked, computed.size(), l, "记账 " + l.postingId() + " 的各分录合计不为零");
            }
            acc[0] += l.amount();
            acc[1]++;
            acc[2] += l.scoreDelta();
            if (l.balanceAfter() == null || l.balanceAfter() != acc[0]) {
                return broken(checked, computed.size(), l, "记录后余额为 " + l.balanceAfter() + "，按记录重算应为 " + acc[0]);
            }
            if (acc[0] < 0) {
                return broken(checked, computed.size(), l, "余额低于零");
            }
            lastHash.put(l.accountId(), l.hash());
        }
        Set<UUID> withPassbookLeg = new HashSet<>();
        Map<UUID, Leg> byPosting = new HashMap<>();
        passbookLegs.forEach(p -> {
            withPassbookLeg.add(p.postingId());
            byPosting.put(p.postingId(), p);
        });
        for (var e : systemLegsByPosting.entrySet()) {
            if (!withPassbookLeg.contains(e.getKey())) {
                Leg orphan = e.getValue().get(0);
                return broken(checked, computed.size(), orphan, "系统账户分录没有对应的存折分录（记账 " + e.getKey()
                        + " 的存折分录被删除，或这是伪造的分录）");
            }
        }

        // 2. every veto marker belongs to a VETO posting of that household and year, and every VETO posting has one
        Map<UUID, Leg> vetoLegs = new HashMap<>();
        passbookLegs.stream().filter(l -> l.kind() == PostingKind.VETO).forEach(l -> vetoLegs.put(l.postingId(), l));
        Set<UUID> marked = new HashSet<>();
        for (Object[] veto : sql.vetoes(villageId)) {
            UUID posting = (UUID) veto[0];
            Leg l = vetoLegs.get(posting);
            if (l == null || !Objects.equals(l.householdId(), veto[1]) || l.postedOn().getYear() != (int) veto[2]
                    || !Objects.equals(l.residentId(), veto[3])) {
                return new VillageResult(new VerifyReport(checked, computed.size(), false, l == null ? null : l.id(),
                        villageId, (Long) veto[1], "一票否决的不能参评标记与否决记账 " + posting + " 不符"), null);
            }
            marked.add(posting);
        }
        for (Leg l : vetoLegs.values()) {
            if (!marked.contains(l.postingId())) {
                return broken(checked, computed.size(), l, "一票否决记账 " + l.postingId() + " 缺少不能参评的标记（标记被删除）");
            }
        }

        // 3. records of other modules that claim postings have them, and postings made for them are claimed
        for (PostingReferences refs : references) {
            Map<UUID, String> claimed = refs.postingIds(villageId);
            for (var e : claimed.entrySet()) {
                if (!withPassbookLeg.contains(e.getKey()) && !sql.postingExists(villageId, e.getKey())) {
                    return brokenVillage(checked, computed.size(), villageId, null,
                            e.getValue() + " 所记的记账 " + e.getKey() + " 在账本中不存在（记账被删除）");
                }
            }
            for (Leg l : passbookLegs) {
                if (l.sourceType() != null && refs.sourceTypes().contains(l.sourceType())
                        && !claimed.containsKey(l.postingId())) {
                    return broken(checked, computed.size(), l, "记账 " + l.postingId() + "（来源 " + l.sourceType() + " "
                            + l.sourceRef() + "）没有对应的" + refs.source() + "（记录被删除）");
                }
            }
        }

        // 4. every passbook account: its household is registered, its state is what its entries give, and sealed
        Set<Long> registered = households.idsIn(villageId);
        long[] accountsSeen = {0};
        VillageResult[] accountProblem = {null};
        Set<UUID> accountRows = new HashSet<>();
        final long entriesChecked = checked;
        sql.eachPassbookAccount(villageId, row -> {
            if (accountProblem[0] != null) {
                return;
            }
            accountsSeen[0]++;
            UUID id = (UUID) row[0];
            Long household = (Long) row[1];
            accountRows.add(id);
            long[] c = computed.getOrDefault(id, new long[3]);
            String h = lastHash.getOrDefault(id, EntryHasher.GENESIS);
            String problem = null;
            if (household == null || !registered.contains(household) || !id.equals(Accounts.passbook(villageId, household))) {
                problem = "存折账户所属的农户 " + household + " 不在本村花名册中（或账户被挪给了别的农户）";
            } else if ((long) row[2] != c[0]) {
                problem = "存折账户缓存的余额为 " + row[2] + "，按记录合计为 " + c[0];
            } else if ((long) row[3] != c[1]) {
                problem = "存折账户记有 " + row[3] + " 条记录，实际只有 " + c[1] + " 条（记录被删除）";
            } else if (!h.equals(row[4])) {
                problem = "存折账户的最后哈希与最后一条记录不符";
            } else if (unsealed) {
                problem = null;
            } else if ((long) row[5] != c[2] && row[6] != null) {
                problem = "存折账户缓存的累计积分为 " + row[5] + "，按记录合计为 " + c[2];
            } else if (c[1] > 0 && row[6] == null) {
                problem = "存折账户未封存（升级后启动时的封存没有完成，见日志）";
            } else if (row[6] != null && !row[6].equals(seals.account(villageId, id, household, c[0], c[2], c[1], h))) {
                problem = "存折账户的封印不符：账户行被绕过系统改动（或被换回旧的副本）";
            }
            if (problem != null) {
                accountProblem[0] = brokenVillage(entriesChecked, accountsSeen[0], villageId, household, problem);
            }
        });
        if (accountProblem[0] != null) {
            return accountProblem[0];
        }
        for (UUID account : computed.keySet()) {
            if (!accountRows.contains(account)) {
                return brokenVillage(checked, accountsSeen[0], villageId, householdOf.get(account),
                        "农户有记录却没有存折账户（账户行被删除）");
            }
        }

        // 5. the village's chain: every posting in order, none missing, ending at the sealed head
        if (unsealed) {
            return new VillageResult(VerifyReport.ok(checked, accountsSeen[0]), null);
        }
        VillageResult chain = villageChain(villageId, passbookLegs, villageSeqs, since, checked, accountsSeen[0]);
        if (!chain.report().intact()) {
            return chain;
        }

        // 6. the month totals (ledger_period_total) are the sums of the entries: per household, resident and village
        PeriodTotals expectedTotals = new PeriodTotals();
        passbookLegs.forEach(expectedTotals::add);
        String totalsProblem = expectedTotals.firstDifference(sql.totals(villageId));
        if (totalsProblem != null) {
            return brokenVillage(checked, accountsSeen[0], villageId, null, "积分月合计与记录不符：" + totalsProblem);
        }
        return chain;
    }

    private VillageResult villageChain(long villageId, List<Leg> passbookLegs, Map<UUID, Long> villageSeqs,
                                       Checkpoint.Head since, long checked, long accounts) {
        Optional<LedgerSql.VillageHead> headRow = sql.villageHead(villageId);
        if (headRow.isEmpty()) {
            if (!passbookLegs.isEmpty()) {
                return brokenVillage(checked, accounts, villageId, null, "村账本缺少链头（链头行被删除，或升级后的封存没有完成）");
            }
            if (since != null && since.entryCount() > 0) {
                return brokenVillage(checked, accounts, villageId, null, "检查点时村账本有 " + since.entryCount()
                        + " 条记录，现在一条也没有（整个村账本被删除）");
            }
            return new VillageResult(VerifyReport.ok(checked, accounts), null);
        }
        LedgerSql.VillageHead head = headRow.get();
        List<Leg> inOrder = new ArrayList<>(passbookLegs.size());
        for (Leg l : passbookLegs) {
            if (!villageSeqs.containsKey(l.id())) {
                return broken(checked, accounts, l, "记录不在村账本链中（封存前的旧记录，或被插入的记录）");
            }
            inOrder.add(l);
        }
        inOrder.sort(Comparator.comparingLong(l -> villageSeqs.get(l.id())));
        String hash = seals.villageGenesis(villageId);
        String atCheckpoint = since != null && since.entryCount() == 0 ? hash : null;
        long n = 0;
        for (Leg l : inOrder) {
            long seq = villageSeqs.get(l.id());
            if (seq != n + 1) {
                return broken(checked, accounts, l, "村账本第 " + (n + 1) + (seq > n + 2 ? "–" + (seq - 1) : "")
                        + " 条记录缺失（记录被删除），缺口在这条记录之前");
            }
            n = seq;
            hash = seals.villageNext(hash, n, l.id(), l.hash());
            if (since != null && n == since.entryCount()) {
                atCheckpoint = hash;
            }
        }
        if (head.entryCount() != n) {
            return brokenVillage(checked, accounts, villageId, null, "村账本链头记有 " + head.entryCount()
                    + " 条记录，实际只有 " + n + " 条" + (head.entryCount() > n ? "（最新的记录被删除）" : ""));
        }
        if (!hash.equals(head.headHash())) {
            return brokenVillage(checked, accounts, villageId, null,
                    "村账本链头与按记录重算的结果不符（记录被删除、调换，或链头被换成了别的值）");
        }
        if (!seals.village(villageId, head.entryCount(), head.headHash()).equals(head.seal())) {
            return brokenVillage(checked, accounts, villageId, null, "村账本链头的封印不符：链头行被绕过系统改动");
        }
        if (since != null) {
            if (n < since.entryCount()) {
                return brokenVillage(checked, accounts, villageId, null, "检查点时村账本有 " + since.entryCount()
                        + " 条记录，现在只有 " + n + " 条（检查点之前的记录被删除，或整个村账本被换回旧的副本）");
            }
            if (!since.headHash().equals(atCheckpoint)) {
                return brokenVillage(checked, accounts, villageId, null, "村账本前 " + since.entryCount()
                        + " 条记录与检查点不符（检查点之前的记录被改写、删除或调换）");
            }
        }
        return new VillageResult(VerifyReport.ok(checked, accounts), new Checkpoint.Head(n, hash));
    }
}
