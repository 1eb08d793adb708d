-- The villages the first start after the V13 upgrade has to seal (LedgerSealing). They are listed before the
-- first is sealed, and each row is deleted in the transaction that seals its village, so a start that stopped
-- part way (killed, power cut) is resumed by the next start instead of leaving the rest unsealed for ever.
-- A village whose head goes missing later is not listed, and is reported by verify, never resealed.
CREATE TABLE ledger_sealing_plan (
    village_id BIGINT                   NOT NULL,
    listed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_ledger_sealing_plan PRIMARY KEY (village_id)
);

-- An installation whose first start after V13 stopped part way before this table existed: the villages it did
-- not reach (passbook accounts, no head, and no entry numbered in a village chain yet) are listed now.
INSERT INTO ledger_sealing_plan (village_id, listed_at)
SELECT DISTINCT a.village_id, CURRENT_TIMESTAMP FROM ledger_account a
WHERE a.kind = 'PASSBOOK'
  AND NOT EXISTS (SELECT 1 FROM ledger_village v WHERE v.village_id = a.village_id)
  AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.village_id = a.village_id AND e.village_seq IS NOT NULL);
