package cn.jifen.market;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh village (in 石角镇) with households, its supermarket open every day, a keeper account
 * assigned to it, two village admins and a funded collective fund: market tests never share state.
 */
public final class MarketFixture {
    private static final AtomicInteger SEQ = new AtomicInteger();

    public final OrgUnit village;
    public final Actor countyAdmin;
    public final Actor admin;
    public final Actor admin2;
    public final Actor keeper;
    public final long supermarketId;
    public final Fund fund;
    public final List<Household> households = new ArrayList<>();
    private final Goods goods;
    private final Ledger ledger;

    public MarketFixture(Beans b, int householdCount) {
        this.goods = b.goods;
        this.ledger = b.ledger;
        OrgUnit county = b.orgUnits.byCode("441821").orElseThrow();
        countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        village = b.orgUnits.create(countyAdmin, "441821100", Actors.code("M") + SEQ.incrementAndGet(), "超市测试村", "VILLAGE");
        OrgUnit grid = b.orgUnits.create(countyAdmin, village.code(), Actors.code("G") + SEQ.incrementAndGet(), "网格", null);
        admin = new Actor(-2, "test-admin-" + village.code(), "村管理员甲", Role.VILLAGE_ADMIN, village.id(), village.path(), null, "127.0.0.1");
        admin2 = new Actor(-3, "test-admin2-" + village.code(), "村管理员乙", Role.VILLAGE_ADMIN, village.id(), village.path(), null, "127.0.0.1");
        supermarketId = b.supermarkets.open(countyAdmin, village, "测试积分超市", "村委一楼");
        keeper = keeper(b, "k");
        b.windows.setOpenEveryDay(admin, village.code(), true);
        fund = b.funds.create(admin, village.code(), "村集体资金", "COLLECTIVE");
        b.funds.contribute(admin, village.code(), fund.id(), new BigDecimal("100000"), null, null, null);
        for (int i = 1; i <= householdCount; i++) {
            households.add(b.households.create(countyAdmin, village.code(), new HouseholdDraft(String.format("%04d", i),
                    grid.code(), "一组" + i + "号", false, List.of(
                    new ResidentDraft("户主" + i, "户主", "男", "1960", null, null, false, null, false)))));
        }
    }

    /** Another keeper account of this village, assigned to its supermarket. */
    public Actor keeper(Beans b, String suffix) {
        String username = "kp" + village.code() + suffix;
        long id = b.users.createUnchecked(username, "超市管理员" + suffix, "Keeper-pass-2026", Role.KEEPER, village.id(),
                null, null, false);
        b.supermarkets.assignKeeper(admin, village.id(), supermarketId, username);
        return new Actor(id, username, "超市管理员" + suffix, Role.KEEPER, village.id(), village.path(), null, "127.0.0.1");
    }

    public Household h(int i) {
        return households.get(i);
    }

    public String number(int i) {
        return households.get(i).passbookNumber();
    }

    public long v() {
        return village.id();
    }

    public void earn(int i, long points) {
        ledger.post(admin, PostingRequest.earn(v(), h(i).id(), points, "预存", UUID.randomUUID().toString()));
    }

    public long balance(int i) {
        return ledger.balance(v(), h(i).id());
    }

    /** A product with a price and a purchased stock (0: none). */
    public Product product(String name, int points, int stock, String referenceYuan) {
        Product p = goods.create(admin, v(), supermarketId, new Goods.ProductDraft(name, "件", "日用品", 2, points,
                referenceYuan == null ? null : new BigDecimal(referenceYuan)));
        if (stock > 0) {
            goods.purchase(keeper, v(), p.id(), stock, new BigDecimal("1.00").multiply(BigDecimal.valueOf(stock)),
                    "供销社", fund.id(), null);
        }
        return p;
    }

    public int stock(long productId) {
        return goods.product(admin, v(), productId).stock();
    }

    public static String key() {
        return UUID.randomUUID().toString();
    }

    public static List<Redemptions.Item> items(Object... pairs) {
        List<Redemptions.Item> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(new Redemptions.Item(((Number) pairs[i]).longValue(), (Integer) pairs[i + 1]));
        }
        return out;
    }

    /** The beans a fixture needs. */
    public record Beans(OrgUnits orgUnits, Households households, Users users, Supermarkets supermarkets, Goods goods,
                 Funds funds, RedemptionWindows windows, Ledger ledger) { }
}
