//! The review flow over the database and the grader: turning a graded solo answer's criteria
//! into cards ([`record_answer`], called in the answer's transaction), the due list, opening a
//! review (its clock), grading a review answer against its one criterion, the desired retention,
//! and recomputing schedules from the log.
//!
//! Which answers make cards: graded solo answers of an account, including solo follow-ups that
//! probe one criterion (their card is the parent question's). Interview-session answers make no
//! cards: the candidate did not choose to practise, the interviewer may override the grade, and
//! the answer may belong to nobody; they stay out of the candidate's review queue. An answer the
//! grader flagged as a keyword dump, copied question, off-topic or gibberish rates every
//! criterion Again: its "met" verdicts are not evidence of knowing the concept.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::ReviewError;
use super::schedule::{
    CardState, DEFAULT_RETENTION, Event, RETENTION_RANGE, REVIEW_SECONDS, Rating, Scheduled,
    Scheduler, Source, rating_for, valid_retention,
};
use crate::db::answers::AnswerSource;
use crate::db::interviews::Item;
use crate::db::reviews::{self as db, Card, CardUpdate, DueCard, LogEntry};
use crate::grader::{Flag, Grader, Judgment, Verdict};
use crate::interviews::own_question;
use crate::solo::MAX_ANSWER_CHARS;

/// At most this many due cards are listed at once (the count says how many there are).
pub const MAX_LISTED: i64 = 100;

fn scheduler() -> &'static Scheduler {
    static S: std::sync::OnceLock<Scheduler> = std::sync::OnceLock::new();
    S.get_or_init(Scheduler::new)
}

/// Flags that void an answer's verdicts as evidence (see the module comment).
fn voids_verdicts(flag: Flag) -> bool {
    matches!(
        flag,
        Flag::KeywordDump | Flag::CopiedQuestion | Flag::OffTopic | Flag::Gibberish
    )
}

/// The rating of one criterion of `judgment`.
fn rate(judgment: &Judgment, verdict: Verdict, seconds: Option<i64>, limit: i64) -> Rating {
    if judgment.flags.iter().any(|f| voids_verdicts(*f)) {
        Rating::Again
    } else {
        rating_for(verdict, seconds, limit)
    }
}

/// The bank question a solo answer's cards belong to: the question itself, or for a probe
/// follow-up (`own-<question>#<criterion>`) the question it probes.
fn card_question(question_id: &str) -> Option<&str> {
    match own_question::key(question_id) {
        None => Some(question_id),
        Some(own) => own
            .split_once('#')
            .map(|(q, _)| q)
            .filter(|q| !q.is_empty()),
    }
}

fn state_of(card: &Card) -> CardState {
    CardState {
        memory: card.stability.zip(card.difficulty),
        last_event: card.last_event_at,
        last_shown: card.last_shown_at,
        reps: card.reps,
        lapses: card.lapses,
    }
}

/// The user's desired retention (the default when they chose none).
pub async fn retention<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    user_id: Uuid,
) -> Result<f32, sqlx::Error> {
    Ok(db::retention(executor, user_id)
        .await?
        .unwrap_or(DEFAULT_RETENTION))
}

/// One card's schedule after `scheduled`, to write.
fn update(
    user_id: Uuid,
    question_id: &str,
    criterion_id: &str,
    label: &str,
    rating: Rating,
    s: &Scheduled,
) -> CardUpdate {
    let (stability, difficulty) = s.state.memory.unwrap_or_default();
    CardUpdate {
        user_id,
        question_id: question_id.to_string(),
        criterion_id: criterion_id.to_string(),
        label: label.to_string(),
        stability,
        difficulty,
        reps: s.state.reps,
        lapses: s.state.lapses,
        last_rating: rating.as_i16(),
        last_event_at: s.state.last_event.unwrap_or_else(Utc::now),
        last_shown_at: s.state.last_shown,
        due_at: s.due,
    }
}

/// Makes or updates a card for every criterion of the solo answer just recorded for `item`, in
/// the answer's transaction. Answers that make no cards (see the module comment) are skipped.
pub async fn record_answer(
    tx: &mut Transaction<'_, Postgres>,
    item: &Item,
) -> Result<(), sqlx::Error> {
    let Some(answer) = db::answer_of_item(tx, item.id).await? else {
        return Ok(());
    };
    let (Some(user_id), AnswerSource::Solo, Some(json)) =
        (answer.user_id, answer.source, &answer.judgment)
    else {
        return Ok(());
    };
    let Some(question_id) = card_question(&answer.question_id) else {
        return Ok(());
    };
    // a card needs a bank question (a solo answer to a question since removed still records)
    if !db::is_bank_question(&mut **tx, question_id).await? {
        return Ok(());
    }
    let judgment: Judgment = match serde_json::from_value(json.clone()) {
        Ok(j) => j,
        Err(e) => {
            tracing::error!(item = %item.id, error = %e, "stored judgment is unreadable: no review cards");
            return Ok(());
        }
    };
    let seconds = item
        .started_at
        .map(|s| (answer.submitted_at - s).num_seconds().max(0));
    let limit = i64::from(item.minutes) * 60;
    let retention = retention(&mut **tx, user_id).await?;
    let cards: HashMap<String, Card> = db::lock_cards_of_question(tx, user_id, question_id)
        .await?
        .into_iter()
        .map(|c| (c.criterion_id.clone(), c))
        .collect();
    let mut seen = HashSet::new();
    let events: Vec<db::AnswerCard> = judgment
        .criteria
        .iter()
        .filter(|c| seen.insert(c.id.as_str()))
        .map(|c| {
            let rating = rate(&judgment, c.verdict, seconds, limit);
            let state = cards.get(&c.id).map(state_of).unwrap_or_default();
            let event = Event {
                at: answer.submitted_at,
                rating,
                source: Source::Solo,
            };
            let s = scheduler().apply(state, event, retention);
            db::AnswerCard {
                card: update(user_id, question_id, &c.id, &c.label, rating, &s),
                verdict: c.verdict.as_str().to_string(),
                elapsed_days: s.elapsed_days,
            }
        })
        .collect();
    db::save_answer_cards(
        tx,
        user_id,
        question_id,
        answer.id,
        answer.submitted_at,
        Source::Solo,
        &events,
    )
    .await?;
    Ok(())
}

/// The due page's content.
#[derive(Debug, Clone)]
pub struct DueList {
    /// Every due card, however many are listed.
    pub total: i64,
    /// The earliest due time after now, when nothing more is due.
    pub next_due: Option<DateTime<Utc>>,
    /// The first [`MAX_LISTED`] due cards, earliest first.
    pub cards: Vec<DueCard>,
}

pub async fn due(pool: &PgPool, user_id: Uuid, now: DateTime<Utc>) -> Result<DueList, ReviewError> {
    let (total, next_due) = db::due_summary(pool, user_id, now).await?;
    let cards = if total > 0 {
        db::due(pool, user_id, now, MAX_LISTED).await?
    } else {
        Vec::new()
    };
    Ok(DueList {
        total,
        next_due,
        cards,
    })
}

/// How many of the user's cards are due now.
pub async fn due_count(pool: &PgPool, user_id: Uuid) -> Result<i64, ReviewError> {
    Ok(db::due_summary(pool, user_id, Utc::now()).await?.0)
}

/// The card if it is the user's (another user's is "not found").
pub async fn owned_card(pool: &PgPool, user_id: Uuid, card_id: Uuid) -> Result<Card, ReviewError> {
    match db::card(pool, card_id).await? {
        Some(c) if c.user_id == user_id => Ok(c),
        _ => Err(ReviewError::NotFound),
    }
}

/// A review as asked: the card, the question it asks, and the clock.
#[derive(Debug, Clone)]
pub struct Review {
    pub card: Card,
    /// The question's prompt.
    pub question: String,
    /// What the review asks: the criterion's probe, or the question itself when it has none.
    pub asks: String,
    /// What a good answer says (shown after answering).
    pub expects: String,
    pub seconds_left: i64,
}

/// The one-criterion rubric of a card, with the prompt it is asked by.
async fn card_rubric(
    pool: &PgPool,
    card: &Card,
) -> Result<(crate::rubric::Rubric, String), ReviewError> {
    let parent = crate::solo::load_rubric(pool, &card.question_id)
        .await
        .map_err(|e| ReviewError::Grading(e.to_string()))?
        .ok_or(ReviewError::Gone)?;
    let mut rubric = crate::rubric::followup::for_criterion(&parent, &card.criterion_id)
        .ok_or(ReviewError::Gone)?;
    let probe = parent
        .criteria
        .iter()
        .find(|c| c.id == card.criterion_id)
        .map(|c| c.probe.trim().to_string())
        .unwrap_or_default();
    if probe.is_empty() {
        rubric.prompt = parent.prompt.clone();
    }
    Ok((rubric, parent.prompt))
}

/// Opens the review of a due card: starts its clock (unless it runs) and returns what it asks.
/// A card that is not due is refused with when it is.
pub async fn open(
    pool: &PgPool,
    user_id: Uuid,
    card_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Review, ReviewError> {
    let mut card = owned_card(pool, user_id, card_id).await?;
    if card.due_at > now {
        return Err(ReviewError::NotDue(card.due_at));
    }
    let (rubric, question) = card_rubric(pool, &card).await?;
    if card.opened_at.is_none() {
        db::open(pool, card.id, now).await?;
        card.opened_at = Some(now);
    }
    let used = card.opened_at.map_or(0, |o| (now - o).num_seconds().max(0));
    Ok(Review {
        question,
        asks: rubric.prompt.clone(),
        expects: rubric.criteria[0].expects.clone(),
        seconds_left: (REVIEW_SECONDS - used).max(0),
        card,
    })
}

/// A graded review.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub log_id: i64,
    pub rating: Rating,
    pub verdict: Verdict,
    pub due: DateTime<Utc>,
    /// What a good answer says about the criterion.
    pub expects: String,
}

fn check_body(body: &str) -> Result<(), ReviewError> {
    if body.trim().is_empty() {
        return Err(ReviewError::Invalid(
            "write an answer before submitting it; nothing was recorded".into(),
        ));
    }
    let chars = body.chars().count();
    if chars > MAX_ANSWER_CHARS {
        return Err(ReviewError::TooLong {
            chars,
            limit: MAX_ANSWER_CHARS,
        });
    }
    Ok(())
}

/// Grades the answer `body` to a due card's review against its one criterion and schedules
/// the card's next review.
pub async fn answer(
    pool: &PgPool,
    grader: &Arc<Grader>,
    user_id: Uuid,
    card_id: Uuid,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Reviewed, ReviewError> {
    let card = owned_card(pool, user_id, card_id).await?;
    check_body(body)?;
    if card.due_at > now {
        return Err(ReviewError::NotDue(card.due_at));
    }
    let (rubric, _) = card_rubric(pool, &card).await?;
    let expects = rubric.criteria[0].expects.clone();
    let graded = crate::solo::grade_answer(grader, Some(rubric), body)
        .await
        .map_err(|e| ReviewError::Grading(e.to_string()))?;
    let json = graded
        .judgment
        .ok_or_else(|| ReviewError::Grading("no judgment".into()))?;
    let judgment: Judgment =
        serde_json::from_value(json.clone()).map_err(|e| ReviewError::Grading(e.to_string()))?;
    let verdict = judgment
        .criteria
        .first()
        .map(|c| c.verdict)
        .ok_or_else(|| ReviewError::Grading("the judgment has no criterion".into()))?;

    let mut tx = pool.begin().await?;
    let Some(card) = db::lock_card(&mut tx, card_id).await? else {
        return Err(ReviewError::NotFound);
    };
    if card.due_at > now {
        // answered meanwhile (a double submit)
        return Err(ReviewError::NotDue(card.due_at));
    }
    let seconds = card.opened_at.map(|o| (now - o).num_seconds().max(0));
    let rating = rate(&judgment, verdict, seconds, REVIEW_SECONDS);
    let retention = retention(&mut *tx, user_id).await?;
    let s = scheduler().apply(
        state_of(&card),
        Event {
            at: now,
            rating,
            source: Source::Review,
        },
        retention,
    );
    db::save_card(
        &mut tx,
        &update(
            user_id,
            &card.question_id,
            &card.criterion_id,
            &card.label,
            rating,
            &s,
        ),
    )
    .await?;
    let log_id = db::insert_log(
        &mut tx,
        &LogEntry {
            card_id,
            reviewed_at: now,
            rating: rating.as_i16(),
            verdict: verdict.as_str().to_string(),
            elapsed_days: s.elapsed_days,
            source: Source::Review,
            answer_id: None,
            body: Some(body.to_string()),
            judgment: Some(json),
            seconds: seconds.map(|s| s.min(i64::from(i32::MAX)) as i32),
            due_after: s.due,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Reviewed {
        log_id,
        rating,
        verdict,
        due: s.due,
        expects,
    })
}

/// Sets the user's desired retention and reschedules their cards with it.
pub async fn set_retention(
    pool: &PgPool,
    user_id: Uuid,
    retention: f32,
) -> Result<(), ReviewError> {
    if !valid_retention(retention) {
        return Err(ReviewError::Invalid(format!(
            "the desired retention must be between {} and {}, not {retention}",
            RETENTION_RANGE.start(),
            RETENTION_RANGE.end()
        )));
    }
    let mut tx = pool.begin().await?;
    db::set_retention(&mut tx, user_id, retention).await?;
    tx.commit().await?;
    recompute(pool, Some(user_id)).await?;
    Ok(())
}

/// Replays the log of every card (of one user, or everyone's) with the current parameters and
/// retentions, and writes the schedules it gives. Returns how many cards were rescheduled.
pub async fn recompute(pool: &PgPool, user_id: Option<Uuid>) -> Result<usize, ReviewError> {
    let log = db::log_to_replay(pool, user_id).await?;
    let retentions: HashMap<Uuid, f32> = db::retentions(pool).await?.into_iter().collect();
    let mut cards = Vec::new();
    let mut dues = Vec::with_capacity(log.len());
    for events in log.chunk_by(|a, b| a.card_id == b.card_id) {
        let retention = retentions
            .get(&events[0].user_id)
            .copied()
            .unwrap_or(DEFAULT_RETENTION);
        let mut state = CardState::default();
        let mut last = None;
        for e in events {
            let Some(rating) = Rating::from_i16(e.rating) else {
                continue;
            };
            let s = scheduler().apply(
                state,
                Event {
                    at: e.reviewed_at,
                    rating,
                    source: e.source,
                },
                retention,
            );
            state = s.state;
            dues.push((e.id, s.due));
            last = Some(s);
        }
        let Some(last) = last else { continue };
        let (stability, difficulty) = last.state.memory.unwrap_or_default();
        cards.push(db::Recomputed {
            card_id: events[0].card_id,
            stability,
            difficulty,
            reps: last.state.reps,
            lapses: last.state.lapses,
            due_at: last.due,
        });
    }
    let mut tx = pool.begin().await?;
    db::write_recomputed(&mut tx, &cards, &dues).await?;
    tx.commit().await?;
    Ok(cards.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_followup_reviews_the_question_it_probes() {
        assert_eq!(card_question("001-1"), Some("001-1"));
        assert_eq!(card_question("own-001-1#redirect"), Some("001-1"));
        assert_eq!(
            card_question("own-3"),
            None,
            "an interviewer's own question"
        );
        assert_eq!(card_question("own-#x"), None);
    }

    #[test]
    fn empty_and_overlong_answers_are_refused() {
        assert!(matches!(check_body("  \n"), Err(ReviewError::Invalid(_))));
        assert!(matches!(
            check_body(&"x".repeat(MAX_ANSWER_CHARS + 1)),
            Err(ReviewError::TooLong { .. })
        ));
        assert!(check_body("A 302 keeps analytics.").is_ok());
    }
}
