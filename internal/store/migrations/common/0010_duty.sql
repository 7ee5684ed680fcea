-- The duty analysis in the product (issue 3, point 4).
--
-- A conflict rule gets a key per organisation: the id the duty analysis
-- knows the rule by, which is part of every dubbelzitter finding's key. A
-- shipped rule keeps its shipped key (e.g. 'bibob_vergunning') when an
-- organisation's first edit copies the defaults in, so that mitigations of
-- its findings keep applying; an own rule's key is its row id.
ALTER TABLE conflict_rules ADD COLUMN rule_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX conflict_rules_key ON conflict_rules (org_id, rule_key);
