package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.StatementCounter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * What one redemption costs the database: the statements a one-product redemption prepares, counted on the test's
 * thread. The bound is the count measured before the market was split into counter, stock, funds and supermarkets,
 * so the split (and reading households through the directory's API) costs no round trip more.
 */
@IntegrationTest
@Import(StatementCounter.class)
class RedemptionStatementsTest extends Db {
    /** Measured on H2 and PostgreSQL before the split. */
    static final long BEFORE_SPLIT = 32;

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
    void aOneProductRedemptionSendsNoMoreStatementsThanBeforeTheSplit() {
        MarketFixture f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods,
                funds, windows, ledger), 2);
        Product soap = f.product("香皂", 5, 10, null);
        f.earn(0, 100);
        f.earn(1, 100);
        // the first redemption warms what is cached (county policy, org units); the second is the one counted
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(soap.id(), 1), key());

        long statements = StatementCounter.count(() ->
                redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(soap.id(), 1), key()));

        System.out.println("statements per one-product redemption: " + statements);
        assertThat(statements).isPositive().isLessThanOrEqualTo(BEFORE_SPLIT);
        assertThat(f.stock(soap.id())).isEqualTo(8);
    }
}
