//! The solo timed mock interview pages: start, answer (timed, autosaving), feedback, interview
//! summary and history, plus its JSON API under `/api/v1/`. The flow itself lives in
//! [`crate::solo`]; these handlers only translate HTTP to it and render templates.

pub mod answer;
pub mod api;
mod appeals;
mod feedback;
mod history;
mod start;
mod summary;
mod view;

use actix_web::web;

use crate::solo::SoloError;
use crate::web::csrf::CsrfToken;
use crate::web::respond::see_other;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub use view::{pretty_topic, render as render_page, score_text, seconds_to_clock};

/// Registers the pages and the API.
pub fn configure(cfg: &mut web::ServiceConfig) {
    start::configure(cfg);
    answer::configure(cfg);
    feedback::configure(cfg);
    appeals::configure(cfg);
    summary::configure(cfg);
    history::configure(cfg);
    api::configure(cfg);
}

impl From<SoloError> for AppError {
    fn from(e: SoloError) -> AppError {
        let message = capitalise(&e.to_string());
        match e {
            SoloError::Invalid(_) | SoloError::Deal(_) => AppError::BadRequest(message),
            SoloError::NotFound(_) => AppError::NotFound(message),
            SoloError::TooLong { .. } => AppError::PayloadTooLarge(message),
            SoloError::TooLate { .. } | SoloError::NotStarted | SoloError::AlreadyDone { .. } => {
                AppError::Conflict(message)
            }
            SoloError::Db(e) => AppError::Database(e),
            SoloError::Grading(why) => AppError::Unexpected(anyhow::anyhow!(why)),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str().trim_end_matches('.')),
        None => String::new(),
    }
}

/// The page chrome for a logged-in user.
fn layout(user: &CurrentUser, csrf: &CsrfToken, active: &'static str) -> Layout {
    Layout::signed_in(&user.user, &csrf.0, active)
}
