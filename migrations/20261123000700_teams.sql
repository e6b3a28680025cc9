-- Teams (members with roles, hashed invite codes) and the precomputed tables their leaderboards
-- read. See src/leaderboard/mod.rs for the points rule and why the boards are precomputed.

CREATE TABLE teams (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 64),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
    team_id   uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);

-- Exactly one owner per team is kept by the code (transfer swaps roles in one transaction).
CREATE UNIQUE INDEX team_members_one_owner ON team_members (team_id) WHERE role = 'owner';
-- "My teams".
CREATE INDEX team_members_user_idx ON team_members (user_id);

-- Join codes. Only the SHA-256 of a code is stored; the code is shown once, when it is made.
-- A team has at most one unrevoked invite: rotating revokes the old one and makes a new one.
CREATE TABLE team_invites (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id    uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    code_hash  bytea NOT NULL UNIQUE,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE UNIQUE INDEX team_invites_one_live ON team_invites (team_id) WHERE revoked_at IS NULL;

-- ---------------------------------------------------------------------------------------------
-- Leaderboards. Every graded answer that counts passes through leaderboard_record_answer() (an
-- AFTER INSERT trigger on answers, so it runs in the transaction that stores the answer):
--   leaderboard_best     each user's best counted answer per question (the "counts once" rule);
--   leaderboard_points   points per user, window (week / month / all), period and topic ('' =
--                        every topic): a new personal best on a question adds the improvement
--                        over the previous best, so re-answering never pays twice and the
--                        all-time total is the sum of best answers;
--   leaderboard_streaks  each user's current run of days with a counted answer.
-- A board page then reads one row per member instead of aggregating their answers.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE leaderboard_best (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id text NOT NULL,
    topic       text NOT NULL,
    points      integer NOT NULL CHECK (points >= 0),
    score       real NOT NULL,
    answer_id   uuid NOT NULL,
    achieved_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, question_id)
);

CREATE TABLE leaderboard_points (
    span      text NOT NULL CHECK (span IN ('week', 'month', 'all')),
    -- First day (UTC) of the week (Monday) or month; 1970-01-01 for all time.
    period    date NOT NULL,
    topic     text NOT NULL,
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    points    bigint NOT NULL DEFAULT 0,
    -- Questions whose best answer was set in this period, and the sum of those best scores.
    counted   integer NOT NULL DEFAULT 0,
    score_sum double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (span, period, topic, user_id) INCLUDE (points, counted, score_sum)
);

-- Board tops: a period's rows in points order (a big team's top rows are the first matches).
CREATE INDEX leaderboard_points_rank_idx
    ON leaderboard_points (span, period, topic, points DESC, user_id) INCLUDE (counted, score_sum);

CREATE TABLE leaderboard_streaks (
    user_id  uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    last_day date NOT NULL,
    length   integer NOT NULL CHECK (length >= 1)
);

-- Points for a score (0-10) on a question of this difficulty: tenths of a point times 1, 2 or 3.
-- Mirrors crate::leaderboard::points (a test checks they agree).
CREATE FUNCTION leaderboard_points_for(score real, difficulty text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT (round(greatest(least(score, 10), 0)::double precision * 10)::integer)
         * CASE difficulty WHEN 'hard' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END
$$;

-- Whether an answer earns points at all: graded, by a user, from solo practice (interviewer-led
-- sessions are not counted yet), and not flagged as a keyword dump, off-topic or a copy of the
-- question. Mirrors crate::leaderboard::points::counts.
CREATE FUNCTION leaderboard_counts(source text, user_id uuid, score real, flags text[])
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT user_id IS NOT NULL AND score IS NOT NULL AND source = 'solo'
       AND NOT (flags && ARRAY['keyword_dump', 'off_topic', 'copied_question'])
$$;

-- The first day of the window's period containing `at` (UTC).
CREATE FUNCTION leaderboard_period(span text, at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE span
        WHEN 'week' THEN date_trunc('week', timezone('UTC', at))::date
        WHEN 'month' THEN date_trunc('month', timezone('UTC', at))::date
        ELSE DATE '1970-01-01'
    END
$$;

CREATE FUNCTION leaderboard_record_answer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    pts       integer;
    prev      leaderboard_best%ROWTYPE;
    had_prev  boolean;
    s         text;
    same      boolean;
BEGIN
    IF NOT leaderboard_counts(NEW.source, NEW.user_id, NEW.score, NEW.flags) THEN
        RETURN NULL;
    END IF;

    INSERT INTO leaderboard_streaks AS st (user_id, last_day, length)
    VALUES (NEW.user_id, timezone('UTC', NEW.submitted_at)::date, 1)
    ON CONFLICT (user_id) DO UPDATE SET
        length = CASE
            WHEN EXCLUDED.last_day = st.last_day + 1 THEN st.length + 1
            WHEN EXCLUDED.last_day > st.last_day + 1 THEN 1
            ELSE st.length
        END,
        last_day = greatest(st.last_day, EXCLUDED.last_day);

    pts := leaderboard_points_for(NEW.score, NEW.difficulty);
    LOOP
        SELECT * INTO prev FROM leaderboard_best
        WHERE user_id = NEW.user_id AND question_id = NEW.question_id
        FOR UPDATE;
        had_prev := FOUND;
        IF had_prev THEN
            IF prev.points >= pts THEN
                RETURN NULL; -- not a new best: earns nothing
            END IF;
            UPDATE leaderboard_best
            SET topic = NEW.topic, points = pts, score = NEW.score, answer_id = NEW.id,
                achieved_at = NEW.submitted_at
            WHERE user_id = NEW.user_id AND question_id = NEW.question_id;
            EXIT;
        END IF;
        INSERT INTO leaderboard_best (user_id, question_id, topic, points, score, answer_id,
                                      achieved_at)
        VALUES (NEW.user_id, NEW.question_id, NEW.topic, pts, NEW.score, NEW.id, NEW.submitted_at)
        ON CONFLICT DO NOTHING;
        EXIT WHEN FOUND;
        -- A concurrent first answer to the same question won the insert: compare with it.
    END LOOP;

    FOREACH s IN ARRAY ARRAY['week', 'month', 'all'] LOOP
        same := had_prev
            AND leaderboard_period(s, prev.achieved_at) = leaderboard_period(s, NEW.submitted_at);
        INSERT INTO leaderboard_points AS p (span, period, topic, user_id, points, counted,
                                             score_sum)
        SELECT s, leaderboard_period(s, NEW.submitted_at), t, NEW.user_id,
               pts - CASE WHEN had_prev THEN prev.points ELSE 0 END,
               CASE WHEN same THEN 0 ELSE 1 END,
               CASE WHEN same THEN NEW.score - prev.score ELSE NEW.score END
        FROM unnest(ARRAY['', NEW.topic]) AS t
        ON CONFLICT (span, period, topic, user_id) DO UPDATE SET
            points = p.points + EXCLUDED.points,
            counted = p.counted + EXCLUDED.counted,
            score_sum = p.score_sum + EXCLUDED.score_sum;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER answers_leaderboard AFTER INSERT ON answers
    FOR EACH ROW EXECUTE FUNCTION leaderboard_record_answer();

-- Recomputes the three tables from `answers` in a few set-based statements, with the same rule as
-- the trigger (a test checks they agree). For bulk loads (`whetstone dev seed` inserts with the
-- trigger disabled, then calls this) and after regrading.
CREATE FUNCTION leaderboard_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE leaderboard_best, leaderboard_points, leaderboard_streaks;

    -- Every answer that set a new personal best on its question, with the best it replaced.
    CREATE TEMP TABLE lb_improvements ON COMMIT DROP AS
    WITH counted AS (
        SELECT a.id, a.user_id, a.question_id, a.topic, a.score, a.submitted_at,
               leaderboard_points_for(a.score, a.difficulty) AS pts
        FROM answers a
        WHERE leaderboard_counts(a.source, a.user_id, a.score, a.flags)
    ), running AS (
        SELECT c.*, max(pts) OVER (PARTITION BY user_id, question_id
                                   ORDER BY submitted_at, id
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max
        FROM counted c
    ), bests AS (
        SELECT * FROM running WHERE prev_max IS NULL OR pts > prev_max
    )
    SELECT b.*,
           lag(submitted_at) OVER w AS prev_at,
           lag(score) OVER w AS prev_score,
           coalesce(lag(pts) OVER w, 0) AS prev_pts
    FROM bests b
    WINDOW w AS (PARTITION BY user_id, question_id ORDER BY submitted_at, id);

    INSERT INTO leaderboard_best (user_id, question_id, topic, points, score, answer_id,
                                  achieved_at)
    SELECT DISTINCT ON (user_id, question_id)
           user_id, question_id, topic, pts, score, id, submitted_at
    FROM lb_improvements
    ORDER BY user_id, question_id, submitted_at DESC, id DESC;

    INSERT INTO leaderboard_points (span, period, topic, user_id, points, counted, score_sum)
    SELECT s.span, leaderboard_period(s.span, i.submitted_at), t.topic, i.user_id,
           sum(i.pts - i.prev_pts),
           sum(CASE WHEN i.prev_at IS NOT NULL
                     AND leaderboard_period(s.span, i.prev_at)
                         = leaderboard_period(s.span, i.submitted_at) THEN 0 ELSE 1 END),
           sum(CASE WHEN i.prev_at IS NOT NULL
                     AND leaderboard_period(s.span, i.prev_at)
                         = leaderboard_period(s.span, i.submitted_at)
                    THEN i.score - i.prev_score ELSE i.score END)
    FROM lb_improvements i
    CROSS JOIN (VALUES ('week'), ('month'), ('all')) AS s (span)
    CROSS JOIN LATERAL (VALUES (''), (i.topic)) AS t (topic)
    GROUP BY 1, 2, 3, 4;

    -- The latest run of consecutive days per user (gaps and islands).
    INSERT INTO leaderboard_streaks (user_id, last_day, length)
    SELECT DISTINCT ON (user_id) user_id, max(day), count(*)
    FROM (
        SELECT user_id, day, day - (row_number() OVER (PARTITION BY user_id ORDER BY day))::integer
               AS island
        FROM (SELECT DISTINCT user_id, timezone('UTC', submitted_at)::date AS day
              FROM answers a
              WHERE leaderboard_counts(a.source, a.user_id, a.score, a.flags)) AS days
    ) AS d
    GROUP BY user_id, island
    ORDER BY user_id, max(day) DESC;

    DROP TABLE lb_improvements;
END
$$;
