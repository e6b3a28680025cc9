//! Interviewer-led sessions (issue 5): the owner's pages ([`prepare`]: dashboard, preparing,
//! links, start/finish; [`watch`]: the live view and its event stream) and the candidate's pages
//! reached through the shared link ([`candidate`]); after the session, notes and the scorecard
//! ([`scorecard`]), the read-only report behind its own link ([`report`]) and, once released, the
//! candidate's results ([`results`]). Owner pages answer 404 to anyone but the owner; candidate
//! pages are addressed by the link token only, never by a session id. The rules are the
//! service's ([`crate::interviews`]); its refusals become statuses here, in one place.

mod answer;
mod candidate;
mod during;
mod prepare;
mod report;
mod results;
mod scorecard;
mod sse;
mod watch;

use actix_web::{HttpRequest, HttpResponse, web};

use crate::db::sessions::Session;
use crate::interviews::access::{self, LinkKind, Visitor};
use crate::interviews::{Error, prepare as service};
use crate::startup::AppState;
use crate::web::AppError;
use crate::web::login::client_ip;
use crate::web::respond::ok_page as render;
use crate::web::respond::see_other;
use crate::web::user::CurrentUser;

pub use candidate::CANDIDATE_COOKIE;

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

/// The one place where a refusal of the interviews service becomes an HTTP status.
impl From<Error> for AppError {
    fn from(e: Error) -> AppError {
        let message = e.to_string();
        match e {
            Error::NoSuchSession | Error::NoSuchLink | Error::NotFound(_) => {
                AppError::NotFound(message)
            }
            Error::TooManyWrongLinks { retry_after_secs } => AppError::TooManyRequests {
                message,
                retry_after_secs,
            },
            Error::LinkGone => AppError::Gone(message),
            Error::NotJoined | Error::NotReleased => AppError::Forbidden(message),
            Error::Taken | Error::Conflict(_) => AppError::Conflict(message),
            Error::Invalid(_) => AppError::BadRequest(message),
            Error::TooLong(_) => AppError::PayloadTooLarge(message),
            Error::Db(e) => AppError::Database(e),
            Error::Rubric(e) => AppError::Unexpected(e.into()),
        }
    }
}

/// Who is asking, as the service tells visitors of shared links apart: the client address and
/// the candidate cookie.
fn visitor(state: &AppState, req: &HttpRequest) -> Visitor {
    Visitor {
        addr: client_ip(req, state.auth.trust_proxy),
        cookie: req.cookie(CANDIDATE_COOKIE).map(|c| c.value().to_owned()),
    }
}

/// The session `id` if the current user owns it; 404 otherwise (others must not learn it
/// exists).
async fn owned(state: &AppState, user: &CurrentUser, id: &str) -> Result<Session, AppError> {
    Ok(access::owned(&state.pool, user.user.id, id).await?)
}

/// Back to the session's live view, after the owner acted on it.
fn back_to_live(session: &Session) -> HttpResponse {
    see_other(format!("/interviews/{}/live", session.id))
}

/// Issues a fresh link of `kind` to `session` (replacing the one it had) and returns its address
/// on this site's public URL (see [`crate::web::links`]), e.g. `https://host/join/<token>` for
/// `route` `join`. Only the token's hash is stored: the address is shown this once.
async fn issue_link_url(
    state: &AppState,
    req: &HttpRequest,
    session: &Session,
    kind: LinkKind,
    route: &str,
) -> Result<String, AppError> {
    let token = service::issue_link(&state.pool, session, kind).await?;
    let base = crate::web::links::public_base(req, &state.settings);
    Ok(format!("{base}/{route}/{token}"))
}

#[cfg(test)]
mod tests {
    use actix_web::ResponseError;

    use super::*;

    #[test]
    fn every_refusal_of_the_service_has_its_status_and_message() {
        let cases = [
            (Error::NoSuchSession, 404),
            (Error::NoSuchLink, 404),
            (Error::NotFound("The session has no such question."), 404),
            (
                Error::TooManyWrongLinks {
                    retry_after_secs: 6,
                },
                429,
            ),
            (Error::LinkGone, 410),
            (Error::NotJoined, 403),
            (Error::NotReleased, 403),
            (Error::Taken, 409),
            (Error::conflict("The session is over."), 409),
            (Error::invalid("Move a question up or down."), 400),
            (
                Error::TooLong("A note can be at most 20,000 characters."),
                413,
            ),
            (Error::Db(sqlx::Error::RowNotFound), 500),
            (
                Error::Rubric(serde_json::from_str::<u8>("x").unwrap_err()),
                500,
            ),
        ];
        for (error, status) in cases {
            let message = error.to_string();
            let app: AppError = error.into();
            assert_eq!(app.status_code().as_u16(), status, "{message}");
            if status < 500 {
                assert_eq!(app.body().message, message);
            }
        }
        let app: AppError = Error::TooManyWrongLinks {
            retry_after_secs: 6,
        }
        .into();
        let res = app.error_response();
        assert_eq!(res.headers().get("retry-after").unwrap(), "6");
    }
}
