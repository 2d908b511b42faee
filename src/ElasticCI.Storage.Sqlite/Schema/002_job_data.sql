-- Issue 4: repositories, job-scoped tokens, build meta-data, annotations and artifacts.
ALTER TABLE pipelines ADD COLUMN repository TEXT;
ALTER TABLE builds ADD COLUMN repository TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN job_token_hash TEXT;
CREATE INDEX jobs_token ON jobs (job_token_hash);

CREATE TABLE build_meta_data (
    build_id TEXT NOT NULL REFERENCES builds(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (build_id, key)
);

CREATE TABLE annotations (
    build_id TEXT NOT NULL REFERENCES builds(id),
    context TEXT NOT NULL,
    style TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (build_id, context)
);

CREATE TABLE artifacts (
    id TEXT PRIMARY KEY,
    build_id TEXT NOT NULL REFERENCES builds(id),
    job_id TEXT NOT NULL REFERENCES jobs(id),
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha1 TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (job_id, path)
);
CREATE INDEX artifacts_build ON artifacts (build_id, path);
