package cn.jifen.market;

import cn.jifen.market.internal.BasketPricer;
import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.StatementLine;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestKeys;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The supermarket: goods, the stock ledger, funds, windows, redemption and cancellation. */
@IntegrationTest
class MarketTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Redemptions redemptions;
    @Autowired MarketFigures figures;
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired JdbcClient jdbc;
    @Autowired Clock clock;

    private MarketFixture fixture(int households) {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, this.households, users, supermarkets, goods, funds,
                windows, ledger), households);
    }

    private static String problem(Throwable t) {
        return ((InvalidInput) t).problems().get(0).messageKey();
    }

    // ---------------------------------------------------------------- redemption

    @Test
    void aRedemptionDebitsThePointsAndTakesTheGoodsOutOfStockTogether() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product rice = f.product("大米", 30, 5, "32.00");
        Product soap = f.product("香皂", 5, 10, null);

        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0),
                items(rice.id(), 2, soap.id(), 3), key());

        assertThat(r.points()).isEqualTo(75);
        assertThat(r.balanceAfter()).isEqualTo(25);
        assertThat(r.replayed()).isFalse();
        assertThat(r.keeperName()).isEqualTo("超市管理员k");
        assertThat(r.lines()).extracting(Redemption.Line::productName, Redemption.Line::quantity, Redemption.Line::unitPoints)
                .containsExactly(Tuple.tuple("大米", 2, 30), Tuple.tuple("香皂", 3, 5));
        assertThat(f.balance(0)).isEqualTo(25);
        assertThat(f.stock(rice.id())).isEqualTo(3);
        assertThat(f.stock(soap.id())).isEqualTo(7);
        StatementLine line = ledger.statement(f.v(), f.h(0).id(), 0, 1).get(0);
        assertThat(line.kind()).isEqualTo(PostingKind.REDEEM);
        assertThat(line.postingId()).isEqualTo(r.postingId());
        assertThat(line.itemLabel()).contains("大米×2").contains("香皂×3");
        List<Movement> out = goods.ledger(f.admin, f.v(), f.supermarketId, null, null, rice.id(), Paging.first(10)).items();
        assertThat(out.get(0).kind()).isEqualTo("REDEMPTION");
        assertThat(out.get(0).quantity()).isEqualTo(-2);
        assertThat(out.get(0).stockAfter()).isEqualTo(3);
        assertThat(out.get(0).redemptionId()).isEqualTo(r.id());
        assertThat(goods.reconcile(f.v())).isEmpty();
        assertThat(verifier.verify(f.v()).intact()).isTrue();
    }

    @Test
    void theSameKeyReturnsTheFirstResultAndDebitsOnlyOnce() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("毛巾", 10, 10, null);
        String k = key();

        Redemption first = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), k);
        Redemption again = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), k);

        assertThat(again.replayed()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.postingId()).isEqualTo(first.postingId());
        assertThat(f.balance(0)).isEqualTo(90);
        assertThat(f.stock(p.id())).isEqualTo(9);
    }

    @Test
    void theSameKeyWithAnotherBasketIsRefused() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("毛巾", 10, 10, null);
        String k = key();
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), k);

        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 2), k))
                .isInstanceOf(Conflict.class).hasMessage("error.requestKey.reused");
        assertThat(f.balance(0)).isEqualTo(90);
    }

    @Test
    void tooFewPointsIsRefusedAndNoGoodsLeaveTheStock() {
        MarketFixture f = fixture(1);
        f.earn(0, 20);
        Product p = f.product("花生油", 25, 5, null);

        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key()))
                .isInstanceOf(Conflict.class).hasMessage("error.ledger.insufficient");
        assertThat(f.stock(p.id())).isEqualTo(5);
        assertThat(f.balance(0)).isEqualTo(20);
        assertThat(goods.reconcile(f.v())).isEmpty();
    }

    @Test
    void tooLittleStockIsRefusedAndThePointsAreNotDebited() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product plenty = f.product("香皂", 5, 10, null);
        Product scarce = f.product("大米", 10, 1, null);

        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0),
                items(plenty.id(), 1, scarce.id(), 2), key()))
                .isInstanceOf(Conflict.class).hasMessage("error.market.outOfStock");
        assertThat(f.balance(0)).isEqualTo(100);
        assertThat(ledger.statementSize(f.v(), f.h(0).id())).isEqualTo(1);
        assertThat(f.stock(plenty.id())).isEqualTo(10);
        assertThat(f.stock(scarce.id())).isEqualTo(1);
    }

    @Test
    void aVetoedHouseholdIsRefused() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("香皂", 5, 10, null);
        ledger.post(f.admin, PostingRequest.of(f.v(), f.h(0).id(), PostingKind.VETO, 0, "违法违纪", key())
                .withReason("测试否决"));
        f.earn(0, 50);

        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key()))
                .isInstanceOf(Conflict.class).hasMessage("error.market.vetoed");
        assertThat(f.balance(0)).isEqualTo(50);
        Redemptions.Customer c = redemptions.lookup(f.keeper, f.v(), f.supermarketId, f.number(0));
        assertThat(c.closedReasonKey()).isEqualTo("error.market.vetoBlocked");
        // the demo county's policy blocks for 12 months from the veto (the settings' default)
        assertThat(c.blockedUntil()).isEqualTo(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusMonths(12));
    }

    @Test
    void outsideAWindowTheCounterRefusesUnlessTheVillageIsOpenEveryDay() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("香皂", 5, 10, null);
        windows.setOpenEveryDay(f.admin, f.village.code(), false);

        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key()))
                .isInstanceOf(Conflict.class).hasMessage("error.market.windowClosed");
        assertThat(redemptions.lookup(f.keeper, f.v(), f.supermarketId, f.number(0)).open()).isFalse();

        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES);
        RedemptionWindow w = windows.schedule(f.admin, f.village.code(), "第四季度集中兑换日", now.minusHours(1), now.plusHours(2));
        assertThat(windows.next(f.v())).contains(w);
        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key());
        assertThat(r.points()).isEqualTo(5);
        assertThat(windows.openEveryDay(f.v())).isFalse();
    }

    @Test
    void nextNamesTheComingWindowAndIgnoresCancelledAndPastOnes() {
        MarketFixture f = fixture(0);
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES);
        assertThat(windows.next(f.v())).isEmpty();
        RedemptionWindow later = windows.schedule(f.admin, f.village.code(), "下季度", now.plusDays(40), now.plusDays(40).plusHours(8));
        RedemptionWindow soon = windows.schedule(f.admin, f.village.code(), "本周六", now.plusDays(3), now.plusDays(3).plusHours(8));
        assertThat(windows.next(f.v())).contains(soon);
        windows.cancel(f.admin, f.village.code(), soon.id(), "下雨改期");
        assertThat(windows.next(f.v())).contains(later);
        assertThatThrownBy(() -> windows.schedule(f.admin, f.village.code(), "过去", now.minusDays(3), now.minusDays(2)))
                .isInstanceOf(InvalidInput.class).satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.windowPast"));
        assertThatThrownBy(() -> windows.schedule(f.keeper, f.village.code(), "管理员不能", now.plusDays(1), now.plusDays(2)))
                .isInstanceOf(Forbidden.class);
    }

    @Test
    void badBasketsAreRefusedWithTheFieldNamed() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("香皂", 5, 10, null);
        Product off = f.product("旧货", 5, 10, null);
        goods.update(f.admin, f.v(), off.id(), "旧货", "件", null, 0, false);

        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), -1), key()))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.quantity"));
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 0), key()))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.quantity"));
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), List.of(), key()))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.emptyBasket"));
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(off.id(), 1), key()))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.productInactive"));
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(999_999_999L, 1), key()))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.productNotFound"));
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, "441821100201-0001", items(p.id(), 1), key()))
                .isInstanceOf(NotFound.class).hasMessage("error.market.passbookNotFound");
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), null))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.key"));
        assertThat(f.balance(0)).isEqualTo(100);
        assertThat(f.stock(p.id())).isEqualTo(10);
    }

    @Test
    void anInactivePassbookIsRefused() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("香皂", 5, 10, null);
        jdbc.sql("UPDATE household SET status = 'MOVED_OUT' WHERE village_id = :v AND id = :h")
                .param("v", f.v()).param("h", f.h(0).id()).update();

        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key()))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.passbookInactive"));
        assertThat(f.balance(0)).isEqualTo(100);
    }

    @Test
    void aKeeperOfAnotherSupermarketCannotSellHere() {
        MarketFixture f = fixture(1);
        MarketFixture other = fixture(0);
        f.earn(0, 100);
        Product p = f.product("香皂", 5, 10, null);

        assertThatThrownBy(() -> redemptions.redeem(other.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key()))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> goods.purchase(other.keeper, f.v(), p.id(), 1, BigDecimal.ONE, "x", f.fund.id(), null))
                .isInstanceOf(NotFound.class);
        assertThat(f.balance(0)).isEqualTo(100);
    }

    // ---------------------------------------------------------------- prices

    @Test
    void aNewPriceAppliesFromItsDateAndEarlierRedemptionsKeepTheirPrice() {
        MarketFixture f = fixture(1);
        f.earn(0, 200);
        Product p = f.product("大米", 30, 10, "30.00");
        Redemption before = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key());

        LocalDate today = LocalDate.now(clock);
        goods.reprice(f.admin, f.v(), p.id(), 40, new BigDecimal("35.00"), today.plusDays(1));
        assertThat(goods.product(f.admin, f.v(), p.id()).points()).as("tomorrow's price not yet").isEqualTo(30);
        goods.reprice(f.admin, f.v(), p.id(), 35, new BigDecimal("33.00"), today);
        Redemption after = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key());

        assertThat(after.points()).isEqualTo(35);
        assertThat(redemptions.get(f.admin, f.v(), before.id()).lines().get(0).unitPoints()).isEqualTo(30);
        assertThat(redemptions.get(f.admin, f.v(), before.id()).lines().get(0).referenceYuan()).isEqualByComparingTo("30.00");
        assertThat(goods.priceHistory(f.admin, f.v(), p.id())).hasSize(3);
        assertThatThrownBy(() -> goods.reprice(f.admin, f.v(), p.id(), 20, null, today.minusDays(1)))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.pricePast"));
        assertThatThrownBy(() -> goods.reprice(f.admin, f.v(), p.id(), 0, null, today))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.points"));
        assertThatThrownBy(() -> goods.reprice(f.keeper, f.v(), p.id(), 20, null, today)).isInstanceOf(Forbidden.class);
    }

    // ---------------------------------------------------------------- cancellation

    @Test
    void aVillageAdminCancelsTodaysRedemptionPointsAndGoodsComeBack() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("香皂", 5, 10, null);
        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 4), key());

        assertThatThrownBy(() -> redemptions.cancel(f.keeper, f.v(), r.id(), "拿错了")).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> redemptions.cancel(f.admin, f.v(), r.id(), " "))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.required"));
        Redemption c = redemptions.cancel(f.admin, f.v(), r.id(), "村民拿错了物品");
        Redemption again = redemptions.cancel(f.admin, f.v(), r.id(), "村民拿错了物品");

        assertThat(c.cancelled()).isTrue();
        assertThat(c.cancelReason()).isEqualTo("村民拿错了物品");
        assertThat(again.cancelled()).isTrue();
        assertThat(f.balance(0)).isEqualTo(100);
        assertThat(f.stock(p.id())).isEqualTo(10);
        assertThat(ledger.statement(f.v(), f.h(0).id(), 0, 1).get(0).kind()).isEqualTo(PostingKind.CANCEL);
        assertThat(ledger.statementSize(f.v(), f.h(0).id())).isEqualTo(3);
        assertThat(goods.ledger(f.admin, f.v(), f.supermarketId, null, null, p.id(), Paging.first(10)).items().get(0).kind()).isEqualTo("CANCELLATION");
        assertThat(goods.reconcile(f.v())).isEmpty();
        assertThat(verifier.verify(f.v()).intact()).isTrue();
    }

    @Test
    void yesterdaysRedemptionCannotBeCancelledAtTheCounter() {
        MarketFixture f = fixture(1);
        f.earn(0, 100);
        Product p = f.product("香皂", 5, 10, null);
        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 1), key());
        jdbc.sql("UPDATE redemption SET county_date = :d WHERE village_id = :v AND id = :id")
                .param("d", LocalDate.now(clock).minusDays(1)).param("v", f.v()).param("id", r.id()).update();

        assertThatThrownBy(() -> redemptions.cancel(f.admin, f.v(), r.id(), "太晚了"))
                .isInstanceOf(Conflict.class).hasMessage("error.market.cancelSameDay");
        assertThat(f.balance(0)).isEqualTo(95);
    }

    // ---------------------------------------------------------------- stock movements

    @Test
    void aPurchaseAddsStockAndDebitsTheFundThatPaid() {
        MarketFixture f = fixture(0);
        Product p = f.product("洗衣粉", 30, 0, "9.90");
        BigDecimal before = funds.funds(f.v()).get(0).balanceYuan();

        Movement m = goods.purchase(f.keeper, f.v(), p.id(), 40, new BigDecimal("396.00"), "佛冈县供销社", f.fund.id(), null);

        assertThat(m.kind()).isEqualTo("PURCHASE");
        assertThat(m.stockAfter()).isEqualTo(40);
        assertThat(m.fundName()).isEqualTo("村集体资金");
        assertThat(f.stock(p.id())).isEqualTo(40);
        assertThat(funds.funds(f.v()).get(0).balanceYuan()).isEqualByComparingTo(before.subtract(new BigDecimal("396.00")));
        assertThat(funds.entries(f.admin, f.v(), f.fund.id(), Paging.first(50)).items().get(0).amountYuan()).isEqualByComparingTo("-396.00");
    }

    @Test
    void aPurchaseOrDonationSentTwiceWithTheSameKeyIsBookedOnceEvenAtTheSameTime() throws Exception {
        MarketFixture f = fixture(0);
        Product p = f.product("洗洁精", 20, 0, "6.50");
        BigDecimal before = funds.funds(f.v()).get(0).balanceYuan();
        String key = key();
        var pool = Executors.newFixedThreadPool(6);
        try {
            var start = new CountDownLatch(1);
            List<Future<Movement>> tries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tries.add(pool.submit(() -> {
                    start.await();
                    try {
                        return goods.purchase(f.keeper, f.v(), p.id(), 10, new BigDecimal("65.00"), "供销社", f.fund.id(),
                                null, key);
                    } catch (RequestKeys.InFlight e) {
                        return null;   // a twin still being written: the client is told to retry, nothing is booked
                    }
                }));
            }
            start.countDown();
            Set<Long> ids = new HashSet<>();
            for (var t : tries) {
                Movement m = t.get(60, TimeUnit.SECONDS);
                if (m != null) {
                    ids.add(m.id());
                }
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.stock(p.id())).isEqualTo(10);
        assertThat(funds.funds(f.v()).get(0).balanceYuan()).isEqualByComparingTo(before.subtract(new BigDecimal("65.00")));

        String gift = key();
        Movement first = goods.donation(f.keeper, f.v(), p.id(), 3, "乡贤陈先生", null, gift);
        Movement again = goods.donation(f.keeper, f.v(), p.id(), 3, "乡贤陈先生", null, gift);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(f.stock(p.id())).isEqualTo(13);

        BigDecimal fundBefore = funds.funds(f.v()).get(0).balanceYuan();
        String cash = key();
        FundEntry c1 = funds.contribute(f.admin, f.village.code(), f.fund.id(), new BigDecimal("200.00"), "乡贤陈先生", null,
                "捐款", cash);
        FundEntry c2 = funds.contribute(f.admin, f.village.code(), f.fund.id(), new BigDecimal("200.00"), "乡贤陈先生", null,
                "捐款", cash);
        assertThat(c2.id()).isEqualTo(c1.id());
        assertThat(funds.funds(f.v()).get(0).balanceYuan()).isEqualByComparingTo(fundBefore.add(new BigDecimal("200.00")));
    }

    @Test
    void aPurchaseTheFundCannotCoverIsRefused() {
        MarketFixture f = fixture(0);
        Product p = f.product("电饭锅", 500, 0, null);
        Fund small = funds.create(f.admin, f.village.code(), "镇补助", "TOWN_SUBSIDY");
        funds.contribute(f.admin, f.village.code(), small.id(), new BigDecimal("100"), null, null, "补助");

        assertThatThrownBy(() -> goods.purchase(f.keeper, f.v(), p.id(), 1, new BigDecimal("150.00"), "电器店", small.id(), null))
                .isInstanceOf(Conflict.class).hasMessage("error.market.fundShort");
        assertThat(f.stock(p.id())).isZero();
        assertThatThrownBy(() -> goods.purchase(f.keeper, f.v(), p.id(), 1, new BigDecimal("0"), "电器店", small.id(), null))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.yuan"));
        assertThatThrownBy(() -> goods.purchase(f.keeper, f.v(), p.id(), 1, new BigDecimal("1.005"), "电器店", small.id(), null))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.yuan"));
    }

    @Test
    void aRejectionMustSayWhyAndARefusedOneChangesNothing() {
        MarketFixture f = fixture(0);
        Product p = f.product("酱油", 8, 10, null);
        Movement loss = goods.reportLoss(f.keeper, f.v(), p.id(), 2, "瓶子碎了");

        assertThatThrownBy(() -> goods.decide(f.admin, f.v(), loss.id(), false, " "))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.required"));
        assertThatThrownBy(() -> goods.decide(f.keeper, f.v(), loss.id(), false, null)).isInstanceOf(Forbidden.class);
        assertThat(goods.decide(f.admin, f.v(), loss.id(), false, "没有破损").status()).isEqualTo("REJECTED");
        assertThat(f.stock(p.id())).isEqualTo(10);
    }

    @Test
    void aLossWaitsForAnotherAdminsApprovalAndNeverTakesStockBelowZero() {
        MarketFixture f = fixture(0);
        Product p = f.product("鸡蛋", 2, 10, null);

        Movement loss = goods.reportLoss(f.keeper, f.v(), p.id(), 3, "运输破损");
        assertThat(loss.status()).isEqualTo("PENDING");
        assertThat(f.stock(p.id())).isEqualTo(10);
        assertThatThrownBy(() -> goods.reportLoss(f.keeper, f.v(), p.id(), 11, "过期"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.lossExceedsStock"));
        assertThatThrownBy(() -> goods.reportLoss(f.keeper, f.v(), p.id(), 1, null))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.required"));
        assertThatThrownBy(() -> goods.decide(f.keeper, f.v(), loss.id(), true, null)).isInstanceOf(Forbidden.class);

        Movement approved = goods.decide(f.admin, f.v(), loss.id(), true, "属实");
        assertThat(approved.status()).isEqualTo("APPLIED");
        assertThat(approved.stockAfter()).isEqualTo(7);
        assertThat(f.stock(p.id())).isEqualTo(7);
        assertThatThrownBy(() -> goods.decide(f.admin2, f.v(), loss.id(), true, null))
                .isInstanceOf(Conflict.class).hasMessage("error.market.alreadyDecided");

        Movement own = goods.reportLoss(f.admin, f.v(), p.id(), 1, "过期");
        assertThatThrownBy(() -> goods.decide(f.admin, f.v(), own.id(), true, null))
                .isInstanceOf(Forbidden.class).hasMessage("error.market.ownRequest");
        // two pending losses that together exceed the stock: the second approval is refused
        Movement a = goods.reportLoss(f.keeper, f.v(), p.id(), 5, "鼠咬");
        Movement b = goods.reportLoss(f.keeper, f.v(), p.id(), 5, "受潮");
        goods.decide(f.admin2, f.v(), a.id(), true, null);
        assertThatThrownBy(() -> goods.decide(f.admin2, f.v(), b.id(), true, null))
                .isInstanceOf(Conflict.class).hasMessage("error.market.approvalBelowZero");
        Movement rejected = goods.decide(f.admin2, f.v(), b.id(), false, "重复申报");
        assertThat(rejected.status()).isEqualTo("REJECTED");
        assertThat(f.stock(p.id())).isEqualTo(2);
        assertThat(goods.reconcile(f.v())).isEmpty();
    }

    @Test
    void aStockTakeDifferenceIsAppliedOnlyWhenApproved() {
        MarketFixture f = fixture(0);
        Product p = f.product("毛巾", 15, 20, null);

        Movement same = goods.stockTake(f.keeper, f.v(), p.id(), 20, null);
        assertThat(same.status()).isEqualTo("APPLIED");
        assertThat(same.quantity()).isZero();
        assertThatThrownBy(() -> goods.stockTake(f.keeper, f.v(), p.id(), 18, null))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.stockTakeReason"));
        Movement diff = goods.stockTake(f.keeper, f.v(), p.id(), 18, "盘亏两条");
        assertThat(diff.expected()).isEqualTo(20);
        assertThat(diff.counted()).isEqualTo(18);
        assertThat(diff.quantity()).isEqualTo(-2);
        assertThat(goods.pending(f.admin, f.v(), f.supermarketId)).extracting(Movement::id).containsExactly(diff.id());
        goods.decide(f.admin, f.v(), diff.id(), true, null);
        assertThat(f.stock(p.id())).isEqualTo(18);
        assertThatThrownBy(() -> goods.stockTake(f.keeper, f.v(), p.id(), -1, "x"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.counted"));
    }

    @Test
    void aDonationInNamesTheDonorAndDonorsAreSummedLargestFirst() {
        MarketFixture f = fixture(0);
        Product p = f.product("大米", 100, 0, "30.00");
        Fund gifts = funds.create(f.admin, f.village.code(), "乡贤捐赠", "DONATION");
        funds.contribute(f.admin, f.village.code(), gifts.id(), new BigDecimal("500"), "乡贤陈先生", null, null);
        funds.contribute(f.admin, f.village.code(), gifts.id(), new BigDecimal("300"), "乡贤陈先生", null, null);
        funds.contribute(f.admin, f.village.code(), gifts.id(), new BigDecimal("1000"), "龙南农业公司", null, null);
        goods.donation(f.keeper, f.v(), p.id(), 10, "乡贤李女士", null);
        assertThatThrownBy(() -> funds.contribute(f.admin, f.village.code(), gifts.id(), new BigDecimal("1"), null, null, null))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.donorRequired"));

        List<Donor> donors = funds.donors(f.v());

        assertThat(donors).extracting(Donor::name).containsExactly("龙南农业公司", "乡贤陈先生", "乡贤李女士");
        assertThat(donors.get(1).amountYuan()).isEqualByComparingTo("800");
        assertThat(donors.get(2).amountYuan()).isEqualByComparingTo("300");
        assertThat(donors.get(0).lastDonatedOn()).isEqualTo(LocalDate.now(clock));
        assertThat(f.stock(p.id())).isEqualTo(10);
    }

    // ---------------------------------------------------------------- keepers and 六有

    @Test
    void theSixStandardsAreMetWhenTheLatestCheckOfEachIsMet() {
        MarketFixture f = fixture(0);
        LocalDate today = LocalDate.now(clock);
        for (String s : Supermarkets.STANDARDS) {
            supermarkets.check(f.admin, f.v(), f.supermarketId, s, true, today, "检查合格", null, null);
        }
        assertThat(supermarkets.meetsStandard(f.admin, f.v(), f.supermarketId)).isTrue();
        supermarkets.check(f.admin, f.v(), f.supermarketId, "LEDGER", false, today, "台账不全", null, null);
        assertThat(supermarkets.meetsStandard(f.admin, f.v(), f.supermarketId)).isFalse();
        assertThat(supermarkets.standards(f.admin, f.v(), f.supermarketId).get("LEDGER").note()).isEqualTo("台账不全");
        assertThatThrownBy(() -> supermarkets.check(f.admin, f.v(), f.supermarketId, "WIFI", true, today, null, null, null))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.standard"));
        assertThatThrownBy(() -> supermarkets.check(f.keeper, f.v(), f.supermarketId, "SITE", true, today, null, null, null))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> supermarkets.check(f.admin, f.v(), f.supermarketId, "SITE", true, today, null,
                new byte[] {1, 2, 3, 4}, null)).satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.photo"));
    }

    @Test
    void onlyKeeperAccountsOfTheVillageOrItsTownCanBeAssigned() {
        MarketFixture f = fixture(0);
        MarketFixture other = fixture(0);
        assertThat(supermarkets.keepers(f.admin, f.v(), f.supermarketId)).extracting(Supermarkets.Keeper::username)
                .containsExactly(f.keeper.username());
        assertThatThrownBy(() -> supermarkets.assignKeeper(f.admin, f.v(), f.supermarketId, other.keeper.username()))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.keeperElsewhere"));
        assertThatThrownBy(() -> supermarkets.assignKeeper(f.admin, f.v(), f.supermarketId, "demo-grid"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.notKeeper"));
        assertThatThrownBy(() -> supermarkets.assignKeeper(f.admin, f.v(), f.supermarketId, "no-such-user"))
                .satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.keeperUnknown"));
        supermarkets.unassignKeeper(f.admin, f.v(), f.supermarketId, f.keeper.userId());
        assertThatThrownBy(() -> goods.products(f.keeper, f.v(), f.supermarketId)).isInstanceOf(NotFound.class);
    }

    // ---------------------------------------------------------------- figures

    @Test
    void figuresCountCompletedRedemptionsTheirPointsAndGoodsValueFromTheRecords() {
        MarketFixture f = fixture(2);
        f.earn(0, 500);
        f.earn(1, 500);
        Product rice = f.product("大米", 100, 10, "32.00");
        Product soap = f.product("香皂", 10, 10, null);
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(rice.id(), 2, soap.id(), 1), key());
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(rice.id(), 1), key());
        Redemption cancelled = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(soap.id(), 3), key());
        redemptions.cancel(f.admin, f.v(), cancelled.id(), "测试撤销");
        for (String s : Supermarkets.STANDARDS) {
            supermarkets.check(f.admin, f.v(), f.supermarketId, s, true, null, null, null, null);
        }
        LocalDate today = LocalDate.now(clock);

        MarketFigures.Figures fig = figures.of(Set.of(f.v()), today.minusDays(1), today);

        assertThat(fig.supermarketsOpen()).isEqualTo(1);
        assertThat(fig.supermarketsMeetingStandard()).isEqualTo(1);
        assertThat(fig.redemptions()).isEqualTo(2);
        assertThat(fig.pointsRedeemed()).isEqualTo(310);
        assertThat(fig.goodsValueYuan()).isEqualByComparingTo("96.00");
        assertThat(figures.of(Set.of(f.v()), today.minusDays(5), today.minusDays(1)).redemptions()).isZero();
        assertThat(figures.of(List.of(), today, today).supermarketsOpen()).isZero();
    }

    // ---------------------------------------------------------------- cash top-up (补差价)

    @Test
    void cashTopsUpTheShortPointsAtTheReferencePriceWhenTheVillageAllowsIt() {
        MarketFixture f = fixture(1);
        f.earn(0, 40);
        Product rice = f.product("大米", 100, 5, "30.00");
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(rice.id(), 1),
                key(), new BigDecimal("18.00"))).isInstanceOf(Conflict.class).hasMessage("error.market.topUpNotAllowed");
        windows.setAllowCashTopUp(f.admin, f.village.code(), true);
        assertThat(BasketPricer.cashFor(60, 100, 3000)).isEqualTo(1800);

        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(rice.id(), 1), key(),
                new BigDecimal("18.00"));

        assertThat(r.points()).isEqualTo(40);
        assertThat(r.goodsPoints()).isEqualTo(100);
        assertThat(r.cashYuan()).isEqualByComparingTo("18.00");
        assertThat(f.balance(0)).isZero();
        assertThat(f.stock(rice.id())).isEqualTo(4);
        Fund topUps = funds.funds(f.v()).stream().filter(x -> x.kind().equals("CASH_TOPUP")).findFirst().orElseThrow();
        assertThat(topUps.balanceYuan()).isEqualByComparingTo("18.00");

        redemptions.cancel(f.admin, f.v(), r.id(), "村民改主意");
        assertThat(f.balance(0)).isEqualTo(40);
        assertThat(f.stock(rice.id())).isEqualTo(5);
        assertThat(funds.funds(f.v()).stream().filter(x -> x.id() == topUps.id()).findFirst().orElseThrow().balanceYuan())
                .isEqualByComparingTo("0");
    }

    @Test
    void cashTopUpIsRefusedWhenNotNeededTooLargeOrWithoutAReferencePrice() {
        MarketFixture f = fixture(2);
        f.earn(0, 500);
        f.earn(1, 10);
        windows.setAllowCashTopUp(f.admin, f.village.code(), true);
        Product rice = f.product("大米", 100, 5, "30.00");
        Product gift = f.product("纪念品", 50, 5, null);

        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(rice.id(), 1),
                key(), new BigDecimal("5"))).isInstanceOf(Conflict.class).hasMessage("error.market.topUpNotNeeded");
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(rice.id(), 1),
                key(), new BigDecimal("30.00"))).satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.topUpTooMuch"));
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(gift.id(), 1),
                key(), new BigDecimal("5"))).satisfies(e -> assertThat(problem(e)).isEqualTo("error.market.topUpNoReference"));
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(rice.id(), 1),
                key(), new BigDecimal("5"))).isInstanceOf(Conflict.class).hasMessage("error.ledger.insufficient");
        assertThat(f.balance(0)).isEqualTo(500);
        assertThat(f.balance(1)).isEqualTo(10);
        assertThat(f.stock(rice.id())).isEqualTo(5);
    }

    @Test
    void aRedemptionDaysFiguresCountTheRedemptionsMadeInItsWindow() {
        MarketFixture f = fixture(2);
        f.earn(0, 500);
        f.earn(1, 500);
        Product rice = f.product("大米", 100, 10, "32.00");
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(rice.id(), 1), key());
        LocalDateTime now = LocalDateTime.now(clock).truncatedTo(ChronoUnit.MINUTES);
        RedemptionWindow w = windows.schedule(f.admin, f.village.code(), "集中兑换日", now.minusHours(1), now.plusHours(1));
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(rice.id(), 1), key());
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(rice.id(), 2), key());

        MarketFigures.Figures fig = figures.ofWindow(w);

        assertThat(fig.redemptions()).as("the one before the window was scheduled is not counted").isEqualTo(2);
        assertThat(fig.pointsRedeemed()).isEqualTo(300);
        assertThat(fig.goodsValueYuan()).isEqualByComparingTo("96.00");
        assertThat(fig.supermarketsOpen()).isEqualTo(1);
    }
}
