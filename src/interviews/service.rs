//! Reading a session from the database for its pages: its results ([`super::results::Report`])
//! for the report, its exports, the live view's summary and the candidate's results page; and
//! where the candidate is ([`Answering`]): the question to answer next, each question's number
//! and the question it follows, the follow-ups still waiting.

use sqlx::PgPool;

use super::Error;
use super::next::{self, Progress};
use super::numbering::{self, Numbered};
use super::results::{self, Report};
use crate::db::interviews::{self as items_db, Item};
use crate::db::overrides;
use crate::db::sessions::{self, Session, SessionQuestion};

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

/// A session's questions and its interview's items, read together: what the candidate's pages
/// need to choose the next question, and to number and place each one.
#[derive(Debug, Clone)]
pub struct Answering {
    questions: Vec<SessionQuestion>,
    items: Vec<Item>,
    numbered: Vec<Numbered>,
}

/// Where a question stands, as the candidate's pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Its number in the session's numbering: `"2"`, or `"2.1"` for a follow-up of question 2.
    pub number: String,
    /// How many prepared questions the session has (follow-ups are numbered under them).
    pub total: usize,
    /// For a follow-up: the prompt of the question it follows.
    pub parent_prompt: Option<String>,
}

impl Answering {
    pub async fn load(pool: &PgPool, session: &Session) -> Result<Answering, sqlx::Error> {
        let items = match session.interview_id {
            Some(interview) => items_db::items(pool, interview).await?,
            None => Vec::new(),
        };
        let questions = sessions::questions(pool, session.id).await?;
        let numbered = numbering::number(&order(&questions));
        Ok(Answering {
            questions,
            items,
            numbered,
        })
    }

    /// The item the candidate answers now (see [`next::next_position`]); `None` when all are
    /// answered.
    pub fn current(&self) -> Option<&Item> {
        let progress: Vec<(i32, Progress)> = self
            .items
            .iter()
            .map(|i| (i.position, Progress::of_state(i.state)))
            .collect();
        let position = next::next_position(&order(&self.questions), &progress)?;
        self.items.iter().find(|i| i.position == position)
    }

    /// The number, count and parent of the question at `position`.
    pub fn place(&self, position: i32) -> Place {
        let numbered = self.numbered.iter().find(|n| n.position == position);
        let parent_prompt = numbered
            .and_then(|n| n.follows.as_ref())
            .and_then(|_| self.question(position)?.followup_of)
            .and_then(|parent| self.question(parent))
            .map(|q| q.prompt.clone());
        Place {
            number: numbered.map_or_else(|| (position + 1).to_string(), |n| n.number.clone()),
            total: self.numbered.iter().filter(|n| n.follows.is_none()).count(),
            parent_prompt,
        }
    }

    /// How many questions the session has, follow-ups included.
    pub fn question_count(&self) -> usize {
        self.questions.len()
    }

    /// The numbers of the follow-ups pushed in this session that are not answered yet, in the
    /// order of the numbering.
    pub fn followups_waiting(&self) -> Vec<String> {
        self.numbered
            .iter()
            .filter(|n| n.follows.is_some())
            .filter(|n| {
                self.items
                    .iter()
                    .any(|i| i.position == n.position && !i.is_done())
            })
            .map(|n| n.number.clone())
            .collect()
    }

    fn question(&self, position: i32) -> Option<&SessionQuestion> {
        self.questions.iter().find(|q| q.position == position)
    }
}

fn order(questions: &[SessionQuestion]) -> Vec<(i32, Option<i32>)> {
    questions
        .iter()
        .map(|q| (q.position, q.followup_of))
        .collect()
}

/// What the candidate's waiting room shows of the session.
#[derive(Debug, Clone)]
pub struct Room {
    /// How many questions the session has, follow-ups included.
    pub questions: usize,
    /// Once live: each question's number, prompt and, for a follow-up, the number of the
    /// question it follows; never references or scores.
    pub prompts: Vec<(String, String, Option<String>)>,
}

/// The candidate's waiting room of `session`.
pub async fn room(pool: &PgPool, session: &Session) -> Result<Room, sqlx::Error> {
    let all = sessions::questions(pool, session.id).await?;
    let prompts = if session.state.is_live() {
        numbering::number(&order(&all))
            .into_iter()
            .filter_map(|n| {
                let q = all.iter().find(|q| q.position == n.position)?;
                Some((n.number, q.prompt.clone(), n.follows))
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Room {
        questions: all.len(),
        prompts,
    })
}

/// `{"state": ..., "questions": n, "released": bool, "followups_waiting": ["2.1"]}`: what the
/// candidate's pages follow (the room reloads on a change; the answer page tells of a waiting
/// follow-up, by its number).
pub async fn candidate_status(
    pool: &PgPool,
    session: &Session,
) -> Result<serde_json::Value, sqlx::Error> {
    let answering = Answering::load(pool, session).await?;
    Ok(serde_json::json!({
        "state": session.state,
        "questions": answering.question_count(),
        "released": session.results_released,
        "followups_waiting": answering.followups_waiting(),
    }))
}

/// The item the candidate of `session` answers now: `None` unless the session is live and a
/// question is left.
pub async fn current_item(pool: &PgPool, session: &Session) -> Result<Option<Item>, sqlx::Error> {
    if !session.state.is_live() {
        return Ok(None);
    }
    Ok(Answering::load(pool, session).await?.current().cloned())
}

/// The question an item of a session asks, as its answer page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemQuestion {
    /// The interviewer's own question, or a free-text follow-up.
    Own { prompt: String },
    /// A bank question.
    Bank {
        prompt: String,
        topic: String,
        difficulty: String,
    },
}

/// The question `item` asks: its own prompt, else its bank question's
/// ([`Error::NotFound`] when that is no longer in the bank).
pub async fn item_question(pool: &PgPool, item: &Item) -> Result<ItemQuestion, Error> {
    if let (Some(prompt), _) = crate::db::interviews::own_question(pool, item.id).await? {
        return Ok(ItemQuestion::Own { prompt });
    }
    let q = crate::db::questions::get(pool, &item.question_id)
        .await?
        .ok_or(Error::NotFound("That question is no longer in the bank."))?;
    Ok(ItemQuestion::Bank {
        prompt: q.prompt,
        topic: q.topic,
        difficulty: q.difficulty,
    })
}
