-- The points ledger. Double entry: every posting is a set of legs (rows of ledger_entry) whose
-- amounts sum to zero. Leg 0 is the household's passbook leg and carries the posting's fields,
-- its place in the household's hash chain and the running balance; legs 1.. are the village's
-- system accounts (issued, redeemed, forfeited). Append-only: the application never updates or
-- deletes an entry. Only passbook accounts are locked and cached, so postings of one village do
-- not queue on a shared row; system-account balances are sums of their legs.

CREATE TABLE ledger_account (
    village_id   BIGINT      NOT NULL,
    id           UUID        NOT NULL,          -- deterministic: name-based on (village, kind, household)
    kind         VARCHAR(16) NOT NULL,          -- PASSBOOK, ISSUED, REDEEMED, FORFEITED
    household_id BIGINT,
    balance      BIGINT      NOT NULL DEFAULT 0, -- PASSBOOK: cached available balance, = sum of its legs
    entry_count  BIGINT      NOT NULL DEFAULT 0, -- PASSBOOK: length of its hash chain
    last_hash    VARCHAR(64) NOT NULL,           -- PASSBOOK: hash of its last entry (genesis when empty)
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_ledger_account PRIMARY KEY (village_id, id),
    CONSTRAINT uq_ledger_account_household UNIQUE (village_id, household_id),
    CONSTRAINT ck_ledger_account_kind CHECK (kind IN ('PASSBOOK', 'ISSUED', 'REDEEMED', 'FORFEITED')),
    CONSTRAINT ck_ledger_account_balance CHECK (kind <> 'PASSBOOK' OR balance >= 0)
);

CREATE TABLE ledger_entry (
    village_id          BIGINT      NOT NULL,
    id                  UUID        NOT NULL,
    posting_id          UUID        NOT NULL,
    leg_no              SMALLINT    NOT NULL,  -- 0: passbook leg; 1..: system legs
    account_id          UUID        NOT NULL,
    household_id        BIGINT,                -- passbook legs
    amount              BIGINT      NOT NULL,  -- effect on the account's available balance
    score_delta         BIGINT      NOT NULL DEFAULT 0, -- effect on the household's score (passbook legs)
    balance_after       BIGINT,                -- passbook legs: running balance
    seq                 BIGINT,                -- passbook legs: position in the account's chain, from 1
    kind                VARCHAR(16) NOT NULL,  -- EARN, DEDUCT, VETO, REDEEM, CANCEL, EXPIRE, CORRECT
    posted_on           DATE        NOT NULL,  -- the county's calendar date of the posting
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    resident_id         BIGINT,
    source_type         VARCHAR(32),
    source_ref          VARCHAR(64),
    item_label          VARCHAR(200),
    reverses_posting_id UUID,
    actor_id            BIGINT,
    actor_name          VARCHAR(64) NOT NULL,
    reason              VARCHAR(500),
    idempotency_key     VARCHAR(120),
    request_hash        VARCHAR(64),
    prev_hash           VARCHAR(64),
    hash                VARCHAR(64),
    CONSTRAINT pk_ledger_entry PRIMARY KEY (village_id, id),
    CONSTRAINT uq_ledger_entry_idempotency UNIQUE (village_id, idempotency_key),
    CONSTRAINT uq_ledger_entry_chain UNIQUE (village_id, account_id, seq),
    CONSTRAINT uq_ledger_entry_leg UNIQUE (village_id, posting_id, leg_no),
    CONSTRAINT fk_ledger_entry_account FOREIGN KEY (village_id, account_id) REFERENCES ledger_account (village_id, id),
    CONSTRAINT ck_ledger_entry_kind CHECK (kind IN ('EARN', 'DEDUCT', 'VETO', 'REDEEM', 'CANCEL', 'EXPIRE', 'CORRECT'))
);
CREATE INDEX ix_ledger_entry_household ON ledger_entry (village_id, household_id, posted_on);
CREATE INDEX ix_ledger_entry_village_date ON ledger_entry (village_id, posted_on);
CREATE INDEX ix_ledger_entry_reverses ON ledger_entry (village_id, reverses_posting_id);

-- A veto makes the household (or one resident) ineligible for that year's honours.
CREATE TABLE ledger_veto (
    village_id   BIGINT  NOT NULL,
    household_id BIGINT  NOT NULL,
    veto_year    INT     NOT NULL,
    posting_id   UUID    NOT NULL,
    resident_id  BIGINT,
    CONSTRAINT pk_ledger_veto PRIMARY KEY (village_id, posting_id)
);
CREATE INDEX ix_ledger_veto_household ON ledger_veto (village_id, household_id, veto_year);
