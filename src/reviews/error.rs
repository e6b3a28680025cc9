//! What can go wrong in a review, as the pages and the API tell it.

use chrono::{DateTime, Utc};

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// Bad input: an empty answer, a retention out of range.
    #[error("{0}")]
    Invalid(String),
    /// No such card, or another user's.
    #[error("there is no such review card")]
    NotFound,
    /// The card is not due (reviewed already today, or scheduled later).
    #[error("this card is not due until {0}")]
    NotDue(DateTime<Utc>),
    #[error("the answer is {chars} characters long; the limit is {limit}")]
    TooLong { chars: usize, limit: usize },
    #[error("the criterion of this card is no longer in the question's rubric")]
    Gone,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("grading failed: {0}")]
    Grading(String),
}
