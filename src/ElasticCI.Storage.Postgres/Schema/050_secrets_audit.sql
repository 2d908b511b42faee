-- Issue 12: refused secrets-prefix overrides (and other broker refusals), newest last; never a secret value.
CREATE TABLE secrets_audit (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    job_id TEXT COLLATE "C" NOT NULL,
    build_id TEXT COLLATE "C" NOT NULL,
    pipeline TEXT COLLATE "C" NOT NULL,
    queue TEXT COLLATE "C" NOT NULL,
    requested_prefix TEXT COLLATE "C" NOT NULL,
    outcome TEXT COLLATE "C" NOT NULL,
    detail TEXT COLLATE "C" NOT NULL
);
CREATE INDEX secrets_audit_at ON secrets_audit (at);
