-- The rule catalogue's published reporting interface (docs/architecture/reporting-views.md#rules):
-- the categories and the items' category, for rankings and certificates by category.
-- Plain projections of the reference tables.

CREATE VIEW rule_category_v AS
SELECT id, code, name, sort_order
FROM rule_category;

CREATE VIEW rule_item_v AS
SELECT id, code, category_id
FROM rule_item;
