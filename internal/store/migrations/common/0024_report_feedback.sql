-- Wbk feedback (issue 4): when a handler sent the reporter the feedback on
-- the assessment and follow-up of the report. It meets the feedback term
-- (feedback_due) whatever the status; 0 = not given yet. Before this
-- column the term counted as met only by a decision.
ALTER TABLE reports ADD COLUMN feedback_at BIGINT NOT NULL DEFAULT 0;
