//! A session's prepared questions (table `session_questions`): reading them with their prompts
//! and rubrics, appending bank questions, dealt ones and the interviewer's own (one at a time per
//! session, under its row lock), removing and moving them, and the bank search of the picker.

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// A question of a session, with its prompt (from the bank or the interviewer's own).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SessionQuestion {
    pub position: i32,
    pub question_id: Option<String>,
    pub prompt: String,
    pub own_reference: Option<String>,
    pub topic: Option<String>,
    pub difficulty: Option<String>,
    pub minutes: i32,
    /// For a follow-up pushed during the session: the position of the question it follows.
    pub followup_of: Option<i32>,
    /// The next link of the bank question's follow-up chain, and its prompt.
    pub chain_next: Option<String>,
    pub chain_next_prompt: Option<String>,
}

/// A bank question found by the picker.
#[derive(Debug, Clone)]
pub struct BankHit {
    pub id: String,
    pub prompt: String,
    pub topic: String,
    pub difficulty: String,
}

pub async fn questions(pool: &PgPool, session: Uuid) -> Result<Vec<SessionQuestion>, sqlx::Error> {
    sqlx::query_as!(
        SessionQuestion,
        r#"SELECT sq.position, sq.question_id, sq.own_reference, sq.minutes, sq.followup_of,
                  COALESCE(sq.own_prompt, q.prompt, sq.question_id) AS "prompt!",
                  q.topic AS "topic?", q.difficulty AS "difficulty?",
                  n.id AS "chain_next?", n.prompt AS "chain_next_prompt?"
           FROM session_questions sq
           LEFT JOIN questions q ON q.id = sq.question_id
           LEFT JOIN questions n ON n.id = q.chain_next AND NOT n.retired
           WHERE sq.session_id = $1 ORDER BY sq.position"#,
        session
    )
    .fetch_all(pool)
    .await
}

/// The stored rubrics (JSON, as the grader reads them) of the session's bank questions.
pub async fn bank_rubrics(
    pool: &PgPool,
    session: Uuid,
) -> Result<Vec<(String, serde_json::Value)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT r.question_id, r.rubric FROM rubrics r
         JOIN session_questions sq ON sq.question_id = r.question_id
         WHERE sq.session_id = $1",
        session
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.question_id, r.rubric))
        .collect())
}

/// The rubrics stored on the candidate's items of the session (own questions and follow-ups),
/// by the item's question id (`own-<position>`).
pub async fn item_rubrics(
    pool: &PgPool,
    session: Uuid,
) -> Result<Vec<(String, serde_json::Value)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT i.question_id, i.rubric AS "rubric!"
           FROM interview_sessions s
           JOIN interview_items i ON i.interview_id = s.interview_id
           WHERE s.id = $1 AND i.rubric IS NOT NULL"#,
        session
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.question_id, r.rubric))
        .collect())
}

/// Appends a bank question. `false` when no such (unretired) question exists or the session
/// already has it.
pub async fn add_bank_question(
    pool: &PgPool,
    session: Uuid,
    question_id: &str,
    minutes: i32,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    lock_positions(&mut tx, session).await?;
    let done = sqlx::query!(
        "INSERT INTO session_questions (session_id, position, question_id, minutes)
         SELECT $1, COALESCE((SELECT max(position) + 1 FROM session_questions WHERE session_id = $1), 0),
                q.id, $3
         FROM questions q
         WHERE q.id = $2 AND NOT q.retired
           AND NOT EXISTS (SELECT 1 FROM session_questions
                           WHERE session_id = $1 AND question_id = $2)",
        session,
        question_id,
        minutes
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the session's row lock for the rest of `tx`: appends to one session then hand out
/// positions (`max(position) + 1`) one at a time instead of racing into the same position.
async fn lock_positions(
    tx: &mut Transaction<'_, Postgres>,
    session: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT id FROM interview_sessions WHERE id = $1 FOR UPDATE",
        session
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(())
}

/// Appends the interviewer's own question and reference answer.
pub async fn add_own_question(
    pool: &PgPool,
    session: Uuid,
    prompt: &str,
    reference: &str,
    minutes: i32,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    lock_positions(&mut tx, session).await?;
    sqlx::query!(
        "INSERT INTO session_questions (session_id, position, own_prompt, own_reference, minutes)
         VALUES ($1, COALESCE((SELECT max(position) + 1 FROM session_questions WHERE session_id = $1), 0),
                 $2, $3, $4)",
        session,
        prompt,
        reference,
        minutes
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Appends bank questions `ids` in order (the dealer's picks). Returns how many were added:
/// retired questions and ones the session already has are skipped.
pub async fn add_bank_questions(
    pool: &PgPool,
    session: Uuid,
    ids: &[String],
    minutes: i32,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    lock_positions(&mut tx, session).await?;
    let done = sqlx::query!(
        "INSERT INTO session_questions (session_id, position, question_id, minutes)
         SELECT $1,
                COALESCE((SELECT max(position) + 1 FROM session_questions WHERE session_id = $1), 0)
                    + row_number() OVER (ORDER BY picked.n) - 1,
                picked.id, $3
         FROM unnest($2::text[]) WITH ORDINALITY AS picked (id, n)
         JOIN questions q ON q.id = picked.id AND NOT q.retired
         WHERE NOT EXISTS (SELECT 1 FROM session_questions
                           WHERE session_id = $1 AND question_id = picked.id)",
        session,
        ids,
        minutes
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// Removes the question at `position` and closes the gap. `false` when there is none.
pub async fn remove_question(
    pool: &PgPool,
    session: Uuid,
    position: i32,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let gone = sqlx::query!(
        "DELETE FROM session_questions WHERE session_id = $1 AND position = $2",
        session,
        position
    )
    .execute(&mut *tx)
    .await?;
    if gone.rows_affected() == 0 {
        return Ok(false);
    }
    // The primary key is checked at commit, so one shift is enough.
    sqlx::query!(
        "UPDATE session_questions SET position = position - 1 WHERE session_id = $1 AND position > $2",
        session,
        position
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Swaps the question at `position` with its neighbour before (`up`) or after it. `false` when
/// there is no such pair.
pub async fn move_question(
    pool: &PgPool,
    session: Uuid,
    position: i32,
    up: bool,
) -> Result<bool, sqlx::Error> {
    let other = if up { position - 1 } else { position + 1 };
    // The primary key is deferred, so the two rows can trade places in one statement.
    let done = sqlx::query!(
        "UPDATE session_questions
         SET position = CASE WHEN position = $2 THEN $3 ELSE $2 END
         WHERE session_id = $1 AND position IN ($2, $3)
           AND (SELECT count(*) FROM session_questions
                WHERE session_id = $1 AND position IN ($2, $3)) = 2",
        session,
        position,
        other
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 2)
}

/// The bank questions matching a text search (websearch syntax) and filters (empty = any).
pub async fn search_bank(
    pool: &PgPool,
    text: &str,
    topic: &str,
    difficulty: &str,
    limit: i64,
) -> Result<Vec<BankHit>, sqlx::Error> {
    sqlx::query_as!(
        BankHit,
        "SELECT id, prompt, topic, difficulty FROM questions
         WHERE NOT retired
           AND ($1 = '' OR search @@ websearch_to_tsquery('english', $1))
           AND ($2 = '' OR topic = $2) AND ($3 = '' OR difficulty = $3)
         ORDER BY CASE WHEN $1 = '' THEN 0
                       ELSE ts_rank(search, websearch_to_tsquery('english', $1)) END DESC, id
         LIMIT $4",
        text,
        topic,
        difficulty,
        limit
    )
    .fetch_all(pool)
    .await
}

/// The topics of the bank, for the picker's filter.
pub async fn topics(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT DISTINCT topic FROM questions WHERE NOT retired ORDER BY topic")
        .fetch_all(pool)
        .await
}
