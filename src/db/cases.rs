//! Labelled cases of a question for the rubric workbench (issue 17): answers with a human score
//! and/or expected verdicts, from appeals and uploads; interviewer overrides are read from
//! `score_overrides` as they are ([`override_cases`]).

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewCase {
    pub question_id: String,
    /// `appeal` or `upload`.
    pub source: &'static str,
    pub appeal_id: Option<Uuid>,
    pub answer: String,
    pub score: Option<f32>,
    /// Criterion id -> verdict.
    pub verdicts: serde_json::Value,
    pub author_id: Option<Uuid>,
}

pub async fn insert(tx: &mut Transaction<'_, Postgres>, c: &NewCase) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO rubric_cases (id, question_id, source, appeal_id, answer, score, verdicts,
                                   author_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        Uuid::new_v4(),
        c.question_id,
        c.source,
        c.appeal_id,
        c.answer,
        c.score,
        c.verdicts,
        c.author_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Case {
    pub id: Uuid,
    pub source: String,
    pub answer: String,
    pub score: Option<f32>,
    pub verdicts: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// The stored cases of a question, oldest first.
pub async fn of_question(pool: &PgPool, question_id: &str) -> Result<Vec<Case>, sqlx::Error> {
    sqlx::query_as!(
        Case,
        "SELECT id, source, answer, score, verdicts, created_at FROM rubric_cases
         WHERE question_id = $1 ORDER BY created_at, id",
        question_id
    )
    .fetch_all(pool)
    .await
}

/// Interviewer overrides of the overall score of answers to a question, as cases: the answer
/// and the interviewer's score (an override is a human score).
pub async fn override_cases(pool: &PgPool, question_id: &str) -> Result<Vec<Case>, sqlx::Error> {
    sqlx::query_as!(
        Case,
        r#"SELECT o.id, 'override' AS "source!", a.body AS answer, o.score AS "score?",
                  '{}'::jsonb AS "verdicts!", o.created_at
           FROM score_overrides o JOIN answers a ON a.id = o.answer_id
           WHERE a.question_id = $1 AND o.criterion IS NULL
           ORDER BY o.created_at, o.id"#,
        question_id
    )
    .fetch_all(pool)
    .await
}

/// The question's reference answers as markdown (the golden tests of a draft rubric read them).
pub async fn reference_texts(pool: &PgPool, question_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT markdown FROM reference_answers WHERE question_id = $1 ORDER BY position",
        question_id
    )
    .fetch_all(pool)
    .await
}
