-- Issue 6 rolling updates: the instance revision (hash of the instance-affecting stack settings) an instance was launched with.
ALTER TABLE instances ADD COLUMN revision TEXT COLLATE "C";
