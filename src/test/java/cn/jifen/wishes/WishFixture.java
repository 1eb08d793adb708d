package cn.jifen.wishes;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.market.Fund;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Movement;
import cn.jifen.market.Product;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Three fresh villages of 石角镇: A with a supermarket (a collective fund of 1000 yuan), B whose households A's
 * supermarket also serves (set by {@link #serveB}), C served by none; households in each; admins of each village, the
 * town admin of 石角镇.
 */
public final class WishFixture {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 5_000_000_000L);

    final OrgUnit town;
    public final Actor townAdmin;
    public final Actor countyAdmin;
    public final Vil a;
    public final Vil b;
    public final Vil c;
    public final long supermarketId;
    final long fundId;
    public final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private final Supermarkets supermarkets;
    private final Goods goods;

    public final class Vil {
        public final OrgUnit village;
        public final Actor admin;
        public final List<Household> households = new ArrayList<>();

        public Vil(OrgUnits orgUnits, Households hh, Actor county, String name, int count) {
            village = orgUnits.create(county, town.code(), Actors.code("V"), name, "VILLAGE");
            OrgUnit grid = orgUnits.create(county, village.code(), Actors.code("G"), "一网格", null);
            admin = staff(Role.VILLAGE_ADMIN, village, "vadmin");
            for (int i = 1; i <= count; i++) {
                households.add(hh.create(county, village.code(), new HouseholdDraft(String.format("%04d", i), grid.code(),
                        "一组" + i + "号", false, List.of(
                        new ResidentDraft("户主" + name.charAt(0) + i, "户主", "男", "1960", null, null, false, null, false)))));
            }
        }

        public String passbook(int i) {
            return households.get(i).passbookNumber();
        }

        /** The villager account of household i. */
        public Actor villager(int i) {
            Household h = households.get(i);
            return new Actor(IDS.incrementAndGet(), "villager-" + h.id(), "村民", Role.VILLAGER, village.id(),
                    village.path(), h.id(), "127.0.0.1");
        }
    }

    public WishFixture(OrgUnits orgUnits, Households hh, Supermarkets supermarkets, Funds funds, Goods goods) {
        this.supermarkets = supermarkets;
        this.goods = goods;
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        countyAdmin = staff(Role.COUNTY_ADMIN, county, "county");
        town = orgUnits.byCode("441821100").orElseThrow();
        townAdmin = staff(Role.TOWN_ADMIN, town, "town");
        a = new Vil(orgUnits, hh, countyAdmin, "甲村", 5);
        b = new Vil(orgUnits, hh, countyAdmin, "乙村", 2);
        c = new Vil(orgUnits, hh, countyAdmin, "丙村", 1);
        supermarketId = supermarkets.open(countyAdmin, a.village, "甲村积分超市", "村委会一楼");
        Fund f = funds.create(a.admin, a.village.code(), "村集体资金", "COLLECTIVE");
        funds.contribute(a.admin, a.village.code(), f.id(), new BigDecimal("1000.00"), null, today, "超市经费");
        fundId = f.id();
    }

    public void serveB() {
        supermarkets.serveVillage(townAdmin, a.village.id(), supermarketId, b.village.code());
    }

    /** A new product bought with the fund: the purchase's stock movement. */
    public Movement purchase(String name, int quantity) {
        Product p = goods.create(a.admin, a.village.id(), supermarketId,
                new Goods.ProductDraft(name, "瓶", "粮油", 2, 20, new BigDecimal("8.50")));
        return goods.purchase(a.admin, a.village.id(), p.id(), quantity, new BigDecimal("8.50").multiply(
                BigDecimal.valueOf(quantity)), "县供销社", fundId, today);
    }

    public Movement donation(String name) {
        Product p = goods.create(a.admin, a.village.id(), supermarketId,
                new Goods.ProductDraft(name, "个", "日用品", 2, 10, new BigDecimal("3.00")));
        return goods.donation(a.admin, a.village.id(), p.id(), 5, "乡贤王先生", today);
    }

    static Actor staff(Role role, OrgUnit unit, String name) {
        long id = IDS.incrementAndGet();
        return new Actor(id, name + "-" + id, name, role, unit.id(), unit.path(), null, "127.0.0.1");
    }
}
