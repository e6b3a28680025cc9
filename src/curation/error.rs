//! What can go wrong in curation.

use crate::solo::SoloError;

#[derive(Debug, thiserror::Error)]
pub enum CurationError {
    /// Bad input: the message says what to change (400).
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    /// The appeal or flag was resolved already, or is open already (409).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Solo(#[from] SoloError),
    #[error("database error")]
    Db(#[from] sqlx::Error),
    #[error("serialising a rubric: {0}")]
    Json(#[from] serde_json::Error),
}
