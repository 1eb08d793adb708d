package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The counter is the keeper's home: it says what was redeemed today and which goods run low. */
@IntegrationTest
class CounterDayTest extends Db {
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

    private MarketFixture fixture(int households) {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, this.households, users, supermarkets, goods, funds,
                windows, ledger), households);
    }

    private String counter(MarketFixture f) throws Exception {
        MockHttpSession s = new MockHttpSession();
        MvcResult in = mvc.perform(post("/login").with(csrf()).session(s)
                .param("username", f.keeper.username()).param("password", "Keeper-pass-2026")).andReturn();
        assertThat(in.getResponse().getStatus()).isEqualTo(302);
        MvcResult r = mvc.perform(get("/console/market/" + f.v() + "/" + f.supermarketId + "/counter").session(s))
                .andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void theCounterCountsTodaysRedemptionsAndTheirPointsButNotCancelledOnes() throws Exception {
        MarketFixture f = fixture(3);
        Product rice = f.product("大米", 30, 20, null);
        for (int i = 0; i < 3; i++) {
            f.earn(i, 100);
        }
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(rice.id(), 1), key());
        redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(1), items(rice.id(), 2), key());
        Redemption cancelled = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(2), items(rice.id(), 3), key());
        redemptions.cancel(f.admin, f.v(), cancelled.id(), "录错了");

        assertThat(counter(f)).contains("今天已兑换 2 笔，共 90 分");
    }

    @Test
    void aNewSupermarketsCounterSaysNothingWasRedeemedAndNothingRunsLow() throws Exception {
        MarketFixture f = fixture(1);
        f.product("香皂", 5, 10, null);

        String html = counter(f);

        assertThat(html).contains("今天已兑换 0 笔，共 0 分").doesNotContain("id=\"mk-low-stock\"");
    }

    @Test
    void theCounterNamesTheGoodsAtOrBelowTheirLowStockMark() throws Exception {
        MarketFixture f = fixture(1);
        f.product("香皂", 5, 10, null);
        f.product("酱油", 8, 2, null); // the fixture's low-stock mark is 2

        String html = counter(f);

        assertThat(html).contains("id=\"mk-low-stock\"");
        String low = html.substring(html.indexOf("id=\"mk-low-stock\""), html.indexOf("id=\"mk-find\""));
        assertThat(low).contains("酱油（剩 2 件）").doesNotContain("香皂").contains("/stock");
    }
}
