-- Solo follow-ups: "Answer the follow-up" on a feedback page adds the follow-up as the next item
-- of the same interview. A probe (the grader's follow-up for a missed criterion) becomes an own
-- question of the item (`prompt`, and `rubric` holding that criterion alone) that follows up its
-- parent item; a chain link is the bank question itself. One follow-up per item.
ALTER TABLE interview_items
    ADD COLUMN followup_of uuid REFERENCES interview_items (id) ON DELETE CASCADE;

CREATE UNIQUE INDEX interview_items_followup_idx
    ON interview_items (followup_of) WHERE followup_of IS NOT NULL;

-- Whether an answer earns points at all: graded, by a signed-in user, not flagged, on a bank
-- question (an `own-` question, an interviewer's own or a solo probe, never counts), and, from a
-- session, only when its interviewer allows it. The one statement of the rule.
CREATE OR REPLACE FUNCTION leaderboard_counts(source text, user_id uuid, score real, flags text[],
                                              question_id text, item_id uuid)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT user_id IS NOT NULL AND score IS NOT NULL
       AND NOT (flags && ARRAY['keyword_dump', 'off_topic', 'copied_question'])
       AND NOT starts_with(question_id, 'own-')
       AND CASE source
               WHEN 'solo' THEN true
               WHEN 'interview' THEN leaderboard_session_allows(item_id)
               ELSE false
           END
$$;
