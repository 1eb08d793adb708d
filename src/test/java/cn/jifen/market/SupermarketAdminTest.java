package cn.jifen.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Opening, setting up, closing and reopening supermarkets through {@link SupermarketAdmin}. */
@IntegrationTest
class SupermarketAdminTest extends Db {
    @Autowired SupermarketAdmin admin;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Ledger ledger;
    @Autowired Redemptions redemptions;
    @Autowired JdbcClient jdbc;

    private MarketFixture fixture() {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds, windows,
                ledger), 1);
    }

    private Actor townAdmin() {
        return Actors.of(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow());
    }

    @Test
    void aTownAdminOpensOneSupermarketForSeveralVillagesOfItsTownAndItIsAudited() {
        OrgUnit hh = orgUnits.byCode("441821100205").orElseThrow();

        SupermarketAdmin.Info i = admin.open(townAdmin(), "441821100206", "石角联合积分超市", "镇党群服务中心",
                List.of("441821100205", "441821100202"));

        assertThat(i.villageCode()).isEqualTo("441821100206");
        assertThat(i.active()).isTrue();
        assertThat(i.servesVillageCodes()).containsExactly("441821100202", "441821100205");
        assertThat(supermarkets.servingVillage(hh.id())).extracting(Supermarkets.Supermarket::id).contains(i.id());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'supermarket.open' AND target_id = :id")
                .param("id", String.valueOf(i.id())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSupermarketCannotServeAVillageOfAnotherTown() {
        Actor county = Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow());

        assertThatThrownBy(() -> admin.open(county, "441821100206", "跨镇超市", null, List.of("441821101201")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.market.servedOtherTown"));
    }

    @Test
    void renamingMovingAndReplacingTheServedVillagesKeepsWhatIsNotGiven() {
        SupermarketAdmin.Info i = admin.open(townAdmin(), "441821100206", "旧名称", "旧地址", List.of("441821100205"));

        SupermarketAdmin.Info renamed = admin.update(townAdmin(), i.id(), "新名称", null, null);
        SupermarketAdmin.Info moved = admin.update(townAdmin(), i.id(), null, "新地址", List.of("441821100202"));

        assertThat(renamed.name()).isEqualTo("新名称");
        assertThat(renamed.address()).isEqualTo("旧地址");
        assertThat(renamed.servesVillageCodes()).containsExactly("441821100205");
        assertThat(moved.name()).isEqualTo("新名称");
        assertThat(moved.address()).isEqualTo("新地址");
        assertThat(moved.servesVillageCodes()).containsExactly("441821100202");
    }

    @Test
    void aVillageAdminSavingItsSupermarketKeepsTheVillagesATownAdminLetItServe() {
        SupermarketAdmin.Info i = admin.open(townAdmin(), "441821100206", "镇联合超市", null, List.of("441821100205"));
        Actor villageAdmin = Actors.of(Role.VILLAGE_ADMIN, orgUnits.byCode("441821100206").orElseThrow());

        SupermarketAdmin.Info saved = admin.update(villageAdmin, i.id(), "改名后的联合超市", null, List.of());

        assertThat(saved.name()).isEqualTo("改名后的联合超市");
        assertThat(saved.servesVillageCodes()).containsExactly("441821100205");
    }

    @Test
    void aClosedSupermarketRefusesRedemptionsAndPurchasesUntilReopened() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product p = f.product("香皂", 5, 10, "3.50");

        SupermarketAdmin.Info closed = admin.close(f.admin, f.supermarketId, "装修一个月");

        assertThat(closed.active()).isFalse();
        assertThat(closed.statusReason()).isEqualTo("装修一个月");
        assertThatThrownBy(() -> redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0),
                MarketFixture.items(p.id(), 1), MarketFixture.key()))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.market.supermarketClosed"));
        assertThatThrownBy(() -> goods.purchase(f.keeper, f.v(), p.id(), 1, new BigDecimal("1.00"), "供销社",
                f.fund.id(), null))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.market.supermarketClosedStock"));
        assertThat(f.balance(0)).isEqualTo(100);
        assertThat(f.stock(p.id())).isEqualTo(10);

        admin.reopen(f.admin, f.supermarketId, "装修完毕");
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), MarketFixture.items(p.id(), 1), MarketFixture.key());
        assertThat(f.balance(0)).isEqualTo(95);
    }

    @Test
    void closingNeedsAReasonAndClosingTwiceIsAConflict() {
        MarketFixture f = fixture();

        assertThatThrownBy(() -> admin.close(f.admin, f.supermarketId, "  "))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).field()).isEqualTo("reason"));
        admin.close(f.admin, f.supermarketId, "合并到镇超市");
        assertThatThrownBy(() -> admin.close(f.admin, f.supermarketId, "再次停用"))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.market.alreadyClosed"));
    }

    @Test
    void aKeeperMayNotOpenOrCloseASupermarket() {
        MarketFixture f = fixture();

        assertThatThrownBy(() -> admin.close(f.keeper, f.supermarketId, "试试"))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> admin.open(f.keeper, f.village.code(), "管理员开的超市", null, List.of()))
                .isInstanceOf(Forbidden.class);
        assertThat(admin.get(f.admin, f.supermarketId).active()).isTrue();
    }
}
