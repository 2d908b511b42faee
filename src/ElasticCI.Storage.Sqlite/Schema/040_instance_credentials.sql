-- Per-instance registration credentials (issue 12): a launched instance's agents register with a credential bound to
-- the instance and its queue, usable once per agent (uses_left) and only until it expires. Only its hash is stored.
CREATE TABLE instance_credentials (
    token_hash  TEXT PRIMARY KEY,
    instance_id TEXT NOT NULL,
    queue       TEXT NOT NULL,
    uses_left   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
