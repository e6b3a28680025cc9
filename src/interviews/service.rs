//! Reading a session's results ([`super::results::Report`]) from the database, for the report,
//! its exports, the live view's summary and the candidate's results page.

use sqlx::PgPool;

use super::results::{self, Report};
use crate::db::overrides;
use crate::db::sessions::{self, Session};

/// The results of `session` as they stand now.
pub async fn report(pool: &PgPool, session: &Session) -> Result<Report, sqlx::Error> {
    let (progress, overrides) = match session.interview_id {
        Some(interview) => (
            sessions::progress(pool, interview).await?,
            overrides::for_interview(pool, interview).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let questions = sessions::questions(pool, session.id).await?;
    let candidate = sessions::candidate(pool, session.id)
        .await?
        .map(|c| c.display_name);
    Ok(results::build(
        session, candidate, &questions, &progress, &overrides,
    ))
}
