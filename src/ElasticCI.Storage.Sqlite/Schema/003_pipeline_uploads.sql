-- Dynamic pipelines: each upload inserts jobs once, whatever the retries.
CREATE TABLE pipeline_uploads (
    build_id TEXT NOT NULL REFERENCES builds(id),
    upload_id TEXT NOT NULL,
    job_id TEXT NOT NULL,
    job_ids_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (build_id, upload_id)
);
