-- Issue 13: step-level notify (a notification names the job it is for) and notify in uploaded pipelines.
ALTER TABLE build_notifications ADD COLUMN job_id TEXT;
ALTER TABLE pipeline_uploads ADD COLUMN notify_json TEXT;
