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
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * When the county's points policy says a veto does not block redemption (0 months), a vetoed household may
 * still spend what it earns after the veto. The demo county's policy is changed for the test and put back.
 */
@IntegrationTest
class MarketVetoSettingTest extends Db {
    @Autowired CountyPolicies policies;
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
    void aVetoedHouseholdMayRedeemWhenTheCountysPolicyDoesNotBlock() {
        MarketFixture f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds,
                windows, ledger), 1);
        f.earn(0, 50);
        ledger.post(f.admin, PostingRequest.of(f.v(), f.h(0).id(), PostingKind.VETO, 0, "违法违纪", key()).withReason("测试否决"));
        f.earn(0, 30);
        Product p = f.product("香皂", 10, 5, null);

        Actor countyAdmin = Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow());
        CountyPolicy before = policies.of(f.village);
        Redemptions.Customer c;
        Redemption r;
        policies.update(countyAdmin, draft(before, 0, "测试：否决不暂停兑换"));
        try {
            c = redemptions.lookup(f.keeper, f.v(), f.supermarketId, f.number(0));
            r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(p.id(), 2), key());
        } finally {
            policies.update(countyAdmin, draft(before, before.vetoBlockMonths(), "测试结束，恢复"));
        }

        assertThat(c.vetoed()).isTrue();
        assertThat(c.open()).isTrue();
        assertThat(r.points()).isEqualTo(20);
        assertThat(f.balance(0)).isEqualTo(10);
        assertThat(c.blockedUntil()).isNull();
    }

    private static CountyPolicies.Draft draft(CountyPolicy p, int months, String reason) {
        return new CountyPolicies.Draft(p.basePoints(), p.expiryText(), months, p.closedThrough(), p.localAdjustPercent(),
                reason);
    }
}
