-- The interviewer's overrides of automatic scores, with a reason. The grader's score stays in
-- `answers`; both are shown. criterion NULL overrides the answer's overall score (0-10);
-- otherwise it names a criterion id of the stored judgment and gives that criterion's score
-- (0-10). One override per answer and criterion; a new one replaces it.
CREATE TABLE score_overrides (
    id         uuid PRIMARY KEY,
    answer_id  uuid NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    criterion  text,
    score      real NOT NULL CHECK (score BETWEEN 0 AND 10),
    reason     text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    author_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX score_overrides_answer_criterion_idx
    ON score_overrides (answer_id, COALESCE(criterion, ''));
