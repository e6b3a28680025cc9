//! HTTP routes. Each feature registers its routes in [`configure`]; add one line per module.

pub mod accounts;
pub mod curate;
pub mod health;
pub mod home;
pub mod interviews;
pub mod metrics;
pub mod openapi;
pub mod questions;
pub mod ratings;
pub mod reviews;
pub mod solo;
pub mod teams;

use actix_web::{HttpRequest, HttpResponse, web};

use crate::web::AppError;

/// Registers every route of the app.
pub fn configure(cfg: &mut web::ServiceConfig) {
    accounts::configure(cfg);
    health::configure(cfg);
    metrics::configure(cfg);
    teams::configure(cfg);
    home::configure(cfg);
    interviews::configure(cfg);
    solo::configure(cfg);
    curate::configure(cfg);
    questions::configure(cfg);
    ratings::configure(cfg);
    reviews::configure(cfg);
    openapi::configure(cfg);
}

/// The default service: unknown paths get a 404 page (or a JSON body under `/api/`).
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::not_found(format!(
        "There is no page at {}.",
        req.path()
    )))
}
