//! Extractors for the logged-in user.
//!
//! `CurrentUser` requires a valid, unrevoked token (pages redirect to `/login?next=...`, the API
//! answers 401 JSON); `MaybeUser` is for pages that work either way. The lookup runs once per
//! request and is cached in the request's extensions.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::{Method, StatusCode, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError, dev, web};
use sqlx::PgPool;

use super::{AuthState, Credential, credential, is_api};
use crate::auth::token::{Claims, check_current};
use crate::db::users::{self, User};

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

/// A request that may or may not be made by a logged-in user.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

/// Why the logged-in user could not be determined.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("you need to log in")]
    NotLoggedIn { api: bool, next: String },
    #[error("could not check the login: {0}")]
    Database(#[from] sqlx::Error),
}

impl ResponseError for SessionError {
    fn status_code(&self) -> StatusCode {
        match self {
            SessionError::NotLoggedIn { api: true, .. } => StatusCode::UNAUTHORIZED,
            SessionError::NotLoggedIn { api: false, .. } => StatusCode::SEE_OTHER,
            SessionError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            SessionError::NotLoggedIn { api: true, .. } => HttpResponse::Unauthorized()
                .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
                .json(serde_json::json!({
                    "error": "unauthorized",
                    "message": "A valid login token is required (it may have expired or been revoked).",
                })),
            SessionError::NotLoggedIn { api: false, next } => {
                let target = format!(
                    "/login?{}",
                    serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default()
                );
                HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, target))
                    .finish()
            }
            SessionError::Database(e) => {
                tracing::error!(error = %e, "session lookup failed");
                HttpResponse::InternalServerError().json(serde_json::json!({
                    "error": "internal",
                    "message": "Something went wrong on our side.",
                }))
            }
        }
    }
}

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
    let state = req
        .app_data::<web::Data<AuthState>>()
        .expect("AuthState is registered as app data");
    let pool = req
        .app_data::<web::Data<PgPool>>()
        .expect("PgPool is registered as app data");
    let (token, via_bearer) = match credential(req) {
        Credential::Bearer(t) => (t, true),
        Credential::Cookie(t) => (t, false),
        Credential::None => return Ok(None),
    };
    let claims = match state.keys.decode(&token) {
        Ok(c) => c,
        Err(e) => {
            tracing::debug!(reason = %e, "login token refused");
            return Ok(None);
        }
    };
    let Some((user, revoked)) = users::token_state(pool, claims.sub, claims.jti).await? else {
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

impl FromRequest for MaybeUser {
    type Error = SessionError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(MaybeUser(resolve(&req).await?)) })
    }
}

impl FromRequest for CurrentUser {
    type Error = SessionError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            resolve(&req)
                .await?
                .ok_or_else(|| SessionError::NotLoggedIn {
                    api: is_api(&req),
                    next: next_for(&req),
                })
        })
    }
}
