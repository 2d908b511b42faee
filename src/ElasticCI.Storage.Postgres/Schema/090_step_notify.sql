-- Issue 13: step-level notify (a notification names the job it is for) and notify in uploaded pipelines.
ALTER TABLE build_notifications ADD COLUMN job_id TEXT COLLATE "C";
ALTER TABLE pipeline_uploads ADD COLUMN notify_json TEXT COLLATE "C";
-- PostgreSQL only: the upload order SQLite reads from its rowid (existing rows are numbered in their stored order).
ALTER TABLE pipeline_uploads ADD COLUMN seq BIGSERIAL;
