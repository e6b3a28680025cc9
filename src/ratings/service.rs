//! Applies [`rules`](super::rules) to a recorded answer inside the answer's transaction: reads and
//! locks the ratings it touches, rates the game, stores the game and the new ratings.

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::rules::{self, Attempt, Sides};
use crate::db;
use crate::db::answers::{AnswerSource, NewAnswer};
use crate::db::interviews::Item;
use crate::dealer::AdaptiveRatings;

/// Rates the answer just recorded for `item` when it is a game (see [`rules`]). Returns the
/// ratings after the game, or `None` when nothing moved. Locks the question's rating, then the
/// user's (always in that order, so concurrent games cannot deadlock); the game's primary key
/// keeps a user's concurrent first answers to one question from both counting.
pub async fn record_attempt(
    tx: &mut Transaction<'_, Postgres>,
    item: &Item,
    answer: &NewAnswer,
) -> Result<Option<Sides>, sqlx::Error> {
    let Some(user_id) = answer.user_id else {
        return Ok(None);
    };
    let mut attempt = Attempt {
        score: answer.score,
        flags: answer.flags.clone(),
        session: answer.source == AnswerSource::Interview,
        chosen: item.followup_of.is_some(),
        bank_question: true,
        first: true,
    };
    // What the answer itself says first; the database only when it could still be a game.
    if !rules::is_game(&attempt) {
        return Ok(None);
    }
    attempt.first =
        !db::ratings::answered_before(tx, user_id, &answer.question_id, item.id).await?;
    attempt.chosen |= db::ratings::interview_is_chosen(tx, item.interview_id).await?;
    if !rules::is_game(&attempt) {
        return Ok(None);
    }
    let Some(question) = db::ratings::lock_question(
        tx,
        &answer.question_id,
        rules::QUESTION_SEED_DEVIATION,
        rules::QUESTION_SEED_VOLATILITY,
    )
    .await?
    else {
        // an interviewer's or a probe's own question, or one no longer in the bank
        return Ok(None);
    };
    let (overall, topic) =
        db::ratings::lock_user(tx, user_id, &answer.topic, rules::NEW_USER).await?;
    let before = Sides {
        overall: overall.rating,
        topic: topic.rating,
        question: question.rating,
    };
    let Some(after) = rules::play(before, &attempt) else {
        return Ok(None);
    };
    let moved = rules::moves_question(&attempt);
    let recorded = db::ratings::insert_game(
        tx,
        &db::ratings::NewGame {
            user_id,
            question_id: answer.question_id.clone(),
            item_id: item.id,
            topic: answer.topic.clone(),
            result: f64::from(answer.score.unwrap_or_default()) / 10.0,
            overall: after.overall,
            topic_rating: after.topic,
            question_before: before.question,
            question_after: after.question,
            question_moved: moved,
        },
    )
    .await?;
    if !recorded {
        return Ok(None);
    }
    db::ratings::save_user(tx, user_id, db::ratings::OVERALL, after.overall).await?;
    db::ratings::save_user(tx, user_id, &answer.topic, after.topic).await?;
    if moved {
        db::ratings::save_question(tx, &answer.question_id, after.question).await?;
    }
    Ok(Some(after))
}

/// What adaptive dealing aims with for `user_id`: every live question's rating (learned, else its
/// label's) and the user's rating per topic, falling back to their overall rating (a new user's
/// when they have none) in topics they have not played.
pub async fn adaptive_ratings(
    pool: &PgPool,
    user_id: Uuid,
) -> Result<AdaptiveRatings, sqlx::Error> {
    let questions = db::ratings::dealing_ratings(pool)
        .await?
        .into_iter()
        .map(|(id, label, learned)| {
            let rating = learned.unwrap_or_else(|| rules::question_seed(label).rating);
            (id, rating)
        })
        .collect();
    let mut user_default = rules::NEW_USER.rating;
    let mut user_topics = std::collections::HashMap::new();
    for r in db::ratings::user_ratings(pool, user_id).await? {
        if r.topic == db::ratings::OVERALL {
            user_default = r.stored.rating.rating;
        } else {
            user_topics.insert(r.topic, r.stored.rating.rating);
        }
    }
    Ok(AdaptiveRatings {
        questions,
        user_topics,
        user_default,
    })
}
