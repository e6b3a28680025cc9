//! The candidate's pages, reached only through the candidate link `/join/{token}`: joining with a
//! display name (no account needed; a signed-in candidate may link their answers to their
//! account), the waiting room, and starting. The first browser to join holds the session
//! (recognised by its `wt_candidate` cookie, of which only a hash is stored); another browser
//! gets a clear 409 page. No scores or rubrics are shown here.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{render, see_other, visitor};
use crate::auth::links as tokens;
use crate::db::sessions::Session;
use crate::interviews::access::{self, LinkKind, Visitor};
use crate::interviews::{Error, SessionState, run, service};
use crate::startup::AppState;
use crate::web::user::MaybeUser;
use crate::web::{AppError, Layout};

/// The cookie that tells the candidate's browser apart.
pub const CANDIDATE_COOKIE: &str = "wt_candidate";

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
    state: SessionState,
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

/// The session behind the candidate link `token`.
async fn linked(state: &AppState, visitor: &Visitor, token: &str) -> Result<Session, AppError> {
    let guard = &state.link_guard;
    let kind = LinkKind::Candidate;
    Ok(access::linked(&state.pool, guard, visitor.addr, token, kind).await?)
}

async fn join_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    layout: Layout,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let visitor = visitor(&state, &req);
    let session = linked(&state, &visitor, &token).await?;
    if run::joined(&state.pool, &session, visitor.cookie.as_deref()).await? {
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
    let visitor = visitor(&state, &req);
    let session = linked(&state, &visitor, &token).await?;
    let cookie_value = visitor.cookie.clone().unwrap_or_else(tokens::new_token);
    let account = match (user.0, form.link_account.is_some()) {
        (Some(current), true) => Some(current.user.id),
        _ => None,
    };
    run::join(
        &state.pool,
        &session,
        &form.display_name,
        &cookie_value,
        account,
    )
    .await?;
    let mut res = see_other(format!("/join/{token}/room"));
    if visitor.cookie.is_none() {
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

/// The session and candidate name for a page of its candidate; `Ok(Err(redirect))` to the join
/// form when this browser has not joined.
pub(super) async fn as_candidate(
    state: &AppState,
    req: &HttpRequest,
    token: &str,
) -> Result<Result<(Session, String), HttpResponse>, AppError> {
    match access::as_candidate(&state.pool, &state.link_guard, &visitor(state, req), token).await {
        Ok(found) => Ok(Ok(found)),
        Err(Error::NotJoined) => Ok(Err(see_other(format!("/join/{token}")))),
        Err(e) => Err(e.into()),
    }
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
    let room = service::room(&state.pool, &session).await?;
    render(&RoomPage {
        prompts: room.prompts,
        layout,
        token: token.into_inner(),
        title: session.title,
        display_name,
        state: session.state,
        questions: room.questions,
        minutes: session.minutes_per_question,
        released: session.results_released,
    })
}

/// What the candidate's pages follow (see [`service::candidate_status`]), as JSON text.
fn candidate_json(
    pool: sqlx::PgPool,
    session: uuid::Uuid,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, sqlx::Error>>>> {
    Box::pin(async move {
        let session = crate::db::sessions::get(&pool, session)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        Ok(service::candidate_status(&pool, &session)
            .await?
            .to_string())
    })
}

/// The session of a joined candidate's browser (403 for a browser that has not joined).
async fn joined(state: &AppState, req: &HttpRequest, token: &str) -> Result<Session, AppError> {
    let visitor = visitor(state, req);
    let (session, _) =
        access::as_candidate(&state.pool, &state.link_guard, &visitor, token).await?;
    Ok(session)
}

/// The same as [`status`], as a stream of server-sent events (see [`super::sse`]).
async fn events(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = joined(&state, &req, &token).await?;
    Ok(super::sse::respond(
        &state.live,
        state.pool.clone(),
        session.id,
        candidate_json,
    ))
}

/// [`service::candidate_status`] for the waiting room's poll.
async fn status(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = joined(&state, &req, &token).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(service::candidate_status(&state.pool, &session).await?))
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
    run::start(&state.pool, state.grader.lexicon(), &session).await?;
    Ok(see_other(format!("/join/{token}/room")))
}
