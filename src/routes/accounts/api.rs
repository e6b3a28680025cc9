//! Accounts as JSON: `POST /api/v1/auth/register`, `POST /api/v1/auth/token`,
//! `POST /api/v1/auth/logout`, `POST /api/v1/auth/logout-everywhere`, `GET /api/v1/me`.
//!
//! Tokens go in the response body, never in a cookie: clients send them back as
//! `Authorization: Bearer <token>`, which is why these requests need no CSRF token.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{BAD_CREDENTIALS, LoggedIn, Registered, Session};
use crate::auth::rate_limit::Refused;
use crate::auth::validate::Registration;
use crate::db::users::User;
use crate::session::client_ip;
use crate::session::user::CurrentUser;
use crate::startup::AppState;
use crate::web::AppError;

/// Registers the JSON routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/auth/register", web::post().to(register))
        .route("/api/v1/auth/token", web::post().to(token))
        .route("/api/v1/auth/logout", web::post().to(logout))
        .route(
            "/api/v1/auth/logout-everywhere",
            web::post().to(logout_everywhere),
        )
        .route("/api/v1/me", web::get().to(me));
}

/// `POST /api/v1/auth/register` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RegisterRequest {
    pub username: String,
    pub email: String,
    pub password: String,
}

/// `POST /api/v1/auth/token` body: `login` is a username or an email (any case).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    #[serde(alias = "username", alias = "email")]
    pub login: String,
    pub password: String,
}

/// An account as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub username: String,
    pub email: String,
    pub created_at: DateTime<Utc>,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id,
            username: u.username.clone(),
            email: u.email.clone(),
            created_at: u.created_at,
        }
    }
}

/// A bearer token and the account it logs in.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub token: String,
    pub token_type: &'static str,
    pub expires_at: DateTime<Utc>,
    pub user: UserView,
}

impl From<&Session> for TokenResponse {
    fn from(s: &Session) -> Self {
        Self {
            token: s.token.clone(),
            token_type: "Bearer",
            expires_at: s.claims.expires_at(),
            user: UserView::from(&s.user),
        }
    }
}

fn limited(r: &Refused) -> AppError {
    AppError::TooManyRequests {
        message: format!(
            "Too many attempts for this {}; retry in {} seconds.",
            r.scope, r.retry_after_secs
        ),
        retry_after_secs: r.retry_after_secs,
    }
}

async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, AppError> {
    let (username, email) = (body.username.trim(), body.email.trim());
    let input = Registration {
        username,
        email,
        password: &body.password,
        password_confirm: &body.password,
    };
    let addr = client_ip(&req, state.auth.trust_proxy);
    match super::register(&state.auth, &state.pool, addr, &input).await? {
        Registered::Created(s) => Ok(HttpResponse::Created().json(TokenResponse::from(&s))),
        Registered::Invalid { errors, conflict } => {
            let (status, message) = if conflict {
                (
                    StatusCode::CONFLICT,
                    "That username or email is already registered.",
                )
            } else {
                (StatusCode::BAD_REQUEST, "Some fields are invalid.")
            };
            // The shape of every API error, plus a message per field.
            Ok(HttpResponse::build(status).json(serde_json::json!({
                "error": {
                    "status": status.as_u16(),
                    "title": status.canonical_reason(),
                    "message": message,
                    "fields": errors,
                }
            })))
        }
        Registered::Limited(r) => Err(limited(&r)),
    }
}

async fn token(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<TokenRequest>,
) -> Result<HttpResponse, AppError> {
    let addr = client_ip(&req, state.auth.trust_proxy);
    match super::login(&state.auth, &state.pool, addr, &body.login, &body.password).await? {
        LoggedIn::Ok(s) => Ok(HttpResponse::Ok().json(TokenResponse::from(&s))),
        LoggedIn::BadCredentials => Err(AppError::Unauthorized(BAD_CREDENTIALS.into())),
        LoggedIn::Limited(r) => Err(limited(&r)),
    }
}

async fn logout(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    super::logout(&state.pool, &user.claims).await?;
    Ok(HttpResponse::NoContent().finish())
}

async fn logout_everywhere(
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    super::logout_everywhere(&state.pool, &user.user).await?;
    Ok(HttpResponse::NoContent().finish())
}

async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(UserView::from(&user.user))
}
