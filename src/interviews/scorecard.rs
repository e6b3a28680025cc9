//! The interviewer's judgement: a private note per question and the scorecard (a
//! recommendation and a summary), each text at most [`MAX_TEXT`] characters.

use sqlx::PgPool;

use super::Error;
use crate::db::scorecards;
use crate::db::sessions::Session;

/// Most characters of a note or of the scorecard's summary.
pub const MAX_TEXT: usize = 20_000;

/// Saves the owner's private note on the question at `position`.
pub async fn save_note(
    pool: &PgPool,
    session: &Session,
    position: i32,
    body: &str,
) -> Result<(), Error> {
    let body = body.trim();
    if body.chars().count() > MAX_TEXT {
        return Err(Error::TooLong("A note can be at most 20,000 characters."));
    }
    if !scorecards::set_note(pool, session.id, position, body).await? {
        return Err(Error::NotFound("The session has no such question."));
    }
    Ok(())
}

/// Saves the scorecard: one of [`scorecards::RECOMMENDATIONS`] and a summary.
pub async fn save(
    pool: &PgPool,
    session: &Session,
    recommendation: &str,
    summary: &str,
) -> Result<(), Error> {
    if scorecards::recommendation_label(recommendation).is_none() {
        return Err(Error::invalid(
            "Choose a recommendation: strong hire, hire, no hire or strong no hire.",
        ));
    }
    let summary = summary.trim();
    if summary.chars().count() > MAX_TEXT {
        return Err(Error::TooLong(
            "The summary can be at most 20,000 characters.",
        ));
    }
    scorecards::set_scorecard(pool, session.id, recommendation, summary).await?;
    Ok(())
}
