//! Appeals of criterion verdicts (issue 17): recording them with a snapshot of the answer,
//! the curator's queue, resolving them, and what the candidate reads back.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// An appeal to record.
#[derive(Debug, Clone)]
pub struct NewAppeal {
    pub answer_id: Uuid,
    pub user_id: Uuid,
    pub question_id: String,
    pub criterion: String,
    pub label: String,
    /// `right` or `misread`.
    pub kind: &'static str,
    pub verdict: &'static str,
    pub comment: String,
    pub answer_body: String,
    pub judgment: serde_json::Value,
    pub score: Option<f32>,
}

/// Records an appeal; `Ok(None)` when the answer already has an open appeal of that criterion.
pub async fn insert(pool: &PgPool, a: &NewAppeal) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO appeals (id, answer_id, user_id, question_id, criterion, label, kind, verdict,
                              comment, answer_body, judgment, score)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (answer_id, criterion) WHERE state = 'open' DO NOTHING
         RETURNING id",
        Uuid::new_v4(),
        a.answer_id,
        a.user_id,
        a.question_id,
        a.criterion,
        a.label,
        a.kind,
        a.verdict,
        a.comment,
        a.answer_body,
        a.judgment,
        a.score
    )
    .fetch_optional(pool)
    .await
}

/// An appeal as the curator reads it.
#[derive(Debug, Clone)]
pub struct Appeal {
    pub id: Uuid,
    pub answer_id: Uuid,
    pub user_id: Uuid,
    pub username: String,
    pub question_id: String,
    pub prompt: Option<String>,
    pub criterion: String,
    pub label: String,
    pub kind: String,
    pub verdict: String,
    pub comment: String,
    pub answer_body: String,
    pub judgment: serde_json::Value,
    pub score: Option<f32>,
    pub state: String,
    pub remedy: Option<String>,
    pub expected: Option<String>,
    pub phrase: Option<String>,
    pub reason: String,
    pub new_score: Option<f32>,
    pub created_at: DateTime<Utc>,
    /// Open appeals of the same question and criterion (this one included).
    pub same: i64,
}

/// Open appeals, the most common (question, criterion) first, then newest first.
pub async fn open(pool: &PgPool, limit: i64) -> Result<Vec<Appeal>, sqlx::Error> {
    sqlx::query_as!(
        Appeal,
        r#"SELECT a.id, a.answer_id, a.user_id, u.username, a.question_id, q.prompt AS "prompt?",
                  a.criterion, a.label, a.kind, a.verdict, a.comment, a.answer_body, a.judgment,
                  a.score, a.state, a.remedy, a.expected, a.phrase, a.reason, a.new_score,
                  a.created_at,
                  COUNT(*) OVER (PARTITION BY a.question_id, a.criterion) AS "same!"
           FROM appeals a JOIN users u ON u.id = a.user_id
           LEFT JOIN questions q ON q.id = a.question_id
           WHERE a.state = 'open'
           ORDER BY "same!" DESC, a.created_at DESC, a.id
           LIMIT $1"#,
        limit
    )
    .fetch_all(pool)
    .await
}

/// One appeal, in any state.
pub async fn get(pool: &PgPool, id: Uuid) -> Result<Option<Appeal>, sqlx::Error> {
    sqlx::query_as!(
        Appeal,
        r#"SELECT a.id, a.answer_id, a.user_id, u.username, a.question_id, q.prompt AS "prompt?",
                  a.criterion, a.label, a.kind, a.verdict, a.comment, a.answer_body, a.judgment,
                  a.score, a.state, a.remedy, a.expected, a.phrase, a.reason, a.new_score,
                  a.created_at,
                  (SELECT COUNT(*) FROM appeals o WHERE o.state = 'open'
                     AND o.question_id = a.question_id AND o.criterion = a.criterion) AS "same!"
           FROM appeals a JOIN users u ON u.id = a.user_id
           LEFT JOIN questions q ON q.id = a.question_id
           WHERE a.id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
}

/// How a curator resolved an appeal.
#[derive(Debug, Clone)]
pub struct Resolution {
    pub id: Uuid,
    /// `accepted` or `rejected`.
    pub state: &'static str,
    pub remedy: Option<&'static str>,
    pub expected: Option<String>,
    pub phrase: Option<String>,
    pub reason: String,
    pub new_score: Option<f32>,
    pub by: Uuid,
}

/// Resolves an open appeal; false when it was not open (resolved meanwhile).
pub async fn resolve(
    tx: &mut Transaction<'_, Postgres>,
    r: &Resolution,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE appeals SET state = $2, remedy = $3, expected = $4, phrase = $5, reason = $6,
                            new_score = $7, resolved_by = $8, resolved_at = now()
         WHERE id = $1 AND state = 'open'",
        r.id,
        r.state,
        r.remedy,
        r.expected,
        r.phrase,
        r.reason,
        r.new_score,
        r.by
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the score the appeal's answer has now (after its regrade) and returns it.
pub async fn set_new_score(pool: &PgPool, id: Uuid) -> Result<Option<f32>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE appeals a SET new_score = ans.score FROM answers ans
         WHERE a.id = $1 AND ans.id = a.answer_id RETURNING a.new_score",
        id
    )
    .fetch_optional(pool)
    .await
    .map(Option::flatten)
}

/// An appeal as its author reads it back.
#[derive(Debug, Clone)]
pub struct Mine {
    pub id: Uuid,
    pub item_id: Uuid,
    pub prompt: Option<String>,
    pub label: String,
    pub kind: String,
    pub state: String,
    pub remedy: Option<String>,
    pub reason: String,
    pub score: Option<f32>,
    pub new_score: Option<f32>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A user's appeals, the most recently changed first.
pub async fn of_user(pool: &PgPool, user_id: Uuid, limit: i64) -> Result<Vec<Mine>, sqlx::Error> {
    sqlx::query_as!(
        Mine,
        r#"SELECT a.id, ans.item_id, q.prompt AS "prompt?", a.label, a.kind, a.state, a.remedy,
                  a.reason, a.score, a.new_score, a.created_at, a.resolved_at
           FROM appeals a JOIN answers ans ON ans.id = a.answer_id
           LEFT JOIN questions q ON q.id = a.question_id
           WHERE a.user_id = $1
           ORDER BY COALESCE(a.resolved_at, a.created_at) DESC, a.id
           LIMIT $2"#,
        user_id,
        limit
    )
    .fetch_all(pool)
    .await
}

/// The appeals made on one answer: `(criterion, state)`, newest first.
pub async fn of_answer(
    pool: &PgPool,
    answer_id: Uuid,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT criterion, state FROM appeals WHERE answer_id = $1 ORDER BY created_at DESC",
        answer_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.criterion, r.state)).collect())
}

/// Verdicts curators fixed for single answers (accepted `verdict` remedies), optionally of one
/// question: `(answer id, criterion, verdict)`, oldest first (a later one wins).
pub async fn verdict_fixes(
    pool: &PgPool,
    question: Option<&str>,
) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT answer_id, criterion, expected AS "expected!" FROM appeals
           WHERE state = 'accepted' AND remedy = 'verdict' AND expected IS NOT NULL
             AND ($1::text IS NULL OR question_id = $1)
           ORDER BY resolved_at"#,
        question
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.answer_id, r.criterion, r.expected))
        .collect())
}
