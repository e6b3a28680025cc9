//! The candidate's pages, reached only through the candidate link `/join/{token}`: joining with a
//! display name (no account needed; a signed-in candidate may link their answers to their
//! account), the waiting room, and starting. The first browser to join holds the session
//! (recognised by its `wt_candidate` cookie, of which only a hash is stored); another browser
//! gets a clear 409 page. No scores or rubrics are shown here.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::{link, render, see_other, tokens};
use crate::db::sessions::{self, Claim, Session, StartItem};
use crate::interviews::service::Answering;
use crate::startup::AppState;
use crate::web::user::MaybeUser;
use crate::web::{AppError, Layout};

/// The cookie that tells the candidate's browser apart.
pub const CANDIDATE_COOKIE: &str = "wt_candidate";

const TAKEN: &str = "Someone has already joined this interview as the candidate. If that was \
                     you, continue in the browser you joined with; otherwise ask the interviewer.";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/join/{token}", web::get().to(join_form))
        .route("/join/{token}", web::post().to(join))
        .route("/join/{token}/room", web::get().to(room))
        .route("/join/{token}/status", web::get().to(status))
        .route("/join/{token}/events", web::get().to(events))
        .route("/join/{token}/start", web::post().to(start));
}

#[derive(Template)]
#[template(path = "interviews/join.html")]
struct JoinPage {
    layout: Layout,
    token: String,
    title: String,
    suggested_name: String,
    /// The interviewer lets this session's answers count on team leaderboards.
    counts: bool,
}

#[derive(Template)]
#[template(path = "interviews/room.html")]
struct RoomPage {
    layout: Layout,
    token: String,
    title: String,
    display_name: String,
    state: String,
    questions: usize,
    minutes: i32,
    /// Once live: each question's number, prompt and, for a follow-up, the number of the
    /// question it follows; never references or scores.
    prompts: Vec<(String, String, Option<String>)>,
    /// The interviewer released the results: the room links to them.
    released: bool,
}

#[derive(Debug, Deserialize)]
pub struct JoinForm {
    display_name: String,
    /// A signed-in candidate's choice to link their answers to their account.
    link_account: Option<String>,
}

/// The session behind a usable candidate link.
pub(super) async fn linked(
    state: &AppState,
    req: &HttpRequest,
    token: &str,
) -> Result<Session, AppError> {
    let link = link(state, req, token, "candidate").await?;
    sessions::get(&state.pool, link.session_id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such interview session."))
}

fn holder_hash(req: &HttpRequest) -> Option<Vec<u8>> {
    req.cookie(CANDIDATE_COOKIE)
        .map(|c| tokens::hash(c.value()))
}

/// Whether this browser holds the session: `Ok(Some(name))` if so, `Ok(None)` if nobody does
/// yet, 409 if another browser does.
async fn holder(
    state: &AppState,
    req: &HttpRequest,
    session: Uuid,
) -> Result<Option<String>, AppError> {
    match sessions::candidate(&state.pool, session).await? {
        None => Ok(None),
        Some(c) if holder_hash(req).as_deref() == Some(c.holder_hash.as_slice()) => {
            Ok(Some(c.display_name))
        }
        Some(_) => Err(AppError::Conflict(TAKEN.into())),
    }
}

async fn join_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    layout: Layout,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = linked(&state, &req, &token).await?;
    if holder(&state, &req, session.id).await?.is_some() {
        return Ok(see_other(format!("/join/{token}/room")));
    }
    render(&JoinPage {
        layout,
        token: token.into_inner(),
        title: session.title,
        suggested_name: session.candidate_name,
        counts: session.count_for_leaderboards,
    })
}

async fn join(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: MaybeUser,
    token: web::Path<String>,
    form: web::Form<JoinForm>,
) -> Result<HttpResponse, AppError> {
    let session = linked(&state, &req, &token).await?;
    let name = form.display_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::bad_request(
            "Your display name must be 1 to 100 characters.",
        ));
    }
    let existing = req.cookie(CANDIDATE_COOKIE).map(|c| c.value().to_owned());
    let cookie_value = existing.clone().unwrap_or_else(tokens::new_token);
    let account = match (user.0, form.link_account.is_some()) {
        (Some(current), true) => Some(current.user.id),
        _ => None,
    };
    let holder = tokens::hash(&cookie_value);
    match sessions::claim(&state.pool, session.id, name, &holder, account).await? {
        Claim::Taken => Err(AppError::Conflict(TAKEN.into())),
        Claim::Held => {
            let mut res = see_other(format!("/join/{token}/room"));
            if existing.is_none() {
                let cookie = Cookie::build(CANDIDATE_COOKIE, cookie_value)
                    .path("/")
                    .http_only(true)
                    .same_site(SameSite::Lax)
                    .secure(state.auth.secure_cookies)
                    .finish();
                res.add_cookie(&cookie)
                    .map_err(|e| AppError::Unexpected(e.into()))?;
            }
            Ok(res)
        }
    }
}

/// The session for a page of its candidate: redirect to the join form if this browser has not
/// joined, 409 if another browser holds it.
pub(super) async fn as_candidate(
    state: &AppState,
    req: &HttpRequest,
    token: &str,
) -> Result<Result<(Session, String), HttpResponse>, AppError> {
    let session = linked(state, req, token).await?;
    Ok(match holder(state, req, session.id).await? {
        Some(name) => Ok((session, name)),
        None => Err(see_other(format!("/join/{token}"))),
    })
}

async fn room(
    state: web::Data<AppState>,
    req: HttpRequest,
    layout: Layout,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (session, display_name) = match as_candidate(&state, &req, &token).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let all = sessions::questions(&state.pool, session.id).await?;
    let questions = all.len();
    let prompts = if session.state == "live" {
        let order: Vec<(i32, Option<i32>)> =
            all.iter().map(|q| (q.position, q.followup_of)).collect();
        crate::interviews::number(&order)
            .into_iter()
            .filter_map(|n| {
                let q = all.iter().find(|q| q.position == n.position)?;
                Some((n.number, q.prompt.clone(), n.follows))
            })
            .collect()
    } else {
        Vec::new()
    };
    render(&RoomPage {
        prompts,
        layout,
        token: token.into_inner(),
        title: session.title,
        display_name,
        state: session.state,
        questions,
        minutes: session.minutes_per_question,
        released: session.results_released,
    })
}

/// What the candidate's pages follow: the session's state, how many questions it has, whether
/// the results are released and which follow-ups wait to be answered.
fn candidate_json(
    pool: sqlx::PgPool,
    session: Uuid,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, sqlx::Error>>>> {
    Box::pin(async move {
        let session = sessions::get(&pool, session)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        Ok(status_json(&pool, &session).await?.to_string())
    })
}

/// The same as [`status`], as a stream of server-sent events (see [`super::sse`]).
async fn events(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    match as_candidate(&state, &req, &token).await? {
        Ok((session, _)) => Ok(super::sse::respond(
            &state.live,
            state.pool.clone(),
            session.id,
            candidate_json,
        )),
        Err(_) => Err(AppError::Forbidden("Join the interview first.".into())),
    }
}

/// `{"state": ..., "questions": n, "released": bool, "followups_waiting": ["2.1"]}`: what the
/// candidate's pages follow (the room reloads on a change; the answer page tells of a waiting
/// follow-up, by its number).
async fn status_json(
    pool: &sqlx::PgPool,
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

/// [`status_json`] for the waiting room's poll.
async fn status(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    match as_candidate(&state, &req, &token).await? {
        Ok((session, _)) => Ok(HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(status_json(&state.pool, &session).await?)),
        Err(_) => Err(AppError::Forbidden("Join the interview first.".into())),
    }
}

async fn start(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = match as_candidate(&state, &req, &token).await? {
        Ok((session, _)) => session,
        Err(redirect) => return Ok(redirect),
    };
    start_session(&state, &session).await?;
    Ok(see_other(format!("/join/{token}/room")))
}

/// Starts `session` for the candidate or the interviewer: it needs questions and an issued
/// candidate link, and starts once (a second start is a 409 with a clear message).
pub async fn start_session(state: &AppState, session: &Session) -> Result<(), AppError> {
    match session.state.as_str() {
        "draft" => {
            return Err(AppError::Conflict(
                "Send the candidate link before starting the session.".into(),
            ));
        }
        "live" => {
            return Err(AppError::Conflict(
                "The session has already started.".into(),
            ));
        }
        "finished" => return Err(AppError::Conflict("The session is over.".into())),
        _ => {}
    }
    let questions = sessions::questions(&state.pool, session.id).await?;
    if questions.is_empty() {
        return Err(AppError::Conflict(
            "The session has no questions yet.".into(),
        ));
    }
    let items: Vec<StartItem> = questions
        .iter()
        .map(|q| start_item(state, q, None))
        .collect::<Result<_, _>>()?;
    if !sessions::start(
        &state.pool,
        session.id,
        session.owner_id,
        session.minutes_per_question,
        &items,
    )
    .await?
    {
        return Err(AppError::Conflict(
            "The session has already started.".into(),
        ));
    }
    tracing::info!(session = %session.id, "interview session started");
    Ok(())
}

/// The item a session question becomes: a bank question as it is; an own question with its
/// prompt and the rubric built from its reference answer (or, for a free-text follow-up without
/// one, `parent_rubric`: the rubric of the question it follows).
pub fn start_item(
    state: &AppState,
    q: &sessions::SessionQuestion,
    parent_rubric: Option<serde_json::Value>,
) -> Result<StartItem, AppError> {
    if let Some(id) = &q.question_id {
        return Ok(StartItem {
            question_id: id.clone(),
            minutes: q.minutes,
            prompt: None,
            rubric: None,
        });
    }
    let rubric = match &q.own_reference {
        Some(reference) => {
            let r =
                crate::interviews::own_rubric::build(&q.prompt, reference, state.grader.lexicon());
            Some(serde_json::to_value(&r).map_err(|e| AppError::Unexpected(e.into()))?)
        }
        None => parent_rubric,
    };
    Ok(StartItem {
        question_id: format!("{}{}", crate::solo::OWN_PREFIX, q.position),
        minutes: q.minutes,
        prompt: Some(q.prompt.clone()),
        rubric,
    })
}
