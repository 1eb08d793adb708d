package cn.jifen.demo.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.market.Fund;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Product;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Demo supermarket data: in every demo village a collective fund, five goods bought with it, and the
 * next quarterly redemption day; 龙南村 also has a donor, demo-keeper assigned and is open every day.
 */
@Component
class DemoMarket {
    private static final Object[][] GOODS = {
            // name, unit, category, points, reference price (yuan), first purchase
            {"大米（5公斤）", "袋", "粮油", 100, "32.00", 20},
            {"花生油（1.8升）", "瓶", "粮油", 80, "25.80", 20},
            {"洗衣粉", "袋", "日用品", 30, "9.90", 40},
            {"香皂", "块", "日用品", 10, "3.50", 60},
            {"毛巾", "条", "日用品", 15, "6.00", 40}};

    private final OrgUnits orgUnits;
    private final Supermarkets supermarkets;
    private final Funds funds;
    private final Goods goods;
    private final RedemptionWindows windows;
    private final Clock clock;

    DemoMarket(OrgUnits orgUnits, Supermarkets supermarkets, Funds funds, Goods goods, RedemptionWindows windows,
               Clock clock) {
        this.orgUnits = orgUnits;
        this.supermarkets = supermarkets;
        this.funds = funds;
        this.goods = goods;
        this.windows = windows;
        this.clock = clock;
    }

    /** With {@code nextDay}, also schedules the next quarter's redemption day (the year schedules its own). */
    void load(boolean nextDay) {
        long start = System.nanoTime();
        Actor system = Actor.system("/");
        LocalDate today = LocalDate.now(clock);
        LocalDate quarterStart = today.withDayOfMonth(1).withMonth(((today.getMonthValue() - 1) / 3) * 3 + 1).plusMonths(3);
        for (OrgUnit village : orgUnits.villagesVisible(system)) {
            var market = supermarkets.ofVillage(village.id()).get(0);
            Fund fund = funds.create(system, village.code(), "村集体资金", "COLLECTIVE");
            funds.contribute(system, village.code(), fund.id(), new BigDecimal("3000.00"), null, today, "年度超市经费");
            for (Object[] g : GOODS) {
                Product p = goods.create(system, village.id(), market.id(), new Goods.ProductDraft((String) g[0],
                        (String) g[1], (String) g[2], 5, (Integer) g[3], new BigDecimal((String) g[4])));
                int quantity = (Integer) g[5];
                goods.purchase(system, village.id(), p.id(), quantity,
                        new BigDecimal((String) g[4]).multiply(BigDecimal.valueOf(quantity)), "佛冈县供销社", fund.id(), today);
            }
            if (nextDay) {
                windows.schedule(system, village.code(), quarterStart.getYear() + "年第"
                        + ((quarterStart.getMonthValue() - 1) / 3 + 1) + "季度集中兑换日",
                        quarterStart.atTime(9, 0), quarterStart.atTime(17, 0));
            }
            if ("441821100201".equals(village.code())) {
                supermarkets.assignKeeper(system, village.id(), market.id(), "demo-keeper");
                windows.setOpenEveryDay(system, village.code(), true);
                Fund gifts = funds.create(system, village.code(), "乡贤捐赠", "DONATION");
                funds.contribute(system, village.code(), gifts.id(), new BigDecimal("2000.00"), "乡贤陈先生", today, null);
                funds.contribute(system, village.code(), gifts.id(), new BigDecimal("800.00"), "龙南农业合作社", today, null);
            }
        }
        LoggerFactory.getLogger(DemoMarket.class).info("Demo supermarkets loaded in {} ms.",
                (System.nanoTime() - start) / 1_000_000);
    }
}
