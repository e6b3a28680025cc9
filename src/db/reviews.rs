//! Review cards (one per user, question and rubric criterion), their raw review log, and each
//! user's desired retention. The scheduling rules live in `reviews::schedule`; this is SQL only.

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::db::answers::AnswerSource;
use crate::reviews::schedule::Source;

/// A review card as stored.
#[derive(Debug, Clone)]
pub struct Card {
    pub id: Uuid,
    pub user_id: Uuid,
    pub question_id: String,
    pub criterion_id: String,
    pub label: String,
    pub stability: Option<f32>,
    pub difficulty: Option<f32>,
    pub reps: i32,
    pub lapses: i32,
    pub last_rating: Option<i16>,
    pub last_event_at: Option<DateTime<Utc>>,
    pub last_shown_at: Option<DateTime<Utc>>,
    pub opened_at: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
}

/// A card's schedule to write after an event.
#[derive(Debug, Clone)]
pub struct CardUpdate {
    pub user_id: Uuid,
    pub question_id: String,
    pub criterion_id: String,
    pub label: String,
    pub stability: f32,
    pub difficulty: f32,
    pub reps: i32,
    pub lapses: i32,
    pub last_rating: i16,
    pub last_event_at: DateTime<Utc>,
    pub last_shown_at: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
}

/// One review event to log.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub card_id: Uuid,
    pub reviewed_at: DateTime<Utc>,
    pub rating: i16,
    pub verdict: String,
    pub elapsed_days: f32,
    pub source: Source,
    pub answer_id: Option<Uuid>,
    pub body: Option<String>,
    pub judgment: Option<serde_json::Value>,
    pub seconds: Option<i32>,
    pub due_after: DateTime<Utc>,
}

/// A logged event as read back.
#[derive(Debug, Clone)]
pub struct Logged {
    pub id: i64,
    pub card_id: Uuid,
    pub reviewed_at: DateTime<Utc>,
    pub rating: i16,
    pub verdict: String,
    pub source: Source,
    pub body: Option<String>,
    pub judgment: Option<serde_json::Value>,
    pub seconds: Option<i32>,
    pub due_after: DateTime<Utc>,
}

/// A due card with its question, for the due page.
#[derive(Debug, Clone)]
pub struct DueCard {
    pub id: Uuid,
    pub question_id: String,
    pub prompt: String,
    pub topic: String,
    pub criterion_id: String,
    pub label: String,
    pub due_at: DateTime<Utc>,
    pub reps: i32,
    pub last_rating: Option<i16>,
}

/// The solo answer of an item, as the reviews need it.
#[derive(Debug, Clone)]
pub struct JudgedAnswer {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub source: AnswerSource,
    pub question_id: String,
    pub submitted_at: DateTime<Utc>,
    pub judgment: Option<serde_json::Value>,
    pub flags: Vec<String>,
}

pub async fn answer_of_item(
    tx: &mut Transaction<'_, Postgres>,
    item_id: Uuid,
) -> Result<Option<JudgedAnswer>, sqlx::Error> {
    sqlx::query_as!(
        JudgedAnswer,
        r#"SELECT id, user_id, source AS "source: AnswerSource", question_id, submitted_at,
                  judgment, flags
           FROM answers WHERE item_id = $1"#,
        item_id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// Whether `question_id` is a question of the bank.
pub async fn is_bank_question<'e>(
    executor: impl PgExecutor<'e>,
    question_id: &str,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!" FROM questions WHERE id = $1"#,
        question_id
    )
    .fetch_one(executor)
    .await?;
    Ok(n > 0)
}

/// The user's chosen desired retention, if any.
pub async fn retention<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
) -> Result<Option<f32>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT desired_retention FROM review_settings WHERE user_id = $1",
        user_id
    )
    .fetch_optional(executor)
    .await
}

pub async fn set_retention(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    retention: f32,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO review_settings (user_id, desired_retention) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET desired_retention = $2, updated_at = now()",
        user_id,
        retention
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The user's cards of one question, locked for update.
pub async fn lock_cards_of_question(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    question_id: &str,
) -> Result<Vec<Card>, sqlx::Error> {
    sqlx::query_as!(
        Card,
        "SELECT id, user_id, question_id, criterion_id, label, stability, difficulty, reps,
                lapses, last_rating, last_event_at, last_shown_at, opened_at, due_at
         FROM review_cards WHERE user_id = $1 AND question_id = $2
         ORDER BY criterion_id FOR UPDATE",
        user_id,
        question_id
    )
    .fetch_all(&mut **tx)
    .await
}

/// One card, locked for update.
pub async fn lock_card(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
) -> Result<Option<Card>, sqlx::Error> {
    sqlx::query_as!(
        Card,
        "SELECT id, user_id, question_id, criterion_id, label, stability, difficulty, reps,
                lapses, last_rating, last_event_at, last_shown_at, opened_at, due_at
         FROM review_cards WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut **tx)
    .await
}

pub async fn card(pool: &PgPool, id: Uuid) -> Result<Option<Card>, sqlx::Error> {
    sqlx::query_as!(
        Card,
        "SELECT id, user_id, question_id, criterion_id, label, stability, difficulty, reps,
                lapses, last_rating, last_event_at, last_shown_at, opened_at, due_at
         FROM review_cards WHERE id = $1",
        id
    )
    .fetch_optional(pool)
    .await
}

/// Writes a card's schedule (creating the card on its first event); returns its id.
pub async fn save_card(
    tx: &mut Transaction<'_, Postgres>,
    c: &CardUpdate,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO review_cards (id, user_id, question_id, criterion_id, label, stability,
                                   difficulty, reps, lapses, last_rating, last_event_at,
                                   last_shown_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (user_id, question_id, criterion_id) DO UPDATE SET
             label = $5, stability = $6, difficulty = $7, reps = $8, lapses = $9,
             last_rating = $10, last_event_at = $11, last_shown_at = $12, due_at = $13,
             opened_at = NULL
         RETURNING id",
        Uuid::new_v4(),
        c.user_id,
        c.question_id,
        c.criterion_id,
        c.label,
        c.stability,
        c.difficulty,
        c.reps,
        c.lapses,
        c.last_rating,
        c.last_event_at,
        c.last_shown_at,
        c.due_at
    )
    .fetch_one(&mut **tx)
    .await
}

/// A card to make or update after an answer, with the verdict logged for it (see
/// [`save_answer_cards`]).
#[derive(Debug, Clone)]
pub struct AnswerCard {
    pub card: CardUpdate,
    pub verdict: String,
    pub elapsed_days: f32,
}

/// Makes or updates the cards of one answer (all of one user and question, distinct criteria)
/// and logs each event, in one statement: the answer's transaction holds its locks for one round
/// trip instead of two per criterion. Returns how many events were logged.
pub async fn save_answer_cards(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    question_id: &str,
    answer_id: Uuid,
    at: DateTime<Utc>,
    source: Source,
    cards: &[AnswerCard],
) -> Result<u64, sqlx::Error> {
    let col = |f: fn(&AnswerCard) -> String| cards.iter().map(f).collect::<Vec<String>>();
    let criterion_ids = col(|c| c.card.criterion_id.clone());
    let labels = col(|c| c.card.label.clone());
    let verdicts = col(|c| c.verdict.clone());
    let stability: Vec<f32> = cards.iter().map(|c| c.card.stability).collect();
    let difficulty: Vec<f32> = cards.iter().map(|c| c.card.difficulty).collect();
    let reps: Vec<i32> = cards.iter().map(|c| c.card.reps).collect();
    let lapses: Vec<i32> = cards.iter().map(|c| c.card.lapses).collect();
    let ratings: Vec<i16> = cards.iter().map(|c| c.card.last_rating).collect();
    let event_at: Vec<DateTime<Utc>> = cards.iter().map(|c| c.card.last_event_at).collect();
    let shown_at: Vec<Option<DateTime<Utc>>> = cards.iter().map(|c| c.card.last_shown_at).collect();
    let due_at: Vec<DateTime<Utc>> = cards.iter().map(|c| c.card.due_at).collect();
    let elapsed: Vec<f32> = cards.iter().map(|c| c.elapsed_days).collect();
    let logged = sqlx::query!(
        r#"WITH input AS (
               SELECT * FROM UNNEST($3::text[], $4::text[], $5::real[], $6::real[], $7::int[],
                                    $8::int[], $9::smallint[], $10::timestamptz[],
                                    $11::timestamptz[], $12::timestamptz[], $13::text[],
                                    $14::real[])
                   AS t(criterion_id, label, stability, difficulty, reps, lapses, rating,
                        event_at, shown_at, due_at, verdict, elapsed_days)
           ), saved AS (
               INSERT INTO review_cards AS c (id, user_id, question_id, criterion_id, label,
                                             stability, difficulty, reps, lapses, last_rating,
                                             last_event_at, last_shown_at, due_at)
               SELECT gen_random_uuid(), $1, $2, criterion_id, label, stability, difficulty,
                      reps, lapses, rating, event_at, shown_at, due_at
               FROM input
               ON CONFLICT (user_id, question_id, criterion_id) DO UPDATE SET
                   label = EXCLUDED.label, stability = EXCLUDED.stability,
                   difficulty = EXCLUDED.difficulty, reps = EXCLUDED.reps,
                   lapses = EXCLUDED.lapses, last_rating = EXCLUDED.last_rating,
                   last_event_at = EXCLUDED.last_event_at,
                   last_shown_at = EXCLUDED.last_shown_at, due_at = EXCLUDED.due_at,
                   opened_at = NULL
               RETURNING c.id, c.criterion_id
           )
           INSERT INTO review_log (card_id, reviewed_at, rating, verdict, elapsed_days, source,
                                   answer_id, due_after)
           SELECT saved.id, $15, input.rating, input.verdict, input.elapsed_days, $16, $17,
                  input.due_at
           FROM saved JOIN input USING (criterion_id)"#,
        user_id,
        question_id,
        &criterion_ids,
        &labels,
        &stability,
        &difficulty,
        &reps,
        &lapses,
        &ratings,
        &event_at,
        &shown_at as &[Option<DateTime<Utc>>],
        &due_at,
        &verdicts,
        &elapsed,
        at,
        source as Source,
        answer_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(logged.rows_affected())
}

pub async fn insert_log(
    tx: &mut Transaction<'_, Postgres>,
    e: &LogEntry,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO review_log (card_id, reviewed_at, rating, verdict, elapsed_days, source,
                                 answer_id, body, judgment, seconds, due_after)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id",
        e.card_id,
        e.reviewed_at,
        e.rating,
        e.verdict,
        e.elapsed_days,
        e.source as Source,
        e.answer_id,
        e.body,
        e.judgment,
        e.seconds,
        e.due_after
    )
    .fetch_one(&mut **tx)
    .await
}

/// Starts a card's review clock unless it is running.
pub async fn open(pool: &PgPool, id: Uuid, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE review_cards SET opened_at = COALESCE(opened_at, $2) WHERE id = $1",
        id,
        at
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The user's cards due at `now`, earliest first, at most `limit`.
pub async fn due(
    pool: &PgPool,
    user_id: Uuid,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DueCard>, sqlx::Error> {
    sqlx::query_as!(
        DueCard,
        "SELECT c.id, c.question_id, q.prompt, q.topic, c.criterion_id, c.label, c.due_at,
                c.reps, c.last_rating
         FROM review_cards c JOIN questions q ON q.id = c.question_id
         WHERE c.user_id = $1 AND c.due_at <= $2
         ORDER BY c.due_at, c.id
         LIMIT $3",
        user_id,
        now,
        limit
    )
    .fetch_all(pool)
    .await
}

/// How many of the user's cards are due at `now`, and when the next one after it is due.
pub async fn due_summary<'e>(
    executor: impl PgExecutor<'e>,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(i64, Option<DateTime<Utc>>), sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT COUNT(*) FILTER (WHERE due_at <= $2) AS "due!",
                  MIN(due_at) FILTER (WHERE due_at > $2) AS next
           FROM review_cards WHERE user_id = $1"#,
        user_id,
        now
    )
    .fetch_one(executor)
    .await?;
    Ok((r.due, r.next))
}

/// The latest logged event of a card.
pub async fn last_logged(pool: &PgPool, card_id: Uuid) -> Result<Option<Logged>, sqlx::Error> {
    sqlx::query_as!(
        Logged,
        r#"SELECT id, card_id, reviewed_at, rating, verdict, source AS "source: Source", body,
                  judgment, seconds, due_after
           FROM review_log WHERE card_id = $1 ORDER BY reviewed_at DESC, id DESC LIMIT 1"#,
        card_id
    )
    .fetch_optional(pool)
    .await
}

/// A card's logged events in order, for replaying.
#[derive(Debug, Clone)]
pub struct Replay {
    pub id: i64,
    pub card_id: Uuid,
    pub user_id: Uuid,
    pub reviewed_at: DateTime<Utc>,
    pub rating: i16,
    pub source: Source,
}

/// Every logged event of the user's cards (every user's when `None`), by card then time.
pub async fn log_to_replay(
    pool: &PgPool,
    user_id: Option<Uuid>,
) -> Result<Vec<Replay>, sqlx::Error> {
    sqlx::query_as!(
        Replay,
        r#"SELECT l.id, l.card_id, c.user_id, l.reviewed_at, l.rating, l.source AS "source: Source"
           FROM review_log l JOIN review_cards c ON c.id = l.card_id
           WHERE $1::uuid IS NULL OR c.user_id = $1
           ORDER BY l.card_id, l.reviewed_at, l.id"#,
        user_id
    )
    .fetch_all(pool)
    .await
}

/// Retention of every user who chose one.
pub async fn retentions(pool: &PgPool) -> Result<Vec<(Uuid, f32)>, sqlx::Error> {
    let rows = sqlx::query!("SELECT user_id, desired_retention FROM review_settings")
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.user_id, r.desired_retention))
        .collect())
}

/// A card's schedule as a replay of its log gives it.
#[derive(Debug, Clone)]
pub struct Recomputed {
    pub card_id: Uuid,
    pub stability: f32,
    pub difficulty: f32,
    pub reps: i32,
    pub lapses: i32,
    pub due_at: DateTime<Utc>,
}

/// Writes recomputed schedules: each card's state, and the due time each logged event gave
/// (`log`: event id, due after it), in two statements however many cards there are.
pub async fn write_recomputed(
    tx: &mut Transaction<'_, Postgres>,
    cards: &[Recomputed],
    log: &[(i64, DateTime<Utc>)],
) -> Result<(), sqlx::Error> {
    let ids: Vec<Uuid> = cards.iter().map(|c| c.card_id).collect();
    let stability: Vec<f32> = cards.iter().map(|c| c.stability).collect();
    let difficulty: Vec<f32> = cards.iter().map(|c| c.difficulty).collect();
    let reps: Vec<i32> = cards.iter().map(|c| c.reps).collect();
    let lapses: Vec<i32> = cards.iter().map(|c| c.lapses).collect();
    let due: Vec<DateTime<Utc>> = cards.iter().map(|c| c.due_at).collect();
    sqlx::query!(
        "UPDATE review_cards c SET stability = u.stability, difficulty = u.difficulty,
                                   reps = u.reps, lapses = u.lapses, due_at = u.due
         FROM UNNEST($1::uuid[], $2::real[], $3::real[], $4::int[], $5::int[],
                     $6::timestamptz[]) AS u(id, stability, difficulty, reps, lapses, due)
         WHERE c.id = u.id",
        &ids,
        &stability,
        &difficulty,
        &reps,
        &lapses,
        &due
    )
    .execute(&mut **tx)
    .await?;
    let ids: Vec<i64> = log.iter().map(|(id, _)| *id).collect();
    let dues: Vec<DateTime<Utc>> = log.iter().map(|(_, d)| *d).collect();
    sqlx::query!(
        "UPDATE review_log l SET due_after = u.due
         FROM UNNEST($1::bigint[], $2::timestamptz[]) AS u(id, due) WHERE l.id = u.id",
        &ids,
        &dues
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The user's review cards with their whole log, as JSON, for "download my data".
pub async fn export(pool: &PgPool, user_id: Uuid) -> Result<serde_json::Value, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT COALESCE(jsonb_agg(jsonb_build_object(
                   'question_id', c.question_id, 'criterion_id', c.criterion_id,
                   'label', c.label, 'stability', c.stability, 'difficulty', c.difficulty,
                   'reps', c.reps, 'lapses', c.lapses, 'due_at', c.due_at,
                   'log', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                  'reviewed_at', l.reviewed_at, 'source', l.source,
                                  'verdict', l.verdict, 'rating', l.rating,
                                  'elapsed_days', l.elapsed_days, 'body', l.body,
                                  'seconds', l.seconds, 'due_after', l.due_after)
                              ORDER BY l.reviewed_at, l.id), '[]')
                           FROM review_log l WHERE l.card_id = c.id))
               ORDER BY c.question_id, c.criterion_id), '[]') AS "cards!"
           FROM review_cards c WHERE c.user_id = $1"#,
        user_id
    )
    .fetch_one(pool)
    .await
}
