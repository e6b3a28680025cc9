//! Accounts over HTTP: register, log in, log out, log out everywhere, as pages ([`pages`]) and
//! as JSON under `/api/v1/` ([`api`]), and the account page's changes (password, deletion,
//! data download: [`settings`]). The flows they share live here.

pub mod api;
pub mod pages;
pub mod settings;

use std::net::IpAddr;

use actix_web::web;
use chrono::Utc;
use sqlx::PgPool;

use crate::auth::password;
use crate::auth::rate_limit::Refused;
use crate::auth::token::Claims;
use crate::auth::validate::{self, FieldErrors, Registration};
use crate::db::users::{self, CreateUserError, User};
use crate::web::AppError;
use crate::web::login::AuthState;

/// The one message for a failed login, whether the account exists or not.
pub const BAD_CREDENTIALS: &str = "Wrong username/email or password.";

/// Registers the account routes (pages and JSON). Call it before any `/api/v1` scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    api::configure(cfg);
    pages::configure(cfg);
    settings::configure(cfg);
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

/// The message for a wrong current password.
pub const WRONG_CURRENT_PASSWORD: &str = "That is not your current password.";

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

/// Why the account's password did not confirm a change that needs it.
#[derive(Debug)]
pub enum NotConfirmed {
    /// Nothing was typed.
    Missing,
    WrongPassword,
    Limited(Refused),
}

/// Checks the account's own password before a sensitive change, counted against the same rate
/// limits as a login (per address and per account), so the form cannot be used to guess it.
pub async fn confirm_password(
    state: &AuthState,
    pool: &PgPool,
    addr: IpAddr,
    user: &User,
    password: &str,
) -> Result<Result<(), NotConfirmed>, AppError> {
    if password.is_empty() {
        return Ok(Err(NotConfirmed::Missing));
    }
    if let Err(r) = state.limiter.check_login(addr, &user.username) {
        tracing::info!(%addr, user = %user.id, "password confirmation rate limited");
        return Ok(Err(NotConfirmed::Limited(r)));
    }
    let stored = users::password_hash(pool, user.id).await?;
    let ok = password::verify_password_blocking(password.to_owned(), stored)
        .await
        .map_err(unexpected)?;
    if ok {
        // a confirmed password is a successful login: the pair's failures are forgotten
        state.limiter.login_succeeded(addr, &user.username);
        Ok(Ok(()))
    } else {
        tracing::info!(%addr, user = %user.id, "wrong password confirming a change");
        Ok(Err(NotConfirmed::WrongPassword))
    }
}

/// Field errors of the change-password form (and of the API's, under the form's field names).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PasswordErrors {
    #[serde(rename = "current_password", skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    #[serde(rename = "new_password", skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    #[serde(
        rename = "new_password_confirm",
        skip_serializing_if = "Option::is_none"
    )]
    pub confirm: Option<String>,
}

/// What became of a password change.
#[derive(Debug)]
pub enum PasswordChanged {
    /// Changed; every earlier token is dead and this is the browser's new login.
    Changed(Session),
    Invalid(PasswordErrors),
    Limited(Refused),
}

/// Changes the password after checking the current one; every session of the account (other
/// browsers, API tokens) is logged out, and the asker gets a fresh login.
pub async fn change_password(
    state: &AuthState,
    pool: &PgPool,
    addr: IpAddr,
    user: &User,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<PasswordChanged, AppError> {
    let (new_error, confirm_error) = validate::password(new, confirm);
    let mut errors = PasswordErrors {
        current: None,
        new: new_error,
        confirm: confirm_error,
    };
    match confirm_password(state, pool, addr, user, current).await? {
        Ok(()) => {}
        Err(NotConfirmed::Missing) => errors.current = Some("Type your current password.".into()),
        Err(NotConfirmed::WrongPassword) => errors.current = Some(WRONG_CURRENT_PASSWORD.into()),
        Err(NotConfirmed::Limited(r)) => return Ok(PasswordChanged::Limited(r)),
    }
    if errors != PasswordErrors::default() {
        return Ok(PasswordChanged::Invalid(errors));
    }
    let hash = password::hash_password_blocking(new.to_owned())
        .await
        .map_err(unexpected)?;
    let user = users::set_password(pool, user.id, &hash)
        .await?
        .ok_or_else(|| AppError::not_found("This account no longer exists."))?;
    tracing::info!(user = %user.id, "password changed; every other session logged out");
    Ok(PasswordChanged::Changed(issue(state, user)?))
}

/// What became of a request to delete the account.
#[derive(Debug)]
pub enum AccountDeleted {
    Deleted(crate::db::account_data::Deleted),
    NotConfirmed(NotConfirmed),
}

/// Deletes the account and its answers once its password is confirmed (see
/// [`crate::db::account_data::delete_account`] for what goes and what is handed over).
pub async fn delete_account(
    state: &AuthState,
    pool: &PgPool,
    addr: IpAddr,
    user: &User,
    password: &str,
) -> Result<AccountDeleted, AppError> {
    if let Err(why) = confirm_password(state, pool, addr, user, password).await? {
        return Ok(AccountDeleted::NotConfirmed(why));
    }
    let done = crate::db::account_data::delete_account(pool, user.id)
        .await?
        .ok_or_else(|| AppError::not_found("This account no longer exists."))?;
    tracing::info!(
        user = %user.id,
        teams_handed_over = done.teams_handed_over.len(),
        teams_deleted = done.teams_deleted.len(),
        boards_rebuilt = done.boards_rebuilt.len(),
        "account deleted"
    );
    Ok(AccountDeleted::Deleted(done))
}
