//! Ratings (issue 16): user ratings overall and per topic, learned question ratings, and the
//! rated games behind the history chart. SQL only; `ratings::rules` decides what moves.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::ratings::glicko2::Rating;

/// The topic of a user's overall rating in `user_ratings`.
pub const OVERALL: &str = "";

/// One stored rating with how many games it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub rating: Rating,
    pub games: i32,
}

/// A user's stored rating in one topic (`OVERALL` for the overall one).
#[derive(Debug, Clone, PartialEq)]
pub struct UserRating {
    pub topic: String,
    pub stored: Stored,
    pub updated_at: DateTime<Utc>,
}

/// A question's learned rating beside its label's.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRating {
    pub question_id: String,
    pub topic: String,
    pub prompt: String,
    pub difficulty: String,
    pub label: i32,
    /// `None` while the question has never been played.
    pub learned: Option<Stored>,
}

/// One game of the history chart.
#[derive(Debug, Clone, PartialEq)]
pub struct GamePoint {
    pub topic: String,
    pub played_at: DateTime<Utc>,
    pub topic_rating: f64,
}

/// A game to record: who played what, and the ratings after it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewGame {
    pub user_id: Uuid,
    pub question_id: String,
    pub item_id: Uuid,
    pub topic: String,
    pub result: f64,
    pub overall: Rating,
    pub topic_rating: Rating,
    pub question_before: Rating,
    pub question_after: Rating,
    pub question_moved: bool,
}

fn stored(rating: f64, deviation: f64, volatility: f64, games: i32) -> Stored {
    Stored {
        rating: Rating {
            rating,
            deviation,
            volatility,
        },
        games,
    }
}

/// Whether the user answered `question_id` in any item other than `item_id`.
pub async fn answered_before(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    question_id: &str,
    item_id: Uuid,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM answers
                          WHERE user_id = $1 AND question_id = $2 AND item_id <> $3) AS "e!""#,
        user_id,
        question_id,
        item_id
    )
    .fetch_one(&mut **tx)
    .await
}

/// Whether the interview is the practice of one chosen question.
pub async fn interview_is_chosen(
    tx: &mut Transaction<'_, Postgres>,
    interview_id: Uuid,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query_scalar!("SELECT chosen FROM interviews WHERE id = $1", interview_id)
            .fetch_optional(&mut **tx)
            .await?
            .unwrap_or(false),
    )
}

/// Locks the user's overall and `topic` ratings for this transaction, creating them as `new`
/// when missing. Returns (overall, topic).
pub async fn lock_user(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    topic: &str,
    new: Rating,
) -> Result<(Stored, Stored), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO user_ratings (user_id, topic, rating, deviation, volatility)
         VALUES ($1, $2, $4, $5, $6), ($1, $3, $4, $5, $6)
         ON CONFLICT (user_id, topic) DO NOTHING",
        user_id,
        OVERALL,
        topic,
        new.rating,
        new.deviation,
        new.volatility
    )
    .execute(&mut **tx)
    .await?;
    // Locked in topic order ('' first), so two games of one user never wait on each other in turn.
    let rows = sqlx::query!(
        "SELECT topic, rating, deviation, volatility, games FROM user_ratings
         WHERE user_id = $1 AND topic IN ($2, $3) ORDER BY topic FOR UPDATE",
        user_id,
        OVERALL,
        topic
    )
    .fetch_all(&mut **tx)
    .await?;
    let find = |t: &str| {
        rows.iter()
            .find(|r| r.topic == t)
            .map(|r| stored(r.rating, r.deviation, r.volatility, r.games))
            .ok_or(sqlx::Error::RowNotFound)
    };
    Ok((find(OVERALL)?, find(topic)?))
}

/// Locks a question's learned rating for this transaction, creating it from the question's label
/// (`questions.rating`) with `seed_deviation` and `seed_volatility` when missing. `None` when the
/// question is not in the bank.
pub async fn lock_question(
    tx: &mut Transaction<'_, Postgres>,
    question_id: &str,
    seed_deviation: f64,
    seed_volatility: f64,
) -> Result<Option<Stored>, sqlx::Error> {
    sqlx::query!(
        "INSERT INTO question_ratings (question_id, rating, deviation, volatility)
         SELECT id, rating, $2, $3 FROM questions WHERE id = $1
         ON CONFLICT (question_id) DO NOTHING",
        question_id,
        seed_deviation,
        seed_volatility
    )
    .execute(&mut **tx)
    .await?;
    let row = sqlx::query!(
        "SELECT rating, deviation, volatility, games FROM question_ratings
         WHERE question_id = $1 FOR UPDATE",
        question_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| stored(r.rating, r.deviation, r.volatility, r.games)))
}

/// Records a game unless the user already has one on this question. Returns whether it was
/// recorded; the caller updates the ratings only then.
pub async fn insert_game(
    tx: &mut Transaction<'_, Postgres>,
    g: &NewGame,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO rating_games (user_id, question_id, item_id, topic, result, topic_rating,
                                   topic_deviation, overall_rating, question_before,
                                   question_after, question_moved)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (user_id, question_id) DO NOTHING",
        g.user_id,
        g.question_id,
        g.item_id,
        g.topic,
        g.result,
        g.topic_rating.rating,
        g.topic_rating.deviation,
        g.overall.rating,
        g.question_before.rating,
        g.question_after.rating,
        g.question_moved
    )
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Stores a user's rating in one topic (`OVERALL` for overall) after one more game.
pub async fn save_user(
    tx: &mut Transaction<'_, Postgres>,
    user_id: Uuid,
    topic: &str,
    r: Rating,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE user_ratings SET rating = $3, deviation = $4, volatility = $5, games = games + 1,
                updated_at = now()
         WHERE user_id = $1 AND topic = $2",
        user_id,
        topic,
        r.rating,
        r.deviation,
        r.volatility
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores a question's rating after one more game that moved it.
pub async fn save_question(
    tx: &mut Transaction<'_, Postgres>,
    question_id: &str,
    r: Rating,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE question_ratings SET rating = $2, deviation = $3, volatility = $4,
                games = games + 1, updated_at = now()
         WHERE question_id = $1",
        question_id,
        r.rating,
        r.deviation,
        r.volatility
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A user's ratings, overall first, then topics by name.
pub async fn user_ratings(pool: &PgPool, user_id: Uuid) -> Result<Vec<UserRating>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT topic, rating, deviation, volatility, games, updated_at FROM user_ratings
         WHERE user_id = $1 ORDER BY topic",
        user_id
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| UserRating {
            topic: r.topic,
            stored: stored(r.rating, r.deviation, r.volatility, r.games),
            updated_at: r.updated_at,
        })
        .collect())
}

/// A question's learned rating, `None` while it has never been played.
pub async fn question_rating(
    pool: &PgPool,
    question_id: &str,
) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT rating, deviation, volatility, games FROM question_ratings WHERE question_id = $1",
        question_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| stored(r.rating, r.deviation, r.volatility, r.games)))
}

/// Every live question with its label's rating and its learned one (the bank report).
pub async fn all_question_ratings(pool: &PgPool) -> Result<Vec<QuestionRating>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT q.id AS "id!", q.topic AS "topic!", q.prompt AS "prompt!",
                  q.difficulty AS "difficulty!", q.rating AS "label!",
                  r.rating AS "rating?", r.deviation AS "deviation?",
                  r.volatility AS "volatility?", r.games AS "games?"
           FROM questions q LEFT JOIN question_ratings r ON r.question_id = q.id
           WHERE NOT q.retired ORDER BY q.id"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QuestionRating {
            learned: match (r.rating, r.deviation, r.volatility, r.games) {
                (Some(a), Some(b), Some(c), Some(d)) => Some(stored(a, b, c, d)),
                _ => None,
            },
            question_id: r.id,
            topic: r.topic,
            prompt: r.prompt,
            difficulty: r.difficulty,
            label: r.label,
        })
        .collect())
}

/// The user's last `limit` games, oldest first (the history chart).
pub async fn recent_games(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<GamePoint>, sqlx::Error> {
    let mut rows = sqlx::query!(
        "SELECT topic, played_at, topic_rating FROM rating_games
         WHERE user_id = $1 ORDER BY played_at DESC LIMIT $2",
        user_id,
        limit
    )
    .fetch_all(pool)
    .await?;
    rows.reverse();
    Ok(rows
        .into_iter()
        .map(|r| GamePoint {
            topic: r.topic,
            played_at: r.played_at,
            topic_rating: r.topic_rating,
        })
        .collect())
}

/// Every live question's label rating and learned rating (`None` while never played): what
/// adaptive dealing aims with.
pub async fn dealing_ratings(
    pool: &PgPool,
) -> Result<Vec<(String, i32, Option<f64>)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT q.id AS "id!", q.rating AS "label!", r.rating AS "learned?"
           FROM questions q LEFT JOIN question_ratings r ON r.question_id = q.id
           WHERE NOT q.retired"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, r.label, r.learned))
        .collect())
}
