//! Interviewer-led sessions, their questions, shared links and candidate (tables of
//! `migrations/*_sessions.sql`). Every change a live view shows is announced with
//! [`crate::live::notify`] inside the same transaction, so listeners hear of it only once it is
//! committed.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::states::{ItemState, LinkKind, SessionState};
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

/// An item created when the session starts: a bank question, or an own question with its
/// prompt and the rubric built from its reference answer.
#[derive(Debug, Clone)]
pub struct StartItem {
    pub question_id: String,
    pub minutes: i32,
    pub prompt: Option<String>,
    pub rubric: Option<serde_json::Value>,
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

/// What a new session is made of.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub owner_id: Uuid,
    pub title: &'a str,
    pub candidate_name: &'a str,
    pub minutes_per_question: i32,
    pub count_for_leaderboards: bool,
}

/// A shared link found by its token hash.
#[derive(Debug, Clone)]
pub struct Link {
    pub session_id: Uuid,
    pub kind: LinkKind,
    /// Neither revoked nor expired (by the database's clock).
    pub usable: bool,
}

/// The candidate holding a session.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    pub display_name: String,
    #[serde(skip)]
    pub holder_hash: Vec<u8>,
    pub joined_at: DateTime<Utc>,
    /// Joined signed in to an account (their answers can count on its team leaderboards).
    pub signed_in: bool,
}

/// The outcome of a browser trying to join as the candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This browser holds the session (now, or already did).
    Held,
    /// Another browser holds it.
    Taken,
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
/// already in the session, or the session is not live).
pub async fn push_followup(
    pool: &PgPool,
    session: Uuid,
    of: i32,
    followup: FollowUp<'_>,
    minutes: i32,
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
        add_followup_item(&mut tx, session).await?;
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
            .unwrap_or_else(|| crate::interviews::own_question::id(q.position)),
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
            super::leaderboard::rebuild_user(&mut tx, user).await?;
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

/// Issues a new link of `kind`, revoking the session's earlier ones of that kind. A candidate
/// link moves a draft session to `scheduled`.
pub async fn issue_link(
    pool: &PgPool,
    session: Uuid,
    kind: LinkKind,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE session_links SET revoked_at = now()
         WHERE session_id = $1 AND kind = $2 AND revoked_at IS NULL",
        session,
        kind.as_str()
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO session_links (token_hash, session_id, kind, expires_at)
         VALUES ($1, $2, $3, $4)",
        token_hash,
        session,
        kind.as_str(),
        expires_at
    )
    .execute(&mut *tx)
    .await?;
    if kind == LinkKind::Candidate {
        sqlx::query!(
            "UPDATE interview_sessions SET state = 'scheduled' WHERE id = $1 AND state = 'draft'",
            session
        )
        .execute(&mut *tx)
        .await?;
    }
    live::notify(&mut tx, session, "link").await?;
    tx.commit().await
}

/// Revokes the session's links of `kind`. Returns how many were live.
pub async fn revoke_links(
    pool: &PgPool,
    session: Uuid,
    kind: LinkKind,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query!(
        "UPDATE session_links SET revoked_at = now()
         WHERE session_id = $1 AND kind = $2 AND revoked_at IS NULL",
        session,
        kind.as_str()
    )
    .execute(&mut *tx)
    .await?;
    live::notify(&mut tx, session, "link").await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// Whether the session has a usable link of `kind`, and until when.
pub async fn active_link_expiry(
    pool: &PgPool,
    session: Uuid,
    kind: LinkKind,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT max(expires_at) FROM session_links
         WHERE session_id = $1 AND kind = $2 AND revoked_at IS NULL AND expires_at > now()",
        session,
        kind.as_str()
    )
    .fetch_one(pool)
    .await
}

pub async fn find_link(pool: &PgPool, token_hash: &[u8]) -> Result<Option<Link>, sqlx::Error> {
    sqlx::query_as!(
        Link,
        r#"SELECT session_id, kind AS "kind: LinkKind",
                  (revoked_at IS NULL AND expires_at > now()) AS "usable!"
           FROM session_links WHERE token_hash = $1"#,
        token_hash
    )
    .fetch_optional(pool)
    .await
}

pub async fn candidate(pool: &PgPool, session: Uuid) -> Result<Option<Candidate>, sqlx::Error> {
    sqlx::query_as!(
        Candidate,
        "SELECT display_name, holder_hash, joined_at, user_id IS NOT NULL AS \"signed_in!\"
         FROM session_candidates WHERE session_id = $1",
        session
    )
    .fetch_optional(pool)
    .await
}

/// The account of the candidate answering in `interview` (a session's interview), if they joined
/// signed in: their answers carry it.
pub async fn candidate_user(
    conn: &mut sqlx::PgConnection,
    interview: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    let user = sqlx::query_scalar!(
        "SELECT c.user_id FROM interview_sessions s
         JOIN session_candidates c ON c.session_id = s.id
         WHERE s.interview_id = $1",
        interview
    )
    .fetch_optional(conn)
    .await?;
    Ok(user.flatten())
}

/// The browser with cookie hash `holder_hash` tries to hold the session as `display_name`,
/// signed in as `user` or anonymously.
pub async fn claim(
    pool: &PgPool,
    session: Uuid,
    display_name: &str,
    holder_hash: &[u8],
    user: Option<Uuid>,
) -> Result<Claim, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO session_candidates (session_id, display_name, holder_hash, user_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT (session_id) DO NOTHING",
        session,
        display_name,
        holder_hash,
        user
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        live::notify(&mut tx, session, "joined").await?;
        tx.commit().await?;
        return Ok(Claim::Held);
    }
    let holder = sqlx::query_scalar!(
        "SELECT holder_hash FROM session_candidates WHERE session_id = $1",
        session
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(if holder == holder_hash {
        Claim::Held
    } else {
        Claim::Taken
    })
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
