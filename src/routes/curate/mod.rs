//! The curator's pages (issue 17), 404 to everyone who is not a curator (the `Curator`
//! extractor): the queue of open appeals and flags (`/curate`), one appeal with the answer's
//! evidence highlighted and the accept/reject forms (`/curate/appeals/{id}`), and the workbench
//! of a question (`/curate/questions/{id}`: cases, agreement, editor, try, save, upload).

mod appeal;
mod queue;
mod workbench;

use actix_web::web;

use crate::curation::CurationError;
use crate::web::respond::see_other;
use crate::web::user::Curator;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    queue::configure(cfg);
    appeal::configure(cfg);
    workbench::configure(cfg);
}

impl From<CurationError> for AppError {
    fn from(e: CurationError) -> AppError {
        match e {
            CurationError::Invalid(m) => AppError::BadRequest(m),
            CurationError::NotFound(m) => AppError::NotFound(m),
            CurationError::Conflict(m) => AppError::Conflict(m),
            CurationError::Solo(e) => e.into(),
            CurationError::Db(e) => AppError::Database(e),
            CurationError::Json(e) => AppError::Unexpected(e.into()),
        }
    }
}

/// The page chrome for a curator.
fn layout(curator: &Curator, csrf: &crate::web::csrf::CsrfToken) -> Layout {
    Layout::signed_in(&curator.0.user, &csrf.0, "curate")
}
