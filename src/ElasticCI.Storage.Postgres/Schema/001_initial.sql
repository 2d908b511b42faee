-- PostgreSQL mirror of the SQLite schema. Times are Unix milliseconds (UTC). Ids are GUID strings. Dictionaries and lists are JSON text.
-- Text compares byte-wise (COLLATE "C"), as in SQLite, so ordering is the same on both stores.
CREATE TABLE pipelines (
    id TEXT COLLATE "C" PRIMARY KEY,
    slug TEXT COLLATE "C" NOT NULL UNIQUE,
    next_build_number BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

CREATE TABLE builds (
    id TEXT COLLATE "C" PRIMARY KEY,
    pipeline_id TEXT COLLATE "C" NOT NULL REFERENCES pipelines(id),
    pipeline_slug TEXT COLLATE "C" NOT NULL,
    number BIGINT NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    branch TEXT COLLATE "C" NOT NULL,
    commit_sha TEXT COLLATE "C" NOT NULL,
    message TEXT COLLATE "C" NOT NULL,
    env_json TEXT COLLATE "C" NOT NULL,
    source_yaml TEXT COLLATE "C" NOT NULL,
    cancel_requested BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    UNIQUE (pipeline_id, number)
);
CREATE INDEX builds_created ON builds (created_at);

CREATE TABLE jobs (
    id TEXT COLLATE "C" PRIMARY KEY,
    build_id TEXT COLLATE "C" NOT NULL REFERENCES builds(id),
    idx BIGINT NOT NULL,
    step_key TEXT COLLATE "C",
    label TEXT COLLATE "C" NOT NULL,
    command TEXT COLLATE "C" NOT NULL,
    env_json TEXT COLLATE "C" NOT NULL,
    agent_rules_json TEXT COLLATE "C" NOT NULL,
    queue TEXT COLLATE "C" NOT NULL,
    depends_on_json TEXT COLLATE "C" NOT NULL,
    continue_on_failure BIGINT NOT NULL,
    parallel_job BIGINT,
    parallel_job_count BIGINT,
    timeout_minutes BIGINT,
    soft_fail_json TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    exit_status BIGINT,
    soft_failed BIGINT NOT NULL DEFAULT 0,
    agent_id TEXT COLLATE "C",
    cancel_reason TEXT COLLATE "C",
    log_size BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    scheduled_at BIGINT,
    assigned_at BIGINT,
    started_at BIGINT,
    finished_at BIGINT
);
CREATE INDEX jobs_build ON jobs (build_id, idx);
CREATE INDEX jobs_dispatch ON jobs (queue, state, scheduled_at);
CREATE INDEX jobs_state ON jobs (state);

CREATE TABLE log_chunks (
    job_id TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL,
    byte_offset BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (job_id, seq)
);
CREATE INDEX log_chunks_offset ON log_chunks (job_id, byte_offset);

CREATE TABLE agents (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    queue TEXT COLLATE "C" NOT NULL,
    tags_json TEXT COLLATE "C" NOT NULL,
    instance_id TEXT COLLATE "C",
    hostname TEXT COLLATE "C",
    pid BIGINT,
    state TEXT COLLATE "C" NOT NULL,
    job_id TEXT COLLATE "C",
    registered_at BIGINT NOT NULL,
    last_heartbeat_at BIGINT NOT NULL,
    idle_since BIGINT,
    disconnected_at BIGINT
);
CREATE INDEX agents_instance ON agents (instance_id);
CREATE INDEX agents_state ON agents (state);

CREATE TABLE instances (
    id TEXT COLLATE "C" PRIMARY KEY,
    -- Insertion order (SQLite's rowid): the spot split counts the instances added before one.
    seq BIGSERIAL NOT NULL,
    stack TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    launched_at BIGINT NOT NULL,
    running_at BIGINT,
    drained_at BIGINT,
    terminated_at BIGINT
);
CREATE INDEX instances_stack ON instances (stack, state);

CREATE TABLE scaling_events (
    id BIGSERIAL PRIMARY KEY,
    stack TEXT COLLATE "C" NOT NULL,
    at BIGINT NOT NULL,
    action TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C" NOT NULL,
    instance_id TEXT COLLATE "C"
);
CREATE INDEX scaling_events_stack ON scaling_events (stack, id);
