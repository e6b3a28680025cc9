//! The solo flow's operations over the database and the grader.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::db;
use crate::db::answers::{AnswerSource, NewAnswer};
use crate::db::interviews::{AnswerView, GradingInputs, Item, NewInterview};
use crate::dealer::{self, DealRequest, DifficultyChoice, MAX_QUESTIONS};
use crate::grader::Grader;
use crate::rubric::Rubric;

use serde::Deserialize;

use super::{GRADER_VERSION, Graded, SoloError, grade_answer};
use crate::db::states::ItemState;

/// Longest answer (and draft) accepted, in characters.
pub const MAX_ANSWER_CHARS: usize = 20_000;
/// Longest time per question, in minutes.
pub const MAX_MINUTES: i32 = 120;

/// What the start form asks for.
#[derive(Debug, Clone)]
pub struct StartSettings {
    pub topics: Vec<String>,
    pub difficulty: DifficultyChoice,
    pub count: usize,
    pub minutes: i32,
}

/// What a submission did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitOutcome {
    /// This request recorded the answer.
    Recorded,
    /// The item already had an answer (double click, retry); nothing changed.
    AlreadyRecorded,
}

fn check_minutes(minutes: i32) -> Result<(), SoloError> {
    if !(1..=MAX_MINUTES).contains(&minutes) {
        return Err(SoloError::Invalid(format!(
            "minutes per question must be between 1 and {MAX_MINUTES}, not {minutes}"
        )));
    }
    Ok(())
}

fn check_length(body: &str) -> Result<(), SoloError> {
    let chars = body.chars().count();
    if chars > MAX_ANSWER_CHARS {
        return Err(SoloError::TooLong {
            chars,
            limit: MAX_ANSWER_CHARS,
        });
    }
    Ok(())
}

/// Deals and creates an interview. Unknown topics are refused by name.
pub async fn start_interview(
    pool: &PgPool,
    user_id: Uuid,
    settings: &StartSettings,
    seed: u64,
) -> Result<Uuid, SoloError> {
    check_minutes(settings.minutes)?;
    if settings.count == 0 || settings.count > MAX_QUESTIONS {
        return Err(dealer::DealError::BadCount(settings.count).into());
    }
    let known = db::questions::topic_counts(pool).await?;
    for topic in &settings.topics {
        if !known.iter().any(|(t, _)| t == topic) {
            return Err(SoloError::Invalid(format!(
                "there is no topic called {topic:?}"
            )));
        }
    }
    let bank = db::questions::candidates(pool).await?;
    let recent: HashMap<String, f64> = db::answers::recent_days_ago(pool, user_id)
        .await?
        .into_iter()
        .collect();
    let request = DealRequest {
        topics: settings.topics.clone(),
        difficulty: settings.difficulty,
        count: settings.count,
        seed,
    };
    let question_ids = match settings.difficulty {
        DifficultyChoice::Adaptive(stretch) => {
            let ratings = crate::ratings::service::adaptive_ratings(pool, user_id).await?;
            dealer::deal_adaptive(&bank, &recent, &ratings, stretch, &request)?
        }
        _ => dealer::deal(&bank, &recent, &request)?,
    };
    tracing::info!(%user_id, count = question_ids.len(), "dealt a solo interview");
    Ok(db::interviews::create(
        pool,
        &NewInterview {
            user_id,
            kind: "solo",
            topics: settings.topics.clone(),
            difficulty: settings.difficulty.as_str().to_string(),
            minutes_per_question: settings.minutes,
            seed: seed as i64,
            question_ids,
            chosen: false,
        },
    )
    .await?)
}

/// A one-question interview on a chosen question (the browser's "practise", a follow-up).
pub async fn start_single(
    pool: &PgPool,
    user_id: Uuid,
    question_id: &str,
    minutes: i32,
) -> Result<Uuid, SoloError> {
    check_minutes(minutes)?;
    let q = db::questions::get(pool, question_id)
        .await?
        .ok_or_else(|| SoloError::NotFound(format!("there is no question {question_id:?}")))?;
    Ok(db::interviews::create(
        pool,
        &NewInterview {
            user_id,
            kind: "solo",
            topics: vec![q.topic],
            difficulty: q.difficulty,
            minutes_per_question: minutes,
            seed: 0,
            question_ids: vec![q.id],
            chosen: true,
        },
    )
    .await?)
}

/// The item if it exists and belongs to `user_id`; another user's item is "not found".
pub async fn owned_item(pool: &PgPool, item_id: Uuid, user_id: Uuid) -> Result<Item, SoloError> {
    match db::interviews::item(pool, item_id).await? {
        Some(item) if item.owner == user_id => Ok(item),
        _ => Err(SoloError::NotFound(
            "there is no such question in your interviews".into(),
        )),
    }
}

/// The answer page's view of an item if it belongs to `user_id` (another user's is "not found").
pub async fn owned_answer_view(
    pool: &PgPool,
    item_id: Uuid,
    user_id: Uuid,
) -> Result<AnswerView, SoloError> {
    match db::interviews::answer_view(pool, item_id).await? {
        Some(view) if view.item.owner == user_id => Ok(view),
        _ => Err(SoloError::NotFound(
            "there is no such question in your interviews".into(),
        )),
    }
}

/// The first item of the interview not yet answered, if any.
pub async fn current_item(pool: &PgPool, interview_id: Uuid) -> Result<Option<Item>, SoloError> {
    Ok(db::interviews::items(pool, interview_id)
        .await?
        .into_iter()
        .find(|i| !i.is_done()))
}

/// Opens an item for answering: starts its clock when it is pending and the current one of its
/// interview. Returns the item as it now is.
pub async fn open_item(pool: &PgPool, item: Item) -> Result<Item, SoloError> {
    if item.state != ItemState::Pending {
        return Ok(item);
    }
    let current = current_item(pool, item.interview_id).await?.map(|c| c.id);
    open_if_current(pool, item, current).await
}

/// Opens an item for answering when it is `current`, the current item of its interview as the
/// caller's flow chooses it (a live session answers a pushed follow-up next): starts its clock
/// when it is pending. Returns the item as it now is.
pub async fn open_if_current(
    pool: &PgPool,
    item: Item,
    current: Option<Uuid>,
) -> Result<Item, SoloError> {
    if item.state != ItemState::Pending || current != Some(item.id) {
        return Ok(item);
    }
    db::interviews::start_item(pool, item.id).await?;
    db::interviews::item(pool, item.id)
        .await?
        .ok_or_else(|| SoloError::NotFound("the question vanished".into()))
}

/// Autosaves a draft. Refused when the item is not running: answered, not started, or out of time
/// (then the last saved draft is submitted at once).
pub async fn save_draft(
    pool: &PgPool,
    grader: &Arc<Grader>,
    user_id: Uuid,
    item_id: Uuid,
    body: &str,
) -> Result<DraftSaved, SoloError> {
    let item = owned_item(pool, item_id, user_id).await?;
    save_item_draft(pool, grader, item, body).await
}

/// A saved draft: when it was saved, and the item's deadline as the server knows it then (an
/// interviewer may have extended it), so the page can re-sync its countdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftSaved {
    pub saved_at: DateTime<Utc>,
    pub deadline: Option<DateTime<Utc>>,
}

impl DraftSaved {
    /// Whole seconds left before the deadline at `saved_at` (0 once it has passed).
    pub fn seconds_left(&self) -> Option<i64> {
        self.deadline
            .map(|d| (d - self.saved_at).num_seconds().max(0))
    }
}

/// Autosaves a draft of `item`, whose access the caller has checked (see [`save_draft`]).
pub async fn save_item_draft(
    pool: &PgPool,
    grader: &Arc<Grader>,
    item: Item,
    body: &str,
) -> Result<DraftSaved, SoloError> {
    check_length(body)?;
    let item_id = item.id;
    if let Some(saved_at) = db::interviews::save_draft(pool, item_id, body).await? {
        return Ok(DraftSaved {
            saved_at,
            deadline: item.deadline,
        });
    }
    match item.state {
        ItemState::Pending => Err(SoloError::NotStarted),
        ItemState::Submitted | ItemState::TimedOut => Err(SoloError::AlreadyDone { item: item.id }),
        ItemState::Active => {
            let deadline = item.deadline.unwrap_or_else(Utc::now);
            time_out_now(pool, grader, item_id).await?;
            Err(SoloError::TooLate {
                deadline,
                item: item_id,
            })
        }
    }
}

/// Submits the final answer of an item: stored as its draft, graded, recorded once.
pub async fn submit(
    pool: &PgPool,
    grader: &Arc<Grader>,
    user_id: Uuid,
    item_id: Uuid,
    body: &str,
) -> Result<SubmitOutcome, SoloError> {
    let item = owned_item(pool, item_id, user_id).await?;
    submit_item(pool, grader, item, body).await
}

/// Submits the final answer of `item`, whose access the caller has checked (see [`submit`]).
pub async fn submit_item(
    pool: &PgPool,
    grader: &Arc<Grader>,
    item: Item,
    body: &str,
) -> Result<SubmitOutcome, SoloError> {
    check_length(body)?;
    let item_id = item.id;
    if item.is_done() {
        return Ok(SubmitOutcome::AlreadyRecorded);
    }
    // Read and grade before the transaction: the bank does not change under us, and the
    // transaction then holds its connection and the item's lock only for the writes.
    let inputs = db::interviews::grading_inputs(pool, item_id).await?;
    let graded = grade_answer(grader, item_rubric(&inputs, &item), body).await?;

    let mut tx = pool.begin().await?;
    let Some(locked) = db::interviews::lock_item(&mut tx, item_id).await? else {
        return Err(SoloError::NotFound("the question vanished".into()));
    };
    match locked.state {
        ItemState::Submitted | ItemState::TimedOut => {
            tx.commit().await?;
            return Ok(SubmitOutcome::AlreadyRecorded);
        }
        ItemState::Pending => return Err(SoloError::NotStarted),
        ItemState::Active => {}
    }
    if locked.seconds_left == Some(0) {
        // The server's clock decides: refuse, and submit what was saved before the deadline.
        let saved = db::interviews::draft(&mut *tx, item_id).await?;
        let saved_body = saved.map(|d| d.body).unwrap_or_default();
        let graded = grade_answer(grader, item_rubric(&inputs, &locked), &saved_body).await?;
        record(&mut tx, &locked, &inputs, graded, &saved_body, true).await?;
        tx.commit().await?;
        return Err(SoloError::TooLate {
            deadline: locked.deadline.unwrap_or_else(Utc::now),
            item: item_id,
        });
    }
    db::interviews::put_draft(&mut tx, item_id, body).await?;
    let wrote = record(&mut tx, &locked, &inputs, graded, body, false).await?;
    tx.commit().await?;
    Ok(if wrote {
        SubmitOutcome::Recorded
    } else {
        SubmitOutcome::AlreadyRecorded
    })
}

/// Times out one active item past its deadline: grades and records its last saved draft.
async fn time_out_now(pool: &PgPool, grader: &Arc<Grader>, item_id: Uuid) -> Result<(), SoloError> {
    let mut tx = pool.begin().await?;
    if let Some(item) = db::interviews::lock_item(&mut tx, item_id).await?
        && item.state == ItemState::Active
        && item.seconds_left == Some(0)
    {
        time_out_locked(&mut tx, grader, &item).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Grades and records the last saved draft of a locked item whose time is up.
pub(super) async fn time_out_locked(
    tx: &mut Transaction<'_, Postgres>,
    grader: &Arc<Grader>,
    item: &Item,
) -> Result<(), SoloError> {
    let inputs = db::interviews::grading_inputs(&mut **tx, item.id).await?;
    let body = db::interviews::draft(&mut **tx, item.id)
        .await?
        .map(|d| d.body)
        .unwrap_or_default();
    let graded = grade_answer(grader, item_rubric(&inputs, item), &body).await?;
    record(tx, item, &inputs, graded, &body, true).await?;
    Ok(())
}

/// The rubric an item is graded by: its own (an interviewer's question) or the bank's. A missing
/// or unreadable rubric is logged and yields `None`: the answer is then recorded ungraded rather
/// than lost.
fn item_rubric(inputs: &GradingInputs, item: &Item) -> Option<Rubric> {
    let (json, whose) = match (&inputs.own_rubric, &inputs.bank_rubric) {
        (Some(own), _) => (own, "item"),
        (None, Some(bank)) => (bank, "bank"),
        (None, None) => {
            tracing::warn!(question_id = %item.question_id, "no rubric: the answer is recorded ungraded");
            return None;
        }
    };
    match Rubric::deserialize(json) {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::error!(item = %item.id, whose, error = %e, "stored rubric is unreadable");
            None
        }
    }
}

/// Inserts the graded answer `body` (once per item), sets the item's final state and closes the
/// interview when it was the last one. Returns whether the answer row was written.
async fn record(
    tx: &mut Transaction<'_, Postgres>,
    item: &Item,
    inputs: &GradingInputs,
    graded: Graded,
    body: &str,
    timed_out: bool,
) -> Result<bool, SoloError> {
    // a solo follow-up is on the topic of the question it follows (its own rubric's)
    let followup_topic = item
        .followup_of
        .and(inputs.own_rubric.as_ref())
        .and_then(|r| {
            Some((
                r.get("topic")?.as_str()?.to_string(),
                r.get("difficulty")?.as_str()?.to_string(),
            ))
        });
    let (topic, difficulty) = match (&inputs.topic, &inputs.difficulty) {
        (Some(topic), Some(difficulty)) => (topic.clone(), difficulty.clone()),
        _ if followup_topic.is_some() => followup_topic.unwrap_or_default(),
        _ if crate::interviews::own_question::is_own(&item.question_id) => {
            (String::from("own"), String::from("medium"))
        }
        _ => {
            tracing::error!(question_id = %item.question_id, "answered question is not in the bank");
            (String::from("unknown"), String::from("medium"))
        }
    };
    let session = item.kind == "session";
    // A session's interview belongs to the interviewer; its answers belong to the candidate's
    // account if they joined signed in, to nobody otherwise.
    let user_id = if session {
        db::sessions::candidate_user(tx, item.interview_id).await?
    } else {
        Some(item.owner)
    };
    let answer = NewAnswer {
        item_id: item.id,
        source: if session {
            AnswerSource::Interview
        } else {
            AnswerSource::Solo
        },
        user_id,
        question_id: item.question_id.clone(),
        topic,
        difficulty,
        body: body.to_string(),
        timed_out,
        judgment: graded.judgment,
        score: graded.score,
        band: graded.band,
        flags: graded.flags,
        grader_version: GRADER_VERSION.to_string(),
        rubric_version: graded.rubric_version,
    };
    let wrote = db::answers::insert(tx, &answer).await?;
    if wrote {
        crate::ratings::service::record_attempt(tx, item, &answer).await?;
        crate::reviews::service::record_answer(tx, item).await?;
    }
    let state = if timed_out {
        ItemState::TimedOut
    } else {
        ItemState::Submitted
    };
    db::interviews::set_state(tx, item.id, state).await?;
    db::interviews::finish_if_done(tx, item.interview_id).await?;
    Ok(wrote)
}

#[cfg(test)]
mod draft_saved_tests {
    use super::DraftSaved;
    use chrono::{Duration, Utc};

    #[test]
    fn seconds_left_counts_to_the_deadline_and_stops_at_zero() {
        let now = Utc::now();
        let saved = |deadline| DraftSaved {
            saved_at: now,
            deadline,
        };
        assert_eq!(
            saved(Some(now + Duration::seconds(90))).seconds_left(),
            Some(90)
        );
        assert_eq!(
            saved(Some(now - Duration::seconds(5))).seconds_left(),
            Some(0)
        );
        assert_eq!(saved(None).seconds_left(), None);
    }
}
