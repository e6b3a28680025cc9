//! Interviewer-led sessions (issue 5): the owner's pages ([`prepare`]: dashboard, preparing,
//! links, start/finish; [`watch`]: the live view and its event stream) and the candidate's pages
//! reached through the shared link ([`candidate`]); after the session, notes and the scorecard
//! ([`scorecard`]), the read-only report behind its own link ([`report`]) and, once released, the
//! candidate's results ([`results`]). Owner pages answer 404 to anyone but the owner; candidate
//! pages are addressed by the link token only, never by a session id.

mod answer;
mod candidate;
mod during;
mod prepare;
mod report;
mod results;
mod scorecard;
mod sse;
pub mod tokens;
mod watch;

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use crate::db::sessions::{self, Link, Session};
use crate::startup::AppState;
use crate::web::AppError;
use crate::web::login::client_ip;
use crate::web::respond::ok_page as render;
use crate::web::respond::see_other;
use crate::web::user::CurrentUser;

/// Registers the pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    prepare::configure(cfg);
    watch::configure(cfg);
    candidate::configure(cfg);
    answer::configure(cfg);
    scorecard::configure(cfg);
    during::configure(cfg);
    report::configure(cfg);
    results::configure(cfg);
}

/// The message of the 410 page for expired or revoked links.
pub const LINK_GONE: &str = "This link is no longer valid. Ask the interviewer for a new one.";

/// Back to the session's live view, after the owner acted on it.
fn back_to_live(session: &Session) -> HttpResponse {
    see_other(format!("/interviews/{}/live", session.id))
}

/// The session `id` if the current user owns it; 404 otherwise (others must not learn it
/// exists).
async fn owned(state: &AppState, user: &CurrentUser, id: &str) -> Result<Session, AppError> {
    let missing = || AppError::not_found("There is no such interview session.");
    let id: Uuid = id.parse().map_err(|_| missing())?;
    sessions::get_owned(&state.pool, id, user.user.id)
        .await?
        .ok_or_else(missing)
}

/// The usable link of `kind` for `token`: 404 (and a counted miss, 429 past the limit) when
/// there is none, 410 when it expired or was revoked.
async fn link(
    state: &AppState,
    req: &HttpRequest,
    token: &str,
    kind: &str,
) -> Result<Link, AppError> {
    let found = if tokens::well_formed(token) {
        sessions::find_link(&state.pool, &tokens::hash(token)).await?
    } else {
        None
    };
    match found {
        Some(link) if link.kind == kind && link.usable => Ok(link),
        Some(link) if link.kind == kind => Err(AppError::Gone(LINK_GONE.into())),
        _ => {
            let addr = client_ip(req, state.auth.trust_proxy);
            match state.link_guard.miss(addr) {
                Ok(()) => Err(AppError::not_found("There is no such link.")),
                Err(retry_after_secs) => Err(AppError::TooManyRequests {
                    message: format!(
                        "Too many wrong links from your address. Wait {retry_after_secs} seconds."
                    ),
                    retry_after_secs,
                }),
            }
        }
    }
}

/// Issues a fresh link of `kind` (`candidate` or `report`) to `session` (replacing the one it
/// had) and returns its address on this site's public URL (see [`crate::web::links`]), e.g.
/// `https://host/join/<token>` for `route` `join`. Only the token's hash is stored: the address is shown this once.
async fn issue_link_url(
    state: &AppState,
    req: &HttpRequest,
    session: Uuid,
    kind: &str,
    route: &str,
) -> Result<String, AppError> {
    let token = tokens::new_token();
    let expires = chrono::Utc::now() + tokens::LINK_LIFETIME;
    sessions::issue_link(&state.pool, session, kind, &tokens::hash(&token), expires).await?;
    let base = crate::web::links::public_base(req, &state.settings);
    Ok(format!("{base}/{route}/{token}"))
}

/// Dashboard group of a session state.
fn state_label(state: &str) -> &'static str {
    match state {
        "draft" => "Draft",
        "scheduled" => "Scheduled",
        "live" => "Live",
        _ => "Finished",
    }
}
