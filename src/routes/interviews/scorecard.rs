//! The owner's judgement: private notes per question, the scorecard (recommendation and
//! summary), and the report link (issue or regenerate, revoke). All owner-only (404 otherwise).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{back_to_live, issue_link_url, owned, watch};
use crate::interviews::access::LinkKind;
use crate::interviews::{prepare, scorecard};
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
    scorecard::save_note(&state.pool, &session, position, &form.body).await?;
    Ok(back_to_live(&session))
}

async fn save_scorecard(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<ScorecardForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    scorecard::save(&state.pool, &session, &form.recommendation, &form.summary).await?;
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
    let url = issue_link_url(&state, &req, &session, LinkKind::Report, "report").await?;
    watch::live_page(&state, layout, &session, Some(url)).await
}

async fn revoke_report_link(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    prepare::revoke_links(&state.pool, &session, LinkKind::Report).await?;
    Ok(back_to_live(&session))
}
