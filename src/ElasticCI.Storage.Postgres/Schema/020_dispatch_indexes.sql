-- Issue 10: a claim reads the queue's scheduled command jobs in dispatch order (priority, then time scheduled, then
-- step order) straight from an index instead of sorting every scheduled job of the queue; a build's state is derived
-- from counts read from a covering index instead of its job rows.
CREATE INDEX jobs_claim ON jobs (queue, state, kind, priority DESC, scheduled_at, idx);
CREATE INDEX jobs_build_tally ON jobs (build_id, state, soft_failed, retried_by);
