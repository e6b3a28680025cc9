//! Problems with questions reported from feedback pages (issue 17): wrong or outdated
//! reference, unclear question, duplicate.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewFlag {
    pub question_id: String,
    pub answer_id: Uuid,
    pub user_id: Uuid,
    pub kind: &'static str,
    pub reason: String,
    pub answer_body: String,
    pub judgment: Option<serde_json::Value>,
}

pub async fn insert(pool: &PgPool, f: &NewFlag) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO question_flags (id, question_id, answer_id, user_id, kind, reason,
                                     answer_body, judgment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        Uuid::new_v4(),
        f.question_id,
        f.answer_id,
        f.user_id,
        f.kind,
        f.reason,
        f.answer_body,
        f.judgment
    )
    .fetch_one(pool)
    .await
}

#[derive(Debug, Clone)]
pub struct Flag {
    pub id: Uuid,
    pub question_id: String,
    pub prompt: Option<String>,
    pub username: String,
    pub kind: String,
    pub reason: String,
    pub answer_body: String,
    pub state: String,
    pub resolution: String,
    pub created_at: DateTime<Utc>,
    /// Open flags of the same question (this one included).
    pub same: i64,
}

/// Open flags, the most flagged questions first, then newest first.
pub async fn open(pool: &PgPool, limit: i64) -> Result<Vec<Flag>, sqlx::Error> {
    sqlx::query_as!(
        Flag,
        r#"SELECT f.id, f.question_id, q.prompt AS "prompt?", u.username, f.kind, f.reason,
                  f.answer_body, f.state, f.resolution, f.created_at,
                  COUNT(*) OVER (PARTITION BY f.question_id) AS "same!"
           FROM question_flags f JOIN users u ON u.id = f.user_id
           LEFT JOIN questions q ON q.id = f.question_id
           WHERE f.state = 'open'
           ORDER BY "same!" DESC, f.created_at DESC, f.id
           LIMIT $1"#,
        limit
    )
    .fetch_all(pool)
    .await
}

/// Closes an open flag as `resolved` or `dismissed`; false when it was not open.
pub async fn resolve(
    pool: &PgPool,
    id: Uuid,
    state: &str,
    resolution: &str,
    by: Uuid,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE question_flags SET state = $2, resolution = $3, resolved_by = $4,
                                   resolved_at = now()
         WHERE id = $1 AND state = 'open'",
        id,
        state,
        resolution,
        by
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A user's flags, newest first: `(prompt or question id, kind, state, resolution)`.
pub async fn of_user(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT COALESCE(q.prompt, f.question_id) AS "what!", f.kind, f.state, f.resolution
           FROM question_flags f LEFT JOIN questions q ON q.id = f.question_id
           WHERE f.user_id = $1 ORDER BY f.created_at DESC LIMIT $2"#,
        user_id,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.what, r.kind, r.state, r.resolution))
        .collect())
}
