-- County policy that used to be only in the settings file (jifen.claims.*, jifen.market.*, jifen.honours.*,
-- jifen.noticeboard.*) moves onto the county policy, with the same history as the fields of V10.
-- NULL in a column means "not decided by the county yet": the setting of the same name gives the value (the
-- seed default), so an installation configured by file keeps working, and rows saved before this migration
-- keep meaning what they meant. Every save after this migration writes all of them.
ALTER TABLE county_policy ADD COLUMN publicity_days INT;          -- 公示天数 county default; a village may override (claim_village_setting)
ALTER TABLE county_policy ADD COLUMN claim_max_age_days INT;      -- how many days back a deed may still be recorded
ALTER TABLE county_policy ADD COLUMN reservation_hours INT;       -- how long an online reservation holds goods and points
ALTER TABLE county_policy ADD COLUMN flag_period VARCHAR(10);     -- 流动红旗 period: MONTH or QUARTER
ALTER TABLE county_policy ADD COLUMN star_thresholds VARCHAR(60); -- 星级党员: five yearly scores for 1 to 5 stars, "10,30,50,80,120"
ALTER TABLE county_policy ADD COLUMN star_person_count INT;       -- 正能量红人: how many top residents are proposed
ALTER TABLE county_policy ADD COLUMN board_privacy_allowed VARCHAR(40); -- 公示栏 modes villages may choose, "FULL,SURNAME,PASSBOOK"
ALTER TABLE county_policy ADD COLUMN board_privacy_default VARCHAR(10); -- the mode of a village that chose none
ALTER TABLE county_policy ADD COLUMN board_negative_by_name BOOLEAN;   -- 红黑榜: negative-list postings shown by name
ALTER TABLE county_policy ADD CONSTRAINT ck_county_policy_publicity CHECK (publicity_days BETWEEN 0 AND 30);
ALTER TABLE county_policy ADD CONSTRAINT ck_county_policy_max_age CHECK (claim_max_age_days BETWEEN 1 AND 366);
ALTER TABLE county_policy ADD CONSTRAINT ck_county_policy_reservation CHECK (reservation_hours BETWEEN 1 AND 720);
ALTER TABLE county_policy ADD CONSTRAINT ck_county_policy_flag CHECK (flag_period IN ('MONTH', 'QUARTER'));
ALTER TABLE county_policy ADD CONSTRAINT ck_county_policy_star_persons CHECK (star_person_count BETWEEN 1 AND 100);

ALTER TABLE county_policy_change ADD COLUMN publicity_days INT;
ALTER TABLE county_policy_change ADD COLUMN claim_max_age_days INT;
ALTER TABLE county_policy_change ADD COLUMN reservation_hours INT;
ALTER TABLE county_policy_change ADD COLUMN flag_period VARCHAR(10);
ALTER TABLE county_policy_change ADD COLUMN star_thresholds VARCHAR(60);
ALTER TABLE county_policy_change ADD COLUMN star_person_count INT;
ALTER TABLE county_policy_change ADD COLUMN board_privacy_allowed VARCHAR(40);
ALTER TABLE county_policy_change ADD COLUMN board_privacy_default VARCHAR(10);
ALTER TABLE county_policy_change ADD COLUMN board_negative_by_name BOOLEAN;
