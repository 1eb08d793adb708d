-- The read-only views the claims module reads other modules' tables through: it names no table of the directory,
-- the rules or the ledger in its SQL (its claim lists show the item's label, the passbook number and the resident's
-- name; its due run and scope filters match org paths and grids; the party's star rating sums ledger legs by category).
-- Writes and row locks go through the owners' Java APIs (the household lock: Households.lockForUpdate).
--
-- rule_item_version_v is the rules module's view of its item versions (item, version, name). The other views are the
-- owners' published reporting views (docs/architecture/reporting-views.md, migrations V34..V34_2); they are declared
-- here with exactly the owners' columns and CREATE OR REPLACE, so this migration runs whether or not those did first.

CREATE VIEW rule_item_version_v AS
SELECT item_id, version, name
FROM rule_item_version;

CREATE OR REPLACE VIEW org_unit_v AS
SELECT id, code, name, level, parent_id, path, active
FROM org_unit;

CREATE OR REPLACE VIEW household_v AS
SELECT village_id, id, household_ref, grid_id, address, low_income, status, created_at
FROM household;

CREATE OR REPLACE VIEW resident_v AS
SELECT village_id, id, household_id, name, is_head, party_member, party_branch, status, created_at
FROM resident;

CREATE OR REPLACE VIEW passbook_v AS
SELECT village_id, household_id, number, issued_on
FROM passbook;

CREATE OR REPLACE VIEW rule_category_v AS
SELECT id, code, name, sort_order
FROM rule_category;

CREATE OR REPLACE VIEW rule_item_v AS
SELECT id, code, category_id
FROM rule_item;

CREATE OR REPLACE VIEW ledger_posting_v AS
SELECT village_id, id, posting_id, household_id, resident_id, kind, posted_on, created_at, amount, score_delta,
       balance_after, item_label, reason, actor_name, source_type, source_ref, reverses_posting_id
FROM ledger_entry
WHERE leg_no = 0;
