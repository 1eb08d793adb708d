-- The rule catalogue's published reporting interface (docs/architecture/reporting-views.md#rules):
-- the categories and the items' category, for rankings and certificates by category, and each item version's
-- name (the label a claim was recorded under).
-- Plain projections of the reference tables.

CREATE VIEW rule_category_v AS
SELECT id, code, name, sort_order
FROM rule_category;

CREATE VIEW rule_item_v AS
SELECT id, code, category_id
FROM rule_item;

CREATE VIEW rule_item_version_v AS
SELECT item_id, version, name
FROM rule_item_version;
