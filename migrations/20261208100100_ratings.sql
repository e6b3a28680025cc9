-- Ratings that learn from attempts (issue 16): Glicko-2 ratings of users (overall and per topic)
-- and of questions, and one row per rated game for the history chart. Which answers are games and
-- how ratings move is decided in Rust (`src/ratings/rules.rs`); these tables only keep the result.

-- Practice of one chosen question (a question page's "practise"): its answers never move the
-- question's rating.
ALTER TABLE interviews ADD COLUMN chosen boolean NOT NULL DEFAULT false;

-- Adaptive dealing: easier / normal / harder than the user's topic rating.
ALTER TABLE interviews DROP CONSTRAINT interviews_difficulty_check;
ALTER TABLE interviews ADD CONSTRAINT interviews_difficulty_check CHECK (difficulty IN
    ('easy', 'medium', 'hard', 'mixed', 'custom', 'adaptive-easier', 'adaptive', 'adaptive-harder'));

-- A user's rating overall (topic = '') and in each topic they have played.
CREATE TABLE user_ratings (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic      text NOT NULL,
    rating     double precision NOT NULL,
    deviation  double precision NOT NULL CHECK (deviation > 0),
    volatility double precision NOT NULL CHECK (volatility > 0),
    games      integer NOT NULL DEFAULT 0 CHECK (games >= 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, topic)
);

-- A question's learned rating. A row is created (seeded from questions.rating) the first time the
-- question is played; question ids are not foreign keys, as elsewhere (the bank is re-imported).
CREATE TABLE question_ratings (
    question_id text PRIMARY KEY,
    rating      double precision NOT NULL,
    deviation   double precision NOT NULL CHECK (deviation > 0),
    volatility  double precision NOT NULL CHECK (volatility > 0),
    games       integer NOT NULL DEFAULT 0 CHECK (games >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per rated game: a user's first answer to a question. The primary key is what makes
-- "only the first attempt" hold under concurrent submits.
CREATE TABLE rating_games (
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id     text NOT NULL,
    item_id         uuid REFERENCES interview_items (id) ON DELETE SET NULL,
    topic           text NOT NULL,
    result          double precision NOT NULL CHECK (result BETWEEN 0 AND 1),
    played_at       timestamptz NOT NULL DEFAULT now(),
    -- the user's topic and overall ratings after the game
    topic_rating    double precision NOT NULL,
    topic_deviation double precision NOT NULL,
    overall_rating  double precision NOT NULL,
    -- the question's rating before and after (equal when the game did not move it)
    question_before double precision NOT NULL,
    question_after  double precision NOT NULL,
    question_moved  boolean NOT NULL,
    PRIMARY KEY (user_id, question_id)
);

-- The history chart: a user's games in time order.
CREATE INDEX rating_games_user_played_idx ON rating_games (user_id, played_at);
