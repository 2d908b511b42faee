-- Dynamic pipelines: each upload inserts jobs once, whatever the retries.
CREATE TABLE pipeline_uploads (
    build_id TEXT COLLATE "C" NOT NULL REFERENCES builds(id),
    upload_id TEXT COLLATE "C" NOT NULL,
    job_id TEXT COLLATE "C" NOT NULL,
    job_ids_json TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (build_id, upload_id)
);
