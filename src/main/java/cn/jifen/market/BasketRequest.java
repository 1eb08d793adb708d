package cn.jifen.market;

import cn.jifen.market.internal.BasketPricer;
import cn.jifen.shared.Between;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.math.BigDecimal;
import java.util.List;

/**
 * A basket as the counter confirms it (with the cash a household short of points pays, where the village allows it)
 * or a villager reserves it (no cash): one request type for both ways to the goods, so a line is refused alike on both. Its constraints are checked after the caller's access check: not empty, at most
 * {@link BasketPricer#MAX_LINES} lines, each naming a product and a quantity from 1 to
 * {@link BasketPricer#MAX_LINE_QUANTITY} ({@link Redemptions.Item}). What needs the whole basket (a product's lines
 * together over the limit) or the database (offered, priced) is checked when it is merged and priced.
 */
public record BasketRequest(@NotEmpty(message = "{error.market.emptyBasket}")
                            @Between(min = 0, max = BasketPricer.MAX_LINES, message = "{error.market.basketTooLarge}")
                            @Valid List<Redemptions.Item> items,
                            @Yuan(zeroIsNone = true) BigDecimal cashYuan) {

    /** A basket without cash (a reservation). */
    public BasketRequest(List<Redemptions.Item> items) {
        this(items, null);
    }
}
