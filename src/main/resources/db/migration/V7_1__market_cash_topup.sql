-- Cash top-up (补差价): a village may let the counter take the points a household is short in yuan,
-- at the goods' reference price; the cash is credited to a CASH_TOPUP fund (fund_entry kind TOPUP).
ALTER TABLE market_setting ADD COLUMN allow_cash_topup BOOLEAN NOT NULL DEFAULT FALSE;
