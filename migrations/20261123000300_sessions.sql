-- Interviewer-led sessions (issue 5): the session an interviewer prepares, its questions, the
-- shared links (candidate and report; only SHA-256 hashes of the tokens are stored) and the
-- candidate holding it.
--
-- State: draft (being prepared) -> scheduled (candidate link issued) -> live (started) ->
-- finished. Templates are sessions with is_template = true that are never run, only copied.
-- count_for_leaderboards: whether the answers given in this session count on team leaderboards
-- (issue 6 reads it); off unless the interviewer turns it on.

CREATE TABLE interview_sessions (
    id                     uuid PRIMARY KEY,
    owner_id               uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title                  text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    candidate_name         text NOT NULL DEFAULT '' CHECK (char_length(candidate_name) <= 100),
    minutes_per_question   integer NOT NULL CHECK (minutes_per_question BETWEEN 1 AND 120),
    state                  text NOT NULL DEFAULT 'draft'
                           CHECK (state IN ('draft', 'scheduled', 'live', 'finished')),
    is_template            boolean NOT NULL DEFAULT false,
    count_for_leaderboards boolean NOT NULL DEFAULT false,
    created_at             timestamptz NOT NULL DEFAULT now(),
    started_at             timestamptz,
    finished_at            timestamptz,
    CHECK ((state IN ('live', 'finished')) = (started_at IS NOT NULL))
);

-- The dashboard: an owner's sessions, newest first.
CREATE INDEX interview_sessions_owner_idx ON interview_sessions (owner_id, created_at DESC);

-- The questions of a session in order: a bank question (question_id) or the interviewer's own
-- question with its reference answer (graded by a rubric built from that reference).
CREATE TABLE session_questions (
    session_id    uuid NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    position      integer NOT NULL CHECK (position >= 0),
    question_id   text,
    own_prompt    text CHECK (char_length(own_prompt) BETWEEN 1 AND 4000),
    own_reference text CHECK (char_length(own_reference) BETWEEN 1 AND 20000),
    minutes       integer NOT NULL CHECK (minutes BETWEEN 1 AND 120),
    -- A follow-up pushed during the live session: the position of the question it follows.
    followup_of   integer CHECK (followup_of >= 0),
    -- Deferred, so removing a question can renumber the rest in one statement.
    PRIMARY KEY (session_id, position) DEFERRABLE INITIALLY DEFERRED,
    CHECK ((question_id IS NULL) = (own_prompt IS NOT NULL)),
    -- Own questions carry a reference answer; a free-text follow-up may have none.
    CHECK (own_reference IS NULL OR own_prompt IS NOT NULL),
    CHECK (own_prompt IS NULL OR own_reference IS NOT NULL OR followup_of IS NOT NULL)
);

-- Shared links. A token is 256 random bits shown once; only its SHA-256 is kept. Regenerating
-- revokes the session's earlier links of that kind.
CREATE TABLE session_links (
    token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    session_id uuid NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('candidate', 'report')),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX session_links_session_idx ON session_links (session_id, kind);

-- The one candidate holding a session: the browser that joined first, recognised by the SHA-256
-- of its candidate cookie.
CREATE TABLE session_candidates (
    session_id   uuid PRIMARY KEY REFERENCES interview_sessions (id) ON DELETE CASCADE,
    display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
    holder_hash  bytea NOT NULL CHECK (octet_length(holder_hash) = 32),
    joined_at    timestamptz NOT NULL DEFAULT now()
);

-- The scorecard: the interviewer's overall recommendation and written summary.
ALTER TABLE interview_sessions
    ADD COLUMN recommendation text
        CHECK (recommendation IN ('strong_hire', 'hire', 'no_hire', 'strong_no_hire')),
    ADD COLUMN summary text NOT NULL DEFAULT '' CHECK (char_length(summary) <= 20000);

-- The interviewer's private notes, one per question of a session. Never shown to the candidate
-- or on the report.
CREATE TABLE session_notes (
    session_id uuid NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position >= 0),
    body       text NOT NULL CHECK (char_length(body) <= 20000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, position)
);
