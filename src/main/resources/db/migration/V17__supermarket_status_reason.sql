-- golive: why a supermarket was last closed or reopened (the full history is in the audit log)
ALTER TABLE supermarket ADD COLUMN status_reason VARCHAR(200);
