//! Preparing a session, the owner's rules before it runs: creating it (title, candidate name,
//! minutes), its questions (from the bank, dealt, or the interviewer's own; at most
//! [`MAX_QUESTIONS`], and only until it starts), templates and copies, whether it counts on
//! leaderboards, and its candidate and report links.

use sqlx::PgPool;
use uuid::Uuid;

use super::Error;
use super::access::LinkKind;
use crate::auth::links as tokens;
use crate::db::sessions::{self, NewSession, Session, SessionQuestion};
use crate::dealer::{self, DealError, DealRequest, DifficultyChoice};

/// Most prepared questions a session has.
pub const MAX_QUESTIONS: i64 = 20;

/// What the owner fills in to create a session.
#[derive(Debug, Clone)]
pub struct Draft<'a> {
    pub title: &'a str,
    pub candidate_name: &'a str,
    pub minutes: i32,
    pub count_for_leaderboards: bool,
}

/// Creates a draft session owned by `owner`: a title of 1 to 200 characters, a candidate name of
/// at most 100, 1 to 120 minutes per question.
pub async fn create(pool: &PgPool, owner: Uuid, draft: &Draft<'_>) -> Result<Uuid, Error> {
    let title = draft.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(Error::invalid("The title must be 1 to 200 characters."));
    }
    let candidate_name = draft.candidate_name.trim();
    if candidate_name.chars().count() > 100 {
        return Err(Error::invalid(
            "The candidate name must be at most 100 characters.",
        ));
    }
    if !(1..=120).contains(&draft.minutes) {
        return Err(Error::invalid(
            "Minutes per question must be between 1 and 120.",
        ));
    }
    let id = sessions::create(
        pool,
        &NewSession {
            owner_id: owner,
            title,
            candidate_name,
            minutes_per_question: draft.minutes,
            count_for_leaderboards: draft.count_for_leaderboards,
        },
    )
    .await?;
    tracing::info!(session = %id, "interview session created");
    Ok(id)
}

/// A difficulty filter: `easy`, `medium`, `hard`, or empty for any.
pub fn check_difficulty(d: &str) -> Result<(), Error> {
    match d {
        "" | "easy" | "medium" | "hard" => Ok(()),
        _ => Err(Error::invalid(
            "Difficulty must be easy, medium, hard or empty.",
        )),
    }
}

/// Whether `session`'s questions may still change: not once it has started.
pub fn questions_can_change(session: &Session) -> bool {
    session.state.questions_can_change()
}

/// `session` if its questions may still change (a conflict once it has started).
pub fn not_started(session: Session) -> Result<Session, Error> {
    if !questions_can_change(&session) {
        return Err(Error::conflict(
            "The session has started; its questions can no longer change.",
        ));
    }
    Ok(session)
}

/// `session`'s questions, if questions may still be added: it has not started and has fewer
/// than [`MAX_QUESTIONS`].
async fn room_for_questions(
    pool: &PgPool,
    session: &Session,
) -> Result<Vec<SessionQuestion>, Error> {
    if !questions_can_change(session) {
        return Err(Error::conflict(
            "The session has started; its questions can no longer change.",
        ));
    }
    let questions = sessions::questions(pool, session.id).await?;
    if questions.len() as i64 >= MAX_QUESTIONS {
        return Err(Error::conflict(format!(
            "A session has at most {MAX_QUESTIONS} questions."
        )));
    }
    Ok(questions)
}

/// Appends bank question `question_id`.
pub async fn add_bank_question(
    pool: &PgPool,
    session: &Session,
    question_id: &str,
) -> Result<(), Error> {
    room_for_questions(pool, session).await?;
    let added = sessions::add_bank_question(
        pool,
        session.id,
        question_id.trim(),
        session.minutes_per_question,
    )
    .await?;
    if !added {
        return Err(Error::invalid(
            "No such question in the bank, or the session already has it.",
        ));
    }
    Ok(())
}

/// Appends `count` bank questions of `topic` (empty: any) and `difficulty` (empty: any),
/// dealt as solo interviews are.
pub async fn deal(
    pool: &PgPool,
    session: &Session,
    topic: &str,
    difficulty: &str,
    count: i64,
) -> Result<(), Error> {
    check_difficulty(difficulty)?;
    let questions = room_for_questions(pool, session).await?;
    // One deal adds at most the dealer's interview size.
    let room = (MAX_QUESTIONS - questions.len() as i64).min(dealer::MAX_QUESTIONS as i64);
    if !(1..=room).contains(&count) {
        return Err(Error::invalid(format!(
            "Deal between 1 and {room} questions."
        )));
    }
    // The solo dealer, so "any difficulty" spreads the deal from easy to hard and no two links
    // of a follow-up chain land in one session; fewer than asked when fewer match.
    let bank = crate::db::questions::all_candidates(pool).await?;
    let existing: Vec<&str> = questions
        .iter()
        .filter_map(|q| q.question_id.as_deref())
        .collect();
    let request = DealRequest {
        topics: match topic.trim() {
            "" => Vec::new(),
            topic => vec![topic.to_owned()],
        },
        difficulty: DifficultyChoice::parse(difficulty).unwrap_or(DifficultyChoice::Mixed),
        count: count as usize,
        seed: rand::random(),
    };
    let ids = match dealer::deal_more(&bank, &existing, &request) {
        Ok(ids) => ids,
        Err(DealError::NotEnough { .. }) => {
            return Err(Error::invalid(
                "No questions in the bank match that topic and difficulty.",
            ));
        }
        Err(e) => return Err(Error::invalid(e.to_string())),
    };
    sessions::add_bank_questions(pool, session.id, &ids, session.minutes_per_question).await?;
    Ok(())
}

/// Appends the interviewer's own question (1 to 4,000 characters) with its reference answer
/// (1 to 20,000 characters; its rubric is built from it when the session starts).
pub async fn add_own(
    pool: &PgPool,
    session: &Session,
    prompt: &str,
    reference: &str,
) -> Result<(), Error> {
    room_for_questions(pool, session).await?;
    let prompt = prompt.trim();
    let reference = reference.trim();
    if prompt.is_empty() || prompt.chars().count() > 4000 {
        return Err(Error::invalid(
            "Your question must be 1 to 4,000 characters.",
        ));
    }
    if reference.is_empty() || reference.chars().count() > 20_000 {
        return Err(Error::invalid(
            "The reference answer must be 1 to 20,000 characters: the rubric is built from it.",
        ));
    }
    sessions::add_own_question(
        pool,
        session.id,
        prompt,
        reference,
        session.minutes_per_question,
    )
    .await?;
    Ok(())
}

/// Removes the question at `position`.
pub async fn remove(pool: &PgPool, session: Session, position: i32) -> Result<Session, Error> {
    let session = not_started(session)?;
    if !sessions::remove_question(pool, session.id, position).await? {
        return Err(Error::NotFound("The session has no such question."));
    }
    Ok(session)
}

/// Moves the question at `position` one place `up` (or down).
pub async fn move_question(
    pool: &PgPool,
    session: Session,
    position: i32,
    direction: &str,
) -> Result<Session, Error> {
    let session = not_started(session)?;
    let up = match direction {
        "up" => true,
        "down" => false,
        _ => return Err(Error::invalid("Move a question up or down.")),
    };
    if !sessions::move_question(pool, session.id, position, up).await? {
        return Err(Error::invalid(
            "That question cannot move further that way.",
        ));
    }
    Ok(session)
}

/// Marks `session` as a template (`on`) or not. A draft becomes the template; a session that
/// ran keeps its place and gives a template copy of its questions, whose id is returned.
pub async fn set_template(
    pool: &PgPool,
    session: &Session,
    on: bool,
) -> Result<Option<Uuid>, Error> {
    if on && !session.state.is_draft() && !session.is_template {
        return Ok(Some(sessions::copy(pool, session, true).await?));
    }
    sessions::set_template(pool, session.id, on).await?;
    Ok(None)
}

/// A new draft session with the settings and prepared questions of `session`.
pub async fn copy(pool: &PgPool, session: &Session) -> Result<Uuid, Error> {
    Ok(sessions::copy(pool, session, false).await?)
}

/// Sets whether the session's answers count on team leaderboards.
pub async fn count_for_leaderboards(
    pool: &PgPool,
    session: &Session,
    on: bool,
) -> Result<(), Error> {
    sessions::set_count_for_leaderboards(pool, session.id, on).await?;
    Ok(())
}

/// Issues a fresh link of `kind` to `session`, replacing the one it had, and returns its token
/// (only its hash is stored: the token is shown this once). A candidate link is not issued for
/// a template nor for a session that is over; it moves a draft to `scheduled`.
pub async fn issue_link(pool: &PgPool, session: &Session, kind: LinkKind) -> Result<String, Error> {
    if kind == LinkKind::Candidate {
        if session.is_template {
            return Err(Error::conflict(
                "A template is not run: make a session from it first.",
            ));
        }
        if session.state.is_finished() {
            return Err(Error::conflict("The session is over."));
        }
    }
    let token = tokens::new_token();
    let expires = chrono::Utc::now() + tokens::LINK_LIFETIME;
    sessions::issue_link(pool, session.id, kind, &tokens::hash(&token), expires).await?;
    Ok(token)
}

/// Revokes `session`'s links of `kind`.
pub async fn revoke_links(pool: &PgPool, session: &Session, kind: LinkKind) -> Result<(), Error> {
    sessions::revoke_links(pool, session.id, kind).await?;
    Ok(())
}
