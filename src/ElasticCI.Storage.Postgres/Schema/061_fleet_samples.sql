-- Issue 15: the stacks page chart's history (one sample a minute per stack, bounded retention), kept across restarts.
CREATE TABLE fleet_samples (
    at BIGINT NOT NULL,
    stack TEXT COLLATE "C" NOT NULL,
    scheduled BIGINT NOT NULL,
    running BIGINT NOT NULL,
    desired BIGINT NOT NULL,
    running_instances BIGINT NOT NULL,
    PRIMARY KEY (stack, at)
);
CREATE INDEX fleet_samples_at ON fleet_samples (at);
