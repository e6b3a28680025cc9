//! The candidate's results page, `/join/{token}/results`: once the interviewer released the
//! results, the overall score, strengths and weaknesses, each answer's score, verdicts and gaps,
//! and the interviewer's comments (scorecard summary, recommendation, overrides with their
//! reasons); never the private notes. Before the release it is a 403 that says so.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::candidate::as_candidate;
use super::render;
use crate::interviews::{Report, service};
use crate::startup::AppState;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/join/{token}/results", web::get().to(page));
}

/// The message of the page asked for before the release.
pub const NOT_RELEASED: &str =
    "The interviewer has not released the results yet. This page opens once they do.";

#[derive(Template)]
#[template(path = "interviews/results.html")]
struct ResultsPage {
    layout: Layout,
    token: String,
    display_name: String,
    report: Report,
}

async fn page(
    state: web::Data<AppState>,
    req: HttpRequest,
    layout: Layout,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (session, display_name) = match as_candidate(&state, &req, &token).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    if !session.results_released {
        return Err(AppError::Forbidden(NOT_RELEASED.into()));
    }
    let report = service::report(&state.pool, &session).await?;
    render(&ResultsPage {
        layout,
        token: token.into_inner(),
        display_name,
        report,
    })
}
