-- From a reference certificate's public verification code to its village (issue 16, docs/citus.md). On a Citus
-- cluster reference_certificate is distributed by village_id, and /verify/{code} knows only the code: this small
-- county-wide index (a reference table there, listed in CitusLayout.EXCEPTIONS) finds the village first, so the
-- look-up reads one shard. Written in the same transaction as the certificate; on H2 and PostgreSQL the same.
CREATE TABLE certificate_code (
    code        VARCHAR(64) NOT NULL,
    village_id  BIGINT      NOT NULL,
    CONSTRAINT pk_certificate_code PRIMARY KEY (code)
);

INSERT INTO certificate_code (code, village_id) SELECT code, village_id FROM reference_certificate;
