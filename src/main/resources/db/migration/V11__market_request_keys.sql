-- Stock purchases, donations and fund contributions carry a request key (a form's one-time key, or the
-- API's Idempotency-Key): a double submit or a retried request books the goods or the money once.
CREATE TABLE market_request (
    village_id     BIGINT      NOT NULL,
    request_key    VARCHAR(80) NOT NULL,
    movement_id    BIGINT,
    fund_entry_id  BIGINT,
    CONSTRAINT pk_market_request PRIMARY KEY (village_id, request_key)
);
