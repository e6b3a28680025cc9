//! The state of a session's live view, as its page renders it and its script follows it (JSON
//! over polling or server-sent events): every question in the numbering with the candidate's
//! progress, draft, graded answer with its evidence highlighted, overrides, the chain's next
//! link and the grader's suggested follow-up; which question is open; and the rubric of each
//! question the owner sees (a bank question's from the bank; an own question's as stored on the
//! candidate's item, the rubric that grades it, or before the candidate reaches it as
//! [`own_question::rubric`] makes it).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{next, numbering, own_question, results};
use crate::db::overrides::{self, Override};
use crate::db::sessions::{self, Candidate, ItemProgress, Session};
use crate::db::states::{ItemState, LinkKind, SessionState};
use crate::grader::Judgment;
use crate::present::{Highlight, highlight_answer};
use crate::rubric::{Lexicon, Rubric};

/// Everything the live view shows, as sent to its script.
#[derive(Debug, Serialize)]
pub struct LiveState {
    pub id: Uuid,
    pub title: String,
    pub state: SessionState,
    pub candidate: Option<Candidate>,
    pub link_active: bool,
    /// Whether the candidate may see their results page.
    pub results_released: bool,
    pub started_at: Option<DateTime<Utc>>,
    /// In listing order: each question followed by its follow-ups ([`crate::interviews::number`]).
    pub questions: Vec<LiveQuestion>,
    /// When this state was read (server clock), for measuring delays.
    pub read_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct LiveQuestion {
    pub position: i32,
    /// The question's number on every page (`"2"`, `"2.1"` for a follow-up of 2).
    pub number: String,
    /// For a follow-up: the number of the question it follows, and its position.
    pub follows: Option<String>,
    pub followup_of: Option<i32>,
    /// Shown unfolded: the candidate's current question (in progress, else the first not
    /// started) and the last one answered.
    pub open: bool,
    pub prompt: String,
    pub minutes: i32,
    /// `not started`, `in progress`, `submitted` or `timed out`.
    pub status: &'static str,
    /// While in progress: seconds left on the server's clock.
    pub seconds_left: Option<i64>,
    /// The candidate's latest autosaved draft.
    pub draft: Option<String>,
    /// The submitted answer as HTML with the grader's evidence highlighted (escaped).
    pub answer_html: Option<String>,
    /// The grader's score (0-10), band and summary, once graded.
    pub score: Option<f32>,
    pub band: Option<String>,
    pub judgment_summary: Option<String>,
    /// Each criterion's id, label and verdict, once graded.
    pub criteria: Vec<(String, String, String)>,
    /// The interviewer's overrides of this answer (overall and per criterion), with reasons.
    pub overrides: Vec<Override>,
    /// The interviewer's own reference answer (owner only), for own questions.
    pub reference: Option<String>,
    /// The next chain link that can still be pushed as a follow-up.
    pub chain_next_prompt: Option<String>,
    /// The follow-up question the grader suggested for the graded answer (pushed as free text).
    pub suggested_followup: Option<String>,
}

impl LiveQuestion {
    /// The label of criterion `id` of the graded answer (the id itself if the rubric changed).
    pub fn criterion_label(&self, id: &str) -> String {
        self.criteria
            .iter()
            .find(|(cid, _, _)| cid == id)
            .map_or_else(|| id.to_string(), |(_, label, _)| label.clone())
    }
}

/// The live view's state of `session`, read now.
pub async fn read_state(pool: &PgPool, session: &Session) -> Result<LiveState, sqlx::Error> {
    let fresh = sessions::get(pool, session.id).await?;
    let current = fresh.as_ref().unwrap_or(session);
    let all = sessions::questions(pool, session.id).await?;
    let present: std::collections::HashSet<&str> = all
        .iter()
        .filter_map(|q| q.question_id.as_deref())
        .collect();
    let overrides = match current.interview_id {
        Some(interview) => overrides::for_interview(pool, interview).await?,
        None => Vec::new(),
    };
    let progress: HashMap<i32, ItemProgress> = match current.interview_id {
        Some(interview) => sessions::progress(pool, interview)
            .await?
            .into_iter()
            .map(|p| (p.position, p))
            .collect(),
        None => HashMap::new(),
    };
    let order: Vec<(i32, Option<i32>)> = all.iter().map(|q| (q.position, q.followup_of)).collect();
    let mut questions: Vec<LiveQuestion> = numbering::number(&order)
        .into_iter()
        .filter_map(|n| Some((all.iter().find(|q| q.position == n.position)?, n)))
        .map(|(q, n)| {
            let p = progress.get(&q.position);
            let judgment: Option<Judgment> = p
                .and_then(|p| p.judgment.clone())
                .and_then(|j| serde_json::from_value(j).ok());
            LiveQuestion {
                position: q.position,
                number: n.number,
                follows: n.follows,
                followup_of: q.followup_of,
                open: false,
                prompt: q.prompt.clone(),
                minutes: q.minutes,
                status: results::status_label(p.map(|p| p.state)),
                seconds_left: p
                    .filter(|p| p.state == ItemState::Active)
                    .and_then(|p| p.seconds_left),
                draft: p.and_then(|p| p.draft.clone()),
                answer_html: p
                    .and_then(|p| p.answer.as_deref())
                    .map(|body| highlight_answer(body, &highlights(judgment.as_ref()))),
                score: p.and_then(|p| p.score),
                band: p.and_then(|p| p.band.clone()),
                judgment_summary: judgment.as_ref().map(|j| j.summary.clone()),
                suggested_followup: judgment
                    .as_ref()
                    .map(|j| j.followup.trim().to_string())
                    .filter(|f| !f.is_empty()),
                overrides: overrides
                    .iter()
                    .filter(|o| o.position == q.position)
                    .cloned()
                    .collect(),
                criteria: judgment
                    .as_ref()
                    .map(|j| {
                        j.criteria
                            .iter()
                            .map(|c| (c.id.clone(), c.label.clone(), label_of(&c.verdict)))
                            .collect()
                    })
                    .unwrap_or_default(),
                reference: q.own_reference.clone(),
                chain_next_prompt: q
                    .chain_next
                    .as_deref()
                    .filter(|next| !present.contains(next))
                    .and(q.chain_next_prompt.clone()),
            }
        })
        .collect();
    // the candidate's current question, as their pages choose it
    let items: Vec<(i32, next::Progress)> = progress
        .values()
        .map(|p| (p.position, next::Progress::of_state(p.state)))
        .collect();
    let running = next::next_position(&order, &items)
        .and_then(|position| questions.iter().position(|q| q.position == position));
    let last_answered = questions.iter().rposition(|q| q.answer_html.is_some());
    for i in running.into_iter().chain(last_answered) {
        questions[i].open = true;
    }
    Ok(LiveState {
        id: current.id,
        title: current.title.clone(),
        state: current.state,
        candidate: sessions::candidate(pool, session.id).await?,
        link_active: sessions::active_link_expiry(pool, session.id, LinkKind::Candidate)
            .await?
            .is_some(),
        results_released: current.results_released,
        started_at: current.started_at,
        questions,
        read_at: Utc::now(),
    })
}

/// The evidence of each criterion of `judgment`, for highlighting the answer.
fn highlights(judgment: Option<&Judgment>) -> Vec<Highlight> {
    judgment
        .map(|j| {
            j.criteria
                .iter()
                .map(|c| Highlight {
                    label: c.label.clone(),
                    ranges: c.evidence.iter().map(|e| (e.start, e.end)).collect(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A serialised enum's name (`met`, `partly`, ...).
fn label_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// One criterion as the live view lists it.
#[derive(Debug)]
pub struct RubricLine {
    pub label: String,
    pub hint: String,
    pub weight: f32,
}

fn rubric_lines(rubric: &Rubric) -> Vec<RubricLine> {
    rubric
        .criteria
        .iter()
        .map(|c| RubricLine {
            label: c.label.clone(),
            hint: c.expects.clone(),
            weight: c.weight,
        })
        .collect()
}

/// The rubric of every question of the session that has one: a bank question's from the bank;
/// an own question's as stored on the candidate's item (the rubric that grades it), or, before
/// the candidate reaches it, as [`own_question::rubric`] makes it with the grader's lexicon.
pub async fn rubrics(
    pool: &PgPool,
    session: Uuid,
    lexicon: &Lexicon,
) -> Result<HashMap<i32, Vec<RubricLine>>, sqlx::Error> {
    let questions = sessions::questions(pool, session).await?;
    let parse = |rows: Vec<(String, serde_json::Value)>| -> HashMap<String, Rubric> {
        rows.into_iter()
            .filter_map(|(id, json)| serde_json::from_value(json).ok().map(|r| (id, r)))
            .collect()
    };
    let bank = parse(sessions::bank_rubrics(pool, session).await?);
    let items = parse(sessions::item_rubrics(pool, session).await?);
    let mut out = HashMap::new();
    for q in questions {
        let item = items.get(&own_question::id(q.position));
        let rubric = match (&q.question_id, item, &q.own_reference) {
            (Some(id), _, _) => bank.get(id).map(rubric_lines),
            (None, Some(stored), _) => Some(rubric_lines(stored)),
            (None, None, Some(reference)) => Some(rubric_lines(&own_question::rubric(
                &q.prompt, reference, lexicon,
            ))),
            (None, None, None) => None,
        };
        if let Some(lines) = rubric.filter(|l| !l.is_empty()) {
            out.insert(q.position, lines);
        }
    }
    Ok(out)
}
