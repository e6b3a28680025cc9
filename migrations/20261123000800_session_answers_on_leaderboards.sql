-- Answers from interviewer-led sessions on team leaderboards.
--
-- A candidate who joins a session while signed in is remembered on `session_candidates.user_id`,
-- and that session's answers carry their user id (anonymous candidates' answers keep NULL). Such
-- an answer counts on the candidate's team boards only while the session's interviewer allows it
-- (`interview_sessions.count_for_leaderboards`), and only for bank questions: an interviewer's own
-- question is graded against a reference the interviewer wrote, so it is not comparable across
-- members. Everything else is the rule of the teams migration (best answer once, flags earn
-- nothing). Turning the setting on or off later recomputes the boards of that session's candidate
-- with leaderboard_rebuild(user).

ALTER TABLE session_candidates
    ADD COLUMN user_id uuid REFERENCES users (id) ON DELETE SET NULL;

-- One user's rows, for leaderboard_rebuild(user) (without it, a scan of every row).
CREATE INDEX leaderboard_points_user_idx ON leaderboard_points (user_id);

-- Whether the session behind an answer's item lets its answers count.
CREATE FUNCTION leaderboard_session_allows(item uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1
        FROM interview_items i
        JOIN interview_sessions s ON s.interview_id = i.interview_id
        WHERE i.id = item AND s.count_for_leaderboards
    )
$$;

-- Whether an answer earns points at all. Mirrors crate::leaderboard::points::counts.
CREATE FUNCTION leaderboard_counts(source text, user_id uuid, score real, flags text[],
                                   question_id text, item_id uuid)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT user_id IS NOT NULL AND score IS NOT NULL
       AND NOT (flags && ARRAY['keyword_dump', 'off_topic', 'copied_question'])
       AND CASE source
               WHEN 'solo' THEN true
               WHEN 'interview' THEN NOT starts_with(question_id, 'own-')
                                     AND leaderboard_session_allows(item_id)
               ELSE false
           END
$$;

CREATE OR REPLACE FUNCTION leaderboard_record_answer() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    pts       integer;
    prev      leaderboard_best%ROWTYPE;
    had_prev  boolean;
    s         text;
    same      boolean;
BEGIN
    IF NOT leaderboard_counts(NEW.source, NEW.user_id, NEW.score, NEW.flags, NEW.question_id,
                              NEW.item_id) THEN
        RETURN NULL;
    END IF;
    -- One writer per user at a time: this trigger and leaderboard_rebuild(user).
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW.user_id::text, 0));

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

DROP FUNCTION leaderboard_rebuild();

-- Recomputes the three tables from `answers` in a few set-based statements, with the same rule as
-- the trigger (a test checks they agree): for everybody (`only` NULL: bulk loads, after
-- regrading) or for one user (`only`: when a session's count_for_leaderboards changes).
CREATE FUNCTION leaderboard_rebuild(only_user uuid DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF only_user IS NULL THEN
        TRUNCATE leaderboard_best, leaderboard_points, leaderboard_streaks;
    ELSE
        PERFORM pg_advisory_xact_lock(hashtextextended(only_user::text, 0));
        DELETE FROM leaderboard_best WHERE user_id = only_user;
        DELETE FROM leaderboard_points WHERE user_id = only_user;
        DELETE FROM leaderboard_streaks WHERE user_id = only_user;
    END IF;

    -- Every counted answer of the users being rebuilt.
    CREATE TEMP TABLE lb_counted ON COMMIT DROP AS
    SELECT a.id, a.user_id, a.question_id, a.topic, a.score, a.submitted_at,
           leaderboard_points_for(a.score, a.difficulty) AS pts
    FROM answers a
    WHERE (only_user IS NULL OR a.user_id = only_user)
      AND leaderboard_counts(a.source, a.user_id, a.score, a.flags, a.question_id, a.item_id);

    -- Every answer that set a new personal best on its question, with the best it replaced.
    CREATE TEMP TABLE lb_improvements ON COMMIT DROP AS
    WITH running AS (
        SELECT c.*, max(pts) OVER (PARTITION BY user_id, question_id
                                   ORDER BY submitted_at, id
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max
        FROM lb_counted c
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
              FROM lb_counted) AS days
    ) AS d
    GROUP BY user_id, island
    ORDER BY user_id, max(day) DESC;

    DROP TABLE lb_improvements;
    DROP TABLE lb_counted;
END
$$;

DROP FUNCTION leaderboard_counts(text, uuid, real, text[]);
