//! Running a session: the candidate joining through the link, starting (by the candidate or the
//! interviewer; the session's questions become the items of its interview, an own question with
//! the rubric built from its reference answer), and what the interviewer does while it is live:
//! pushing follow-ups, extending the running question, releasing the results, overriding scores,
//! finishing it.

use sqlx::PgPool;
use uuid::Uuid;

use super::Error;
use super::access::holder;
use crate::db::overrides;
use crate::db::sessions::{self, Claim, FollowUp, Session, SessionQuestion, StartItem};
use crate::db::states::SessionState;
use crate::rubric::Lexicon;

/// Most questions a session has once follow-ups are pushed.
pub const MAX_QUESTIONS_WITH_FOLLOWUPS: usize = 30;
/// Most minutes one extension adds.
pub const MAX_EXTENSION: i32 = 60;

/// The browser with candidate cookie `cookie` joins `session` as `display_name` (1 to 100
/// characters), linked to `account` if the candidate chose so while signed in. Joining again
/// from the browser that holds the session is fine; [`Error::Taken`] for any other browser.
pub async fn join(
    pool: &PgPool,
    session: &Session,
    display_name: &str,
    cookie: &str,
    account: Option<Uuid>,
) -> Result<(), Error> {
    let name = display_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::invalid(
            "Your display name must be 1 to 100 characters.",
        ));
    }
    let hash = crate::auth::links::hash(cookie);
    match sessions::claim(pool, session.id, name, &hash, account).await? {
        Claim::Taken => Err(Error::Taken),
        Claim::Held => Ok(()),
    }
}

/// Whether the browser with `cookie` already joined `session` ([`Error::Taken`] if another did).
pub async fn joined(pool: &PgPool, session: &Session, cookie: Option<&str>) -> Result<bool, Error> {
    Ok(holder(pool, session.id, cookie).await?.is_some())
}

/// Starts `session` for the candidate or the interviewer: it needs an issued candidate link and
/// questions, and starts once.
pub async fn start(pool: &PgPool, lexicon: &Lexicon, session: &Session) -> Result<(), Error> {
    match session.state {
        SessionState::Draft => {
            return Err(Error::conflict(
                "Send the candidate link before starting the session.",
            ));
        }
        SessionState::Live => return Err(Error::conflict("The session has already started.")),
        SessionState::Finished => return Err(Error::conflict("The session is over.")),
        SessionState::Scheduled => {}
    }
    let questions = sessions::questions(pool, session.id).await?;
    if questions.is_empty() {
        return Err(Error::conflict("The session has no questions yet."));
    }
    let items: Vec<StartItem> = questions
        .iter()
        .map(|q| start_item(q, lexicon))
        .collect::<Result<_, _>>()?;
    if !sessions::start(
        pool,
        session.id,
        session.owner_id,
        session.minutes_per_question,
        &items,
    )
    .await?
    {
        return Err(Error::conflict("The session has already started."));
    }
    tracing::info!(session = %session.id, "interview session started");
    Ok(())
}

/// The item a prepared session question becomes: a bank question as it is; an own question
/// with its prompt and the rubric built from its reference answer.
pub fn start_item(q: &SessionQuestion, lexicon: &Lexicon) -> Result<StartItem, Error> {
    if let Some(id) = &q.question_id {
        return Ok(StartItem {
            question_id: id.clone(),
            minutes: q.minutes,
            prompt: None,
            rubric: None,
        });
    }
    let rubric = match &q.own_reference {
        Some(reference) => Some(serde_json::to_value(super::own_question::rubric(
            &q.prompt, reference, lexicon,
        ))?),
        None => None,
    };
    Ok(StartItem {
        question_id: super::own_question::id(q.position),
        minutes: q.minutes,
        prompt: Some(q.prompt.clone()),
        rubric,
    })
}

/// Ends a live session.
pub async fn finish(pool: &PgPool, session: &Session) -> Result<(), Error> {
    if !sessions::finish(pool, session.id).await? {
        return Err(Error::conflict("Only a live session can be finished."));
    }
    Ok(())
}

/// What the interviewer asks to push: `chain` (the next link of the question's follow-up chain)
/// or `free` with the text of the follow-up.
pub async fn push_followup(
    pool: &PgPool,
    session: &Session,
    of: i32,
    kind: &str,
    prompt: &str,
) -> Result<(), Error> {
    if !session.state.is_live() {
        return Err(Error::conflict(
            "Follow-ups are pushed while the session is live.",
        ));
    }
    let count = sessions::questions(pool, session.id).await?.len();
    if count >= MAX_QUESTIONS_WITH_FOLLOWUPS {
        return Err(Error::conflict(format!(
            "A session has at most {MAX_QUESTIONS_WITH_FOLLOWUPS} questions with follow-ups."
        )));
    }
    let prompt = prompt.trim();
    let followup = match kind {
        "chain" => FollowUp::ChainNext,
        "free" if !prompt.is_empty() && prompt.chars().count() <= 4000 => {
            FollowUp::FreeText(prompt)
        }
        "free" => {
            return Err(Error::invalid(
                "A follow-up question must be 1 to 4,000 characters.",
            ));
        }
        _ => {
            return Err(Error::invalid(
                "The kind of follow-up must be chain or free.",
            ));
        }
    };
    let pushed = sessions::push_followup(
        pool,
        session.id,
        of,
        followup,
        session.minutes_per_question,
        super::own_question::id,
    )
    .await?;
    if !pushed {
        return Err(Error::invalid(
            "There is no such question, or its chain has no further follow-up to push.",
        ));
    }
    tracing::info!(session = %session.id, of, "follow-up pushed");
    Ok(())
}

/// Gives the candidate's running question 1 to [`MAX_EXTENSION`] more minutes.
pub async fn extend(pool: &PgPool, session: &Session, minutes: i32) -> Result<(), Error> {
    if !(1..=MAX_EXTENSION).contains(&minutes) {
        return Err(Error::invalid(format!(
            "An extension is 1 to {MAX_EXTENSION} minutes."
        )));
    }
    if !sessions::extend_current(pool, session.id, minutes).await? {
        return Err(Error::conflict(
            "No question is running, so there is no time to extend.",
        ));
    }
    tracing::info!(session = %session.id, minutes, "current question extended");
    Ok(())
}

/// Releases (`on`) or withholds (`off`) the results to the candidate.
pub async fn release(pool: &PgPool, session: &Session, released: &str) -> Result<(), Error> {
    let on = match released {
        "on" => true,
        "off" => false,
        _ => return Err(Error::invalid("Released must be on or off.")),
    };
    sessions::set_released(pool, session.id, on).await?;
    tracing::info!(session = %session.id, on, "results release changed");
    Ok(())
}

/// An interviewer's override of an answer's score (no `criterion`) or of one criterion's.
#[derive(Debug, Clone)]
pub struct OverrideRequest<'a> {
    /// Position of the question answered.
    pub position: i32,
    /// Empty: the answer's overall score; otherwise a criterion id of its judgment.
    pub criterion: &'a str,
    pub score: &'a str,
    pub reason: &'a str,
}

/// Overrides the score (0 to 10) of an answer or of one of its criteria, with a reason of 1 to
/// 2,000 characters, by `by`. The automatic score is kept.
pub async fn override_score(
    pool: &PgPool,
    session: &Session,
    request: &OverrideRequest<'_>,
    by: Uuid,
) -> Result<(), Error> {
    let score: f32 = request
        .score
        .trim()
        .parse()
        .ok()
        .filter(|s: &f32| (0.0..=10.0).contains(s))
        .ok_or_else(|| Error::invalid("A score is a number from 0 to 10."))?;
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(Error::invalid(
            "Give a reason of 1 to 2,000 characters for the override.",
        ));
    }
    let answer = match session.interview_id {
        Some(interview) => overrides::answer_at(pool, interview, request.position).await?,
        None => None,
    }
    .ok_or_else(|| Error::conflict("That question has no answer to override yet."))?;
    let criterion = request.criterion.trim();
    let criterion = if criterion.is_empty() {
        None
    } else {
        let known = answer
            .judgment
            .as_ref()
            .and_then(|j| j.get("criteria"))
            .and_then(|c| c.as_array())
            .is_some_and(|all| all.iter().any(|c| c["id"] == criterion));
        if !known {
            return Err(Error::invalid(format!(
                "The answer's judgment has no criterion {criterion:?}."
            )));
        }
        Some(criterion)
    };
    overrides::put(pool, session.id, answer.id, criterion, score, reason, by).await?;
    tracing::info!(session = %session.id, position = request.position, "score overridden");
    Ok(())
}
