package cn.jifen.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerConcurrencyHarness.Outcome;
import cn.jifen.ledger.LedgerConcurrencyHarness;
import cn.jifen.ledger.LedgerFixture;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.StatementLine;
import cn.jifen.ledger.SystemAccount;
import cn.jifen.ledger.VerifyReport;
import cn.jifen.ledger.internal.LedgerModelState.Book;
import cn.jifen.ledger.internal.LedgerModelState.Expect;
import cn.jifen.ledger.internal.LedgerModelState.ModelPosting;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Model-checked ledger: threads run seeded random operations — awards, deductions, vetoes,
 * redemptions (some beyond the balance), cancellations, corrections, expiries, batch awards,
 * retries of earlier requests under their own key and reuses of a key with other content —
 * against one fresh village, while a plain in-memory model applies the same operations and
 * predicts every result and every refusal. Households are split among the threads, so each
 * household's operations come from one thread in that thread's order, while the threads race
 * each other on the same village. At the end every household's balance, score, veto, statement
 * and the village's system accounts must equal the model's, and verify must find the chain intact.
 *
 * <p>The seed is printed ({@code LedgerModelTest seed=N}) and named in every assertion; re-run a
 * failing one with {@code -Djifen.model.seed=N}. {@code -Djifen.model.ops=N} sets the operations
 * per thread; {@code -Djifen.model.batch=veto,reversal,twin} puts those in batches too.
 */
@IntegrationTest
class LedgerModelTest extends Db {
    private static final int THREADS = 4;
    private static final int HOUSEHOLDS = 20;
    private static final int OPS_PER_THREAD = Integer.getInteger("jifen.model.ops", 1000);
    /**
     * What else batches may carry: {@code -Djifen.model.batch=veto,reversal,twin} (vetoes,
     * cancellations/corrections of recent postings, a second request under a key of the same
     * batch). All on by default (see LedgerRegressionTest for each one alone).
     */
    private static final Set<String> BATCH = Set.of(System.getProperty("jifen.model.batch", "veto,reversal,twin").split(","));
    private static final boolean BATCH_ALL = BATCH.contains("veto") || BATCH.contains("reversal") || BATCH.contains("twin");

    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;
    @Autowired Clock clock;

    @Test
    void thousandsOfRandomAwardsDeductionsVetoesRedemptionsReversalsAndRetriesFromConcurrentThreadsMatchAPlainModel() {
        long seed = Long.getLong("jifen.model.seed", ThreadLocalRandom.current().nextLong());
        String s = "seed=" + seed + " (re-run with -Djifen.model.seed=" + seed + ")";
        System.out.println("LedgerModelTest seed=" + seed + (BATCH_ALL ? " batch=" + BATCH : ""));
        long started = System.nanoTime();

        LedgerFixture f = new LedgerFixture(orgUnits, households, HOUSEHOLDS);
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<Household> mine = new ArrayList<>();
            for (int i = t; i < HOUSEHOLDS; i += THREADS) {
                mine.add(f.h(i));
            }
            workers.add(new Worker(t, seed, f, mine));
        }
        long setUp = System.nanoTime();
        List<Outcome<Integer>> outcomes = LedgerConcurrencyHarness.race(THREADS, 1, Duration.ofMinutes(5),
                (t, i) -> workers.get(t).run());
        for (Outcome<Integer> o : outcomes) {
            if (!o.ok()) {
                throw new AssertionError(s + " thread " + o.thread() + " failed: " + o.error().getMessage(), o.error());
            }
        }
        long ran = System.nanoTime();

        LocalDate today = LocalDate.now(clock);
        Period year = Period.year(today.getYear());
        long entries = 0;
        long accounts = 0;
        long balances = 0;
        long[] system = new long[SystemAccount.values().length];
        Map<Long, Long> scores = new TreeMap<>();
        for (Worker w : workers) {
            LedgerModelState m = w.state;
            for (int a = 0; a < system.length; a++) {
                system[a] += m.system[a];
            }
            for (Book b : m.books.values()) {
                String h = s + " household " + b.id + " (thread " + w.t + ")";
                assertThat(ledger.balance(f.v(), b.id)).as(h + " balance").isEqualTo(b.balance);
                assertThat(ledger.score(f.v(), b.id, year)).as(h + " score").isEqualTo(b.score);
                assertThat(ledger.isVetoed(f.v(), b.id, today.getYear())).as(h + " vetoed").isEqualTo(!b.vetoes.isEmpty());
                assertThat(ledger.statementSize(f.v(), b.id)).as(h + " statement size").isEqualTo(b.entries);
                for (long r : b.residents) {
                    assertThat(ledger.residentScore(f.v(), r, year)).as(h + " score of resident " + r)
                            .isEqualTo(b.residentScores.getOrDefault(r, 0L));
                }
                assertStatement(h, f, m, b);
                entries += b.entries;
                balances += b.balance;
                if (b.entries > 0) {
                    accounts++;
                    scores.put(b.id, b.score);
                }
            }
        }
        for (SystemAccount a : SystemAccount.values()) {
            assertThat(ledger.systemBalance(f.v(), a)).as(s + " system account " + a).isEqualTo(system[a.ordinal()]);
        }
        assertThat(balances + system[0] + system[1] + system[2]).as(s + " model: balances and system accounts sum to zero")
                .isZero();
        Long legs = jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE village_id = :v").param("v", f.v())
                .query(Long.class).single();
        assertThat(legs).as(s + " sum of every leg of the village").isZero();
        Map<Long, Long> ranked = new LinkedHashMap<>();
        scores.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ranked.put(e.getKey(), e.getValue()));
        assertThat(ledger.villageScores(f.v(), year)).as(s + " village ranking").containsExactlyEntriesOf(ranked);
        VerifyReport report = verifier.verify(f.v());
        assertThat(report.intact()).as(s + " verify: " + report).isTrue();
        assertThat(report.entriesChecked()).as(s + " entries verified").isEqualTo(entries);
        assertThat(report.accountsChecked()).as(s + " accounts verified").isEqualTo(accounts);

        Map<String, Integer> tally = new TreeMap<>();
        workers.forEach(w -> w.tally.forEach((k, v) -> tally.merge(k, v, Integer::sum)));
        System.out.printf("LedgerModelTest seed=%d: %d threads x %d operations, %d entries, set-up %d ms, run %d ms, "
                        + "checks %d ms; %s%n", seed, THREADS, OPS_PER_THREAD, entries, (setUp - started) / 1_000_000,
                (ran - setUp) / 1_000_000, (System.nanoTime() - ran) / 1_000_000, tally);
        assertThat(entries).as(s + " entries posted").isGreaterThan(THREADS * OPS_PER_THREAD / 3);
    }

    /** The whole passbook statement, oldest first, line by line against the model's postings. */
    private void assertStatement(String h, LedgerFixture f, LedgerModelState m, Book b) {
        List<StatementLine> lines = new ArrayList<>(ledger.statement(f.v(), b.id, 0, (int) Math.max(1, b.entries)));
        Collections.reverse(lines);
        assertThat(lines).as(h + " statement lines").hasSize(b.history.size());
        for (int i = 0; i < lines.size(); i++) {
            StatementLine l = lines.get(i);
            ModelPosting p = m.postings.get(b.history.get(i));
            String at = h + " statement line " + (i + 1);
            assertThat(l.postingId()).as(at + " posting").isEqualTo(p.postingId());
            assertThat(l.seq()).as(at + " seq").isEqualTo(p.seq());
            assertThat(l.kind()).as(at + " kind").isEqualTo(p.kind());
            assertThat(l.amount()).as(at + " amount").isEqualTo(p.amount());
            assertThat(l.scoreDelta()).as(at + " score").isEqualTo(p.scoreDelta());
            assertThat(l.balanceAfter()).as(at + " balance after").isEqualTo(p.balanceAfter());
            assertThat(l.residentId()).as(at + " resident").isEqualTo(p.residentId());
            assertThat(l.reversesPostingId()).as(at + " reverses").isEqualTo(p.reverses());
            assertThat(l.reversed()).as(at + " reversed").isEqualTo(m.reversed.contains(p.postingId()));
        }
    }

    /** One thread: its own households, its own random stream, its own model. */
    private final class Worker {
        final int t;
        final long seed;
        final Random random;
        final LedgerFixture f;
        final List<Household> mine;
        LedgerModelState state = new LedgerModelState();
        final List<PostingRequest> sentSingles = new ArrayList<>();
        final List<List<PostingRequest>> sentBatches = new ArrayList<>();
        final List<String> postedKeys = new ArrayList<>();
        final Map<String, Integer> tally = new TreeMap<>();
        int op;

        Worker(int t, long seed, LedgerFixture f, List<Household> mine) {
            this.t = t;
            this.seed = seed;
            this.random = new Random(seed * 1_000_003L + t);
            this.f = f;
            this.mine = mine;
            for (Household h : mine) {
                state.books.put(h.id(), new Book(h.id(), h.members().stream().map(Resident::id).toList()));
            }
        }

        int run() {
            for (op = 0; op < OPS_PER_THREAD; op++) {
                step();
            }
            return OPS_PER_THREAD;
        }

        private void step() {
            int roll = random.nextInt(100);
            Household h = mine.get(random.nextInt(mine.size()));
            Book b = state.books.get(h.id());
            if (roll < 24) {
                single(request(PostingKind.EARN, h, 1 + random.nextInt(50)));
            } else if (roll < 34) {
                single(request(PostingKind.DEDUCT, h, 1 + random.nextInt(60)));
            } else if (roll < 48) {
                long p = b.balance > 0 && random.nextInt(3) > 0 ? 1 + random.nextInt((int) b.balance)
                        : b.balance + 1 + random.nextInt(30);
                single(request(PostingKind.REDEEM, h, p));
            } else if (roll < 51) {
                single(request(PostingKind.EXPIRE, h, 1 + random.nextInt(40)));
            } else if (roll < 54) {
                single(request(PostingKind.VETO, h, 0).withReason("一票否决-" + op));
            } else if (roll < 61) {
                reversal(PostingKind.CANCEL);
            } else if (roll < 69) {
                reversal(PostingKind.CORRECT);
            } else if (roll < 81) {
                if (sentSingles.isEmpty()) {
                    single(request(PostingKind.EARN, h, 1));
                } else {
                    tally("retry");
                    single(sentSingles.get(random.nextInt(sentSingles.size())));
                }
            } else if (roll < 83) {
                reuseKey();
            } else if (roll < 95) {
                batch();
            } else {
                if (sentBatches.isEmpty()) {
                    batch();
                } else {
                    tally("retry batch");
                    send(sentBatches.get(random.nextInt(sentBatches.size())), true);
                }
            }
        }

        private PostingRequest request(PostingKind kind, Household h, long points) {
            Long resident = random.nextInt(4) == 0 ? h.members().get(random.nextInt(h.members().size())).id() : null;
            String reason = random.nextInt(5) == 0 ? "原因-" + op : null;
            return new PostingRequest(f.v(), h.id(), kind, points, resident, "model", "t" + t + "-" + op,
                    "项目-" + kind + "-" + op, reason, null, key());
        }

        private String key() {
            return "model-" + seed + "-" + t + "-" + op + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        private void single(PostingRequest r) {
            sentSingles.add(r);
            send(List.of(r), false);
        }

        /** A cancellation or correction of an earlier posting, now and then of one that cannot be reversed. */
        private void reversal(PostingKind kind) {
            List<ModelPosting> candidates = state.postings.values().stream()
                    .filter(p -> kind != PostingKind.CANCEL || random.nextInt(8) == 0 || p.kind() == PostingKind.REDEEM)
                    .toList();
            int odd = random.nextInt(25);
            if (candidates.isEmpty() || odd == 0) {
                Household h = mine.get(random.nextInt(mine.size()));
                single(PostingRequest.reversal(f.v(), h.id(), kind, UUID.randomUUID(), "撤销-" + op, key()));
                return;
            }
            ModelPosting o = candidates.get(random.nextInt(candidates.size()));
            long household = o.householdId();
            if (odd == 1) {
                household = mine.get(random.nextInt(mine.size())).id(); // perhaps the wrong household
            }
            single(PostingRequest.reversal(f.v(), household, kind, o.postingId(),
                    (kind == PostingKind.CANCEL ? "退货-" : "更正-") + op, key()));
        }

        /** An earlier key sent again with other content: refused, nothing posted. */
        private void reuseKey() {
            if (postedKeys.isEmpty()) {
                batch();
                return;
            }
            tally("reuse key");
            PostingRequest r = state.keys.get(postedKeys.get(random.nextInt(postedKeys.size()))).request();
            PostingRequest changed = random.nextBoolean()
                    ? new PostingRequest(r.villageId(), r.householdId(), r.kind(), r.points() + 1, r.residentId(),
                    r.sourceType(), r.sourceRef(), r.itemLabel(), r.reason(), r.reversesPostingId(), r.idempotencyKey())
                    : new PostingRequest(r.villageId(), mine.get(random.nextInt(mine.size())).id(), r.kind(), r.points(),
                    r.residentId(), r.sourceType(), r.sourceRef(), r.itemLabel() + "改", r.reason(),
                    r.reversesPostingId(), r.idempotencyKey());
            send(List.of(changed), false);
        }

        /**
         * A batch of 2..6 requests over this thread's households: awards, deductions, expiries,
         * redemptions; with batchAll also vetoes, reversals of recent postings and twin keys.
         */
        private void batch() {
            int n = 2 + random.nextInt(5);
            List<PostingRequest> rs = new ArrayList<>();
            List<ModelPosting> recent = new ArrayList<>(state.postings.values());
            recent = recent.subList(Math.max(0, recent.size() - 4), recent.size());
            for (int i = 0; i < n; i++) {
                Household h = mine.get(random.nextInt(mine.size()));
                int k = random.nextInt(BATCH_ALL ? 14 : 10);
                if (k >= 10 && !BATCH.contains(k == 10 ? "veto" : k == 13 ? "twin" : "reversal")) {
                    k = 0;
                }
                if (k == 13 && !rs.isEmpty()) {
                    PostingRequest twin = rs.get(random.nextInt(rs.size()));
                    rs.add(random.nextBoolean() ? twin : new PostingRequest(twin.villageId(), twin.householdId(),
                            twin.kind(), twin.points() + 1, twin.residentId(), twin.sourceType(), twin.sourceRef(),
                            twin.itemLabel(), twin.reason(), twin.reversesPostingId(), twin.idempotencyKey()));
                } else if (k >= 11 && k <= 12 && !recent.isEmpty()) {
                    ModelPosting o = recent.get(random.nextInt(recent.size()));
                    PostingKind kind = o.kind() == PostingKind.REDEEM && random.nextBoolean() ? PostingKind.CANCEL
                            : PostingKind.CORRECT;
                    rs.add(PostingRequest.reversal(f.v(), o.householdId(), kind, o.postingId(), "批量更正-" + op, key()));
                } else if (k == 10) {
                    rs.add(request(PostingKind.VETO, h, 0).withReason("批量否决-" + op));
                } else {
                    PostingKind kind = k < 6 ? PostingKind.EARN : k < 8 ? PostingKind.DEDUCT
                            : k < 9 ? PostingKind.EXPIRE : PostingKind.REDEEM;
                    long points = kind == PostingKind.REDEEM ? 1 + random.nextInt(80) : 1 + random.nextInt(40);
                    rs.add(request(kind, h, points));
                }
            }
            sentBatches.add(rs);
            send(rs, true);
        }

        private void tally(String what) {
            tally.merge(what, 1, Integer::sum);
        }

        /** Predicts, posts, compares, and on success moves the model on. */
        private void send(List<PostingRequest> rs, boolean batch) {
            String ctx = "seed=" + seed + " thread=" + t + " op=" + op + (batch ? " (batch)" : "");
            String sent = " | requests: " + rs;
            LedgerModelState next = state.copy();
            List<Expect> expected = new ArrayList<>();
            Expect refusal = null;
            for (PostingRequest r : rs) {
                Expect e = next.plan(r);
                if (e.refused()) {
                    refusal = e;
                    break;
                }
                expected.add(e);
            }
            List<Posting> got = null;
            RuntimeException error = null;
            try {
                got = batch ? ledger.postAll(f.admin, rs) : List.of(ledger.post(f.admin, rs.get(0)));
            } catch (Conflict | InvalidInput e) {
                error = e;
            } catch (RuntimeException e) {
                throw new AssertionError(ctx + ": unexpected " + e + sent, e);
            }
            if (refusal != null) {
                if (error == null) {
                    throw new AssertionError(ctx + ": the model expected " + refusal.errorType().getSimpleName() + " "
                            + refusal.errorKey() + " but the ledger posted " + got + sent);
                }
                if (error.getClass() != refusal.errorType() || !refusal.errorKey().equals(error.getMessage())) {
                    throw new AssertionError(ctx + ": the model expected " + refusal.errorType().getSimpleName() + " "
                            + refusal.errorKey() + " but the ledger threw " + error + sent, error);
                }
                tally("refused " + error.getMessage());
                return;
            }
            if (error != null) {
                throw new AssertionError(ctx + ": the model expected " + expected + " but the ledger threw " + error + sent, error);
            }
            if (got.size() != rs.size()) {
                throw new AssertionError(ctx + ": " + rs.size() + " requests but " + got.size() + " results: " + got + sent);
            }
            for (int i = 0; i < rs.size(); i++) {
                Expect e = expected.get(i);
                Posting p = got.get(i);
                ModelPosting want = e.posting();
                UUID wantId = want.postingId();
                if (e.replay() && wantId == null) { // a twin of an earlier request of this batch
                    for (int j = 0; j < i; j++) {
                        if (rs.get(j).idempotencyKey().equals(rs.get(i).idempotencyKey())) {
                            wantId = got.get(j).postingId();
                            break;
                        }
                    }
                }
                boolean same = p.replayed() == e.replay() && p.householdId() == want.householdId() && p.kind() == want.kind()
                        && p.amount() == want.amount() && p.scoreDelta() == want.scoreDelta()
                        && p.balanceAfter() == want.balanceAfter() && p.seq() == want.seq() && p.villageId() == f.v()
                        && (!e.replay() || p.postingId().equals(wantId));
                if (!same) {
                    throw new AssertionError(ctx + ": request " + i + " the model expected " + (e.replay() ? "replay of " : "")
                            + want + " but the ledger gave " + p + sent);
                }
                if (!e.replay()) {
                    next.record(rs.get(i), want.withId(p.postingId()));
                    postedKeys.add(rs.get(i).idempotencyKey());
                    tally(rs.get(i).kind().name());
                } else {
                    tally("replayed");
                }
            }
            state = next;
        }
    }
}
