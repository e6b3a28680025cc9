//! Accounts as JSON: `POST /api/v1/auth/register`, `POST /api/v1/auth/token`,
//! `POST /api/v1/auth/logout`, `POST /api/v1/auth/logout-everywhere`,
//! `POST /api/v1/auth/password`, `GET /api/v1/me`.
//!
//! Tokens go in the response body, never in a cookie: clients send them back as
//! `Authorization: Bearer <token>`, which is why these requests need no CSRF token.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{BAD_CREDENTIALS, LoggedIn, PasswordChanged, Registered, Session};
use crate::auth::rate_limit::Refused;
use crate::auth::validate::Registration;
use crate::db::users::User;
use crate::startup::AppState;
use crate::web::AppError;
use crate::web::login::client_ip;
use crate::web::user::CurrentUser;

/// The OpenAPI description of these endpoints, to merge into the app's document
/// (`AuthApiDoc::openapi()`); it defines the `bearer` security scheme the other endpoints use.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(register, token, logout, logout_everywhere, change_password, me),
    components(schemas(RegisterRequest, TokenRequest, TokenResponse, UserView, PasswordRequest)),
    modifiers(&BearerScheme),
    tags((name = "auth", description = "Accounts and bearer tokens"))
)]
pub struct AuthApiDoc;

/// Adds the `bearer` (JWT) security scheme.
#[derive(Debug)]
pub struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Registers the JSON routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/auth/register", web::post().to(register))
        .route("/api/v1/auth/token", web::post().to(token))
        .route("/api/v1/auth/logout", web::post().to(logout))
        .route(
            "/api/v1/auth/logout-everywhere",
            web::post().to(logout_everywhere),
        )
        .route("/api/v1/auth/password", web::post().to(change_password))
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
    /// A username or an email address (any case); `username` and `email` are accepted aliases.
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

/// Creates an account and returns a bearer token for it.
#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = TokenResponse),
        (status = 400, description = "Invalid fields (`error.fields` says which) or malformed JSON"),
        (status = 409, description = "Username or email already registered (any case)"),
        (status = 429, description = "Too many attempts; see Retry-After"),
    )
)]
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

/// Exchanges a username or email and a password for a bearer token.
#[utoipa::path(
    post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Wrong username/email or password"),
        (status = 429, description = "Too many attempts; see Retry-After"),
    )
)]
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

/// Revokes the token this request was made with.
#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 204, description = "Token revoked"),
        (status = 401, description = "No valid token"),
    )
)]
async fn logout(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    super::logout(&state.pool, &user.claims).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Revokes every token of the account.
#[utoipa::path(
    post, path = "/api/v1/auth/logout-everywhere", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 204, description = "All tokens revoked"),
        (status = 401, description = "No valid token"),
    )
)]
async fn logout_everywhere(
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    super::logout_everywhere(&state.pool, &user.user).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/v1/auth/password` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the account's password. Every token issued before stops working; the response
/// carries a fresh one.
#[utoipa::path(
    post, path = "/api/v1/auth/password", tag = "auth", security(("bearer" = [])),
    request_body = PasswordRequest,
    responses(
        (status = 200, description = "Changed; a fresh token", body = TokenResponse),
        (status = 400, description = "Wrong current password, or the new one is too short or too common (`fields`)"),
        (status = 401, description = "No valid token"),
        (status = 429, description = "Too many wrong current passwords; see Retry-After"),
    )
)]
async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<PasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let addr = client_ip(&req, state.auth.trust_proxy);
    match super::change_password(
        &state.auth,
        &state.pool,
        addr,
        &user.user,
        &body.current_password,
        &body.new_password,
        &body.new_password,
    )
    .await?
    {
        PasswordChanged::Changed(s) => Ok(HttpResponse::Ok().json(TokenResponse::from(&s))),
        PasswordChanged::Invalid(errors) => {
            Ok(HttpResponse::BadRequest().json(serde_json::json!({
                "error": {
                    "status": 400,
                    "title": "Bad Request",
                    "message": "The password was not changed.",
                    "fields": errors,
                }
            })))
        }
        PasswordChanged::Limited(r) => Err(limited(&r)),
    }
}

/// The account the token belongs to.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = UserView),
        (status = 401, description = "No valid token"),
    )
)]
async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(UserView::from(&user.user))
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::OpenApi;

    #[test]
    fn openapi_describes_every_auth_endpoint_and_the_bearer_scheme() {
        let doc = serde_json::to_value(AuthApiDoc::openapi()).unwrap();
        for path in [
            "/api/v1/auth/register",
            "/api/v1/auth/token",
            "/api/v1/auth/logout",
            "/api/v1/auth/logout-everywhere",
            "/api/v1/auth/password",
            "/api/v1/me",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        assert!(doc["components"]["schemas"].get("TokenResponse").is_some());
    }
}
