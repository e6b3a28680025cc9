-- Which rubric graded an answer: the rubric's fingerprint (`rubric::store::fingerprint`, a hash
-- of its content) at grading time. A later import may change the rubric; the answer keeps the
-- judgment it was given until `whetstone regrade` grades it again. NULL for answers graded before
-- versions were recorded, and for answers recorded ungraded.
ALTER TABLE answers ADD COLUMN rubric_version text;

-- Regrading walks answers by question and time.
CREATE INDEX answers_question_submitted_idx ON answers (question_id, submitted_at);
