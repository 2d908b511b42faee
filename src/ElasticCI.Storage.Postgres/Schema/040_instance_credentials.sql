-- Per-instance registration credentials (issue 12): a launched instance's agents register with a credential bound to
-- the instance and its queue, usable once per agent (uses_left) and only until it expires. Only its hash is stored.
CREATE TABLE instance_credentials (
    token_hash  TEXT COLLATE "C" PRIMARY KEY,
    instance_id TEXT COLLATE "C" NOT NULL,
    queue       TEXT COLLATE "C" NOT NULL,
    uses_left   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
