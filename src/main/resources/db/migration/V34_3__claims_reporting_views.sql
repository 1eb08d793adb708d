-- The claims module's published reporting interface (docs/architecture/reporting-views.md#claims):
-- what statistics count (claims recorded and posted, their events, objections, appeals, activity
-- attendance) and how honours find a posting's rule item (claim_v.posting_id). Plain projections.

CREATE VIEW claim_v AS
SELECT village_id, id, household_id, resident_id, item_id, item_code, points, occurred_on, note, status,
       self_declared, recorded_by_name, recorded_at, decided_by_name, decided_at, decision_reason, posting_id,
       posted_at
FROM claim;

CREATE VIEW claim_event_v AS
SELECT village_id, id, claim_id, at, action, from_status, to_status
FROM claim_event;

CREATE VIEW claim_objection_v AS
SELECT village_id, id, claim_id, raised_at, status
FROM claim_objection;

CREATE VIEW claim_appeal_v AS
SELECT village_id, id, claim_id, raised_at, status
FROM claim_appeal;

CREATE VIEW activity_v AS
SELECT village_id, id, starts_at, status
FROM activity;

CREATE VIEW activity_signup_v AS
SELECT village_id, activity_id, resident_id, household_id, checked_in_at, claim_id
FROM activity_signup;
