package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestKeys;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every keyed write of the supermarket (redemption, reservation, purchase, donation, fund contribution)
 * under the one request-key rule: the same key and payload replays the first result, the same key with
 * another payload is refused (409) and writes nothing, a key whose first request is still being written is
 * refused with a retry hint (a redemption's twin instead waits for the first on the household's lock and is answered
 * with its result: it claims its key at commit, see RequestKeys.onceAtCommit), and concurrent twins write once.
 */
@IntegrationTest
class MarketRequestKeysTest extends Db {
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
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    private MarketFixture fixture() {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, this.households, users, supermarkets, goods, funds,
                windows, ledger), 2);
    }

    private long count(String table, long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    /** The first request with this key is still being written (its claim is open, not yet done). */
    private void stillInFlight(long villageId, String key) {
        int n = jdbc.sql("UPDATE request_key SET state = 'IN_FLIGHT', result_ref = NULL, claimed_at = CURRENT_TIMESTAMP"
                + " WHERE village_id = :v AND request_key = :k").param("v", villageId).param("k", key).update();
        assertThat(n).isEqualTo(1);
    }

    private static void refusedAsReused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(Conflict.class).hasMessage("error.requestKey.reused");
    }

    private static void refusedAsInFlight(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(RequestKeys.InFlight.class).hasMessage("error.requestKey.inFlight");
    }

    // ---------------------------------------------------------------- redemptions

    @Test
    void aRedemptionReplayedWithItsKeyReturnsTheFirstAndDebitsOnce() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product soap = f.product("香皂", 8, 10, null);
        String k = key();
        Redemption first = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 2), k);
        Redemption again = redemptions.redeem(f.keeper, f.v(), f.supermarketId, " " + f.number(0) + " ",
                items(soap.id(), 1, soap.id(), 1), k);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.replayed()).isTrue();
        assertThat(f.balance(0)).isEqualTo(84);
        assertThat(f.stock(soap.id())).isEqualTo(8);
    }

    @Test
    void aRedemptionKeyReusedForAnotherBasketIsRefusedAndNothingIsDebited() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        f.earn(1, 100);
        Product soap = f.product("香皂", 8, 10, null);
        String k = key();
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 2), k);
        refusedAsReused(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 3), k));
        refusedAsReused(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(soap.id(), 2), k));
        assertThat(f.balance(0)).isEqualTo(84);
        assertThat(f.balance(1)).isEqualTo(100);
        assertThat(f.stock(soap.id())).isEqualTo(8);
        assertThat(count("redemption", f.v())).isEqualTo(1);
    }

    @Test
    void aRedemptionSentAgainWhileTheFirstIsStillBeingWrittenWaitsForItAndReturnsItsResult() throws Exception {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product soap = f.product("香皂", 8, 10, null);
        String k = key();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch twinSent = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // the first is written inside a transaction that stays open until the twin has been sent
            Future<Redemption> first = pool.submit(() -> tx.execute(st -> {
                Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 2), k);
                written.countDown();
                await(twinSent);
                sleep(300);
                return r;
            }));
            assertThat(written.await(60, TimeUnit.SECONDS)).isTrue();
            Future<Redemption> twin = pool.submit(() -> {
                twinSent.countDown();
                return redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 2), k);
            });
            Redemption a = first.get(60, TimeUnit.SECONDS);
            Redemption b = twin.get(60, TimeUnit.SECONDS);
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(a.replayed()).isFalse();
            assertThat(b.replayed()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.balance(0)).isEqualTo(84);
        assertThat(f.stock(soap.id())).isEqualTo(8);
        assertThat(count("redemption", f.v())).isEqualTo(1);
    }

    @Test
    void aRedemptionKeyClaimedByAnotherOperationIsRefusedAsReusedAndNothingIsDebited() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product soap = f.product("香皂", 8, 10, null);
        String k = key();
        goods.purchase(f.keeper, f.v(), soap.id(), 5, new BigDecimal("5.00"), "供销社", f.fund.id(), null, k);
        refusedAsReused(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 2), k));
        assertThat(f.balance(0)).isEqualTo(100);
        assertThat(f.stock(soap.id())).isEqualTo(15);
        assertThat(count("redemption", f.v())).isZero();
    }

    @Test
    void aRedemptionRepeatedAfterTheStockRanOutStillReturnsTheFirstResult() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product soap = f.product("香皂", 8, 10, null);
        String k = key();
        Redemption first = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 10), k);
        // the stock is gone now: a new basket would be refused, the repeat is answered with the first result
        Redemption again = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 10), k);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.replayed()).isTrue();
        assertThat(f.stock(soap.id())).isZero();
        assertThat(f.balance(0)).isEqualTo(100 - 10 * 8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void concurrentRedemptionsWithOneKeyDebitOnce() throws Exception {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product soap = f.product("香皂", 8, 10, null);
        String k = key();
        List<Object> outcomes = race(6, () -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0),
                items(soap.id(), 2), k));
        assertThat(outcomes).allMatch(o -> o instanceof Redemption || o instanceof RequestKeys.InFlight);
        assertThat(outcomes.stream().filter(o -> o instanceof Redemption r && !r.replayed())).hasSize(1);
        assertThat(f.balance(0)).isEqualTo(84);
        assertThat(f.stock(soap.id())).isEqualTo(8);
        assertThat(count("redemption", f.v())).isEqualTo(1);
    }

    // ---------------------------------------------------------------- reservations

    private static Actor villager(MarketFixture f, int i) {
        return Actors.villager(f.village, f.h(i).id());
    }

    @Test
    void aReservationReplayedWithItsKeyReturnsTheFirstAndHoldsOnce() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product oil = f.product("花生油", 30, 5, null);
        String k = key();
        Reservation first = reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 2), k);
        Reservation again = reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 2), k);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(f.stock(oil.id())).isEqualTo(3);
        assertThat(reservations.heldPoints(f.v(), f.h(0).id())).isEqualTo(60);
    }

    @Test
    void aReservationKeyReusedForAnotherBasketIsRefusedAndNothingIsHeld() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product oil = f.product("花生油", 30, 5, null);
        Product soap = f.product("香皂", 8, 10, null);
        String k = key();
        reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 2), k);
        refusedAsReused(() -> reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(soap.id(), 1), k));
        assertThat(f.stock(soap.id())).isEqualTo(10);
        assertThat(reservations.heldPoints(f.v(), f.h(0).id())).isEqualTo(60);
        assertThat(count("reservation", f.v())).isEqualTo(1);
    }

    @Test
    void aReservationWhoseFirstRequestIsStillBeingWrittenIsRefusedWithARetryHint() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product oil = f.product("花生油", 30, 5, null);
        String k = key();
        reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 2), k);
        stillInFlight(f.v(), k);
        refusedAsInFlight(() -> reservations.reserve(villager(f, 0), f.v(), f.supermarketId, items(oil.id(), 2), k));
        assertThat(count("reservation", f.v())).isEqualTo(1);
    }

    @Test
    void concurrentReservationsWithOneKeyHoldOnce() throws Exception {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product oil = f.product("花生油", 30, 5, null);
        String k = key();
        List<Object> outcomes = race(6, () -> reservations.reserve(villager(f, 0), f.v(), f.supermarketId,
                items(oil.id(), 1), k));
        assertThat(outcomes).allMatch(o -> o instanceof Reservation || o instanceof RequestKeys.InFlight);
        assertThat(f.stock(oil.id())).isEqualTo(4);
        assertThat(count("reservation", f.v())).isEqualTo(1);
    }

    // ---------------------------------------------------------------- stock purchases and donations

    @Test
    void aPurchaseReplayedWithItsKeyReturnsTheFirstAndBooksOnce() {
        MarketFixture f = fixture();
        Product oil = f.product("花生油", 30, 0, null);
        String k = key();
        Movement first = goods.purchase(f.keeper, f.v(), oil.id(), 5, new BigDecimal("50.00"), "供销社", f.fund.id(), null, k);
        Movement again = goods.purchase(f.keeper, f.v(), oil.id(), 5, new BigDecimal("50"), " 供销社", f.fund.id(), null, k);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(f.stock(oil.id())).isEqualTo(5);
    }

    @Test
    void aPurchaseKeyReusedForAnotherQuantityIsRefusedAndNothingIsBooked() {
        MarketFixture f = fixture();
        Product oil = f.product("花生油", 30, 0, null);
        String k = key();
        goods.purchase(f.keeper, f.v(), oil.id(), 5, new BigDecimal("50.00"), "供销社", f.fund.id(), null, k);
        long movements = count("stock_movement", f.v());
        long entries = count("fund_entry", f.v());
        refusedAsReused(() -> goods.purchase(f.keeper, f.v(), oil.id(), 7, new BigDecimal("70.00"), "供销社",
                f.fund.id(), null, k));
        assertThat(f.stock(oil.id())).isEqualTo(5);
        assertThat(count("stock_movement", f.v())).isEqualTo(movements);
        assertThat(count("fund_entry", f.v())).isEqualTo(entries);
    }

    @Test
    void aPurchaseWhoseFirstRequestIsStillBeingWrittenIsRefusedWithARetryHint() {
        MarketFixture f = fixture();
        Product oil = f.product("花生油", 30, 0, null);
        String k = key();
        goods.purchase(f.keeper, f.v(), oil.id(), 5, new BigDecimal("50.00"), "供销社", f.fund.id(), null, k);
        stillInFlight(f.v(), k);
        refusedAsInFlight(() -> goods.purchase(f.keeper, f.v(), oil.id(), 5, new BigDecimal("50.00"), "供销社",
                f.fund.id(), null, k));
        assertThat(f.stock(oil.id())).isEqualTo(5);
    }

    @Test
    void aDonationReplayedWithItsKeyReturnsTheFirstAndBooksOnce() {
        MarketFixture f = fixture();
        Product oil = f.product("花生油", 30, 0, null);
        String k = key();
        Movement first = goods.donation(f.keeper, f.v(), oil.id(), 4, "张三", null, k);
        Movement again = goods.donation(f.keeper, f.v(), oil.id(), 4, "张三 ", null, k);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(f.stock(oil.id())).isEqualTo(4);
    }

    @Test
    void aDonationKeyReusedForAnotherDonorOrAPurchaseIsRefusedAndNothingIsBooked() {
        MarketFixture f = fixture();
        Product oil = f.product("花生油", 30, 0, null);
        String k = key();
        goods.donation(f.keeper, f.v(), oil.id(), 4, "张三", null, k);
        refusedAsReused(() -> goods.donation(f.keeper, f.v(), oil.id(), 4, "李四", null, k));
        refusedAsReused(() -> goods.purchase(f.keeper, f.v(), oil.id(), 4, new BigDecimal("4"), "供销社", f.fund.id(),
                null, k));
        assertThat(f.stock(oil.id())).isEqualTo(4);
    }

    @Test
    void aDonationWhoseFirstRequestIsStillBeingWrittenIsRefusedWithARetryHint() {
        MarketFixture f = fixture();
        Product oil = f.product("花生油", 30, 0, null);
        String k = key();
        goods.donation(f.keeper, f.v(), oil.id(), 4, "张三", null, k);
        stillInFlight(f.v(), k);
        refusedAsInFlight(() -> goods.donation(f.keeper, f.v(), oil.id(), 4, "张三", null, k));
        assertThat(f.stock(oil.id())).isEqualTo(4);
    }

    @Test
    void concurrentPurchasesWithOneKeyBookOnce() throws Exception {
        MarketFixture f = fixture();
        Product oil = f.product("花生油", 30, 0, null);
        String k = key();
        List<Object> outcomes = race(6, () -> goods.purchase(f.keeper, f.v(), oil.id(), 5, new BigDecimal("50.00"),
                "供销社", f.fund.id(), null, k));
        assertThat(outcomes).allMatch(o -> o instanceof Movement || o instanceof RequestKeys.InFlight);
        assertThat(f.stock(oil.id())).isEqualTo(5);
    }

    // ---------------------------------------------------------------- fund contributions

    private long fundEntries(MarketFixture f) {
        return funds.entries(f.admin, f.v(), f.fund.id(), Paging.first(50)).total();
    }

    @Test
    void aContributionReplayedWithItsKeyReturnsTheFirstAndBooksOnce() {
        MarketFixture f = fixture();
        long before = fundEntries(f);
        String k = key();
        FundEntry first = funds.contribute(f.admin, f.village.code(), f.fund.id(), new BigDecimal("200.00"), null, null,
                "镇补助", k);
        FundEntry again = funds.contribute(f.admin, f.village.code(), f.fund.id(), new BigDecimal("200"), null, null,
                " 镇补助 ", k);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(fundEntries(f)).isEqualTo(before + 1);
    }

    @Test
    void aContributionKeyReusedForAnotherAmountIsRefusedAndNothingIsBooked() {
        MarketFixture f = fixture();
        String k = key();
        funds.contribute(f.admin, f.village.code(), f.fund.id(), new BigDecimal("200.00"), null, null, null, k);
        long before = fundEntries(f);
        refusedAsReused(() -> funds.contribute(f.admin, f.village.code(), f.fund.id(), new BigDecimal("2000.00"), null,
                null, null, k));
        assertThat(fundEntries(f)).isEqualTo(before);
    }

    @Test
    void aContributionWhoseFirstRequestIsStillBeingWrittenIsRefusedWithARetryHint() {
        MarketFixture f = fixture();
        String k = key();
        funds.contribute(f.admin, f.village.code(), f.fund.id(), new BigDecimal("200.00"), null, null, null, k);
        long before = fundEntries(f);
        stillInFlight(f.v(), k);
        refusedAsInFlight(() -> funds.contribute(f.admin, f.village.code(), f.fund.id(), new BigDecimal("200.00"), null,
                null, null, k));
        assertThat(fundEntries(f)).isEqualTo(before);
    }

    @Test
    void concurrentContributionsWithOneKeyBookOnce() throws Exception {
        MarketFixture f = fixture();
        long before = fundEntries(f);
        String k = key();
        List<Object> outcomes = race(6, () -> funds.contribute(f.admin, f.village.code(), f.fund.id(),
                new BigDecimal("200.00"), null, null, null, k));
        assertThat(outcomes).allMatch(o -> o instanceof FundEntry || o instanceof RequestKeys.InFlight);
        assertThat(fundEntries(f)).isEqualTo(before + 1);
    }

    /** Runs the same call on several threads released together; each outcome is a result or the exception. */
    static List<Object> race(int threads, Supplier<?> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return call.get();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<Object> fu : futures) {
                out.add(fu.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
