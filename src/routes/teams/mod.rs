//! Teams over HTTP: pages ([`pages`] for teams and invites, [`board`] for the leaderboard) and
//! JSON under `/api/v1/teams` ([`api`]). Every handler goes through [`crate::teams::service`],
//! which answers 404 to non-members.

pub mod api;
pub mod board;
pub mod pages;

use actix_web::web;

use crate::web::respond::page as html;
use crate::web::respond::see_other;

/// Registers the team routes (JSON first, then pages; `/teams/join` before `/teams/{id}`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    api::configure(cfg);
    pages::configure(cfg);
    board::configure(cfg);
}

/// A topic's display name.
pub fn topic_name(slug: &str) -> String {
    crate::corpus::topics::display_name(slug)
}
