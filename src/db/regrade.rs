//! SQL for `whetstone regrade`: the answers to grade again, and writing a new judgment (the
//! leaderboard rows of the users whose scores changed are rebuilt with
//! [`super::leaderboard::rebuild_user`]).

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// An answer to a bank question, as regrading needs it.
#[derive(Debug, Clone)]
pub struct Gradable {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub question_id: String,
    pub body: String,
    pub score: Option<f32>,
    pub rubric_version: Option<String>,
}

/// Graded answers to bank questions (an interviewer's own questions keep the rubric they were
/// asked with), optionally of one question and submitted at or after `since`, oldest first.
pub async fn gradable(
    pool: &PgPool,
    question: Option<&str>,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<Gradable>, sqlx::Error> {
    sqlx::query_as!(
        Gradable,
        r#"SELECT a.id, a.user_id, a.question_id, a.body, a.score, a.rubric_version
           FROM answers a
           WHERE EXISTS (SELECT 1 FROM rubrics r WHERE r.question_id = a.question_id)
             AND ($1::text IS NULL OR a.question_id = $1)
             AND ($2::timestamptz IS NULL OR a.submitted_at >= $2)
           ORDER BY a.submitted_at, a.id"#,
        question,
        since
    )
    .fetch_all(pool)
    .await
}

/// A new judgment for an answer (the columns `solo::Graded` fills).
#[derive(Debug, Clone)]
pub struct Regraded {
    pub id: Uuid,
    pub judgment: Option<serde_json::Value>,
    pub score: Option<f32>,
    pub band: Option<String>,
    pub flags: Vec<String>,
    pub grader_version: String,
    pub rubric_version: Option<String>,
}

/// Writes a new judgment over an answer's old one.
pub async fn write(tx: &mut Transaction<'_, Postgres>, r: &Regraded) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE answers SET judgment = $2, score = $3, band = $4, flags = $5,
                            grader_version = $6, rubric_version = $7
         WHERE id = $1",
        r.id,
        r.judgment,
        r.score,
        r.band,
        &r.flags,
        r.grader_version,
        r.rubric_version
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
