-- PostgreSQL only: the API token and the agent registration token, shared by every coordinator replica on this database.
-- The first replica to start creates them (INSERT ... ON CONFLICT DO NOTHING, then read); each writes them to its data directory.
CREATE TABLE shared_tokens (
    name TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL
);
