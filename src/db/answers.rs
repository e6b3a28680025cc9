//! Graded answers: recording them once per item, reading them back, and the per-user statistics
//! the history page and the dealer need.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

/// Where a stored answer was given (`answers.source`, text with CHECK solo/interview): read it
/// as `source AS "source: AnswerSource"`, so its spelling lives here only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum AnswerSource {
    /// A solo interview's item.
    Solo,
    /// An item of an interviewer-led session.
    Interview,
}

/// An answer to record. `judgment` is the grader's output as JSON (None without a rubric).
#[derive(Debug, Clone)]
pub struct NewAnswer {
    pub item_id: Uuid,
    pub source: AnswerSource,
    pub user_id: Option<Uuid>,
    pub question_id: String,
    pub topic: String,
    pub difficulty: String,
    pub body: String,
    pub timed_out: bool,
    pub judgment: Option<serde_json::Value>,
    pub score: Option<f32>,
    pub band: Option<String>,
    pub flags: Vec<String>,
    pub grader_version: String,
    pub rubric_version: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub id: Uuid,
    pub item_id: Uuid,
    pub user_id: Option<Uuid>,
    pub question_id: String,
    pub topic: String,
    pub difficulty: String,
    pub body: String,
    pub submitted_at: DateTime<Utc>,
    pub timed_out: bool,
    pub judgment: Option<serde_json::Value>,
    pub score: Option<f32>,
    pub band: Option<String>,
    pub flags: Vec<String>,
}

/// Records the answer unless the item already has one. Returns whether a row was written.
pub async fn insert(
    tx: &mut Transaction<'_, Postgres>,
    a: &NewAnswer,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO answers (id, item_id, source, user_id, question_id, topic, difficulty, body,
                              timed_out, judgment, score, band, flags, grader_version,
                              rubric_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (item_id) DO NOTHING",
        Uuid::new_v4(),
        a.item_id,
        a.source as AnswerSource,
        a.user_id,
        a.question_id,
        a.topic,
        a.difficulty,
        a.body,
        a.timed_out,
        a.judgment,
        a.score,
        a.band,
        &a.flags,
        a.grader_version,
        a.rubric_version
    )
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn for_item(pool: &PgPool, item_id: Uuid) -> Result<Option<Answer>, sqlx::Error> {
    sqlx::query_as!(
        Answer,
        "SELECT id, item_id, user_id, question_id, topic, difficulty, body, submitted_at,
                timed_out, judgment, score, band, flags
         FROM answers WHERE item_id = $1",
        item_id
    )
    .fetch_optional(pool)
    .await
}

/// Answers of an interview's items, in item order.
pub async fn for_interview(pool: &PgPool, interview_id: Uuid) -> Result<Vec<Answer>, sqlx::Error> {
    sqlx::query_as!(
        Answer,
        "SELECT a.id, a.item_id, a.user_id, a.question_id, a.topic, a.difficulty, a.body,
                a.submitted_at, a.timed_out, a.judgment, a.score, a.band, a.flags
         FROM answers a JOIN interview_items i ON i.id = a.item_id
         WHERE i.interview_id = $1 ORDER BY i.position",
        interview_id
    )
    .fetch_all(pool)
    .await
}

/// For the dealer: days since the user last answered each question (last 30 days only).
pub async fn recent_days_ago(
    pool: &PgPool,
    user_id: Uuid,
) -> Result<Vec<(String, f64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT question_id,
                  (EXTRACT(EPOCH FROM (now() - MAX(submitted_at))) / 86400.0)::float8 AS "days!"
           FROM answers
           WHERE user_id = $1 AND submitted_at > now() - interval '30 days'
           GROUP BY question_id"#,
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.question_id, r.days)).collect())
}

/// Graded solo answer scores of a user, oldest first (the last `limit`). Progress pages read only
/// solo practice: a session's scores are the interviewer's to release.
pub async fn score_series(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<(DateTime<Utc>, f32)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT submitted_at, score AS "score!" FROM (
               SELECT submitted_at, score FROM answers
               WHERE user_id = $1 AND source = 'solo' AND score IS NOT NULL
               ORDER BY submitted_at DESC LIMIT $2) recent
           ORDER BY submitted_at"#,
        user_id,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.submitted_at, r.score))
        .collect())
}

#[derive(Debug, Clone)]
pub struct TopicAverage {
    pub topic: String,
    pub answers: i64,
    pub average: f64,
}

/// A user's average solo score per topic, weakest first (from `user_topic_stats`, which a
/// trigger keeps as answers are recorded, regraded or deleted).
pub async fn average_by_topic(
    pool: &PgPool,
    user_id: Uuid,
) -> Result<Vec<TopicAverage>, sqlx::Error> {
    sqlx::query_as!(
        TopicAverage,
        r#"SELECT topic, answers, score_sum / answers AS "average!"
           FROM user_topic_stats WHERE user_id = $1 AND answers > 0
           ORDER BY score_sum / answers, topic"#,
        user_id
    )
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone)]
pub struct WeakCriterion {
    pub label: String,
    pub judged: i64,
    pub missed: i64,
}

/// Criteria (by label) the user most often missed or contradicted in solo practice (from
/// `user_criterion_stats`, kept by a trigger like [`average_by_topic`]'s table).
pub async fn weakest_criteria(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<WeakCriterion>, sqlx::Error> {
    sqlx::query_as!(
        WeakCriterion,
        r#"SELECT label, judged, missed FROM user_criterion_stats
           WHERE user_id = $1 AND missed > 0 AND judged > 0
           ORDER BY missed::float8 / judged DESC, judged DESC, label
           LIMIT $2"#,
        user_id,
        limit
    )
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone)]
pub struct InterviewScore {
    pub interview_id: Uuid,
    pub items: i64,
    pub answered: i64,
    pub average: Option<f64>,
}

/// Per interview of `interview_ids` (a page of a list): number of items, answers, and the
/// average score.
pub async fn interview_scores(
    pool: &PgPool,
    interview_ids: &[Uuid],
) -> Result<Vec<InterviewScore>, sqlx::Error> {
    sqlx::query_as!(
        InterviewScore,
        r#"SELECT i.interview_id AS "interview_id!", COUNT(*) AS "items!", COUNT(a.id) AS "answered!",
                  AVG(a.score)::float8 AS average
           FROM interview_items i
           LEFT JOIN answers a ON a.item_id = i.id
           WHERE i.interview_id = ANY($1)
           GROUP BY i.interview_id"#,
        interview_ids
    )
    .fetch_all(pool)
    .await
}

/// A graded solo answer as the home page lists it.
#[derive(Debug, Clone)]
pub struct RecentAnswer {
    pub item_id: Uuid,
    pub question_id: String,
    pub prompt: Option<String>,
    pub topic: String,
    pub score: Option<f32>,
    pub submitted_at: DateTime<Utc>,
}

/// A user's latest solo answers, newest first.
pub async fn recent_solo(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<RecentAnswer>, sqlx::Error> {
    sqlx::query_as!(
        RecentAnswer,
        r#"SELECT a.item_id, a.question_id, q.prompt AS "prompt?", a.topic, a.score, a.submitted_at
           FROM answers a LEFT JOIN questions q ON q.id = a.question_id
           WHERE a.user_id = $1 AND a.source = 'solo'
           ORDER BY a.submitted_at DESC
           LIMIT $2"#,
        user_id,
        limit
    )
    .fetch_all(pool)
    .await
}

/// A user's record on one question in solo practice.
#[derive(Debug, Clone)]
pub struct QuestionRecord {
    pub question_id: String,
    pub attempts: i64,
    /// The best score (`None` when no answer was graded).
    pub best: Option<f32>,
    /// The item of the best answer (its feedback page).
    pub best_item: Uuid,
}

/// The user's attempts and best solo answer for each of `question_ids` they answered.
pub async fn records_for_questions(
    pool: &PgPool,
    user_id: Uuid,
    question_ids: &[String],
) -> Result<Vec<QuestionRecord>, sqlx::Error> {
    sqlx::query_as!(
        QuestionRecord,
        r#"SELECT DISTINCT ON (question_id)
                  question_id,
                  COUNT(*) OVER (PARTITION BY question_id) AS "attempts!",
                  score AS best,
                  item_id AS best_item
           FROM answers
           WHERE user_id = $1 AND source = 'solo' AND question_id = ANY($2)
           ORDER BY question_id, score DESC NULLS LAST, submitted_at DESC"#,
        user_id,
        question_ids
    )
    .fetch_all(pool)
    .await
}
