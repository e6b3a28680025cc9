//! During a live session: the interviewer pushes a follow-up to a question (the next link of its
//! follow-up chain, or free text), extends the running question's
//! time, releases the results to the candidate, and overrides scores (answer or criterion) with a
//! reason. It is appended to the session and announced, so the
//! candidate's page and the live view pick it up within seconds.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::{back_to_live, owned};
use crate::interviews::run::{self, OverrideRequest};
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
    let request = OverrideRequest {
        position: form.position,
        criterion: &form.criterion,
        score: &form.score,
        reason: &form.reason,
    };
    run::override_score(&state.pool, &session, &request, user.user.id).await?;
    Ok(back_to_live(&session))
}

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
    run::extend(&state.pool, &session, form.minutes).await?;
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
    run::release(&state.pool, &session, &form.released).await?;
    Ok(back_to_live(&session))
}

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
    run::push_followup(&state.pool, &session, form.of, &form.kind, &form.prompt).await?;
    Ok(back_to_live(&session))
}
