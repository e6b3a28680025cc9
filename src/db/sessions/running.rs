//! Starting a session (its questions become the items of a new interview) and what changes
//! while it runs: follow-ups pushed as new items, the running question's extension, and the
//! candidate's progress as the live view reads it. Each change is announced in its transaction.

use sqlx::PgPool;
use uuid::Uuid;

use crate::db::states::{ItemState, SessionState};
use crate::live;

/// An item created when the session starts: a bank question, or an own question with its
/// prompt and the rubric built from its reference answer.
#[derive(Debug, Clone)]
pub struct StartItem {
    pub question_id: String,
    pub minutes: i32,
    pub prompt: Option<String>,
    pub rubric: Option<serde_json::Value>,
}

/// Starts a scheduled session (by the candidate or the interviewer). `false` if it was not
/// scheduled.
pub async fn start(
    pool: &PgPool,
    session: Uuid,
    owner: Uuid,
    minutes: i32,
    items: &[StartItem],
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query!(
        "UPDATE interview_sessions SET state = 'live', started_at = now()
         WHERE id = $1 AND state = 'scheduled'",
        session
    )
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.commit().await?;
        return Ok(false);
    }
    let interview = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO interviews (id, user_id, kind, difficulty, minutes_per_question)
         VALUES ($1, $2, 'session', 'custom', $3)",
        interview,
        owner,
        minutes
    )
    .execute(&mut *tx)
    .await?;
    for (pos, item) in items.iter().enumerate() {
        add_item(&mut tx, interview, pos as i32, item).await?;
    }
    sqlx::query!(
        "UPDATE interview_sessions SET interview_id = $2 WHERE id = $1",
        session,
        interview
    )
    .execute(&mut *tx)
    .await?;
    live::notify(&mut tx, session, "started").await?;
    tx.commit().await?;
    Ok(true)
}

/// Appends an item to a session's interview at `position`.
pub async fn add_item(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    interview: Uuid,
    position: i32,
    item: &StartItem,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO interview_items (id, interview_id, position, question_id, minutes, prompt, rubric)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        id,
        interview,
        position,
        item.question_id,
        item.minutes,
        item.prompt.as_deref(),
        item.rubric.as_ref()
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// What the interviewer pushes during a live session.
#[derive(Debug, Clone)]
pub enum FollowUp<'a> {
    /// The next link of the follow-up chain of the question at that position.
    ChainNext,
    /// A question typed there and then.
    FreeText(&'a str),
}

/// Appends a follow-up to the question at `of` of a live session and announces it. `false`
/// when there is nothing to push (no such question, no next chain link, or that link is
/// already in the session, or the session is not live). A free-text follow-up's item gets the
/// question id `own_id` gives its position (the service's own-question convention).
pub async fn push_followup(
    pool: &PgPool,
    session: Uuid,
    of: i32,
    followup: FollowUp<'_>,
    minutes: i32,
    own_id: fn(i32) -> String,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Serialise pushes to one session, so positions are handed out one at a time.
    let state = sqlx::query_scalar!(
        r#"SELECT state AS "state: SessionState" FROM interview_sessions WHERE id = $1 FOR UPDATE"#,
        session
    )
    .fetch_optional(&mut *tx)
    .await?;
    if state != Some(SessionState::Live) {
        return Ok(false);
    }
    let done = match followup {
        FollowUp::ChainNext => sqlx::query!(
            "INSERT INTO session_questions (session_id, position, question_id, minutes, followup_of)
             SELECT $1, (SELECT max(position) + 1 FROM session_questions WHERE session_id = $1),
                    n.id, $3, $2
             FROM session_questions sq
             JOIN questions q ON q.id = sq.question_id
             JOIN questions n ON n.id = q.chain_next AND NOT n.retired
             WHERE sq.session_id = $1 AND sq.position = $2
               AND NOT EXISTS (SELECT 1 FROM session_questions
                               WHERE session_id = $1 AND question_id = n.id)",
            session,
            of,
            minutes
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
        FollowUp::FreeText(prompt) => sqlx::query!(
            "INSERT INTO session_questions (session_id, position, own_prompt, minutes, followup_of)
             SELECT $1, (SELECT max(position) + 1 FROM session_questions WHERE session_id = $1),
                    $3, $4, $2
             WHERE EXISTS (SELECT 1 FROM session_questions WHERE session_id = $1 AND position = $2)",
            session,
            of,
            prompt,
            minutes
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    };
    if done == 1 {
        add_followup_item(&mut tx, session, own_id).await?;
        live::notify(&mut tx, session, "followup").await?;
    }
    tx.commit().await?;
    Ok(done == 1)
}

/// Makes the session's last question (a follow-up just pushed) an answerable item of its
/// interview at the same position: a chain link is graded by its own bank rubric; free text by
/// the criteria of the question it follows that the text asks about
/// (`rubric::followup::for_text_json`), or ungraded when it asks about none of them. Reopens the
/// interview if the candidate had answered everything.
async fn add_followup_item(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    session: Uuid,
    own_id: fn(i32) -> String,
) -> Result<(), sqlx::Error> {
    let Some(q) = sqlx::query!(
        r#"SELECT s.interview_id AS "interview_id!", sq.position, sq.question_id, sq.minutes,
                  sq.own_prompt,
                  CASE WHEN sq.question_id IS NULL THEN
                      COALESCE(p.rubric,
                               (SELECT r.rubric FROM rubrics r WHERE r.question_id = p.question_id))
                  END AS parent_rubric
           FROM session_questions sq
           JOIN interview_sessions s ON s.id = sq.session_id
           LEFT JOIN interview_items p
                  ON p.interview_id = s.interview_id AND p.position = sq.followup_of
           WHERE sq.session_id = $1 AND s.interview_id IS NOT NULL
             AND sq.position = (SELECT max(position) FROM session_questions WHERE session_id = $1)"#,
        session
    )
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    let rubric = match (&q.question_id, q.parent_rubric.clone(), &q.own_prompt) {
        (None, Some(parent), Some(text)) => crate::rubric::followup::for_text_json(parent, text),
        _ => None,
    };
    sqlx::query!(
        "INSERT INTO interview_items (id, interview_id, position, question_id, minutes, prompt, rubric)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        Uuid::new_v4(),
        q.interview_id,
        q.position,
        q.question_id
            .unwrap_or_else(|| own_id(q.position)),
        q.minutes,
        q.own_prompt,
        rubric
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE interviews SET finished_at = NULL WHERE id = $1",
        q.interview_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Gives the running question of the session's interview `extra` more minutes: moves its stored
/// deadline. `false` when no question is running.
pub async fn extend_current(pool: &PgPool, session: Uuid, extra: i32) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE interview_items i
         SET deadline = i.deadline + make_interval(mins => $2),
             minutes = LEAST(120, i.minutes + $2)
         FROM interview_sessions s
         WHERE s.id = $1 AND i.interview_id = s.interview_id
           AND i.state = 'active' AND i.deadline > now()",
        session,
        extra
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The candidate's progress on one item of a session's interview, as the live view shows it.
#[derive(Debug, Clone)]
pub struct ItemProgress {
    pub position: i32,
    pub state: ItemState,
    pub seconds_left: Option<i64>,
    pub draft: Option<String>,
    pub answer: Option<String>,
    pub judgment: Option<serde_json::Value>,
    pub score: Option<f32>,
    pub band: Option<String>,
}

/// The progress of every item of `interview`, in order.
pub async fn progress(pool: &PgPool, interview: Uuid) -> Result<Vec<ItemProgress>, sqlx::Error> {
    sqlx::query_as!(
        ItemProgress,
        r#"SELECT i.position, i.state AS "state: ItemState",
                  GREATEST(0, CEIL(EXTRACT(EPOCH FROM (i.deadline - now()))))::bigint AS seconds_left,
                  d.body AS "draft?", a.body AS "answer?", a.judgment AS "judgment?",
                  a.score AS "score?", a.band AS "band?"
           FROM interview_items i
           LEFT JOIN drafts d ON d.item_id = i.id
           LEFT JOIN answers a ON a.item_id = i.id
           WHERE i.interview_id = $1 ORDER BY i.position"#,
        interview
    )
    .fetch_all(pool)
    .await
}
