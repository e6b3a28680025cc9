//! The interviewer's score overrides (table `score_overrides`): per answer, or per criterion of
//! its judgment, with a reason. The automatic score is never changed.

use sqlx::PgPool;
use uuid::Uuid;

use crate::live;

/// The answer at `position` of a session's interview: its id and stored judgment.
#[derive(Debug, Clone)]
pub struct AnswerRef {
    pub id: Uuid,
    pub judgment: Option<serde_json::Value>,
}

/// One override as the live view and report show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Override {
    pub position: i32,
    /// `None`: the answer's overall score.
    pub criterion: Option<String>,
    pub score: f32,
    pub reason: String,
}

/// The answer to the item at `position` of `interview`, if answered.
pub async fn answer_at(
    pool: &PgPool,
    interview: Uuid,
    position: i32,
) -> Result<Option<AnswerRef>, sqlx::Error> {
    sqlx::query_as!(
        AnswerRef,
        "SELECT a.id, a.judgment FROM answers a JOIN interview_items i ON i.id = a.item_id
         WHERE i.interview_id = $1 AND i.position = $2",
        interview,
        position
    )
    .fetch_optional(pool)
    .await
}

/// Records (or replaces) an override and announces it to the session's live view.
pub async fn put(
    pool: &PgPool,
    session: Uuid,
    answer: Uuid,
    criterion: Option<&str>,
    score: f32,
    reason: &str,
    author: Uuid,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO score_overrides (id, answer_id, criterion, score, reason, author_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (answer_id, (COALESCE(criterion, '')))
         DO UPDATE SET score = EXCLUDED.score, reason = EXCLUDED.reason,
                       author_id = EXCLUDED.author_id, created_at = now()",
        Uuid::new_v4(),
        answer,
        criterion,
        score,
        reason,
        author
    )
    .execute(&mut *tx)
    .await?;
    live::notify(&mut tx, session, "override").await?;
    tx.commit().await
}

/// Every override of `interview`'s answers, by position.
pub async fn for_interview(pool: &PgPool, interview: Uuid) -> Result<Vec<Override>, sqlx::Error> {
    sqlx::query_as!(
        Override,
        "SELECT i.position, o.criterion, o.score, o.reason
         FROM score_overrides o
         JOIN answers a ON a.id = o.answer_id
         JOIN interview_items i ON i.id = a.item_id
         WHERE i.interview_id = $1
         ORDER BY i.position, o.criterion NULLS FIRST",
        interview
    )
    .fetch_all(pool)
    .await
}
