-- Web sessions in the database (Spring Session JDBC), so every instance sharing the database sees,
-- and can end, every session. Same layout as Spring Session's own schema-postgresql.sql; Spring is
-- told not to create it (spring.session.jdbc.initialize-schema=never). Local tables, not distributed.
CREATE TABLE spring_session (
    primary_id            CHAR(36)     NOT NULL,
    session_id            CHAR(36)     NOT NULL,
    creation_time         BIGINT       NOT NULL,
    last_access_time      BIGINT       NOT NULL,
    max_inactive_interval INT          NOT NULL,
    expiry_time           BIGINT       NOT NULL,
    principal_name        VARCHAR(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id CHAR(36)     NOT NULL,
    attribute_name     VARCHAR(200) NOT NULL,
    attribute_bytes    BYTEA        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

-- Raised by every change of password or activation. A session or token remembers the stamp
-- (version, role, org unit, household) it was issued under and is refused on the first request
-- after any part of it changes, on every instance.
ALTER TABLE app_user ADD COLUMN credential_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_token ADD COLUMN credential_stamp VARCHAR(100);
-- tokens issued before this version keep working until something about their account changes
UPDATE api_token SET credential_stamp = (
    SELECT CAST(u.credential_version AS VARCHAR(20)) || ':' || u.role || ':' || CAST(u.org_unit_id AS VARCHAR(20))
           || ':' || COALESCE(CAST(u.household_id AS VARCHAR(20)), '-')
    FROM app_user u WHERE u.id = api_token.user_id);
ALTER TABLE api_token ALTER COLUMN credential_stamp SET NOT NULL;
