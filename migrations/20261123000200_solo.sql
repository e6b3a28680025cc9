-- Solo timed mock interviews: interviews, their items (one timed question each), autosaved
-- drafts and graded answers.
--
-- Reuse: interviewer-led sessions (issue 5) create an `interviews` row with kind = 'session'
-- (owner = the interviewer) and items like solo ones, so the timed, autosaving answer page, the
-- deadline sweeper and grading work unchanged; their answers carry source = 'interview' and the
-- candidate's user id when there is one (NULL for anonymous candidates). Leaderboards (issue 6)
-- read `answers` (user, question, topic, difficulty, score, flags, submitted_at) without joins.
-- Question ids are not foreign keys: the bank is re-imported from files, answers must survive it.

CREATE TABLE interviews (
    id                   uuid PRIMARY KEY,
    user_id              uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind                 text NOT NULL DEFAULT 'solo' CHECK (kind IN ('solo', 'session')),
    topics               text[] NOT NULL DEFAULT '{}',
    difficulty           text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard', 'mixed', 'custom')),
    minutes_per_question integer NOT NULL CHECK (minutes_per_question BETWEEN 1 AND 120),
    seed                 bigint NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL DEFAULT now(),
    finished_at          timestamptz
);

-- History: a user's interviews, newest first.
CREATE INDEX interviews_user_created_idx ON interviews (user_id, created_at DESC);

CREATE TABLE interview_items (
    id           uuid PRIMARY KEY,
    interview_id uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    position     integer NOT NULL CHECK (position >= 0),
    question_id  text NOT NULL,
    minutes      integer NOT NULL CHECK (minutes BETWEEN 1 AND 120),
    state        text NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'active', 'submitted', 'timed_out')),
    started_at   timestamptz,
    -- started_at + minutes; the server's clock decides.
    deadline     timestamptz,
    UNIQUE (interview_id, position),
    CHECK ((state = 'pending') = (started_at IS NULL)),
    CHECK ((started_at IS NULL) = (deadline IS NULL))
);

-- The deadline sweeper: active items whose time is up.
CREATE INDEX interview_items_due_idx ON interview_items (deadline) WHERE state = 'active';

-- The latest autosaved text of an item; kept after submission.
CREATE TABLE drafts (
    item_id  uuid PRIMARY KEY REFERENCES interview_items (id) ON DELETE CASCADE,
    body     text NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE answers (
    id             uuid PRIMARY KEY,
    -- One answer per item: a double submit records one answer.
    item_id        uuid NOT NULL UNIQUE REFERENCES interview_items (id) ON DELETE CASCADE,
    source         text NOT NULL CHECK (source IN ('solo', 'interview')),
    user_id        uuid REFERENCES users (id) ON DELETE CASCADE,
    question_id    text NOT NULL,
    topic          text NOT NULL,
    difficulty     text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    body           text NOT NULL,
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    -- true when the server submitted the last saved draft at the deadline.
    timed_out      boolean NOT NULL DEFAULT false,
    -- The grader's Judgment, NULL only when the question has no rubric.
    judgment       jsonb,
    score          real CHECK (score BETWEEN 0 AND 10),
    band           text,
    flags          text[] NOT NULL DEFAULT '{}',
    grader_version text NOT NULL
);

-- History and "answered recently" for the dealer.
CREATE INDEX answers_user_submitted_idx ON answers (user_id, submitted_at DESC);
CREATE INDEX answers_user_question_idx ON answers (user_id, question_id, submitted_at DESC);
-- Leaderboards: best score per user and question within a time window.
CREATE INDEX answers_submitted_user_idx ON answers (submitted_at, user_id)
    INCLUDE (question_id, topic, difficulty, score, flags)
    WHERE score IS NOT NULL;
