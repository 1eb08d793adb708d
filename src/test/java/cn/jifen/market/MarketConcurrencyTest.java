package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.SystemAccount;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

/**
 * Invariant 4 at the counter: many threads redeem at once against one passbook and one low-stock
 * product; the points are never overdrawn and the goods never oversold, and every refusal is a clear
 * conflict (too few points, too little stock), never a stray exception or a deadlock.
 */
@IntegrationTest
class MarketConcurrencyTest extends Db {
    private static final Duration LIMIT = Duration.ofSeconds(180);

    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Redemptions redemptions;
    @Autowired Reservations reservations;
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired MessageSource messages;

    private MarketFixture fixture(int households) {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, this.households, users, supermarkets, goods, funds,
                windows, ledger), households);
    }

    interface Attempt {
        Redemption run(int thread, int attempt);
    }

    record Outcome(Redemption value, Throwable error) {
        boolean ok() { return error == null; }

        boolean conflict(String key) { return error instanceof Conflict c && c.messageKey().equals(key); }
    }

    static List<Outcome> race(int threads, int attempts, Attempt attempt) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch gate = new CountDownLatch(1);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    gate.await();
                    for (int i = 0; i < attempts; i++) {
                        try {
                            outcomes.add(new Outcome(attempt.run(thread, i), null));
                        } catch (RuntimeException e) {
                            outcomes.add(new Outcome(null, e));
                        }
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + LIMIT.toNanos();
            gate.countDown();
            for (Future<?> f : futures) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    fail("the race did not finish within %s (deadlock?)", LIMIT);
                } catch (java.util.concurrent.ExecutionException e) {
                    fail("a racing thread failed: %s", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(outcomes);
    }

    private static List<Throwable> unexpected(List<Outcome> outcomes, String... allowed) {
        return outcomes.stream().filter(o -> !o.ok())
                .filter(o -> java.util.Arrays.stream(allowed).noneMatch(o::conflict)).map(Outcome::error).toList();
    }

    @Test
    void manyThreadsOnOnePassbookNeverOverdrawIt() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("香皂", 7, 1000, null);

        List<Outcome> outcomes = race(16, 5, (t, i) ->
                redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key()));

        assertThat(unexpected(outcomes, "error.ledger.insufficient")).isEmpty();
        assertThat(outcomes.stream().filter(Outcome::ok)).hasSize(14);
        assertThat(f.balance(0)).isEqualTo(2);
        assertThat(f.stock(p.id())).isEqualTo(1000 - 14);
        assertThat(goods.reconcile(f.v())).isEmpty();
        assertThat(verifier.verify(f.v()).intact()).isTrue();
    }

    @Test
    void manyHouseholdsBuyingALowStockProductNeverOversellIt() {
        MarketFixture f = fixture(12);
        for (int i = 0; i < 12; i++) {
            f.earn(i, 50);
        }
        Product p = f.product("花生油", 10, 5, null);

        List<Outcome> outcomes = race(12, 2, (t, i) ->
                redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(t), items(p.id(), 1), key()));

        assertThat(unexpected(outcomes, "error.market.outOfStock")).isEmpty();
        List<Redemption> sold = outcomes.stream().filter(Outcome::ok).map(Outcome::value).toList();
        assertThat(sold).hasSize(5);
        assertThat(f.stock(p.id())).isZero();
        long pointsOut = 0;
        for (int i = 0; i < 12; i++) {
            pointsOut += 50 - f.balance(i);
        }
        assertThat(pointsOut).as("points debited only for goods handed out").isEqualTo(50);
        assertThat(ledger.systemBalance(f.v(), SystemAccount.REDEEMED)).isEqualTo(50);
        assertThat(goods.reconcile(f.v())).isEmpty();
        assertThat(verifier.verify(f.v()).intact()).isTrue();
    }

    @Test
    void onePassbookAndOneLowStockProductUnderSixteenThreadsNeitherOverdrawsNorOversells() {
        MarketFixture f = fixture(1);
        f.earn(0, 60);
        Product p = f.product("大米", 4, 9, null);

        List<Outcome> outcomes = race(16, 3, (t, i) ->
                redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1 + (t + i) % 2), key()));

        assertThat(unexpected(outcomes, "error.ledger.insufficient", "error.market.outOfStock")).isEmpty();
        int units = outcomes.stream().filter(Outcome::ok).mapToInt(o -> o.value().lines().get(0).quantity()).sum();
        assertThat(f.stock(p.id())).isEqualTo(9 - units).isGreaterThanOrEqualTo(0);
        assertThat(f.balance(0)).isEqualTo(60 - 4L * units).isGreaterThanOrEqualTo(0);
        assertThat(units).isGreaterThanOrEqualTo(8);
        assertThat(goods.reconcile(f.v())).isEmpty();
    }

    @Test
    void twoKeepersSellingTheLastUnitOneWinsAndTheOtherIsToldInChinese() {
        MarketFixture f = fixture(2);
        f.earn(0, 100);
        f.earn(1, 100);
        Actor second = f.keeper(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds, windows,
                ledger), "b");
        Product p = f.product("电饭锅", 80, 1, null);
        Actor[] keepers = {f.keeper, second};

        List<Outcome> outcomes = race(2, 1, (t, i) ->
                redemptions.redeem(keepers[t], f.v(), f.supermarketId, f.number(t), items(p.id(), 1), key()));

        assertThat(outcomes.stream().filter(Outcome::ok)).hasSize(1);
        Outcome lost = outcomes.stream().filter(o -> !o.ok()).findFirst().orElseThrow();
        assertThat(lost.conflict("error.market.outOfStock")).as("%s", lost.error()).isTrue();
        Conflict c = (Conflict) lost.error();
        assertThat(messages.getMessage(c.messageKey(), c.args(), Locale.SIMPLIFIED_CHINESE))
                .isEqualTo("库存不足：「电饭锅」只剩 0 件，可能刚被别的柜台兑换走了。请调整数量后重新确认。");
        assertThat(f.stock(p.id())).isZero();
        assertThat(f.balance(0) + f.balance(1)).isEqualTo(120);
    }

    @Test
    void aDoubleTapFromManyThreadsWithOneKeyDebitsOnce() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("毛巾", 15, 10, null);
        String k = key();

        List<Outcome> outcomes = race(8, 2, (t, i) ->
                redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 2), k));

        // a twin that arrives while the first is still being written waits for it on the household's lock and is
        // answered with the first result (the redemption claims its key at commit: RequestKeys.onceAtCommit)
        assertThat(outcomes).allMatch(Outcome::ok);
        List<Outcome> answered = outcomes.stream().filter(Outcome::ok).toList();
        assertThat(answered.stream().map(o -> o.value().id()).distinct()).hasSize(1);
        assertThat(answered.stream().filter(o -> !o.value().replayed())).hasSize(1);
        assertThat(f.balance(0)).isEqualTo(70);
        assertThat(f.stock(p.id())).isEqualTo(8);
    }

    @Test
    void reservationsAndCounterSalesOfOneHouseholdNeverSpendOrHoldMoreThanItHas() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("香皂", 10, 1000, null);
        Actor villager = cn.jifen.support.Actors.villager(f.village, f.h(0).id());

        List<Outcome> outcomes = race(12, 3, (t, i) -> {
            if (t % 2 == 0) {
                return redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key());
            }
            reservations.reserve(villager, f.v(), f.supermarketId, items(p.id(), 1), key());
            return null;
        });

        assertThat(unexpected(outcomes, "error.ledger.insufficient", "error.market.heldShort", "error.market.holdShort"))
                .isEmpty();
        long sold = outcomes.stream().filter(o -> o.ok() && o.value() != null).count();
        long held = reservations.heldPoints(f.v(), f.h(0).id());
        assertThat(f.balance(0)).isEqualTo(100 - 10 * sold);
        assertThat(f.balance(0) - held).as("never more held than the balance").isGreaterThanOrEqualTo(0);
        assertThat(sold * 10 + held).isEqualTo(100);
        assertThat(f.stock(p.id())).isEqualTo(1000 - sold - held / 10);
        assertThat(goods.reconcile(f.v())).isEmpty();
    }
}
