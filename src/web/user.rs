//! Extractors for the logged-in user.
//!
//! `CurrentUser` requires a valid, unrevoked token (pages redirect to `/login?next=...`, the API
//! answers 401 JSON); `MaybeUser` is for pages that work either way. The lookup runs once per
//! request and is cached in the request's extensions.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, dev};

use super::login::{Credential, app_state, credential, is_api};
use crate::auth::token::{Claims, check_current};
use crate::db::users::{self, User};
use crate::web::AppError;

/// A request made by a logged-in user.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    /// The claims of the token that authenticated this request (its `jti` is what "log out"
    /// revokes).
    pub claims: Claims,
    /// Whether the token came in an `Authorization: Bearer` header rather than the cookie.
    pub via_bearer: bool,
}

/// A request made by a curator (issue 17). Everyone else, signed in or not, gets the 404 page:
/// the curator's pages do not exist for them.
#[derive(Debug, Clone)]
pub struct Curator(pub CurrentUser);

/// A request that may or may not be made by a logged-in user.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

/// Cached lookup result, stored in the request extensions.
#[derive(Clone)]
struct Resolved(Option<CurrentUser>);

/// Finds the logged-in user of a request (cached per request).
pub async fn resolve(req: &HttpRequest) -> Result<Option<CurrentUser>, sqlx::Error> {
    if let Some(r) = req.extensions().get::<Resolved>() {
        return Ok(r.0.clone());
    }
    let found = lookup(req).await?;
    req.extensions_mut().insert(Resolved(found.clone()));
    Ok(found)
}

async fn lookup(req: &HttpRequest) -> Result<Option<CurrentUser>, sqlx::Error> {
    let state = app_state(req);
    let (token, via_bearer) = match credential(req) {
        Credential::Bearer(t) => (t, true),
        Credential::Cookie(t) => (t, false),
        Credential::None => return Ok(None),
    };
    let claims = match state.auth.keys.decode(&token) {
        Ok(c) => c,
        Err(e) => {
            tracing::debug!(reason = %e, "login token refused");
            return Ok(None);
        }
    };
    let Some((user, revoked)) = users::token_state(&state.pool, claims.sub, claims.jti).await?
    else {
        tracing::debug!(user = %claims.sub, "login token for a missing account");
        return Ok(None);
    };
    if let Err(e) = check_current(&claims, user.token_version, revoked) {
        tracing::debug!(user = %user.id, reason = %e, "login token refused");
        return Ok(None);
    }
    Ok(Some(CurrentUser {
        user,
        claims,
        via_bearer,
    }))
}

/// Where to come back to after logging in: this page for GET requests, else the home page.
fn next_for(req: &HttpRequest) -> String {
    if req.method() == Method::GET {
        req.uri()
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
    } else {
        "/".to_owned()
    }
}

/// The redirect to the login page, coming back to `next` afterwards.
pub fn login_redirect(next: &str) -> HttpResponse {
    let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/login?{query}")))
        .finish()
}

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeUser(resolve(&req).await?)) })
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            resolve(&req).await?.ok_or_else(|| {
                if is_api(&req) {
                    AppError::Unauthorized(
                        "A valid login token is required: send `Authorization: Bearer <token>` \
                         (it may have expired or been revoked)."
                            .into(),
                    )
                } else {
                    AppError::LoginRequired {
                        next: next_for(&req),
                    }
                }
            })
        })
    }
}

impl FromRequest for Curator {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match resolve(&req).await? {
                Some(u) if u.user.curator => Ok(Curator(u)),
                // 404 like a missing page, in other words than the router's own (the access
                // matrix tells routed from unrouted paths by them)
                _ => Err(AppError::not_found("There is nothing here.")),
            }
        })
    }
}
