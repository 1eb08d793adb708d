-- Household members other than the head who chose to receive the household's notices (issue #14). A resident of
-- the directory is signed up, with their consent, by the household's head (on the villager's notification
-- settings) or by the village clerk (on the household's page); either may turn it off. Village-owned: village_id
-- leads every key. sms_phone is the resident's mobile number at sign-up, kept here so that the fan-out of a batch
-- of events reads this one table once instead of the directory once per household. Turned off: active FALSE,
-- with who and when; consent_* keeps who recorded the consent last and when.
CREATE TABLE notify_household_member (
    village_id     BIGINT       NOT NULL,
    household_id   BIGINT       NOT NULL,
    resident_id    BIGINT       NOT NULL,
    resident_name  VARCHAR(100) NOT NULL,
    sms_phone      VARCHAR(20)  NOT NULL,
    wechat_openid  VARCHAR(64),
    active         BOOLEAN      NOT NULL,
    consent_note   VARCHAR(100),
    consent_by     VARCHAR(100) NOT NULL,
    consent_by_id  BIGINT,
    consent_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_by     VARCHAR(100),
    stopped_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_notify_household_member PRIMARY KEY (village_id, household_id, resident_id)
);
