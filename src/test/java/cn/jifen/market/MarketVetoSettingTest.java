package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** With jifen.market.veto-blocks-redemption=false a vetoed household may still spend what it earns after the veto. */
@IntegrationTest
@TestPropertySource(properties = "jifen.market.veto-blocks-redemption=false")
class MarketVetoSettingTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Redemptions redemptions;
    @Autowired Ledger ledger;

    @Test
    void aVetoedHouseholdMayRedeemWhenTheCountyTurnsTheBlockOff() {
        MarketFixture f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds,
                windows, ledger), 1);
        f.earn(0, 50);
        ledger.post(f.admin, PostingRequest.of(f.v(), f.h(0).id(), PostingKind.VETO, 0, "违法违纪", key()).withReason("测试否决"));
        f.earn(0, 30);
        Product p = f.product("香皂", 10, 5, null);

        Redemptions.Customer c = redemptions.lookup(f.keeper, f.v(), f.supermarketId, f.number(0));
        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 2), key());

        assertThat(c.vetoed()).isTrue();
        assertThat(c.open()).isTrue();
        assertThat(r.points()).isEqualTo(20);
        assertThat(f.balance(0)).isEqualTo(10);
    }
}
