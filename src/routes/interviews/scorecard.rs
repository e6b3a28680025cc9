//! The owner's judgement: private notes per question, the scorecard (recommendation and
//! summary), and the report link (issue or regenerate, revoke). All owner-only (404 otherwise).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{back_to_live, issue_link_url, owned, watch};
use crate::db::{scorecards, sessions};
use crate::startup::AppState;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/interviews/{id}/notes/{position}",
        web::post().to(save_note),
    )
    .route("/interviews/{id}/scorecard", web::post().to(save_scorecard))
    .route(
        "/interviews/{id}/report-link",
        web::post().to(issue_report_link),
    )
    .route(
        "/interviews/{id}/report-link/revoke",
        web::post().to(revoke_report_link),
    );
}

const MAX_TEXT: usize = 20_000;

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    body: String,
}

#[derive(Debug, Deserialize)]
pub struct ScorecardForm {
    recommendation: String,
    #[serde(default)]
    summary: String,
}

async fn save_note(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, i32)>,
    form: web::Form<NoteForm>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let session = owned(&state, &user, &id).await?;
    let body = form.body.trim();
    if body.chars().count() > MAX_TEXT {
        return Err(AppError::PayloadTooLarge(
            "A note can be at most 20,000 characters.".into(),
        ));
    }
    if !scorecards::set_note(&state.pool, session.id, position, body).await? {
        return Err(AppError::not_found("The session has no such question."));
    }
    Ok(back_to_live(&session))
}

async fn save_scorecard(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<ScorecardForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    if scorecards::recommendation_label(&form.recommendation).is_none() {
        return Err(AppError::bad_request(
            "Choose a recommendation: strong hire, hire, no hire or strong no hire.",
        ));
    }
    let summary = form.summary.trim();
    if summary.chars().count() > MAX_TEXT {
        return Err(AppError::PayloadTooLarge(
            "The summary can be at most 20,000 characters.".into(),
        ));
    }
    scorecards::set_scorecard(&state.pool, session.id, &form.recommendation, summary).await?;
    Ok(back_to_live(&session))
}

async fn issue_report_link(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    let url = issue_link_url(&state, &req, session.id, "report", "report").await?;
    watch::live_page(&state, layout, &session, Some(url)).await
}

async fn revoke_report_link(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    sessions::revoke_links(&state.pool, session.id, "report").await?;
    Ok(back_to_live(&session))
}
