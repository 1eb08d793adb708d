-- jobs: ShedLock's lock table. A scheduled run (the daily points policy of one county, the posting of due
-- claims, the lapse of reservations) takes its row before it works, so several instances run it once.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL,
    CONSTRAINT pk_shedlock PRIMARY KEY (name)
);
