-- The household's market row (which every redemption and reservation of a household locks first) also says
-- whether the household may have points held by online reservations. A reservation sets it under that lock; a
-- counter redemption reads it in the same statement that takes the lock, and sums the holds only when it is set
-- (most households never reserve), then clears it once no hold is left.
ALTER TABLE market_household ADD COLUMN holds BOOLEAN DEFAULT FALSE NOT NULL;

UPDATE market_household SET holds = TRUE
 WHERE EXISTS (SELECT 1 FROM reservation r
                WHERE r.household_village_id = market_household.village_id
                  AND r.household_id = market_household.household_id AND r.status = 'HELD');
