-- Spot capacity (issue 6): each instance is on-demand or spot; a spot instance can get an interruption notice.
ALTER TABLE instances ADD COLUMN lifecycle TEXT COLLATE "C" NOT NULL DEFAULT 'on-demand';
ALTER TABLE instances ADD COLUMN interruption_deadline BIGINT;
