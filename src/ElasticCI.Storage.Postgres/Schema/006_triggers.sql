-- Issue 3: trigger jobs. The build a trigger job created, so the job can mirror its result.
ALTER TABLE jobs ADD COLUMN triggered_build_id TEXT COLLATE "C";
