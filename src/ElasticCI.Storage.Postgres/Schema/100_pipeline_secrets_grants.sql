-- Issue 12: secrets prefixes granted to a pipeline in its definition (PUT /api/v1/pipelines/{slug}, secretsPrefixGrants).
CREATE TABLE pipeline_secrets_grants (
    slug TEXT COLLATE "C" NOT NULL,
    prefix TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (slug, prefix)
);
