-- The question bank: questions, their sources and reference answers, rubrics, and the content hash
-- of the corpus/ and rubrics/ files last imported. Written by `db::bank::import` only.

CREATE TABLE questions (
    id           TEXT PRIMARY KEY,
    prompt       TEXT NOT NULL,
    section      TEXT NOT NULL,
    topic        TEXT NOT NULL,
    tags         TEXT[] NOT NULL DEFAULT '{}',
    difficulty   TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    rating       INTEGER NOT NULL,
    see_also     TEXT[] NOT NULL DEFAULT '{}',
    -- Follow-up chains (file 002): chain id (root key), depth (0 = root), neighbours' ids.
    chain_id     TEXT,
    chain_depth  INTEGER CHECK (chain_depth >= 0),
    chain_parent TEXT,
    chain_next   TEXT,
    -- Questions that vanished from the corpus are retired, never deleted: answers refer to them.
    retired      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Full-text search for the question browser: the prompt weighs most, then section and topic.
    search       TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', prompt), 'A')
        || setweight(to_tsvector('english', section || ' ' || replace(topic, '-', ' ')), 'B')
    ) STORED,
    CHECK ((chain_id IS NULL) = (chain_depth IS NULL))
);

CREATE INDEX questions_search_idx ON questions USING GIN (search);
CREATE INDEX questions_topic_difficulty_idx ON questions (topic, difficulty) WHERE NOT retired;
CREATE INDEX questions_chain_idx ON questions (chain_id, chain_depth) WHERE chain_id IS NOT NULL;

-- Every occurrence of a question in the corpus files, primary first.
CREATE TABLE question_sources (
    key         TEXT PRIMARY KEY,
    question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    file        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    UNIQUE (question_id, position)
);

-- Reference answers: markdown as repaired, and sanitised HTML rendered once at import.
CREATE TABLE reference_answers (
    question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    source_key  TEXT NOT NULL,
    markdown    TEXT NOT NULL,
    html        TEXT NOT NULL,
    PRIMARY KEY (question_id, position)
);

-- One rubric per question, stored whole (criteria, terms, hints) as the grader reads it.
CREATE TABLE rubrics (
    question_id TEXT PRIMARY KEY REFERENCES questions (id) ON DELETE CASCADE,
    rubric      JSONB NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A single row: what was last imported.
CREATE TABLE bank_meta (
    singleton    BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    content_hash TEXT NOT NULL,
    questions    INTEGER NOT NULL,
    rubrics      INTEGER NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
