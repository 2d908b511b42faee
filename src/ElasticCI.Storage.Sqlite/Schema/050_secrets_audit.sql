-- Issue 12: refused secrets-prefix overrides (and other broker refusals), newest last; never a secret value.
CREATE TABLE secrets_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    job_id TEXT NOT NULL,
    build_id TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    queue TEXT NOT NULL,
    requested_prefix TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX secrets_audit_at ON secrets_audit (at);
