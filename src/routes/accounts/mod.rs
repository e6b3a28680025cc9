//! Accounts over HTTP: register, log in, log out, log out everywhere, change the password, as pages ([`pages`]) and
//! as JSON under `/api/v1/` ([`api`]). The flows both share live here.

pub mod api;
pub mod pages;

use std::net::IpAddr;

use actix_web::web;
use chrono::Utc;
use sqlx::PgPool;

use crate::auth::password;
use crate::auth::rate_limit::Refused;
use crate::auth::token::Claims;
use crate::auth::validate::{self, FieldErrors, Registration};
use crate::db::users::{self, CreateUserError, User};
use crate::session::AuthState;
use crate::web::AppError;

/// The one message for a failed login, whether the account exists or not.
pub const BAD_CREDENTIALS: &str = "Wrong username/email or password.";

/// Registers the account routes (pages and JSON). Call it before any `/api/v1` scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    api::configure(cfg);
    pages::configure(cfg);
}

/// A freshly issued login token.
#[derive(Debug)]
pub struct Session {
    pub user: User,
    pub token: String,
    pub claims: Claims,
}

/// What became of a registration.
#[derive(Debug)]
pub enum Registered {
    Created(Session),
    /// Input errors; `conflict` when the name or email is taken (409 rather than 400).
    Invalid {
        errors: FieldErrors,
        conflict: bool,
    },
    Limited(Refused),
}

/// What became of a login.
#[derive(Debug)]
pub enum LoggedIn {
    Ok(Session),
    BadCredentials,
    Limited(Refused),
}

/// Validates, rate-limits, hashes and stores a new account, and logs it in.
pub async fn register(
    state: &AuthState,
    pool: &PgPool,
    addr: IpAddr,
    input: &Registration<'_>,
) -> Result<Registered, AppError> {
    if let Err(r) = state.limiter.check_register(addr, input.username) {
        tracing::info!(%addr, scope = %r.scope, "registration rate limited");
        return Ok(Registered::Limited(r));
    }
    let errors = validate::registration(input);
    if !errors.is_empty() {
        return Ok(Registered::Invalid {
            errors,
            conflict: false,
        });
    }
    let hash = password::hash_password_blocking(input.password.to_owned())
        .await
        .map_err(unexpected)?;
    let user = match users::create(pool, input.username, input.email, &hash).await {
        Ok(u) => u,
        Err(CreateUserError::UsernameTaken) => {
            return Ok(taken(FieldErrors {
                username: Some("That username is taken.".into()),
                ..FieldErrors::default()
            }));
        }
        Err(CreateUserError::EmailTaken) => {
            return Ok(taken(FieldErrors {
                email: Some("An account with that email already exists.".into()),
                ..FieldErrors::default()
            }));
        }
        Err(CreateUserError::Db(e)) => return Err(e.into()),
    };
    tracing::info!(user = %user.id, "account created");
    Ok(Registered::Created(issue(state, user)?))
}

fn unexpected(e: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Unexpected(anyhow::Error::new(e))
}

fn taken(errors: FieldErrors) -> Registered {
    Registered::Invalid {
        errors,
        conflict: true,
    }
}

/// Rate-limits and checks a login by username or email (any case).
pub async fn login(
    state: &AuthState,
    pool: &PgPool,
    addr: IpAddr,
    login: &str,
    password: &str,
) -> Result<LoggedIn, AppError> {
    let login = login.trim();
    if let Err(r) = state.limiter.check_login(addr, login) {
        tracing::info!(%addr, scope = %r.scope, "login rate limited");
        return Ok(LoggedIn::Limited(r));
    }
    let found = if login.is_empty() {
        None
    } else {
        users::find_credentials(pool, login).await?
    };
    let stored = found.as_ref().map(|c| c.password_hash.clone());
    // Runs argon2 even for unknown accounts (against a dummy hash): same cost either way.
    let ok = password::verify_password_blocking(password.to_owned(), stored)
        .await
        .map_err(unexpected)?;
    match found {
        Some(c) if ok => {
            state.limiter.login_succeeded(addr, login);
            tracing::info!(user = %c.user.id, "logged in");
            Ok(LoggedIn::Ok(issue(state, c.user)?))
        }
        _ => {
            tracing::info!(%addr, "failed login");
            Ok(LoggedIn::BadCredentials)
        }
    }
}

fn issue(state: &AuthState, user: User) -> Result<Session, AppError> {
    let (token, claims) = state
        .keys
        .issue(user.id, user.token_version, Utc::now())
        .map_err(unexpected)?;
    Ok(Session {
        user,
        token,
        claims,
    })
}

/// What a password change needs: the current password, the new one and its confirmation.
#[derive(Debug, Clone, Copy)]
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub confirm: &'a str,
}

/// Field errors of a password change; all `None` means it was accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PasswordErrors {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_password_confirm: Option<String>,
}

/// What became of a password change.
#[derive(Debug)]
pub enum PasswordChanged {
    /// Stored; every other session is logged out and this one gets a fresh token.
    Changed(Session),
    Invalid(PasswordErrors),
    Limited(Refused),
}

/// The message for a wrong current password.
pub const WRONG_CURRENT_PASSWORD: &str = "That is not your current password.";

/// Changes `user`'s password: the current one is checked like a login (a wrong one counts
/// against the login backoff of this account and address), the new one by the same rules as at
/// registration (length, not a common password). Every token issued before stops working.
pub async fn change_password(
    state: &AuthState,
    pool: &PgPool,
    addr: IpAddr,
    user: &User,
    input: PasswordChange<'_>,
) -> Result<PasswordChanged, AppError> {
    let (new_password, new_password_confirm) = validate::password(input.new, input.confirm);
    if new_password.is_some() || new_password_confirm.is_some() {
        return Ok(PasswordChanged::Invalid(PasswordErrors {
            new_password,
            new_password_confirm,
            ..PasswordErrors::default()
        }));
    }
    if let Err(r) = state.limiter.check_login(addr, &user.username) {
        tracing::info!(%addr, scope = %r.scope, "password change rate limited");
        return Ok(PasswordChanged::Limited(r));
    }
    let stored = users::find_credentials(pool, &user.username)
        .await?
        .filter(|c| c.user.id == user.id)
        .map(|c| c.password_hash);
    let ok = password::verify_password_blocking(input.current.to_owned(), stored)
        .await
        .map_err(unexpected)?;
    if !ok {
        return Ok(PasswordChanged::Invalid(PasswordErrors {
            current_password: Some(WRONG_CURRENT_PASSWORD.into()),
            ..PasswordErrors::default()
        }));
    }
    state.limiter.login_succeeded(addr, &user.username);
    let hash = password::hash_password_blocking(input.new.to_owned())
        .await
        .map_err(unexpected)?;
    let version = users::set_password(pool, user.id, &hash)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such account."))?;
    tracing::info!(user = %user.id, "password changed");
    let user = User {
        token_version: version,
        ..user.clone()
    };
    Ok(PasswordChanged::Changed(issue(state, user)?))
}

/// Makes one token useless from now on.
pub async fn logout(pool: &PgPool, claims: &Claims) -> Result<(), AppError> {
    users::revoke_token(pool, claims.jti, claims.sub, claims.expires_at()).await?;
    tracing::info!(user = %claims.sub, "logged out");
    Ok(())
}

/// Makes every token of the account useless from now on.
pub async fn logout_everywhere(pool: &PgPool, user: &User) -> Result<(), AppError> {
    users::bump_token_version(pool, user.id).await?;
    tracing::info!(user = %user.id, "logged out everywhere");
    Ok(())
}
