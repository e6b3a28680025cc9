//! Interviewer-led sessions in the database (tables of `migrations/*_sessions.sql`): the session
//! rows themselves here (create, read, list, templates and copies, leaderboards, release,
//! finish), their prepared questions in [`questions`], starting them and what changes while they
//! run in [`running`], and their shared links and candidate in [`links`]. Every change a live
//! view shows is announced with [`crate::live::notify`] inside the same transaction, so listeners
//! hear of it only once it is committed.

mod links;
mod questions;
mod running;

pub use links::*;
pub use questions::*;
pub use running::*;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::states::SessionState;
use crate::live;

/// A session as its owner sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Session {
    pub id: Uuid,
    pub owner_id: Uuid,
    pub title: String,
    pub candidate_name: String,
    pub minutes_per_question: i32,
    pub state: SessionState,
    pub is_template: bool,
    pub count_for_leaderboards: bool,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// `strong_hire`, `hire`, `no_hire` or `strong_no_hire`, once given.
    pub recommendation: Option<String>,
    pub summary: String,
    /// The interview holding the candidate's items, once the session started.
    pub interview_id: Option<Uuid>,
    /// Whether the candidate may see scores and feedback.
    pub results_released: bool,
}

/// A row of the dashboard.
#[derive(Debug, Clone)]
pub struct Listed {
    pub id: Uuid,
    pub title: String,
    pub candidate_name: String,
    pub state: SessionState,
    pub is_template: bool,
    pub questions: i64,
    pub created_at: DateTime<Utc>,
}

/// What a new session is made of.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub owner_id: Uuid,
    pub title: &'a str,
    pub candidate_name: &'a str,
    pub minutes_per_question: i32,
    pub count_for_leaderboards: bool,
}

pub async fn create(pool: &PgPool, new: &NewSession<'_>) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO interview_sessions
             (id, owner_id, title, candidate_name, minutes_per_question, count_for_leaderboards)
         VALUES ($1, $2, $3, $4, $5, $6)",
        id,
        new.owner_id,
        new.title,
        new.candidate_name,
        new.minutes_per_question,
        new.count_for_leaderboards
    )
    .execute(pool)
    .await?;
    Ok(id)
}

/// The session, whoever owns it (for candidate and report links).
pub async fn get(pool: &PgPool, id: Uuid) -> Result<Option<Session>, sqlx::Error> {
    sqlx::query_as!(
        Session,
        r#"SELECT id, owner_id, title, candidate_name, minutes_per_question,
                  state AS "state: SessionState", is_template, count_for_leaderboards, created_at,
                  started_at, finished_at, recommendation, summary, interview_id, results_released
           FROM interview_sessions WHERE id = $1"#,
        id
    )
    .fetch_optional(pool)
    .await
}

/// The session if `owner` owns it; `None` for anyone else (who must not learn it exists).
pub async fn get_owned(
    pool: &PgPool,
    id: Uuid,
    owner: Uuid,
) -> Result<Option<Session>, sqlx::Error> {
    Ok(get(pool, id).await?.filter(|s| s.owner_id == owner))
}

/// The owner's sessions and templates, newest first.
pub async fn list_for_owner(pool: &PgPool, owner: Uuid) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as!(
        Listed,
        r#"SELECT s.id, s.title, s.candidate_name, s.state AS "state: SessionState", s.is_template,
                  s.created_at,
                  (SELECT count(*) FROM session_questions q WHERE q.session_id = s.id) AS "questions!"
           FROM interview_sessions s WHERE s.owner_id = $1
           ORDER BY s.created_at DESC"#,
        owner
    )
    .fetch_all(pool)
    .await
}

/// Marks or unmarks the session as a reusable template.
pub async fn set_template(pool: &PgPool, session: Uuid, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE interview_sessions SET is_template = $2 WHERE id = $1",
        session,
        on
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Sets whether the answers given in the session count on team leaderboards, and recomputes the
/// leaderboard rows of whoever already answered in it (its signed-in candidate), in one
/// transaction.
pub async fn set_count_for_leaderboards(
    pool: &PgPool,
    session: Uuid,
    on: bool,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let changed = sqlx::query!(
        "UPDATE interview_sessions SET count_for_leaderboards = $2
         WHERE id = $1 AND count_for_leaderboards <> $2",
        session,
        on
    )
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 1 {
        let users = sqlx::query_scalar!(
            r#"SELECT DISTINCT a.user_id AS "user_id!"
               FROM interview_sessions s
               JOIN interview_items i ON i.interview_id = s.interview_id
               JOIN answers a ON a.item_id = i.id
               WHERE s.id = $1 AND a.user_id IS NOT NULL"#,
            session
        )
        .fetch_all(&mut *tx)
        .await?;
        // a session has one candidate, so one rebuild per transaction
        for user in users {
            crate::db::leaderboard::rebuild_user(&mut tx, user).await?;
        }
    }
    tx.commit().await
}

/// A new draft session (or template, `as_template`) with the settings and prepared questions of
/// `source` (a template or any session), never its follow-ups.
pub async fn copy(pool: &PgPool, source: &Session, as_template: bool) -> Result<Uuid, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO interview_sessions
             (id, owner_id, title, candidate_name, minutes_per_question, count_for_leaderboards,
              is_template)
         VALUES ($1, $2, $3, '', $4, $5, $6)",
        id,
        source.owner_id,
        source.title,
        source.minutes_per_question,
        source.count_for_leaderboards,
        as_template
    )
    .execute(&mut *tx)
    .await?;
    // the prepared questions, renumbered from 0; follow-ups pushed live stay with their session
    sqlx::query!(
        "INSERT INTO session_questions (session_id, position, question_id, own_prompt, own_reference, minutes)
         SELECT $1, (row_number() OVER (ORDER BY position) - 1)::int, question_id, own_prompt,
                own_reference, minutes
         FROM session_questions WHERE session_id = $2 AND followup_of IS NULL",
        id,
        source.id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Releases (or withholds) the results to the candidate.
pub async fn set_released(pool: &PgPool, session: Uuid, on: bool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE interview_sessions SET results_released = $2 WHERE id = $1",
        session,
        on
    )
    .execute(&mut *tx)
    .await?;
    live::notify(&mut tx, session, "released").await?;
    tx.commit().await
}

/// Ends a live session. `false` if it was not live.
pub async fn finish(pool: &PgPool, session: Uuid) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query!(
        "UPDATE interview_sessions SET state = 'finished', finished_at = now()
         WHERE id = $1 AND state = 'live'",
        session
    )
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        live::notify(&mut tx, session, "finished").await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}
