//! Teams over HTTP: pages ([`pages`] for teams and invites, [`board`] for the leaderboard) and
//! JSON under `/api/v1/teams` ([`api`]). Every handler goes through [`crate::teams::service`],
//! which answers 404 to non-members.

pub mod api;
pub mod board;
pub mod pages;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::web::AppError;

/// Registers the team routes (JSON first, then pages; `/teams/join` before `/teams/{id}`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    api::configure(cfg);
    pages::configure(cfg);
    board::configure(cfg);
}

fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    let body = page
        .render()
        .map_err(|e| AppError::Unexpected(anyhow::Error::new(e)))?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

fn see_other(to: impl Into<String>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.into()))
        .finish()
}

/// A topic's display name.
pub fn topic_name(slug: &str) -> String {
    crate::corpus::topics::display_name(slug)
}
