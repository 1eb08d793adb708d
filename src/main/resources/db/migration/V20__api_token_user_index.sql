-- A password change, deactivation or role change revokes every token of the account (WHERE user_id = …); the
-- table is never pruned and PostgreSQL does not index foreign keys by itself.
CREATE INDEX ix_api_token_user ON api_token (user_id);
