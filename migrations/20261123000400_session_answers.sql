-- The candidate's answers in interviewer-led sessions: starting a session creates an
-- `interviews` row of kind 'session' (owner = the interviewer) with one item per session
-- question, so solo's answer page, grading and deadline sweeper serve the candidate unchanged.
-- An interviewer's own question carries its prompt and the rubric built from its reference
-- answer on the item (bank questions leave both NULL and use the bank's rubric).

ALTER TABLE interview_sessions
    ADD COLUMN interview_id uuid UNIQUE REFERENCES interviews (id) ON DELETE SET NULL,
    -- Whether the candidate may see scores and feedback.
    ADD COLUMN results_released boolean NOT NULL DEFAULT false;

ALTER TABLE interview_items
    ADD COLUMN prompt text,
    ADD COLUMN rubric jsonb;
