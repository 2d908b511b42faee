-- Issue 3: retries. A retry is a new job; the old one keeps its state and points at the job that replaced it.
ALTER TABLE jobs ADD COLUMN retry_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN retried_by TEXT COLLATE "C";
-- Automatic retries made so far per retry.automatic rule (JSON array of counts, by rule index).
ALTER TABLE jobs ADD COLUMN retry_rule_counts_json TEXT COLLATE "C" NOT NULL DEFAULT '[]';
