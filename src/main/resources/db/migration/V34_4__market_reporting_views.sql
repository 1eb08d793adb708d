-- The market's published reporting interface (docs/architecture/reporting-views.md#market):
-- supermarkets and the stock ledger (库存台账) with its products, for statistics and exports.
-- Plain projections; funds, prices, baskets and redemptions stay the market's own.

CREATE VIEW supermarket_v AS
SELECT village_id, id, name, active, created_at
FROM supermarket;

CREATE VIEW product_v AS
SELECT village_id, id, supermarket_id, name, unit
FROM product;

CREATE VIEW stock_movement_v AS
SELECT village_id, id, supermarket_id, product_id, kind, quantity, status, stock_after, cost_cents, supplier, donor,
       reason, redemption_id, occurred_on, created_by, created_at, decided_by
FROM stock_movement;
