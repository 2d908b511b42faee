-- Issue 13 tag and pull-request builds: the build's source, tag, pull request and pipeline name as one JSON document
-- (Builds.BuildOrigin); NULL for builds made before, which read as an API build of a branch.
ALTER TABLE builds ADD COLUMN origin_json TEXT COLLATE "C";
