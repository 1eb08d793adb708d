-- Purchases and donations carry a request key (a form's one-time key, or the API's Idempotency-Key):
-- a double submit or a retried request books the goods (and debits the fund) once.
CREATE TABLE stock_request (
    village_id   BIGINT      NOT NULL,
    request_key  VARCHAR(80) NOT NULL,
    movement_id  BIGINT,
    CONSTRAINT pk_stock_request PRIMARY KEY (village_id, request_key)
);
