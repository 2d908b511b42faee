-- Issue 15: the version an agent reported at registration (null for agents that did not send one).
ALTER TABLE agents ADD COLUMN version TEXT COLLATE "C";
