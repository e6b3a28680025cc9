//! Who may reach a session and how: its owner by its id (anyone else learns nothing, not even
//! that it exists), its candidate and the report's readers by a shared link's token (a miss
//! counts against the client address; an expired or revoked link is gone), and the candidate's
//! browser by the hash of its candidate cookie.

use std::net::IpAddr;

use sqlx::PgPool;
use uuid::Uuid;

use super::Error;
use crate::auth::links::{self as tokens, LinkGuard};
use crate::db::interviews::Item;
use crate::db::sessions::{self, Session};
pub use crate::db::states::LinkKind;

/// Where a request comes from: its client address (counted when its token finds no link) and
/// the value of its candidate cookie, if any.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub addr: IpAddr,
    pub cookie: Option<String>,
}

/// The session `id` (as typed in the address) if `owner` owns it.
pub async fn owned(pool: &PgPool, owner: Uuid, id: &str) -> Result<Session, Error> {
    let id: Uuid = id.parse().map_err(|_| Error::NoSuchSession)?;
    sessions::get_owned(pool, id, owner)
        .await?
        .ok_or(Error::NoSuchSession)
}

/// The session behind a usable link of `kind` with `token`. A token that finds no link of that
/// kind counts as a miss of `addr` ([`Error::TooManyWrongLinks`] past the guard's limit).
pub async fn linked(
    pool: &PgPool,
    guard: &LinkGuard,
    addr: IpAddr,
    token: &str,
    kind: LinkKind,
) -> Result<Session, Error> {
    let found = if tokens::well_formed(token) {
        sessions::find_link(pool, &tokens::hash(token)).await?
    } else {
        None
    };
    match found {
        Some(link) if link.kind == kind && link.usable => sessions::get(pool, link.session_id)
            .await?
            .ok_or(Error::NoSuchSession),
        Some(link) if link.kind == kind => Err(Error::LinkGone),
        _ => match guard.miss(addr) {
            Ok(()) => Err(Error::NoSuchLink),
            Err(retry_after_secs) => Err(Error::TooManyWrongLinks { retry_after_secs }),
        },
    }
}

/// Who holds `session` as its candidate, as `cookie`'s browser sees it: `Some(name)` if this
/// browser does, `None` if nobody does yet; [`Error::Taken`] if another browser does.
pub async fn holder(
    pool: &PgPool,
    session: Uuid,
    cookie: Option<&str>,
) -> Result<Option<String>, Error> {
    match sessions::candidate(pool, session).await? {
        None => Ok(None),
        Some(c) if cookie.map(tokens::hash).as_deref() == Some(c.holder_hash.as_slice()) => {
            Ok(Some(c.display_name))
        }
        Some(_) => Err(Error::Taken),
    }
}

/// The session behind the candidate link `token` and the display name of its candidate, if the
/// visitor's browser joined it; [`Error::NotJoined`] if it has not joined (nobody has),
/// [`Error::Taken`] if another browser holds it.
pub async fn as_candidate(
    pool: &PgPool,
    guard: &LinkGuard,
    visitor: &Visitor,
    token: &str,
) -> Result<(Session, String), Error> {
    let session = linked(pool, guard, visitor.addr, token, LinkKind::Candidate).await?;
    match holder(pool, session.id, visitor.cookie.as_deref()).await? {
        Some(name) => Ok((session, name)),
        None => Err(Error::NotJoined),
    }
}

/// The joined candidate's session and its item `item`: an item of any other interview is
/// "not found", whatever id is put in the address.
pub async fn candidate_item(
    pool: &PgPool,
    guard: &LinkGuard,
    visitor: &Visitor,
    token: &str,
    item: Uuid,
) -> Result<(Session, Item), Error> {
    let (session, _) = as_candidate(pool, guard, visitor, token).await?;
    match crate::db::interviews::item(pool, item).await? {
        Some(i) if Some(i.interview_id) == session.interview_id => Ok((session, i)),
        _ => Err(Error::NotFound(
            "There is no such question in this interview.",
        )),
    }
}

/// The candidate's session and name for their results page: only once the interviewer released
/// the results ([`Error::NotReleased`] before).
pub async fn released_to_candidate(
    pool: &PgPool,
    guard: &LinkGuard,
    visitor: &Visitor,
    token: &str,
) -> Result<(Session, String), Error> {
    let (session, name) = as_candidate(pool, guard, visitor, token).await?;
    if !session.results_released {
        return Err(Error::NotReleased);
    }
    Ok((session, name))
}
