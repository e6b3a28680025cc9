//! The timed answer page: `GET /practice/items/{id}` shows the prompt, the countdown and the
//! autosaving text box; `POST .../draft` saves a draft (from `static/answer.js`);
//! `POST .../submit` submits once. `GET /practice/interviews/{id}/next` goes to the current question.

use crate::db::states::ItemState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::view::{pretty_topic, render, seconds_to_clock};
use super::{layout, see_other};
use crate::db;
use crate::solo::{self, MAX_ANSWER_CHARS, SoloError};
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/practice/interviews/{id}/next", web::get().to(next))
        .route("/practice/items/{id}", web::get().to(show))
        .route("/practice/items/{id}/draft", web::post().to(save_draft))
        .route("/practice/items/{id}/submit", web::post().to(submit));
}

/// The timed, autosaving answer page. The URLs make it reusable by other flows (interviewer-led
/// sessions): where the form submits, where `answer.js` saves drafts, where to go when time is up,
/// and the overview the crumb links to.
#[derive(Template)]
#[template(path = "solo/answer.html")]
pub struct AnswerPage {
    pub layout: Layout,
    pub submit_url: String,
    pub draft_url: String,
    pub after_url: String,
    pub overview_url: String,
    /// The question's number: `"3"`, or in a live session `"2.1"` for a follow-up of question 2.
    pub number: String,
    /// How many questions the interview has (a session's follow-ups are numbered under them).
    pub total: usize,
    /// A live session's event stream: the page tells the candidate when a follow-up is waiting.
    pub events_url: Option<String>,
    pub prompt: String,
    /// For a follow-up: the question it follows.
    pub parent_prompt: Option<String>,
    pub topic: String,
    pub difficulty: String,
    pub minutes: i32,
    pub seconds_left: i64,
    pub clock: String,
    pub deadline: String,
    pub draft: String,
    pub saved_at: Option<crate::present::LocalTime>,
    pub max_chars: usize,
    pub time_up: bool,
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    pub body: String,
}

/// Redirects to the interview's current question, or its summary when all are answered.
async fn next(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    db::interviews::get_owned(&state.pool, id, user.user.id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such interview."))?;
    Ok(match solo::current_item(&state.pool, id).await? {
        Some(item) => see_other(format!("/practice/items/{}", item.id)),
        None => see_other(format!("/practice/interviews/{id}")),
    })
}

async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    // one query on the common path (a running item); opening a pending one takes a few more
    let mut view = solo::owned_answer_view(&state.pool, id, user.user.id).await?;
    if view.item.is_done() {
        return Ok(see_other(format!("/practice/items/{id}/feedback")));
    }
    if view.item.state == ItemState::Pending {
        let item = solo::open_item(&state.pool, view.item).await?;
        if item.state == ItemState::Pending {
            // Not this question's turn yet.
            return Ok(see_other(format!(
                "/practice/interviews/{}/next",
                item.interview_id
            )));
        }
        view = solo::owned_answer_view(&state.pool, id, user.user.id).await?;
    }
    let item = view.item;
    // a probe follow-up asks its own prompt, on the topic of the question it follows
    let question = match view.question {
        Some(q) => Some(q),
        None => solo::followup::bank_question(&state.pool, &item)
            .await?
            .map(|q| db::interviews::QuestionText {
                prompt: q.prompt,
                topic: q.topic,
                difficulty: q.difficulty,
            }),
    }
    .ok_or_else(|| AppError::not_found("That question is no longer in the bank."))?;
    let parent_prompt = solo::followup::parent_prompt(&state.pool, &item).await?;
    let draft = view.draft;
    let seconds_left = item.seconds_left.unwrap_or(0);
    let page = AnswerPage {
        layout: layout(&user, &csrf, "practice"),
        submit_url: format!("/practice/items/{}/submit", item.id),
        draft_url: format!("/practice/items/{}/draft", item.id),
        after_url: format!("/practice/items/{}/feedback", item.id),
        overview_url: format!("/practice/interviews/{}", item.interview_id),
        number: (item.position + 1).to_string(),
        total: view.total as usize,
        events_url: None,
        prompt: item.prompt.clone().unwrap_or(question.prompt),
        parent_prompt,
        topic: pretty_topic(&question.topic),
        difficulty: question.difficulty,
        minutes: item.minutes,
        seconds_left,
        clock: seconds_to_clock(seconds_left),
        deadline: item.deadline.map(|d| d.to_rfc3339()).unwrap_or_default(),
        saved_at: draft
            .as_ref()
            .map(|d| crate::present::LocalTime::time(d.saved_at)),
        draft: draft.map(|d| d.body).unwrap_or_default(),
        max_chars: MAX_ANSWER_CHARS,
        time_up: seconds_left == 0,
    };
    render(StatusCode::OK, &page)
}

/// The autosave response: when the draft was saved and the seconds left on the server's clock
/// (answer.js re-syncs its countdown from it, e.g. after an interviewer extended the time).
#[derive(serde::Serialize)]
pub(crate) struct Saved {
    saved_at: DateTime<Utc>,
    seconds_left: Option<i64>,
}

impl From<solo::DraftSaved> for Saved {
    fn from(d: solo::DraftSaved) -> Self {
        Saved {
            saved_at: d.saved_at,
            seconds_left: d.seconds_left(),
        }
    }
}

async fn save_draft(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let saved = solo::save_draft(
        &state.pool,
        &state.grader,
        user.user.id,
        id.into_inner(),
        &form.body,
    )
    .await?;
    Ok(HttpResponse::Ok().json(Saved::from(saved)))
}

async fn submit(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    id: web::Path<Uuid>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    match solo::submit(&state.pool, &state.grader, user.user.id, id, &form.body).await {
        Ok(_) => Ok(see_other(format!("/practice/items/{id}/feedback"))),
        Err(SoloError::AlreadyDone { .. }) => {
            Ok(see_other(format!("/practice/items/{id}/feedback")))
        }
        Err(e @ SoloError::TooLate { .. }) => {
            let page = LatePage {
                layout: layout(&user, &csrf, "practice"),
                item_id: id,
                message: AppError::from(e).to_string(),
            };
            render(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(e.into()),
    }
}

/// The answer came after the deadline: refused, with a way to the graded saved draft.
#[derive(Template)]
#[template(path = "solo/late.html")]
struct LatePage {
    layout: Layout,
    item_id: Uuid,
    message: String,
}
