//! The interviewer's judgement of a session: private notes per question and the scorecard
//! (overall recommendation and written summary). Tables of `migrations/*_sessions.sql`.

use sqlx::PgPool;
use uuid::Uuid;

/// A private note on the question at `position`.
#[derive(Debug, Clone)]
pub struct Note {
    pub position: i32,
    pub body: String,
}

/// The recommendations an interviewer can give, as stored, with their labels.
pub const RECOMMENDATIONS: [(&str, &str); 4] = [
    ("strong_hire", "Strong hire"),
    ("hire", "Hire"),
    ("no_hire", "No hire"),
    ("strong_no_hire", "Strong no hire"),
];

/// The label of a stored recommendation.
pub fn recommendation_label(value: &str) -> Option<&'static str> {
    RECOMMENDATIONS
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, label)| *label)
}

pub async fn notes(pool: &PgPool, session: Uuid) -> Result<Vec<Note>, sqlx::Error> {
    sqlx::query_as!(
        Note,
        "SELECT position, body FROM session_notes WHERE session_id = $1 ORDER BY position",
        session
    )
    .fetch_all(pool)
    .await
}

/// Writes (or clears, when `body` is empty) the note on the question at `position`. `false`
/// when the session has no such question.
pub async fn set_note(
    pool: &PgPool,
    session: Uuid,
    position: i32,
    body: &str,
) -> Result<bool, sqlx::Error> {
    let exists = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM session_questions
                          WHERE session_id = $1 AND position = $2) AS "exists!""#,
        session,
        position
    )
    .fetch_one(pool)
    .await?;
    if !exists {
        return Ok(false);
    }
    if body.is_empty() {
        sqlx::query!(
            "DELETE FROM session_notes WHERE session_id = $1 AND position = $2",
            session,
            position
        )
        .execute(pool)
        .await?;
    } else {
        sqlx::query!(
            "INSERT INTO session_notes (session_id, position, body) VALUES ($1, $2, $3)
             ON CONFLICT (session_id, position)
             DO UPDATE SET body = EXCLUDED.body, updated_at = now()",
            session,
            position,
            body
        )
        .execute(pool)
        .await?;
    }
    Ok(true)
}

/// Records the overall recommendation (a key of [`RECOMMENDATIONS`]) and summary.
pub async fn set_scorecard(
    pool: &PgPool,
    session: Uuid,
    recommendation: &str,
    summary: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE interview_sessions SET recommendation = $2, summary = $3 WHERE id = $1",
        session,
        recommendation,
        summary
    )
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recommendations_have_labels() {
        assert_eq!(
            recommendation_label("strong_no_hire"),
            Some("Strong no hire")
        );
        assert_eq!(recommendation_label("maybe"), None);
    }
}
