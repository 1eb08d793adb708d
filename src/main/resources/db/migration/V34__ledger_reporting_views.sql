-- The ledger's published reporting interface (docs/architecture/reporting-views.md#ledger).
-- Other modules' reporting reads (statistics, rankings, honours, certificates) name these views,
-- never ledger_entry or ledger_veto, so the ledger may change its tables behind them.
-- Plain projections: no join, no aggregation, so a reader's predicates reach the ledger's indexes
-- (ix_ledger_entry_scores, ix_ledger_entry_household, ix_ledger_entry_reverses) as before.

-- One row per posting: its passbook leg (leg 0), which carries the posting's fields, the household's
-- effect on its available balance (amount) and on its score (score_delta), and the running balance.
-- The system legs (1..) are the ledger's own business and are not shown.
CREATE VIEW ledger_posting_v AS
SELECT village_id, id, posting_id, household_id, resident_id, kind, posted_on, created_at, amount, score_delta,
       balance_after, item_label, reason, actor_name, source_type, source_ref, reverses_posting_id
FROM ledger_entry
WHERE leg_no = 0;

-- The veto markers: a veto (一票否决) makes the household, or one resident, ineligible for that
-- year's honours unless its posting was reversed (a ledger_posting_v row names it in reverses_posting_id).
CREATE VIEW ledger_veto_v AS
SELECT village_id, household_id, resident_id, veto_year, posting_id
FROM ledger_veto;
