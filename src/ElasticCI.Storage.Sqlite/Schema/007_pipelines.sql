-- Issue 3: stored pipeline definitions. A pipelines row also exists for a pipeline that only has builds;
-- it has a definition when configuration is not null (deleting a definition clears these columns, the builds stay).
ALTER TABLE pipelines ADD COLUMN name TEXT;
ALTER TABLE pipelines ADD COLUMN default_branch TEXT;
ALTER TABLE pipelines ADD COLUMN configuration TEXT;
ALTER TABLE pipelines ADD COLUMN updated_at INTEGER;

-- Issue 3: build notifications (top-level notify). notify_state is null until the coordinator has decided the build's
-- notifications after it finished; builds finished before this migration are not notified.
ALTER TABLE builds ADD COLUMN notify_state TEXT;
UPDATE builds SET notify_state = 'done' WHERE state IN ('passed', 'failed', 'canceled');
CREATE TABLE build_notifications (
    build_id TEXT NOT NULL REFERENCES builds(id),
    idx INTEGER NOT NULL,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (build_id, idx)
);
