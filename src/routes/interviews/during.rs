//! During a live session: the interviewer pushes a follow-up to a question (the next link of its
//! follow-up chain, or free text), extends the running question's
//! time, releases the results to the candidate, and overrides scores (answer or criterion) with a
//! reason. It is appended to the session and announced, so the
//! candidate's page and the live view pick it up within seconds.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::{back_to_live, owned};
use crate::db::overrides;
use crate::db::sessions::{self, FollowUp};
use crate::startup::AppState;
use crate::web::AppError;
use crate::web::user::CurrentUser;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/interviews/{id}/followups", web::post().to(push))
        .route("/interviews/{id}/release", web::post().to(release))
        .route("/interviews/{id}/extend", web::post().to(extend))
        .route("/interviews/{id}/overrides", web::post().to(override_score));
}

#[derive(Debug, Deserialize)]
pub struct OverrideForm {
    /// Position of the question answered.
    position: i32,
    /// Empty: the answer's overall score; otherwise a criterion id of its judgment.
    #[serde(default)]
    criterion: String,
    score: String,
    reason: String,
}

/// Overrides the score of an answer or of one of its criteria, with a reason. The automatic
/// score is kept.
async fn override_score(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<OverrideForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    let score: f32 = form
        .score
        .trim()
        .parse()
        .ok()
        .filter(|s: &f32| (0.0..=10.0).contains(s))
        .ok_or_else(|| AppError::bad_request("A score is a number from 0 to 10."))?;
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(AppError::bad_request(
            "Give a reason of 1 to 2,000 characters for the override.",
        ));
    }
    let answer = match session.interview_id {
        Some(interview) => overrides::answer_at(&state.pool, interview, form.position).await?,
        None => None,
    }
    .ok_or_else(|| AppError::Conflict("That question has no answer to override yet.".into()))?;
    let criterion = form.criterion.trim();
    let criterion = if criterion.is_empty() {
        None
    } else {
        let known = answer
            .judgment
            .as_ref()
            .and_then(|j| j.get("criteria"))
            .and_then(|c| c.as_array())
            .is_some_and(|all| all.iter().any(|c| c["id"] == criterion));
        if !known {
            return Err(AppError::bad_request(format!(
                "The answer's judgment has no criterion {criterion:?}."
            )));
        }
        Some(criterion)
    };
    overrides::put(
        &state.pool,
        session.id,
        answer.id,
        criterion,
        score,
        reason,
        user.user.id,
    )
    .await?;
    tracing::info!(session = %session.id, position = form.position, "score overridden");
    Ok(back_to_live(&session))
}

/// Most minutes one extension adds.
const MAX_EXTENSION: i32 = 60;

#[derive(Debug, Deserialize)]
pub struct ExtendForm {
    minutes: i32,
}

/// Extends the time of the candidate's current question (moves its stored deadline).
async fn extend(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<ExtendForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    if !(1..=MAX_EXTENSION).contains(&form.minutes) {
        return Err(AppError::bad_request(format!(
            "An extension is 1 to {MAX_EXTENSION} minutes."
        )));
    }
    if !sessions::extend_current(&state.pool, session.id, form.minutes).await? {
        return Err(AppError::Conflict(
            "No question is running, so there is no time to extend.".into(),
        ));
    }
    tracing::info!(session = %session.id, minutes = form.minutes, "current question extended");
    Ok(back_to_live(&session))
}

#[derive(Debug, Deserialize)]
pub struct ReleaseForm {
    /// `on` shows the candidate their scores; `off` hides them again.
    released: String,
}

/// Releases (or withholds) the results to the candidate.
async fn release(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<ReleaseForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    let on = match form.released.as_str() {
        "on" => true,
        "off" => false,
        _ => return Err(AppError::bad_request("Released must be on or off.")),
    };
    sessions::set_released(&state.pool, session.id, on).await?;
    tracing::info!(session = %session.id, on, "results release changed");
    Ok(back_to_live(&session))
}

const MAX_QUESTIONS: usize = 30;

#[derive(Debug, Deserialize)]
pub struct FollowUpForm {
    /// Position of the question followed up.
    of: i32,
    /// `chain` or `free`.
    kind: String,
    #[serde(default)]
    prompt: String,
}

async fn push(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<FollowUpForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    if session.state != "live" {
        return Err(AppError::Conflict(
            "Follow-ups are pushed while the session is live.".into(),
        ));
    }
    let count = sessions::questions(&state.pool, session.id).await?.len();
    if count >= MAX_QUESTIONS {
        return Err(AppError::Conflict(format!(
            "A session has at most {MAX_QUESTIONS} questions with follow-ups."
        )));
    }
    let prompt = form.prompt.trim();
    let followup = match form.kind.as_str() {
        "chain" => FollowUp::ChainNext,
        "free" if !prompt.is_empty() && prompt.chars().count() <= 4000 => {
            FollowUp::FreeText(prompt)
        }
        "free" => {
            return Err(AppError::bad_request(
                "A follow-up question must be 1 to 4,000 characters.",
            ));
        }
        _ => {
            return Err(AppError::bad_request(
                "The kind of follow-up must be chain or free.",
            ));
        }
    };
    let pushed = sessions::push_followup(
        &state.pool,
        session.id,
        form.of,
        followup,
        session.minutes_per_question,
    )
    .await?;
    if !pushed {
        return Err(AppError::bad_request(
            "There is no such question, or its chain has no further follow-up to push.",
        ));
    }
    tracing::info!(session = %session.id, of = form.of, "follow-up pushed");
    Ok(back_to_live(&session))
}
