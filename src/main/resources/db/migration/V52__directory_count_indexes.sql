-- Counts of the directory's records by village (issue #17): a county's dashboard counts its 10^5 passbooks and
-- households and 2·10^5 residents, registered by a day, through passbook_v, household_v and resident_v. These
-- indexes hold every column those counts read (the village, the day and the few flags), so PostgreSQL answers
-- them by index-only scans (once VACUUM has marked the pages all-visible) instead of reading the tables' rows.
CREATE INDEX ix_passbook_issued ON passbook (village_id, issued_on);
-- status before created_at: the few households no longer active are then one short range of the index
CREATE INDEX ix_household_created ON household (village_id, status, created_at);
CREATE INDEX ix_resident_created ON resident (village_id, created_at, party_member);
