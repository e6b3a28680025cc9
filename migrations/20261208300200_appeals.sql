-- Appeals, question flags, labelled cases and rubric versions (issue 17).
--
-- An appeal disputes one criterion verdict of one answer: kind 'right' ("I was right": the
-- answer met it) or 'misread' ("that is not what I said": a contradicted verdict misread the
-- answer). It keeps a snapshot of the answer and its judgment as they were when appealed. A
-- curator accepts it (adding the candidate's phrase to the criterion's terms, or setting the
-- verdict for that answer only) or rejects it with a reason; either way it becomes a labelled
-- case of the question (rubric_cases, source 'appeal').
CREATE TABLE appeals (
    id           uuid PRIMARY KEY,
    answer_id    uuid NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id  text NOT NULL,
    criterion    text NOT NULL,
    label        text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('right', 'misread')),
    -- the verdict appealed against
    verdict      text NOT NULL CHECK (verdict IN ('met', 'partial', 'missed', 'contradicted')),
    comment      text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 2000),
    answer_body  text NOT NULL,
    judgment     jsonb NOT NULL,
    score        real,
    state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
    -- accepted: 'terms' (a phrase added to the criterion) or 'verdict' (this answer only)
    remedy       text CHECK (remedy IN ('terms', 'verdict')),
    -- the verdict the curator says the answer deserves (accepted 'verdict' remedies; for
    -- accepted 'terms' remedies, the verdict the regrade gave)
    expected     text CHECK (expected IN ('met', 'partial', 'missed', 'contradicted')),
    phrase       text,
    reason       text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 2000),
    new_score    real,
    resolved_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    resolved_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'open') = (resolved_at IS NULL))
);

-- one open appeal per answer and criterion
CREATE UNIQUE INDEX appeals_open_idx ON appeals (answer_id, criterion) WHERE state = 'open';
CREATE INDEX appeals_state_idx ON appeals (state, question_id, created_at DESC);
CREATE INDEX appeals_user_idx ON appeals (user_id, created_at DESC);

-- A problem with a question reported from a feedback page, with a snapshot of the answer.
CREATE TABLE question_flags (
    id           uuid PRIMARY KEY,
    question_id  text NOT NULL,
    answer_id    uuid REFERENCES answers (id) ON DELETE SET NULL,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('wrong-reference', 'unclear', 'duplicate')),
    reason       text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    answer_body  text NOT NULL,
    judgment     jsonb,
    state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved', 'dismissed')),
    resolution   text NOT NULL DEFAULT '' CHECK (char_length(resolution) <= 2000),
    resolved_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    resolved_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX question_flags_state_idx ON question_flags (state, question_id, created_at DESC);

-- Labelled cases of a question for the workbench: an answer with a human score and/or expected
-- verdicts (criterion id -> verdict). Interviewer overrides are read from score_overrides, not
-- copied here.
CREATE TABLE rubric_cases (
    id           uuid PRIMARY KEY,
    question_id  text NOT NULL,
    source       text NOT NULL CHECK (source IN ('appeal', 'upload')),
    appeal_id    uuid UNIQUE REFERENCES appeals (id) ON DELETE CASCADE,
    answer       text NOT NULL,
    score        real CHECK (score BETWEEN 0 AND 10),
    verdicts     jsonb NOT NULL DEFAULT '{}',
    author_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (score IS NOT NULL OR verdicts <> '{}')
);

CREATE INDEX rubric_cases_question_idx ON rubric_cases (question_id, created_at);

-- Every rubric a curator saved in the browser (and the one it replaced, as version 0 of the
-- question when it came from the files), with author and reason. `rubrics` holds the current
-- one; `whetstone rubrics export` writes the edited ones back to rubrics/*.toml.
CREATE TABLE rubric_versions (
    id           bigserial PRIMARY KEY,
    question_id  text NOT NULL,
    rubric       jsonb NOT NULL,
    author_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    reason       text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX rubric_versions_question_idx ON rubric_versions (question_id, id DESC);

-- Set when a curator saves a rubric in the browser: `whetstone import` keeps such a rubric over
-- the file's until `whetstone rubrics export` has written it back to the files (which clears it).
ALTER TABLE rubrics ADD COLUMN edited_at timestamptz;
