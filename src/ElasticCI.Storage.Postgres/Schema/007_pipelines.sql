-- Issue 3: stored pipeline definitions. A pipelines row also exists for a pipeline that only has builds;
-- it has a definition when configuration is not null (deleting a definition clears these columns, the builds stay).
ALTER TABLE pipelines ADD COLUMN name TEXT COLLATE "C";
ALTER TABLE pipelines ADD COLUMN default_branch TEXT COLLATE "C";
ALTER TABLE pipelines ADD COLUMN configuration TEXT COLLATE "C";
ALTER TABLE pipelines ADD COLUMN updated_at BIGINT;

-- Issue 3: build notifications (top-level notify). notify_state is null until the coordinator has decided the build's
-- notifications after it finished; builds finished before this migration are not notified.
ALTER TABLE builds ADD COLUMN notify_state TEXT COLLATE "C";
UPDATE builds SET notify_state = 'done' WHERE state IN ('passed', 'failed', 'canceled');
CREATE TABLE build_notifications (
    build_id TEXT COLLATE "C" NOT NULL REFERENCES builds(id),
    idx BIGINT NOT NULL,
    channel TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    attempts BIGINT NOT NULL,
    last_error TEXT COLLATE "C",
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (build_id, idx)
);
