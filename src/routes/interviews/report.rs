//! The read-only report behind a report link: `/report/{token}` (HTML that prints well),
//! `/report/{token}/report.json` and `/report/{token}/report.csv`. It shows the session, the
//! overall score, strengths and weaknesses, each question with its per-criterion verdicts and
//! the interviewer's overrides, and the scorecard; never the interviewer's private notes. The
//! content is [`crate::interviews::Report`], the CSV layout [`crate::interviews::export`].

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{render, visitor};
use crate::interviews::access::{self, LinkKind};
use crate::interviews::{Report, export, service};
use crate::startup::AppState;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/report/{token}", web::get().to(html))
        .route("/report/{token}/report.json", web::get().to(json))
        .route("/report/{token}/report.csv", web::get().to(csv));
}

async fn load(state: &AppState, req: &HttpRequest, token: &str) -> Result<Report, AppError> {
    let addr = visitor(state, req).addr;
    let session = access::linked(
        &state.pool,
        &state.link_guard,
        addr,
        token,
        LinkKind::Report,
    )
    .await?;
    Ok(service::report(&state.pool, &session).await?)
}

#[derive(Template)]
#[template(path = "interviews/report.html")]
struct ReportPage {
    layout: Layout,
    token: String,
    report: Report,
}

async fn html(
    state: web::Data<AppState>,
    req: HttpRequest,
    layout: Layout,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let report = load(&state, &req, &token).await?;
    render(&ReportPage {
        layout,
        token: token.into_inner(),
        report,
    })
}

async fn json(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(load(&state, &req, &token).await?))
}

async fn csv(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let report = load(&state, &req, &token).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"interview-report.csv\"",
        ))
        .body(export::to_csv(&report)))
}
