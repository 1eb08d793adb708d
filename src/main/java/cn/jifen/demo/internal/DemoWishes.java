package cn.jifen.demo.internal;

import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.market.Fund;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Movement;
import cn.jifen.market.Product;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.wishes.Wish;
import cn.jifen.wishes.Wishes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo county's goods wish list over its year (called by {@link DemoYear} once the year is lived): in the first
 * four villages of 石角镇 a wish every month, proposed by a household on the phone (in 龙南村 one is entered by the keeper
 * at the counter), supported by neighbours; the most supported wishes of earlier months bought with the village's
 * collective fund and marked fulfilled a few days later, one declined with its reason, the latest months' still open.
 * Cheap: a few dozen wishes, one transaction per village.
 */
@Component
@ConditionalOnExpression(DemoClockConfig.YEAR_ON)
class DemoWishes {
    /** name, unit, reference price (yuan), the supports it gathers (its neighbours), bought? */
    private static final Object[][] GOODS = {
            {"酱油", "瓶", "9.80", 6, true},
            {"老花镜", "副", "15.00", 5, true},
            {"雨伞", "把", "18.00", 3, false},
            {"挂面", "包", "6.50", 4, true},
            {"电蚊拍", "个", "25.00", 2, false},
            {"手电筒", "个", "12.00", 4, true},
            {"电视机", "台", "1500.00", 3, null},   // declined: too dear for the supermarket's funds
            {"洗洁精", "瓶", "7.90", 5, true},
            {"牙膏", "支", "8.50", 2, false},
            {"暖水瓶", "个", "28.00", 4, true},
            {"晾衣架", "个", "10.00", 1, false},
            {"食盐", "包", "3.00", 2, false}};
    private static final int VILLAGES = 4;
    private static final String KEEPER_VILLAGE = "441821100201";

    private final DemoClock clock;
    private final TransactionTemplate tx;
    private final OrgUnits orgUnits;
    private final Households households;
    private final Supermarkets supermarkets;
    private final Funds funds;
    private final Goods goods;
    private final Wishes wishes;

    DemoWishes(DemoClock clock, TransactionTemplate tx, OrgUnits orgUnits, Households households,
               Supermarkets supermarkets, Funds funds, Goods goods, Wishes wishes) {
        this.clock = clock;
        this.tx = tx;
        this.orgUnits = orgUnits;
        this.households = households;
        this.supermarkets = supermarkets;
        this.funds = funds;
        this.goods = goods;
        this.wishes = wishes;
    }

    private void at(LocalDate day, int hour) {
        clock.moveTo(day.atTime(hour, 0).atZone(clock.getZone()).toInstant());
    }

    /** Lives the year's wishes after {@link DemoYear} has lived the rest; {@code ids} are the accounts' ids. */
    void load(Map<String, Long> ids, LocalDate firstDay, LocalDate today) {
        OrgUnit countyUnit = orgUnits.byCode("441821").orElseThrow();
        Actor county = new Actor(ids.getOrDefault("demo-admin", 0L), "demo-admin", "demo-admin", Role.COUNTY_ADMIN,
                countyUnit.id(), countyUnit.path(), null, null);
        List<OrgUnit> villages = orgUnits.villagesVisible(county);
        try {
            for (int no = 1; no <= Math.min(VILLAGES, villages.size()); no++) {
                OrgUnit v = villages.get(no - 1);
                String admin = no == 1 ? "demo-village" : String.format("demo-v%02d", no);
                Actor a = new Actor(ids.getOrDefault(admin, 0L), admin, admin, Role.VILLAGE_ADMIN, v.id(), v.path(), null, null);
                int offset = no;
                tx.executeWithoutResult(s -> village(ids, county, v, a, offset, firstDay, today));
            }
        } finally {
            clock.release();
        }
    }

    private void village(Map<String, Long> ids, Actor county, OrgUnit v, Actor admin, int offset, LocalDate firstDay,
                         LocalDate today) {
        List<HouseholdSummary> hs = households.list(county, v.code(), null, null, 0, 40).items();
        var sm = supermarkets.ofVillage(v.id()).get(0);
        Long fund = funds.funds(v.id()).stream().filter(f -> "COLLECTIVE".equals(f.kind())).map(Fund::id).findFirst()
                .orElse(null);
        if (hs.size() < 16 || fund == null) {
            return;
        }
        Actor keeper = KEEPER_VILLAGE.equals(v.code()) ? new Actor(ids.getOrDefault("demo-keeper", 0L), "demo-keeper",
                "demo-keeper", Role.KEEPER, v.id(), v.path(), null, null) : null;
        for (int k = 0; k < GOODS.length; k++) {
            Object[] g = GOODS[(k + offset) % GOODS.length];
            LocalDate proposed = firstDay.plusMonths(k).withDayOfMonth(3);
            if (!proposed.isBefore(today)) {
                break;
            }
            at(proposed, 19);
            HouseholdSummary by = hs.get((k * 7 + offset) % hs.size());
            Wish w = keeper != null && k == 4
                    ? wishes.propose(keeper, v.id(), sm.id(), by.passbookNumber(), (String) g[0], "柜台登记")
                    : wishes.propose(villager(ids, v, by), null, null, null, (String) g[0], null);
            int supports = (Integer) g[3];
            for (int i = 1; i < supports; i++) {
                LocalDate day = proposed.plusDays(i);
                if (day.isAfter(today)) {
                    break;
                }
                at(day, 20);
                HouseholdSummary neighbour = hs.get((k * 7 + offset + i * 3) % hs.size());
                if (neighbour.id() != by.id()) {
                    wishes.support(villager(ids, v, neighbour), v.id(), w.id(), null);
                }
            }
            LocalDate decided = proposed.plusDays(12);
            if (g[4] == null || !decided.isBefore(today.minusDays(20))) {
                if (g[4] == null && decided.isBefore(today)) {
                    at(decided, 10);
                    wishes.decline(admin, v.id(), w.id(), "价格太高，超市资金不够；可到镇上家电下乡网点购买");
                }
                continue;
            }
            if ((Boolean) g[4]) {
                at(decided, 10);
                BigDecimal price = new BigDecimal((String) g[2]);
                Product p = goods.create(admin, v.id(), sm.id(), new Goods.ProductDraft((String) g[0], (String) g[1],
                        "日用品", 3, price.intValue() * 3, price));
                Movement m = goods.purchase(admin, v.id(), p.id(), 20, price.multiply(BigDecimal.valueOf(20)),
                        "佛冈县供销社", fund, decided);
                wishes.fulfil(keeper != null ? keeper : admin, v.id(), w.id(), m.id());
            }
        }
    }

    private static Actor villager(Map<String, Long> ids, OrgUnit v, HouseholdSummary h) {
        return new Actor(ids.getOrDefault(h.passbookNumber(), 0L), h.passbookNumber(), h.headName(), Role.VILLAGER,
                v.id(), v.path(), h.id(), null);
    }
}
