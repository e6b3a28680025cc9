//! Interviews, their timed items and autosaved drafts (tables of `migrations/*_solo.sql`).
//!
//! Small functions over a pool or a transaction; item state changes that must not race (start,
//! submit, time out) lock the item row.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::states::ItemState;

/// A new interview and the questions dealt for it, in order.
#[derive(Debug, Clone)]
pub struct NewInterview {
    pub user_id: Uuid,
    /// `solo` or `session` (interviewer-led).
    pub kind: &'static str,
    pub topics: Vec<String>,
    /// `easy`, `medium`, `hard`, `mixed`, `custom` or `adaptive[-easier|-harder]`.
    pub difficulty: String,
    pub minutes_per_question: i32,
    pub seed: i64,
    pub question_ids: Vec<String>,
    /// Practice of one chosen question: its answers never move the question's rating.
    pub chosen: bool,
}

#[derive(Debug, Clone)]
pub struct Interview {
    pub id: Uuid,
    pub user_id: Uuid,
    pub kind: String,
    pub topics: Vec<String>,
    pub difficulty: String,
    pub minutes_per_question: i32,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// One timed question of an interview. `seconds_left` is computed by the database's clock.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: Uuid,
    pub interview_id: Uuid,
    pub owner: Uuid,
    /// The interview's kind: `solo` or `session`.
    pub kind: String,
    pub position: i32,
    pub question_id: String,
    pub minutes: i32,
    pub state: ItemState,
    pub started_at: Option<DateTime<Utc>>,
    pub deadline: Option<DateTime<Utc>>,
    pub seconds_left: Option<i64>,
    /// An own question's prompt (an interviewer's question, a solo probe follow-up); `None` for
    /// bank questions.
    pub prompt: Option<String>,
    /// The item this one follows up (solo follow-ups).
    pub followup_of: Option<Uuid>,
}

impl Item {
    pub fn is_done(&self) -> bool {
        self.state.is_done()
    }
}

#[derive(Debug, Clone)]
pub struct Draft {
    pub body: String,
    pub saved_at: DateTime<Utc>,
}

/// Creates the interview and its pending items in one transaction.
pub async fn create(pool: &PgPool, new: &NewInterview) -> Result<Uuid, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO interviews (id, user_id, kind, topics, difficulty, minutes_per_question, seed,
                                 chosen)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        id,
        new.user_id,
        new.kind,
        &new.topics,
        new.difficulty,
        new.minutes_per_question,
        new.seed,
        new.chosen
    )
    .execute(&mut *tx)
    .await?;
    for (pos, qid) in new.question_ids.iter().enumerate() {
        sqlx::query!(
            "INSERT INTO interview_items (id, interview_id, position, question_id, minutes)
             VALUES ($1, $2, $3, $4, $5)",
            Uuid::new_v4(),
            id,
            pos as i32,
            qid,
            new.minutes_per_question
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The interview if it exists and belongs to `user_id`.
pub async fn get_owned(
    pool: &PgPool,
    id: Uuid,
    user_id: Uuid,
) -> Result<Option<Interview>, sqlx::Error> {
    sqlx::query_as!(
        Interview,
        "SELECT id, user_id, kind, topics, difficulty, minutes_per_question, created_at, finished_at
         FROM interviews WHERE id = $1 AND user_id = $2",
        id,
        user_id
    )
    .fetch_optional(pool)
    .await
}

/// A page of a user's solo interviews, newest first: `limit` of them after skipping `offset`.
pub async fn list_for_user(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
    offset: i64,
) -> Result<Vec<Interview>, sqlx::Error> {
    sqlx::query_as!(
        Interview,
        "SELECT id, user_id, kind, topics, difficulty, minutes_per_question, created_at, finished_at
         FROM interviews WHERE user_id = $1 AND kind = 'solo'
         ORDER BY created_at DESC, id LIMIT $2 OFFSET $3",
        user_id,
        limit,
        offset
    )
    .fetch_all(pool)
    .await
}

/// The items of an interview in order.
pub async fn items(pool: &PgPool, interview_id: Uuid) -> Result<Vec<Item>, sqlx::Error> {
    sqlx::query_as!(
        Item,
        r#"SELECT i.id, i.interview_id, iv.user_id AS owner, iv.kind, i.position, i.question_id, i.minutes,
                  i.state AS "state: ItemState", i.started_at, i.deadline,
                  GREATEST(0, CEIL(EXTRACT(EPOCH FROM (i.deadline - now()))))::bigint AS seconds_left,
                  i.prompt, i.followup_of
           FROM interview_items i JOIN interviews iv ON iv.id = i.interview_id
           WHERE i.interview_id = $1 ORDER BY i.position"#,
        interview_id
    )
    .fetch_all(pool)
    .await
}

/// One item, whoever owns it (callers check `owner`).
pub async fn item(pool: &PgPool, item_id: Uuid) -> Result<Option<Item>, sqlx::Error> {
    sqlx::query_as!(
        Item,
        r#"SELECT i.id, i.interview_id, iv.user_id AS owner, iv.kind, i.position, i.question_id, i.minutes,
                  i.state AS "state: ItemState", i.started_at, i.deadline,
                  GREATEST(0, CEIL(EXTRACT(EPOCH FROM (i.deadline - now()))))::bigint AS seconds_left,
                  i.prompt, i.followup_of
           FROM interview_items i JOIN interviews iv ON iv.id = i.interview_id
           WHERE i.id = $1"#,
        item_id
    )
    .fetch_optional(pool)
    .await
}

/// What the answer page shows of an item, read in one query: the item, its bank question
/// (`None` when it is no longer in the bank), how many items its interview has, and its draft.
#[derive(Debug, Clone)]
pub struct AnswerView {
    pub item: Item,
    pub question: Option<QuestionText>,
    pub total: i64,
    pub draft: Option<Draft>,
}

/// A bank question's prompt, topic and difficulty.
#[derive(Debug, Clone)]
pub struct QuestionText {
    pub prompt: String,
    pub topic: String,
    pub difficulty: String,
}

/// One item with what its answer page shows, whoever owns it (callers check `item.owner`).
pub async fn answer_view(pool: &PgPool, item_id: Uuid) -> Result<Option<AnswerView>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT i.id, i.interview_id, iv.user_id AS owner, iv.kind, i.position, i.question_id,
                  i.minutes, i.state AS "state: ItemState", i.started_at, i.deadline,
                  GREATEST(0, CEIL(EXTRACT(EPOCH FROM (i.deadline - now()))))::bigint AS seconds_left,
                  q.prompt AS "prompt?", q.topic AS "topic?", q.difficulty AS "difficulty?",
                  (SELECT COUNT(*) FROM interview_items x WHERE x.interview_id = i.interview_id)
                      AS "total!",
                  d.body AS "draft_body?", d.saved_at AS "draft_saved_at?",
                  i.prompt AS item_prompt, i.followup_of
           FROM interview_items i
           JOIN interviews iv ON iv.id = i.interview_id
           LEFT JOIN questions q ON q.id = i.question_id
           LEFT JOIN drafts d ON d.item_id = i.id
           WHERE i.id = $1"#,
        item_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| AnswerView {
        question: match (r.prompt, r.topic, r.difficulty) {
            (Some(prompt), Some(topic), Some(difficulty)) => Some(QuestionText {
                prompt,
                topic,
                difficulty,
            }),
            _ => None,
        },
        draft: match (r.draft_body, r.draft_saved_at) {
            (Some(body), Some(saved_at)) => Some(Draft { body, saved_at }),
            _ => None,
        },
        total: r.total,
        item: Item {
            id: r.id,
            interview_id: r.interview_id,
            owner: r.owner,
            kind: r.kind,
            position: r.position,
            question_id: r.question_id,
            minutes: r.minutes,
            state: r.state,
            started_at: r.started_at,
            deadline: r.deadline,
            seconds_left: r.seconds_left,
            prompt: r.item_prompt,
            followup_of: r.followup_of,
        },
    }))
}

/// What grading an item needs, read in one query: its bank question's topic and difficulty
/// (`None` when the question is not in the bank, e.g. an interviewer's own) and its rubrics as
/// JSON: the item's own (an interviewer's question) and the bank's.
#[derive(Debug, Clone, Default)]
pub struct GradingInputs {
    pub topic: Option<String>,
    pub difficulty: Option<String>,
    pub own_rubric: Option<serde_json::Value>,
    pub bank_rubric: Option<serde_json::Value>,
}

pub async fn grading_inputs<'e>(
    executor: impl PgExecutor<'e>,
    item_id: Uuid,
) -> Result<GradingInputs, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT q.topic AS "topic?", q.difficulty AS "difficulty?", i.rubric AS own_rubric,
                  r.rubric AS "bank_rubric?"
           FROM interview_items i
           LEFT JOIN questions q ON q.id = i.question_id
           LEFT JOIN rubrics r ON r.question_id = i.question_id
           WHERE i.id = $1"#,
        item_id
    )
    .fetch_optional(executor)
    .await?;
    Ok(row
        .map(|r| GradingInputs {
            topic: r.topic,
            difficulty: r.difficulty,
            own_rubric: r.own_rubric,
            bank_rubric: r.bank_rubric,
        })
        .unwrap_or_default())
}

/// Locks one item row for a state change.
pub async fn lock_item(
    tx: &mut Transaction<'_, Postgres>,
    item_id: Uuid,
) -> Result<Option<Item>, sqlx::Error> {
    sqlx::query_as!(
        Item,
        r#"SELECT i.id, i.interview_id, iv.user_id AS owner, iv.kind, i.position, i.question_id, i.minutes,
                  i.state AS "state: ItemState", i.started_at, i.deadline,
                  GREATEST(0, CEIL(EXTRACT(EPOCH FROM (i.deadline - now()))))::bigint AS seconds_left,
                  i.prompt, i.followup_of
           FROM interview_items i JOIN interviews iv ON iv.id = i.interview_id
           WHERE i.id = $1 FOR UPDATE OF i"#,
        item_id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// What a solo follow-up item asks: a bank question (a chain link), or an own question with its
/// prompt and rubric (a probe).
#[derive(Debug, Clone)]
pub struct NewFollowup {
    pub question_id: String,
    pub prompt: Option<String>,
    pub rubric: Option<serde_json::Value>,
}

/// Adds `new` as the item right after `parent` in its interview (later items move down one) and
/// reopens the interview. An item has at most one follow-up: when it already has one, that one's
/// id is returned and nothing changes.
pub async fn add_followup(
    pool: &PgPool,
    parent: &Item,
    new: &NewFollowup,
) -> Result<Uuid, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // the interview's row lock serialises follow-ups added to it
    sqlx::query!(
        "SELECT id FROM interviews WHERE id = $1 FOR UPDATE",
        parent.interview_id
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Some(id) = sqlx::query_scalar!(
        "SELECT id FROM interview_items WHERE followup_of = $1",
        parent.id
    )
    .fetch_optional(&mut *tx)
    .await?
    {
        return Ok(id);
    }
    // two steps, so no intermediate row collides with the unique (interview, position)
    sqlx::query!(
        "UPDATE interview_items SET position = position + 1000000
         WHERE interview_id = $1 AND position > $2",
        parent.interview_id,
        parent.position
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE interview_items SET position = position - 999999
         WHERE interview_id = $1 AND position >= 1000000",
        parent.interview_id
    )
    .execute(&mut *tx)
    .await?;
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO interview_items
             (id, interview_id, position, question_id, minutes, prompt, rubric, followup_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        id,
        parent.interview_id,
        parent.position + 1,
        new.question_id,
        parent.minutes,
        new.prompt,
        new.rubric,
        parent.id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE interviews SET finished_at = NULL WHERE id = $1",
        parent.interview_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Starts the clock of a pending item (deadline = now + minutes); a no-op for other states.
/// Returns whether it started.
pub async fn start_item(pool: &PgPool, item_id: Uuid) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE interview_items
         SET state = 'active', started_at = now(),
             deadline = now() + make_interval(mins => minutes)
         WHERE id = $1 AND state = 'pending'",
        item_id
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Sets an item's final state (`submitted` or `timed_out`).
pub async fn set_state(
    tx: &mut Transaction<'_, Postgres>,
    item_id: Uuid,
    state: ItemState,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE interview_items SET state = $2 WHERE id = $1",
        item_id,
        state.as_str()
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks the interview finished when none of its items is pending or active.
pub async fn finish_if_done(
    tx: &mut Transaction<'_, Postgres>,
    interview_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE interviews SET finished_at = now()
         WHERE id = $1 AND finished_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM interview_items
                           WHERE interview_id = $1 AND state IN ('pending', 'active'))",
        interview_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Saves the draft of an item whose clock is running and not yet out. Returns the save time, or
/// `None` when the item is not active or its deadline has passed (nothing is written then).
pub async fn save_draft(
    pool: &PgPool,
    item_id: Uuid,
    body: &str,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let row = sqlx::query_scalar!(
        "INSERT INTO drafts (item_id, body, saved_at)
         SELECT id, $2, now() FROM interview_items
         WHERE id = $1 AND state = 'active' AND deadline > now()
         ON CONFLICT (item_id) DO UPDATE SET body = EXCLUDED.body, saved_at = EXCLUDED.saved_at
         RETURNING saved_at",
        item_id,
        body
    )
    .fetch_optional(pool)
    .await?;
    Ok(row)
}

/// Writes the final text as the draft inside a submit transaction.
pub async fn put_draft(
    tx: &mut Transaction<'_, Postgres>,
    item_id: Uuid,
    body: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO drafts (item_id, body, saved_at) VALUES ($1, $2, now())
         ON CONFLICT (item_id) DO UPDATE SET body = EXCLUDED.body, saved_at = EXCLUDED.saved_at",
        item_id,
        body
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn draft<'e>(
    executor: impl PgExecutor<'e>,
    item_id: Uuid,
) -> Result<Option<Draft>, sqlx::Error> {
    sqlx::query_as!(
        Draft,
        "SELECT body, saved_at FROM drafts WHERE item_id = $1",
        item_id
    )
    .fetch_optional(executor)
    .await
}

/// Claims up to `limit` active items past their deadline, locking them so that several app
/// instances sweeping at once never take the same item.
pub async fn claim_due(
    tx: &mut Transaction<'_, Postgres>,
    limit: i64,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT id FROM interview_items
         WHERE state = 'active' AND deadline <= now()
         ORDER BY deadline
         LIMIT $1
         FOR UPDATE SKIP LOCKED",
        limit
    )
    .fetch_all(&mut **tx)
    .await
}

/// Number of items whose clock is running, for the metrics gauge.
pub async fn count_active(pool: &PgPool) -> Result<i64, sqlx::Error> {
    let n = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM interview_items WHERE state = 'active' AND deadline > now()"#
    )
    .fetch_one(pool)
    .await?;
    Ok(n)
}

/// The prompt and rubric stored on an item (an interviewer's own question); both `None` for bank
/// questions.
pub async fn own_question<'e>(
    executor: impl PgExecutor<'e>,
    item_id: Uuid,
) -> Result<(Option<String>, Option<serde_json::Value>), sqlx::Error> {
    let row = sqlx::query!(
        "SELECT prompt, rubric FROM interview_items WHERE id = $1",
        item_id
    )
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|r| (r.prompt, r.rubric)).unwrap_or_default())
}

/// A solo interview with questions still to answer.
#[derive(Debug, Clone)]
pub struct InProgress {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub topics: Vec<String>,
    pub answered: i64,
    pub total: i64,
}

/// The user's latest solo interview that still has a pending or running question.
pub async fn latest_in_progress(
    pool: &PgPool,
    user_id: Uuid,
) -> Result<Option<InProgress>, sqlx::Error> {
    sqlx::query_as!(
        InProgress,
        r#"SELECT iv.id, iv.created_at, iv.topics,
                  COUNT(*) FILTER (WHERE i.state IN ('submitted', 'timed_out')) AS "answered!",
                  COUNT(*) AS "total!"
           FROM interviews iv JOIN interview_items i ON i.interview_id = iv.id
           WHERE iv.user_id = $1 AND iv.kind = 'solo' AND iv.finished_at IS NULL
           GROUP BY iv.id
           HAVING COUNT(*) FILTER (WHERE i.state IN ('pending', 'active')) > 0
           ORDER BY iv.created_at DESC
           LIMIT 1"#,
        user_id
    )
    .fetch_optional(pool)
    .await
}
