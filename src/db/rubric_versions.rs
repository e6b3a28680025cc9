//! Rubric versions saved in the browser (issue 17): each save keeps the rubric it replaces,
//! with author and reason; `rubrics.edited_at` marks edits `whetstone rubrics export` has not
//! written back to the files yet.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// Makes `rubric` the question's current rubric and records it as a version. The first edit of a
/// question also records the rubric it replaces (as imported from the files), so every version
/// can be looked at later. Returns the new version's id.
pub async fn save(
    tx: &mut Transaction<'_, Postgres>,
    question_id: &str,
    rubric: &serde_json::Value,
    author: Uuid,
    reason: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query!(
        "INSERT INTO rubric_versions (question_id, rubric, author_id, reason, created_at)
         SELECT r.question_id, r.rubric, NULL, 'as imported from rubrics/', r.updated_at
         FROM rubrics r
         WHERE r.question_id = $1
           AND NOT EXISTS (SELECT 1 FROM rubric_versions v WHERE v.question_id = $1)",
        question_id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE rubrics SET rubric = $2, updated_at = now(), edited_at = now()
         WHERE question_id = $1",
        question_id,
        rubric
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query_scalar!(
        "INSERT INTO rubric_versions (question_id, rubric, author_id, reason)
         VALUES ($1, $2, $3, $4) RETURNING id",
        question_id,
        rubric,
        author,
        reason
    )
    .fetch_one(&mut **tx)
    .await
}

#[derive(Debug, Clone)]
pub struct Version {
    pub id: i64,
    pub author: Option<String>,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub rubric: serde_json::Value,
}

/// The versions of a question's rubric, newest first.
pub async fn of_question(pool: &PgPool, question_id: &str) -> Result<Vec<Version>, sqlx::Error> {
    sqlx::query_as!(
        Version,
        r#"SELECT v.id, u.username AS "author?", v.reason, v.created_at, v.rubric
           FROM rubric_versions v LEFT JOIN users u ON u.id = v.author_id
           WHERE v.question_id = $1 ORDER BY v.id DESC"#,
        question_id
    )
    .fetch_all(pool)
    .await
}

/// Rubrics edited in the browser and not yet exported: `(question id, rubric)`.
pub async fn unexported(pool: &PgPool) -> Result<Vec<(String, serde_json::Value)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT question_id, rubric FROM rubrics WHERE edited_at IS NOT NULL ORDER BY question_id"
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.question_id, r.rubric))
        .collect())
}

/// Marks the edits of `question_ids` as written back to the files.
pub async fn mark_exported(pool: &PgPool, question_ids: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE rubrics SET edited_at = NULL WHERE question_id = ANY($1)",
        question_ids
    )
    .execute(pool)
    .await?;
    Ok(())
}
