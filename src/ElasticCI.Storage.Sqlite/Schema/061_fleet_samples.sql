-- Issue 15: the stacks page chart's history (one sample a minute per stack, bounded retention), kept across restarts.
CREATE TABLE fleet_samples (
    at INTEGER NOT NULL,
    stack TEXT NOT NULL,
    scheduled INTEGER NOT NULL,
    running INTEGER NOT NULL,
    desired INTEGER NOT NULL,
    running_instances INTEGER NOT NULL,
    PRIMARY KEY (stack, at)
);
CREATE INDEX fleet_samples_at ON fleet_samples (at);
