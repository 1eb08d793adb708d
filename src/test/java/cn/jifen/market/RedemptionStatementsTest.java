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
import cn.jifen.support.TestDatabase;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

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

    /**
     * Issue #17's goal for a one-product counter redemption, counted from the bearer token to the response: the
     * statements before the transaction and inside it (the ledger posting included). Met on PostgreSQL, not on H2:
     * see REACHED_POSTGRES and REACHED_H2.
     */
    static final long GOAL = 12;

    /**
     * What the counter sends now on PostgreSQL (34 before issue #17's work, 20 before the request key was written at
     * commit and the ledger's key and veto reads joined its lock, 17 before the posting's and the sale's writes were
     * joined), so it cannot grow back: 7 of its own (token and account, passbook holder, basket priced, household
     * lock, the sale in one statement — stock taken, redemption, line and movement as data-modifying CTEs — audit,
     * request key written DONE), 3 of the ledger's posting (the passbook locked with its key and latest veto read,
     * the village head locked, one statement writing the two legs, the moved head, the account and the month totals)
     * and the event publication row that hands the posting to notifications after the commit (1).
     */
    static final long REACHED_POSTGRES = 11;

    /**
     * H2 has no data-modifying CTE (nor {@code RETURNING} inside one), so it writes the sale (stock, redemption,
     * line, movement) and the posting (village head, legs, account, month totals) one statement each: 6 more.
     */
    static final long REACHED_H2 = 17;

    static final long REACHED = TestDatabase.postgres() ? REACHED_POSTGRES : REACHED_H2;

    @Autowired MockMvc mvc;
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

    @Test
    void aOneProductCounterRedemptionFromTokenToResponseSendsNoMoreStatementsThanReached() throws Exception {
        MarketFixture f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods,
                funds, windows, ledger), 2);
        Product soap = f.product("香皂", 5, 10, null);
        f.earn(0, 100);
        f.earn(1, 100);
        String token = token(f);
        // the first redemption warms what the counter keeps per village; the second is the one counted
        assertThat(redeem(token, f, 1, soap, "warm-1").getResponse().getStatus()).isEqualTo(201);

        MvcResult[] counted = new MvcResult[1];
        List<String> statements = StatementCounter.record(() -> counted[0] = redeem(token, f, 0, soap, "counted-1"));

        System.out.println("statements per one-product counter redemption over HTTP: " + statements.size());
        statements.forEach(q -> System.out.println("  " + q));
        assertThat(counted[0].getResponse().getStatus()).isEqualTo(201);
        assertThat((Integer) JsonPath.read(counted[0].getResponse().getContentAsString(StandardCharsets.UTF_8),
                "$.balanceAfter")).isEqualTo(95);
        System.out.println("goal " + GOAL + (statements.size() <= GOAL ? ": MET" : ": MISSED"));
        assertThat(statements).hasSizeBetween(1, (int) REACHED);
    }

    private String token(MarketFixture f) throws Exception {
        MvcResult r = mvc.perform(MockMvcRequestBuilders.post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + f.keeper.username() + "\",\"password\":\"Keeper-pass-2026\"}"))
                .andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        return JsonPath.read(r.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.token");
    }

    private MvcResult redeem(String token, MarketFixture f, int household, Product p, String key) {
        String basket = "{\"passbookNumber\":\"" + f.number(household) + "\",\"items\":[{\"productId\":" + p.id()
                + ",\"quantity\":1}]}";
        try {
            return mvc.perform(MockMvcRequestBuilders.post("/api/v1/supermarkets/" + f.v() + "/" + f.supermarketId
                            + "/redemptions").header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).content(basket.getBytes(StandardCharsets.UTF_8)))
                    .andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
