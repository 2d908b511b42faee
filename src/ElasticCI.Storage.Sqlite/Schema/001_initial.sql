-- Times are Unix milliseconds (UTC). Ids are GUID strings. Dictionaries and lists are JSON text.
CREATE TABLE pipelines (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    next_build_number INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE builds (
    id TEXT PRIMARY KEY,
    pipeline_id TEXT NOT NULL REFERENCES pipelines(id),
    pipeline_slug TEXT NOT NULL,
    number INTEGER NOT NULL,
    state TEXT NOT NULL,
    branch TEXT NOT NULL,
    commit_sha TEXT NOT NULL,
    message TEXT NOT NULL,
    env_json TEXT NOT NULL,
    source_yaml TEXT NOT NULL,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    UNIQUE (pipeline_id, number)
);
CREATE INDEX builds_created ON builds (created_at);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    build_id TEXT NOT NULL REFERENCES builds(id),
    idx INTEGER NOT NULL,
    step_key TEXT,
    label TEXT NOT NULL,
    command TEXT NOT NULL,
    env_json TEXT NOT NULL,
    agent_rules_json TEXT NOT NULL,
    queue TEXT NOT NULL,
    depends_on_json TEXT NOT NULL,
    continue_on_failure INTEGER NOT NULL,
    parallel_job INTEGER,
    parallel_job_count INTEGER,
    timeout_minutes INTEGER,
    soft_fail_json TEXT NOT NULL,
    state TEXT NOT NULL,
    exit_status INTEGER,
    soft_failed INTEGER NOT NULL DEFAULT 0,
    agent_id TEXT,
    cancel_reason TEXT,
    log_size INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    scheduled_at INTEGER,
    assigned_at INTEGER,
    started_at INTEGER,
    finished_at INTEGER
);
CREATE INDEX jobs_build ON jobs (build_id, idx);
CREATE INDEX jobs_dispatch ON jobs (queue, state, scheduled_at);
CREATE INDEX jobs_state ON jobs (state);

CREATE TABLE log_chunks (
    job_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    offset INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (job_id, seq)
);
CREATE INDEX log_chunks_offset ON log_chunks (job_id, offset);

CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    queue TEXT NOT NULL,
    tags_json TEXT NOT NULL,
    instance_id TEXT,
    hostname TEXT,
    pid INTEGER,
    state TEXT NOT NULL,
    job_id TEXT,
    registered_at INTEGER NOT NULL,
    last_heartbeat_at INTEGER NOT NULL,
    idle_since INTEGER,
    disconnected_at INTEGER
);
CREATE INDEX agents_instance ON agents (instance_id);
CREATE INDEX agents_state ON agents (state);

CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    stack TEXT NOT NULL,
    state TEXT NOT NULL,
    launched_at INTEGER NOT NULL,
    running_at INTEGER,
    drained_at INTEGER,
    terminated_at INTEGER
);
CREATE INDEX instances_stack ON instances (stack, state);

CREATE TABLE scaling_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stack TEXT NOT NULL,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL,
    instance_id TEXT
);
CREATE INDEX scaling_events_stack ON scaling_events (stack, id);
