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
 * Reporting interface: the read-only views {@code supermarket_v}, {@code product_v} and {@code stock_movement_v}
 * (migration V34_4, docs/architecture/reporting-views.md), read by statistics.
 * <p>
 * Invariants: no overdraft (the ledger checks the balance under the passbook's row lock, in the redemption's
 * transaction, after the household's market row lock that makes reservation holds count), no oversold stock (each
 * product row locked in id order and the stock checked under the lock), no double redemption and idempotent request
 * keys (a repeated key returns the first result and posts nothing; a key reused for another basket is refused), a
 * product's cached stock always equals the sum of its applied movements, and the counter and reservations price a
 * basket with the one {@code BasketPricer}.
 * <p>
 * Published API (this package): the facades {@link cn.jifen.market.Supermarkets}, {@link cn.jifen.market.Goods},
 * {@link cn.jifen.market.Funds}, {@link cn.jifen.market.RedemptionWindows}, {@link cn.jifen.market.Redemptions},
 * {@link cn.jifen.market.Reservations}, {@link cn.jifen.market.SupermarketAdmin} and
 * {@link cn.jifen.market.MarketFigures}; their value records ({@code Product}, {@code Price}, {@code Photo},
 * {@code Movement}, {@code Fund}, {@code FundEntry}, {@code Donor}, {@code RedemptionWindow}, {@code Redemption},
 * {@code Reservation}); and the events {@link cn.jifen.market.LowStock}, {@link cn.jifen.market.ReservationReady},
 * {@link cn.jifen.market.ReservationEndingSoon} and {@link cn.jifen.market.RedemptionDayComing}.
 * <p>
 * Everything else is in {@code cn.jifen.market.internal}: one SQL class per aggregate ({@code SupermarketSql},
 * {@code StandardCheckSql}, {@code ProductSql}, {@code MovementSql}, {@code FundSql}, {@code WindowSql},
 * {@code RedemptionSql}, {@code ReservationSql}), the stock ledger behind {@code Goods} ({@code StockBook}), the
 * basket pricer, the redemption's ledger references, the exports and receipts, and the web layer (pages and JSON
 * controllers). Other modules must not use it (ModuleBoundariesTest).
 */
@ApplicationModule(displayName = "积分超市 market",
        allowedDependencies = {"audit", "claims", "directory", "documents", "identity", "ledger", "rules", "shared",
                "web"})
package cn.jifen.market;

import org.springframework.modulith.ApplicationModule;
