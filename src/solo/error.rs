//! Why a solo-interview operation was refused.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::dealer::DealError;

#[derive(Debug, thiserror::Error)]
pub enum SoloError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Deal(#[from] DealError),
    #[error("{0}")]
    NotFound(String),
    #[error(
        "the answer is {chars} characters long; the limit is {limit}. Shorten it and submit again"
    )]
    TooLong { chars: usize, limit: usize },
    #[error(
        "time ran out for this question at {deadline} (UTC); the answer was refused. Your last saved draft was submitted instead"
    )]
    TooLate { deadline: DateTime<Utc>, item: Uuid },
    #[error("this question has not been started yet")]
    NotStarted,
    #[error("this question was already answered")]
    AlreadyDone { item: Uuid },
    #[error("database error")]
    Db(#[from] sqlx::Error),
    #[error("grading failed: {0}")]
    Grading(String),
}
