package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.InvalidInput;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The counter and an online reservation price a basket with the one pricer, so they refuse a line alike. */
@IntegrationTest
class BasketPricingTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Redemptions redemptions;
    @Autowired Reservations reservations;
    @Autowired Ledger ledger;

    private MarketFixture fixture() {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds,
                windows, ledger), 1);
    }

    private InvalidInput.Problem atCounter(MarketFixture f, long productId) {
        return catchThrowableOfType(InvalidInput.class, () -> redemptions.redeem(f.keeper, f.v(), f.supermarketId,
                f.number(0), items(productId, 1), key())).problems().get(0);
    }

    private InvalidInput.Problem online(MarketFixture f, long productId) {
        return catchThrowableOfType(InvalidInput.class, () -> reservations.reserve(
                Actors.villager(f.village, f.h(0).id()), f.v(), f.supermarketId, items(productId, 1), key()))
                .problems().get(0);
    }

    @Test
    void aProductTakenOffTheShelfIsRefusedAsInactiveAtTheCounterAndOnlineAlike() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product off = f.product("旧货", 5, 10, null);
        goods.update(f.admin, f.v(), off.id(), "旧货", "件", null, 0, false);

        InvalidInput.Problem counter = atCounter(f, off.id());
        InvalidInput.Problem reservation = online(f, off.id());

        assertThat(counter.messageKey()).isEqualTo("error.market.productInactive");
        assertThat(reservation.messageKey()).isEqualTo(counter.messageKey());
        assertThat(reservation.field()).isEqualTo(counter.field()).isEqualTo("items[0].productId");
        assertThat(reservation.args()).containsExactly(counter.args()).containsExactly("旧货");
    }

    @Test
    void aProductOfNoSupermarketIsRefusedAsNotFoundAtTheCounterAndOnlineAlike() {
        MarketFixture f = fixture();
        f.earn(0, 100);

        InvalidInput.Problem counter = atCounter(f, 999_999_999L);
        InvalidInput.Problem reservation = online(f, 999_999_999L);

        assertThat(counter.messageKey()).isEqualTo("error.market.productNotFound");
        assertThat(reservation.messageKey()).isEqualTo(counter.messageKey());
        assertThat(reservation.field()).isEqualTo(counter.field());
    }
}
