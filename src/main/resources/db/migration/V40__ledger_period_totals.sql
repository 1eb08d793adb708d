-- Period totals (issue #17): per household, per resident and per village, the sums of each month's passbook
-- legs, so rankings, the notice board, stars and dashboards add up a few rows per household and month instead
-- of scanning ledger_entry. Kept by the ledger in the same transaction as each posting (one MERGE per posting
-- transaction, all its rows at once; a batch award merges every household it touched), and checked against the
-- raw legs by verify (docs/verification.md): a total that disagrees with the entries is reported as a break.
-- Rows are derived data, never the record: they carry no seal; the entries remain the truth.
--
-- A row is one (village, household, resident, month, kind, item label):
--   household_id > 0, resident_id = 0   the household's month (every posting of the household; kind, label '')
--   household_id > 0, resident_id > 0   the postings of the household that name that resident (kind, label '')
--   household_id = 0, resident_id = 0   the whole village's postings of the month of one kind and item label
--                                       (dashboards: figures by kind, by item and category)
-- Village-owned: the key begins with village_id (Citus distributes by it).
CREATE TABLE ledger_period_total (
    village_id     BIGINT NOT NULL,
    household_id   BIGINT NOT NULL,              -- 0: the village row
    resident_id    BIGINT NOT NULL,              -- 0: the household (or village) row
    month_start    DATE   NOT NULL,              -- first day of the county-calendar month of posted_on
    kind           VARCHAR(16)  NOT NULL DEFAULT '',  -- village rows: the postings' kind; '' otherwise
    item_label     VARCHAR(200) NOT NULL DEFAULT '',  -- village rows: the postings' item label ('' if none); '' otherwise
    postings       BIGINT NOT NULL DEFAULT 0,    -- passbook legs (postings)
    score          BIGINT NOT NULL DEFAULT 0,    -- Σ score_delta (累计积分 change)
    amount         BIGINT NOT NULL DEFAULT 0,    -- Σ amount (available balance change)
    score_plus     BIGINT NOT NULL DEFAULT 0,    -- Σ score_delta of the legs raising the score
    score_minus    BIGINT NOT NULL DEFAULT 0,    -- Σ -score_delta of the legs lowering it (a positive number)
    earned         BIGINT NOT NULL DEFAULT 0,    -- EARN: Σ amount
    deducted       BIGINT NOT NULL DEFAULT 0,    -- DEDUCT: Σ -amount (taken from the balance)
    score_deducted BIGINT NOT NULL DEFAULT 0,    -- DEDUCT: Σ -score_delta (taken from the score)
    forfeited      BIGINT NOT NULL DEFAULT 0,    -- VETO: Σ -amount
    expired        BIGINT NOT NULL DEFAULT 0,    -- EXPIRE: Σ -amount
    redeemed       BIGINT NOT NULL DEFAULT 0,    -- REDEEM and CANCEL: Σ -amount (a cancellation gives back)
    corrected      BIGINT NOT NULL DEFAULT 0,    -- CORRECT: Σ amount
    vetoes         BIGINT NOT NULL DEFAULT 0,    -- VETO postings
    redemptions    BIGINT NOT NULL DEFAULT 0,    -- REDEEM postings
    cancellations  BIGINT NOT NULL DEFAULT 0,    -- CANCEL postings
    earn_not_policy BIGINT NOT NULL DEFAULT 0,   -- EARN postings not made by the county's points policy (基础分):
                                                 -- the good deeds statistics count (less those of activity sign-ups)
    CONSTRAINT pk_ledger_period_total PRIMARY KEY (village_id, household_id, resident_id, month_start, kind, item_label)
);
-- Rankings and the board: every household (or resident) of a village over a range of months, with its score,
-- from the index alone. (Dashboards read the village rows through the primary key: village_id, household_id 0.)
CREATE INDEX ix_ledger_period_total_month ON ledger_period_total (village_id, resident_id, month_start, household_id, score);

-- Existing postings: the same sums from the passbook legs (leg 0).
INSERT INTO ledger_period_total (village_id, household_id, resident_id, month_start, postings, score, amount, score_plus,
    score_minus, earned, deducted, score_deducted, forfeited, expired, redeemed, corrected, vetoes, redemptions, cancellations,
    earn_not_policy)
SELECT village_id, household_id, 0, CAST(DATE_TRUNC('MONTH', posted_on) AS DATE), COUNT(*), SUM(score_delta), SUM(amount),
       SUM(CASE WHEN score_delta > 0 THEN score_delta ELSE 0 END), SUM(CASE WHEN score_delta < 0 THEN -score_delta ELSE 0 END),
       SUM(CASE WHEN kind = 'EARN' THEN amount ELSE 0 END), SUM(CASE WHEN kind = 'DEDUCT' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind = 'DEDUCT' THEN -score_delta ELSE 0 END), SUM(CASE WHEN kind = 'VETO' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind = 'EXPIRE' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind IN ('REDEEM', 'CANCEL') THEN -amount ELSE 0 END), SUM(CASE WHEN kind = 'CORRECT' THEN amount ELSE 0 END),
       SUM(CASE WHEN kind = 'VETO' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'REDEEM' THEN 1 ELSE 0 END),
       SUM(CASE WHEN kind = 'CANCEL' THEN 1 ELSE 0 END),
       SUM(CASE WHEN kind = 'EARN' AND (source_type IS NULL OR source_type <> 'policy') THEN 1 ELSE 0 END)
FROM ledger_entry WHERE leg_no = 0
GROUP BY village_id, household_id, CAST(DATE_TRUNC('MONTH', posted_on) AS DATE);

INSERT INTO ledger_period_total (village_id, household_id, resident_id, month_start, postings, score, amount, score_plus,
    score_minus, earned, deducted, score_deducted, forfeited, expired, redeemed, corrected, vetoes, redemptions, cancellations,
    earn_not_policy)
SELECT village_id, household_id, resident_id, CAST(DATE_TRUNC('MONTH', posted_on) AS DATE), COUNT(*), SUM(score_delta),
       SUM(amount),
       SUM(CASE WHEN score_delta > 0 THEN score_delta ELSE 0 END), SUM(CASE WHEN score_delta < 0 THEN -score_delta ELSE 0 END),
       SUM(CASE WHEN kind = 'EARN' THEN amount ELSE 0 END), SUM(CASE WHEN kind = 'DEDUCT' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind = 'DEDUCT' THEN -score_delta ELSE 0 END), SUM(CASE WHEN kind = 'VETO' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind = 'EXPIRE' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind IN ('REDEEM', 'CANCEL') THEN -amount ELSE 0 END), SUM(CASE WHEN kind = 'CORRECT' THEN amount ELSE 0 END),
       SUM(CASE WHEN kind = 'VETO' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'REDEEM' THEN 1 ELSE 0 END),
       SUM(CASE WHEN kind = 'CANCEL' THEN 1 ELSE 0 END),
       SUM(CASE WHEN kind = 'EARN' AND (source_type IS NULL OR source_type <> 'policy') THEN 1 ELSE 0 END)
FROM ledger_entry WHERE leg_no = 0 AND resident_id IS NOT NULL
GROUP BY village_id, household_id, resident_id, CAST(DATE_TRUNC('MONTH', posted_on) AS DATE);

INSERT INTO ledger_period_total (village_id, household_id, resident_id, month_start, kind, item_label, postings, score,
    amount, score_plus, score_minus, earned, deducted, score_deducted, forfeited, expired, redeemed, corrected, vetoes,
    redemptions, cancellations, earn_not_policy)
SELECT village_id, 0, 0, CAST(DATE_TRUNC('MONTH', posted_on) AS DATE), kind, COALESCE(item_label, ''), COUNT(*),
       SUM(score_delta), SUM(amount),
       SUM(CASE WHEN score_delta > 0 THEN score_delta ELSE 0 END), SUM(CASE WHEN score_delta < 0 THEN -score_delta ELSE 0 END),
       SUM(CASE WHEN kind = 'EARN' THEN amount ELSE 0 END), SUM(CASE WHEN kind = 'DEDUCT' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind = 'DEDUCT' THEN -score_delta ELSE 0 END), SUM(CASE WHEN kind = 'VETO' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind = 'EXPIRE' THEN -amount ELSE 0 END),
       SUM(CASE WHEN kind IN ('REDEEM', 'CANCEL') THEN -amount ELSE 0 END), SUM(CASE WHEN kind = 'CORRECT' THEN amount ELSE 0 END),
       SUM(CASE WHEN kind = 'VETO' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'REDEEM' THEN 1 ELSE 0 END),
       SUM(CASE WHEN kind = 'CANCEL' THEN 1 ELSE 0 END),
       SUM(CASE WHEN kind = 'EARN' AND (source_type IS NULL OR source_type <> 'policy') THEN 1 ELSE 0 END)
FROM ledger_entry WHERE leg_no = 0
GROUP BY village_id, CAST(DATE_TRUNC('MONTH', posted_on) AS DATE), kind, COALESCE(item_label, '');

-- The published reading of the totals (docs/architecture/reporting-views.md#ledger): readers name this view.
CREATE VIEW ledger_period_total_v AS
SELECT village_id, household_id, resident_id, month_start, kind, item_label, postings, score, amount, score_plus,
       score_minus, earned, deducted, score_deducted, forfeited, expired, redeemed, corrected, vetoes, redemptions,
       cancellations, earn_not_policy
FROM ledger_period_total;
