-- Verify that cannot be fooled by rows rolled back or removed (issue 11).
-- 1. Every passbook account's state (balance, score, entry count, last hash) is sealed: an HMAC under the
--    chain key, which is kept outside the database. A row set back to values computed from the remaining
--    entries lacks a matching seal.
-- 2. Every passbook leg gets a place in its village's sequence (village_seq, from 1), and the village keeps
--    the head of a hash chain over those entries (ledger_village), sealed too. Deleting a household's
--    account with all its entries, or the newest postings of a village, leaves a gap or a head that the
--    remaining entries do not reproduce.
-- The seals and the village chain need the key, so they are written by the application: at start-up,
-- LedgerSealing verifies the chains of every village not sealed yet and only then seals it (see
-- docs/verification.md). Existing rows keep seal / village_seq NULL until then.
ALTER TABLE ledger_account ADD COLUMN score BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ledger_account ADD COLUMN seal VARCHAR(64);
ALTER TABLE ledger_entry ADD COLUMN village_seq BIGINT;
ALTER TABLE ledger_entry ADD CONSTRAINT uq_ledger_entry_village_seq UNIQUE (village_id, village_seq);

CREATE TABLE ledger_village (
    village_id  BIGINT      NOT NULL,
    entry_count BIGINT      NOT NULL DEFAULT 0,   -- postings (passbook legs) in the village's chain
    head_hash   VARCHAR(64) NOT NULL,             -- the village chain's head after entry_count entries
    seal        VARCHAR(64) NOT NULL,             -- HMAC of (village, entry_count, head_hash) under the chain key
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_ledger_village PRIMARY KEY (village_id)
);
