//! Why an operation on an interviewer-led session was refused. Each variant carries the message
//! the user reads; `routes::interviews` maps them to HTTP statuses in one place.

/// Why an interviews operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such session, or the asker does not own it (the same answer, so ids do not leak).
    #[error("There is no such interview session.")]
    NoSuchSession,
    /// No link has this token.
    #[error("There is no such link.")]
    NoSuchLink,
    /// Too many tokens from one address found no link.
    #[error("Too many wrong links from your address. Wait {retry_after_secs} seconds.")]
    TooManyWrongLinks { retry_after_secs: u64 },
    /// The link expired or was revoked.
    #[error("This link is no longer valid. Ask the interviewer for a new one.")]
    LinkGone,
    /// A candidate page asked by a browser that has not joined.
    #[error("Join the interview first.")]
    NotJoined,
    /// Another browser holds the session as its candidate.
    #[error(
        "Someone has already joined this interview as the candidate. If that was you, continue in the browser you joined with; otherwise ask the interviewer."
    )]
    Taken,
    /// The candidate's results are asked for before the interviewer released them.
    #[error("The interviewer has not released the results yet. This page opens once they do.")]
    NotReleased,
    /// No such question (or item) in this session.
    #[error("{0}")]
    NotFound(&'static str),
    /// Bad input: what the user sent is not allowed.
    #[error("{0}")]
    Invalid(String),
    /// Text over its limit.
    #[error("{0}")]
    TooLong(&'static str),
    /// Not allowed in the session's present state.
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// A rubric could not be stored as JSON.
    #[error("storing a rubric failed: {0}")]
    Rubric(#[from] serde_json::Error),
}

impl Error {
    pub(crate) fn invalid(why: impl Into<String>) -> Error {
        Error::Invalid(why.into())
    }

    pub(crate) fn conflict(why: impl Into<String>) -> Error {
        Error::Conflict(why.into())
    }
}
