//! The candidate answering a live session under `/join/{token}/...`: solo's timed, autosaving
//! answer page ([`AnswerPage`]) over the items of the session's interview. The candidate is
//! authorised by the candidate cookie of that one session: an item of any other interview is
//! "not found", whatever id is put in the URL. Scores are shown only once the interviewer
//! released the results. Questions go in the session's numbering (a pushed follow-up is answered
//! right after the current question, shown as `2.1` with the question it follows); the page
//! follows the session's event stream (`static/followup-notice.js`) to tell the candidate when a
//! follow-up is waiting, without reloading.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::candidate::as_candidate;
use super::{render, see_other, visitor};
use crate::db::interviews::Item;
use crate::db::sessions::Session;
use crate::db::{self};
use crate::interviews::service::{self, Answering, ItemQuestion};
use crate::interviews::{ItemState, access};
use crate::routes::solo::answer::{AnswerForm, AnswerPage};
use crate::routes::solo::{pretty_topic, seconds_to_clock};
use crate::solo::{self, MAX_ANSWER_CHARS, SoloError};
use crate::startup::AppState;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/join/{token}/answer", web::get().to(next))
        .route("/join/{token}/items/{item}", web::get().to(show))
        .route(
            "/join/{token}/items/{item}/draft",
            web::post().to(save_draft),
        )
        .route("/join/{token}/items/{item}/submit", web::post().to(submit))
        .route("/join/{token}/items/{item}/done", web::get().to(done));
}

/// The page after an answer: recorded, and its score only when the results are released.
#[derive(Template)]
#[template(path = "interviews/answered.html")]
struct AnsweredPage {
    layout: Layout,
    token: String,
    number: String,
    timed_out: bool,
    released: bool,
    score: String,
    band: String,
}

/// The joined candidate's session and the item `item` of it (see [`access::candidate_item`]).
async fn candidate_item(
    state: &AppState,
    req: &HttpRequest,
    token: &str,
    item: Uuid,
) -> Result<(Session, Item), AppError> {
    let visitor = visitor(state, req);
    Ok(access::candidate_item(&state.pool, &state.link_guard, &visitor, token, item).await?)
}

/// Goes to the current question, or back to the room when there is none.
async fn next(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = match as_candidate(&state, &req, &token).await? {
        Ok((session, _)) => session,
        Err(redirect) => return Ok(redirect),
    };
    Ok(match service::current_item(&state.pool, &session).await? {
        Some(item) => see_other(format!("/join/{token}/items/{}", item.id)),
        None => see_other(format!("/join/{token}/room")),
    })
}

async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    layout: Layout,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (token, item_id) = path.into_inner();
    let (session, item) = candidate_item(&state, &req, &token, item_id).await?;
    let base = format!("/join/{token}/items/{}", item.id);
    if item.is_done() {
        return Ok(see_other(format!("{base}/done")));
    }
    let answering = Answering::load(&state.pool, &session).await?;
    let current = answering.current().map(|c| c.id);
    let item = solo::open_if_current(&state.pool, item, current).await?;
    if item.state == ItemState::Pending {
        return Ok(see_other(format!("/join/{token}/answer")));
    }
    let (prompt, topic, difficulty) = match service::item_question(&state.pool, &item).await? {
        ItemQuestion::Own { prompt } => (
            prompt,
            String::from("Interviewer's question"),
            String::from("custom"),
        ),
        ItemQuestion::Bank {
            prompt,
            topic,
            difficulty,
        } => (prompt, pretty_topic(&topic), difficulty),
    };
    let place = answering.place(item.position);
    let draft = db::interviews::draft(&state.pool, item.id).await?;
    let seconds_left = item.seconds_left.unwrap_or(0);
    render(&AnswerPage {
        layout,
        submit_url: format!("{base}/submit"),
        draft_url: format!("{base}/draft"),
        after_url: format!("{base}/done"),
        overview_url: format!("/join/{token}/room"),
        events_url: Some(format!("/join/{token}/events")),
        number: place.number,
        total: place.total,
        prompt,
        parent_prompt: place.parent_prompt,
        topic,
        difficulty,
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
    })
}

async fn save_draft(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let (token, item_id) = path.into_inner();
    let (_, item) = candidate_item(&state, &req, &token, item_id).await?;
    let saved = solo::save_item_draft(&state.pool, &state.grader, item, &form.body).await?;
    Ok(HttpResponse::Ok().json(crate::routes::solo::answer::Saved::from(saved)))
}

async fn submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let (token, item_id) = path.into_inner();
    let (_, item) = candidate_item(&state, &req, &token, item_id).await?;
    match solo::submit_item(&state.pool, &state.grader, item, &form.body).await {
        Ok(_) | Err(SoloError::AlreadyDone { .. }) => {
            Ok(see_other(format!("/join/{token}/items/{item_id}/done")))
        }
        Err(e) => Err(e.into()),
    }
}

async fn done(
    state: web::Data<AppState>,
    req: HttpRequest,
    layout: Layout,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (token, item_id) = path.into_inner();
    let (session, item) = candidate_item(&state, &req, &token, item_id).await?;
    if !item.is_done() {
        return Ok(see_other(format!("/join/{token}/items/{item_id}")));
    }
    let answer = db::answers::for_item(&state.pool, item.id).await?;
    let released = session.results_released;
    let number = Answering::load(&state.pool, &session)
        .await?
        .place(item.position)
        .number;
    render(&AnsweredPage {
        layout,
        token,
        number,
        timed_out: item.state == ItemState::TimedOut,
        released,
        score: match (&answer, released) {
            (Some(a), true) => a.score.map_or_else(|| "–".into(), |s| format!("{s:.1}")),
            _ => String::new(),
        },
        band: match (&answer, released) {
            (Some(a), true) => a.band.clone().unwrap_or_default(),
            _ => String::new(),
        },
    })
}
