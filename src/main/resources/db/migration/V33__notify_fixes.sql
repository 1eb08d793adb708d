-- Notifications, review fixes (issue #14).
-- notify_event.org_path was never written nor read: the village id locates an event.
ALTER TABLE notify_event DROP COLUMN org_path;

-- Webhook signing secrets are kept encrypted (AES-GCM under a key derived from the installation's master secret,
-- cn.jifen.shared.SecretKeys, which lives outside the database). secret_sealed says which rows are already
-- encrypted: rows from before this migration are plain text until the first start encrypts them (the key is not
-- available to SQL). The encrypted form (base64 of IV, ciphertext and tag) needs a wider column.
ALTER TABLE notify_webhook ADD COLUMN secret_sealed BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE notify_webhook ALTER COLUMN secret SET DATA TYPE VARCHAR(1000);
