/**
 * The points supermarket (积分超市): supermarkets and the 六有 checklist, their goods, stock ledger and funds,
 * redemption windows, the counter's redemptions and online reservations.
 * <p>
 * Owns the tables {@code supermarket}, {@code supermarket_village}, {@code keeper_assignment}, {@code market_setting},
 * {@code standard_check}, {@code product}, {@code product_price}, {@code stock_movement}, {@code fund},
 * {@code fund_entry}, {@code redemption_window}, {@code redemption}, {@code redemption_line}, {@code reservation},
 * {@code reservation_line} and {@code market_household}; it reads no other module's table (households and passbooks
 * through {@link cn.jifen.directory.Households}, accounts through {@link cn.jifen.identity.Users}, points through
 * {@link cn.jifen.ledger.Ledger}).
 * <p>
 * Invariants: no overdraft (the ledger checks the balance under the passbook's row lock, in the redemption's
 * transaction, after the household's market row lock that makes reservation holds count), no oversold stock (each
 * product row locked in id order and the stock checked under the lock), no double redemption and idempotent request
 * keys (a repeated key returns the first result and posts nothing), a product's cached stock always equals the sum
 * of its applied movements, and the counter and reservations price a basket with the one {@code BasketPricer}.
 * <p>
 * Published API: the facades {@link cn.jifen.market.Supermarkets}, {@link cn.jifen.market.Goods},
 * {@link cn.jifen.market.Funds}, {@link cn.jifen.market.RedemptionWindows}, {@link cn.jifen.market.Redemptions},
 * {@link cn.jifen.market.Reservations}, {@link cn.jifen.market.SupermarketAdmin} and
 * {@link cn.jifen.market.MarketFigures}, their records, and the events {@link cn.jifen.market.LowStock},
 * {@link cn.jifen.market.ReservationReady}, {@link cn.jifen.market.ReservationEndingSoon} and
 * {@link cn.jifen.market.RedemptionDayComing}.
 */
@ApplicationModule(displayName = "积分超市 market",
        allowedDependencies = {"audit", "claims", "directory", "documents", "identity", "ledger", "rules", "shared",
                "web"})
package cn.jifen.market;

import org.springframework.modulith.ApplicationModule;
