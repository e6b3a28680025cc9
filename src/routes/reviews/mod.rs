//! Reviews of missed concepts: the "Due today" page (`/reviews`), reviewing one card
//! (`/reviews/{card}`), the desired-retention setting (`/account/reviews`), and the JSON API
//! under `/api/v1/reviews`. The rules live in [`crate::reviews`]; these handlers translate HTTP.

pub mod api;
mod pages;

use actix_web::web;

use crate::present::LocalTime;
use crate::reviews::ReviewError;
use crate::web::AppError;

pub fn configure(cfg: &mut web::ServiceConfig) {
    pages::configure(cfg);
    api::configure(cfg);
}

impl From<ReviewError> for AppError {
    fn from(e: ReviewError) -> AppError {
        let message = capitalise(&e.to_string());
        match e {
            ReviewError::Invalid(_) => AppError::BadRequest(message),
            ReviewError::NotFound => AppError::NotFound(message),
            ReviewError::NotDue(at) => AppError::Conflict(format!(
                "This card is not due until {}; every card is reviewed at most once a day.",
                LocalTime::minute(at).fallback_text()
            )),
            ReviewError::TooLong { .. } => AppError::PayloadTooLarge(message),
            ReviewError::Gone => AppError::Gone(message),
            ReviewError::Db(e) => AppError::Database(e),
            ReviewError::Grading(why) => AppError::Unexpected(anyhow::anyhow!(why)),
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

/// A rating as the pages name it.
pub fn rating_text(rating: crate::reviews::schedule::Rating) -> &'static str {
    use crate::reviews::schedule::Rating::*;
    match rating {
        Again => "Again: you will see it again soon",
        Hard => "Hard: partly there",
        Good => "Good",
        Easy => "Easy: quick and complete",
    }
}
