-- Issue 3: job kinds (command, block, input, trigger) and the per-job settings beyond the first columns, as one JSON document.
ALTER TABLE jobs ADD COLUMN kind TEXT COLLATE "C" NOT NULL DEFAULT 'command';
ALTER TABLE jobs ADD COLUMN spec_json TEXT COLLATE "C" NOT NULL DEFAULT '{}';
ALTER TABLE jobs ADD COLUMN priority BIGINT NOT NULL DEFAULT 0;
