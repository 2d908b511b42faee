-- Issue 4: repositories, job-scoped tokens, build meta-data, annotations and artifacts.
ALTER TABLE pipelines ADD COLUMN repository TEXT COLLATE "C";
ALTER TABLE builds ADD COLUMN repository TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN job_token_hash TEXT COLLATE "C";
CREATE INDEX jobs_token ON jobs (job_token_hash);

CREATE TABLE build_meta_data (
    build_id TEXT COLLATE "C" NOT NULL REFERENCES builds(id),
    key TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (build_id, key)
);

CREATE TABLE annotations (
    build_id TEXT COLLATE "C" NOT NULL REFERENCES builds(id),
    context TEXT COLLATE "C" NOT NULL,
    style TEXT COLLATE "C" NOT NULL,
    body TEXT COLLATE "C" NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (build_id, context)
);

CREATE TABLE artifacts (
    id TEXT COLLATE "C" PRIMARY KEY,
    build_id TEXT COLLATE "C" NOT NULL REFERENCES builds(id),
    job_id TEXT COLLATE "C" NOT NULL REFERENCES jobs(id),
    path TEXT COLLATE "C" NOT NULL,
    size BIGINT NOT NULL,
    sha1 TEXT COLLATE "C" NOT NULL,
    sha256 TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (job_id, path)
);
CREATE INDEX artifacts_build ON artifacts (build_id, path);
