//! The candidate's results page, `/join/{token}/results`: once the interviewer released the
//! results, the overall score, strengths and weaknesses, each answer's score, verdicts and gaps,
//! and the interviewer's comments (scorecard summary, recommendation, overrides with their
//! reasons); never the private notes. Before the release it is a 403 that says so.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{render, see_other, visitor};
use crate::interviews::access;
use crate::interviews::{Error, Report, service};
use crate::startup::AppState;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/join/{token}/results", web::get().to(page));
}

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
    let visitor = visitor(&state, &req);
    let (session, display_name) =
        match access::released_to_candidate(&state.pool, &state.link_guard, &visitor, &token).await
        {
            Ok(found) => found,
            Err(Error::NotJoined) => return Ok(see_other(format!("/join/{token}"))),
            Err(e) => return Err(e.into()),
        };
    let report = service::report(&state.pool, &session).await?;
    render(&ResultsPage {
        layout,
        token: token.into_inner(),
        display_name,
        report,
    })
}
