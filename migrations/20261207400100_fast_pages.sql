-- Pages that stay fast under load.
--
-- 1. The question browser's substring match (`prompt ILIKE '%text%'`) reads a trigram index
--    instead of every prompt.
-- 2. `/history`'s aggregates (average by topic, weakest criteria) are kept per user, maintained by
--    a trigger in the transaction that inserts, regrades or deletes an answer, so the page reads a
--    few rows instead of expanding every judgment a user ever got. The rule of what counts (solo
--    answers of an account; a criterion counts as missed when judged missed or contradicted) lives
--    here only: the history page reads the tables.
-- 3. A notice on `whetstone_bank` when the question bank changes, so app instances drop the
--    question pages and topic list they cache.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX questions_prompt_trgm_idx ON questions USING GIN (prompt gin_trgm_ops);

CREATE TABLE user_topic_stats (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic     text NOT NULL,
    answers   bigint NOT NULL,
    score_sum double precision NOT NULL,
    PRIMARY KEY (user_id, topic)
);

CREATE TABLE user_criterion_stats (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label   text NOT NULL,
    judged  bigint NOT NULL,
    missed  bigint NOT NULL,
    PRIMARY KEY (user_id, label)
);

-- Adds (sign = 1) or removes (sign = -1) one answer's share of its user's statistics. Removing
-- only updates rows that still exist: when an account is deleted its statistics go first.
CREATE FUNCTION user_stats_apply(a answers, sign integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF a.user_id IS NULL OR a.source <> 'solo' THEN
        RETURN;
    END IF;
    IF a.score IS NOT NULL THEN
        IF sign > 0 THEN
            INSERT INTO user_topic_stats AS s (user_id, topic, answers, score_sum)
            VALUES (a.user_id, a.topic, 1, a.score)
            ON CONFLICT (user_id, topic) DO UPDATE
                SET answers = s.answers + 1, score_sum = s.score_sum + EXCLUDED.score_sum;
        ELSE
            UPDATE user_topic_stats
            SET answers = answers - 1, score_sum = score_sum - a.score
            WHERE user_id = a.user_id AND topic = a.topic;
        END IF;
    END IF;
    IF a.judgment IS NOT NULL AND jsonb_typeof(a.judgment -> 'criteria') = 'array' THEN
        IF sign > 0 THEN
            INSERT INTO user_criterion_stats AS s (user_id, label, judged, missed)
            SELECT a.user_id, c ->> 'label', COUNT(*),
                   COUNT(*) FILTER (WHERE c ->> 'verdict' IN ('missed', 'contradicted'))
            FROM jsonb_array_elements(a.judgment -> 'criteria') AS c
            WHERE c ->> 'label' IS NOT NULL
            GROUP BY c ->> 'label'
            ON CONFLICT (user_id, label) DO UPDATE
                SET judged = s.judged + EXCLUDED.judged, missed = s.missed + EXCLUDED.missed;
        ELSE
            UPDATE user_criterion_stats s
            SET judged = s.judged - d.judged, missed = s.missed - d.missed
            FROM (SELECT c ->> 'label' AS label, COUNT(*) AS judged,
                         COUNT(*) FILTER (WHERE c ->> 'verdict' IN ('missed', 'contradicted'))
                             AS missed
                  FROM jsonb_array_elements(a.judgment -> 'criteria') AS c
                  WHERE c ->> 'label' IS NOT NULL
                  GROUP BY c ->> 'label') d
            WHERE s.user_id = a.user_id AND s.label = d.label;
        END IF;
    END IF;
END;
$$;

CREATE FUNCTION answers_user_stats() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM user_stats_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM user_stats_apply(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER answers_user_stats
    AFTER INSERT OR DELETE OR UPDATE OF user_id, source, topic, score, judgment ON answers
    FOR EACH ROW EXECUTE FUNCTION answers_user_stats();

INSERT INTO user_topic_stats (user_id, topic, answers, score_sum)
SELECT user_id, topic, COUNT(*), SUM(score)
FROM answers
WHERE user_id IS NOT NULL AND source = 'solo' AND score IS NOT NULL
GROUP BY user_id, topic;

INSERT INTO user_criterion_stats (user_id, label, judged, missed)
SELECT a.user_id, c ->> 'label', COUNT(*),
       COUNT(*) FILTER (WHERE c ->> 'verdict' IN ('missed', 'contradicted'))
FROM answers a, jsonb_array_elements(a.judgment -> 'criteria') AS c
WHERE a.user_id IS NOT NULL AND a.source = 'solo' AND a.judgment IS NOT NULL
  AND jsonb_typeof(a.judgment -> 'criteria') = 'array' AND c ->> 'label' IS NOT NULL
GROUP BY a.user_id, c ->> 'label';

CREATE FUNCTION bank_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('whetstone_bank', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER questions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON questions
    FOR EACH STATEMENT EXECUTE FUNCTION bank_changed();
CREATE TRIGGER reference_answers_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reference_answers
    FOR EACH STATEMENT EXECUTE FUNCTION bank_changed();
