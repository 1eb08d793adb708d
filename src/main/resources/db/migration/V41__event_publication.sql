-- Spring Modulith's event publication registry (spring-modulith-events-jdbc, schema v2): one row per event and
-- @ApplicationModuleListener, written in the publishing transaction, completed after the listener's own
-- transaction commits. Rows without completion_date are republished on restart; completed ones are deleted by
-- cn.jifen.shared.events.EventPublications on a schedule. Flyway makes it (spring.modulith.events.jdbc
-- .schema-initialization.enabled=false) in SQL both H2 and PostgreSQL run: serialized_event is an unbounded
-- VARCHAR (Modulith's H2 script stops at 4,000 characters, less than a batch award's PostingsCreated), and
-- without the PostgreSQL-only hash index (completion goes by id; the lookup by event is only a fallback).
CREATE TABLE event_publication (
    id                     UUID         NOT NULL PRIMARY KEY,
    listener_id            VARCHAR(512) NOT NULL,
    event_type             VARCHAR(512) NOT NULL,
    serialized_event       VARCHAR      NOT NULL,
    publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
    completion_date        TIMESTAMP WITH TIME ZONE,
    status                 VARCHAR(20),
    completion_attempts    INT,
    last_resubmission_date TIMESTAMP WITH TIME ZONE
);
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date);
