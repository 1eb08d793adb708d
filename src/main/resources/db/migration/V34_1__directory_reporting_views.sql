-- The directory's published reporting interface (docs/architecture/reporting-views.md#directory).
-- Statistics, rankings, honours, the notice board and account lists read org units, households,
-- residents and passbooks through these views; writes and row locks go through the directory's
-- Java API. Plain projections of one table each, so readers' predicates use the tables' indexes.
-- Deliberately absent: identity-card fields, phones, birth years and genders of residents.

CREATE VIEW org_unit_v AS
SELECT id, code, name, level, parent_id, path, active
FROM org_unit;

CREATE VIEW household_v AS
SELECT village_id, id, household_ref, grid_id, address, low_income, status, created_at
FROM household;

CREATE VIEW resident_v AS
SELECT village_id, id, household_id, name, is_head, party_member, party_branch, status, created_at
FROM resident;

CREATE VIEW passbook_v AS
SELECT village_id, household_id, number, issued_on
FROM passbook;
