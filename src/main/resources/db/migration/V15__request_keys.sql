-- One table for every write that takes a request key (the API's Idempotency-Key, a form's one-time key):
-- the ledger's postings, redemptions, reservations, stock purchases and donations, fund contributions.
-- A key is scoped to a village. The row is claimed (IN_FLIGHT) in its own short transaction before the
-- write and marked DONE with the write's result inside the write's own transaction, so a replay finds the
-- first result, a different payload is refused, and a twin arriving meanwhile is told to retry.
CREATE TABLE request_key (
    village_id    BIGINT       NOT NULL,
    request_key   VARCHAR(120) NOT NULL,
    operation     VARCHAR(40)  NOT NULL,
    payload_hash  VARCHAR(64),
    state         VARCHAR(12)  NOT NULL,
    claim_token   VARCHAR(36)  NOT NULL,
    result_ref    VARCHAR(80),
    claimed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_request_key PRIMARY KEY (village_id, request_key),
    CONSTRAINT ck_request_key_state CHECK (state IN ('IN_FLIGHT', 'DONE'))
);

-- Keys of stock and fund bookings made before: their payload was never recorded (NULL: a replay of any
-- payload returns the first result, as it did).
INSERT INTO request_key (village_id, request_key, operation, payload_hash, state, claim_token, result_ref, claimed_at)
SELECT village_id, request_key,
       CASE WHEN movement_id IS NOT NULL THEN 'market.stock' ELSE 'market.fund' END,
       NULL, 'DONE', 'legacy',
       CASE WHEN movement_id IS NOT NULL THEN CAST(movement_id AS VARCHAR(20)) ELSE CAST(fund_entry_id AS VARCHAR(20)) END,
       CURRENT_TIMESTAMP
  FROM market_request
 WHERE movement_id IS NOT NULL OR fund_entry_id IS NOT NULL;

DROP TABLE market_request;
