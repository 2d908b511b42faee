-- Issue 4: agent priority (`--priority`). When several idle agents can take a job, the highest priority gets it first.
ALTER TABLE agents ADD COLUMN priority BIGINT NOT NULL DEFAULT 0;
