package cn.jifen.ledger;

import static cn.jifen.ledger.LedgerConcurrencyHarness.race;
import static cn.jifen.ledger.LedgerConcurrencyHarness.unexpected;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.LedgerConcurrencyHarness.Outcome;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Invariants 4 and 5 under real concurrency: many threads race on one passbook (or on
 * overlapping sets of passbooks) and the ledger must serialize them on the account row lock —
 * no overdraft, no double posting of one key, no double reversal, no deadlock.
 */
@IntegrationTest
public class LedgerConcurrencyTest extends Db {
    private static final Duration LIMIT = Duration.ofSeconds(180);

    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;

    private LedgerFixture village(int households) {
        return new LedgerFixture(orgUnits, this.households, households);
    }

    private Posting earn(LedgerFixture f, Household h, long points) {
        return ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), points, "预存", LedgerFixture.key()));
    }

    private void assertVerifies(LedgerFixture f, long entries) {
        VerifyReport report = verifier.verify(f.v());
        assertThat(report.intact()).as("verify: %s", report).isTrue();
        assertThat(report.entriesChecked()).as("entries checked").isEqualTo(entries);
    }

    @Test
    void sixtyFourThreadsRedeemingSevenPointsFromOneThousandSucceedExactly142TimesAndLeaveSix() {
        LedgerFixture f = village(1);
        Household h = f.h(0);
        earn(f, h, 1000);

        List<Outcome<Posting>> outcomes = race(64, 50, LIMIT, (t, i) -> ledger.post(f.admin,
                PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 7, "兑换-" + t + "-" + i, "redeem-" + UUID.randomUUID())));

        assertThat(outcomes).hasSize(64 * 50);
        assertThat(unexpected(outcomes, "error.ledger.insufficient")).as("exceptions other than insufficient").isEmpty();
        List<Posting> made = outcomes.stream().filter(Outcome::ok).map(Outcome::value).toList();
        assertThat(made).hasSize(142);
        assertThat(outcomes.stream().filter(o -> o.conflict("error.ledger.insufficient"))).hasSize(64 * 50 - 142);
        assertThat(made).noneMatch(Posting::replayed);
        // serialized on the row lock: each success saw the balance the previous one left
        assertThat(made.stream().map(Posting::balanceAfter).sorted().toList())
                .isEqualTo(LongStream.rangeClosed(0, 141).map(k -> 6 + 7 * k).boxed().toList());
        assertThat(made.stream().map(Posting::seq).sorted().toList())
                .isEqualTo(LongStream.rangeClosed(2, 143).boxed().toList());
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(6);
        assertThat(ledger.statementSize(f.v(), h.id())).isEqualTo(143);
        assertThat(ledger.systemBalance(f.v(), SystemAccount.REDEEMED)).isEqualTo(994);
        assertVerifies(f, 143);
    }

    @Test
    void thirtyTwoThreadsRetryingOneKeyMakeOnePosting() {
        LedgerFixture f = village(2);
        Household h = f.h(0);
        earn(f, f.h(1), 1); // the village's system accounts exist; h's passbook does not yet
        PostingRequest award = PostingRequest.earn(f.v(), h.id(), 25, "义务劳动", "retry-" + UUID.randomUUID());

        List<Outcome<Posting>> outcomes = race(32, 1, LIMIT, (t, i) -> ledger.post(f.admin, award));

        assertThat(unexpected(outcomes)).as("exceptions").isEmpty();
        assertThat(outcomes).hasSize(32);
        assertThat(outcomes.stream().map(o -> o.value().postingId()).distinct()).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.value().replayed())).as("first results").hasSize(1);
        assertThat(outcomes).allMatch(o -> o.value().balanceAfter() == 25 && o.value().seq() == 1);
        assertThat(ledger.statementSize(f.v(), h.id())).isEqualTo(1);
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(25);
        assertVerifies(f, 2);
    }

    @Test
    void sixteenThreadsRetryingOneRedemptionThatWouldOverdrawIfDoneTwiceMakeOnePosting() {
        LedgerFixture f = village(1);
        Household h = f.h(0);
        earn(f, h, 100);
        PostingRequest redeem = PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 60, "大米一袋", "redeem-" + UUID.randomUUID());

        List<Outcome<Posting>> outcomes = race(16, 1, LIMIT, (t, i) -> ledger.post(f.admin, redeem));

        // a replay returns the first result; it must not be refused for the balance the first one spent
        assertThat(unexpected(outcomes)).as("exceptions").isEmpty();
        assertThat(outcomes.stream().map(o -> o.value().postingId()).distinct()).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.value().replayed())).hasSize(1);
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(40);
        assertThat(ledger.statementSize(f.v(), h.id())).isEqualTo(2);
        assertThat(ledger.systemBalance(f.v(), SystemAccount.REDEEMED)).isEqualTo(60);
        assertVerifies(f, 2);
    }

    @Test
    void concurrentCorrectionsOfOnePostingLetExactlyOneThrough() {
        LedgerFixture f = village(1);
        Household h = f.h(0);
        earn(f, h, 30);
        Posting wrong = earn(f, h, 50);

        List<Outcome<Posting>> outcomes = race(16, 1, LIMIT, (t, i) -> ledger.post(f.admin, PostingRequest.reversal(
                f.v(), h.id(), PostingKind.CORRECT, wrong.postingId(), "重复录入-" + t, "fix-" + UUID.randomUUID())));

        assertThat(unexpected(outcomes, "error.ledger.alreadyReversed")).as("other exceptions").isEmpty();
        assertThat(outcomes.stream().filter(Outcome::ok)).hasSize(1);
        assertThat(outcomes.stream().filter(o -> o.conflict("error.ledger.alreadyReversed"))).hasSize(15);
        Posting fix = outcomes.stream().filter(Outcome::ok).findFirst().orElseThrow().value();
        assertThat(fix.amount()).isEqualTo(-50);
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(30);
        assertThat(ledger.statementSize(f.v(), h.id())).isEqualTo(3);
        assertVerifies(f, 3);
    }

    @Test
    void concurrentBatchAwardsOverOverlappingHouseholdsInDifferentOrdersNeitherDeadlockNorLoseAPoint() {
        LedgerFixture f = village(12);
        // every passbook exists, so this races the sorted row locks only
        ledger.postAll(f.admin, f.households.stream()
                .map(x -> PostingRequest.earn(f.v(), x.id(), 1, "开户", LedgerFixture.key())).toList());
        int threads = 16;
        int batchesPerThread = 8;
        List<List<List<PostingRequest>>> plan = batchPlan(f, threads, batchesPerThread, 20240601L);
        Map<Long, Long> expected = new HashMap<>();
        Map<Long, Long> count = new HashMap<>();
        f.households.forEach(x -> {
            expected.put(x.id(), 1L);
            count.put(x.id(), 1L);
        });
        plan.forEach(thread -> thread.forEach(batch -> batch.forEach(r -> {
            expected.merge(r.householdId(), r.points(), Long::sum);
            count.merge(r.householdId(), 1L, Long::sum);
        })));

        List<Outcome<List<Posting>>> outcomes = race(threads, batchesPerThread, LIMIT,
                (t, i) -> ledger.postAll(f.admin, plan.get(t).get(i)));

        assertThat(unexpected(outcomes)).as("exceptions (a deadlock shows here)").isEmpty();
        assertThat(outcomes).hasSize(threads * batchesPerThread);
        assertThat(outcomes).allMatch(o -> o.value().size() == plan.get(o.thread()).get(o.attempt()).size()
                && o.value().stream().noneMatch(Posting::replayed));
        for (Household x : f.households) {
            assertThat(ledger.balance(f.v(), x.id())).as("balance of %s", x.id()).isEqualTo(expected.get(x.id()));
            assertThat(ledger.statementSize(f.v(), x.id())).as("entries of %s", x.id()).isEqualTo(count.get(x.id()));
        }
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        assertThat(ledger.systemBalance(f.v(), SystemAccount.ISSUED)).isEqualTo(-total);
        assertVerifies(f, count.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void concurrentFirstPostingsOfABrandNewVillageCreateItsAccountsOnceAndAllSucceed() {
        LedgerFixture f = village(8);
        // nothing posted yet: the threads race to create the system accounts and each passbook
        List<Outcome<Posting>> outcomes = race(16, 1, LIMIT, (t, i) -> ledger.post(f.admin,
                PostingRequest.earn(f.v(), f.h(t % 8).id(), 10 + t, "首笔", "first-" + UUID.randomUUID())));

        assertThat(unexpected(outcomes)).as("exceptions").isEmpty();
        for (int k = 0; k < 8; k++) {
            Household x = f.h(k);
            assertThat(ledger.balance(f.v(), x.id())).isEqualTo((10 + k) + (10 + k + 8));
            assertThat(ledger.statementSize(f.v(), x.id())).isEqualTo(2);
        }
        assertVerifies(f, 16);
    }

    /** For each thread, batches of 6..12 distinct households of the village in a shuffled order. */
    public static List<List<List<PostingRequest>>> batchPlan(LedgerFixture f, int threads, int batches, long seed) {
        Random random = new Random(seed);
        List<List<List<PostingRequest>>> plan = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<List<PostingRequest>> mine = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                List<Household> some = new ArrayList<>(f.households);
                Collections.shuffle(some, random);
                some = some.subList(0, 6 + random.nextInt(f.households.size() - 5));
                Set<Long> seen = new HashSet<>();
                List<PostingRequest> batch = new ArrayList<>();
                for (Household x : some) {
                    if (seen.add(x.id())) {
                        batch.add(PostingRequest.earn(f.v(), x.id(), 1 + random.nextInt(20), "批量-" + t + "-" + b,
                                "batch-" + UUID.randomUUID()));
                    }
                }
                mine.add(batch);
            }
            plan.add(mine);
        }
        return plan;
    }
}
