//! Accounts and token revocation in PostgreSQL (tables from `migrations/*_accounts.sql`).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// An account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub email: String,
    pub token_version: i32,
    pub created_at: DateTime<Utc>,
    /// Curators edit rubrics and answer appeals and flags (issue 17).
    pub curator: bool,
}

/// What a login needs: the account and its password hash.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("that username is taken")]
    UsernameTaken,
    #[error("that email is already registered")]
    EmailTaken,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates an account. Usernames and emails are unique without regard to case. The first account
/// of an install is made a curator (two registrations racing on an empty install may both be).
pub async fn create(
    pool: &PgPool,
    username: &str,
    email: &str,
    password_hash: &str,
) -> Result<User, CreateUserError> {
    sqlx::query_as!(
        User,
        r#"INSERT INTO users (username, email, password_hash, curator)
           SELECT $1, $2, $3, NOT EXISTS (SELECT 1 FROM users)
           RETURNING id, username, email, token_version, created_at, curator"#,
        username,
        email,
        password_hash
    )
    .fetch_one(pool)
    .await
    .map_err(|e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => match d.constraint() {
            Some("users_username_lower_key") => CreateUserError::UsernameTaken,
            Some("users_email_lower_key") => CreateUserError::EmailTaken,
            _ => CreateUserError::Db(e),
        },
        _ => CreateUserError::Db(e),
    })
}

/// Finds an account by username or email, ignoring case, with its password hash.
pub async fn find_credentials(
    pool: &PgPool,
    username_or_email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT id, username, email, token_version, created_at, curator, password_hash
           FROM users
           WHERE lower(username) = lower($1) OR lower(email) = lower($1)
           LIMIT 1"#,
        username_or_email
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Credentials {
        user: User {
            id: r.id,
            username: r.username,
            email: r.email,
            token_version: r.token_version,
            created_at: r.created_at,
            curator: r.curator,
        },
        password_hash: r.password_hash,
    }))
}

/// Finds an account by id.
pub async fn find_by_id(pool: &PgPool, id: Uuid) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as!(
        User,
        "SELECT id, username, email, token_version, created_at, curator FROM users WHERE id = $1",
        id
    )
    .fetch_optional(pool)
    .await
}

/// The account a token names, and whether the token's id has been revoked, in one query.
/// `None` when the account no longer exists.
pub async fn token_state(
    pool: &PgPool,
    user_id: Uuid,
    jti: Uuid,
) -> Result<Option<(User, bool)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT id, username, email, token_version, created_at, curator,
                  EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = $2) AS "revoked!"
           FROM users WHERE id = $1"#,
        user_id,
        jti
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| {
        (
            User {
                id: r.id,
                username: r.username,
                email: r.email,
                token_version: r.token_version,
                created_at: r.created_at,
                curator: r.curator,
            },
            r.revoked,
        )
    }))
}

/// Revokes one token until it expires, and forgets revocations of tokens that have expired.
pub async fn revoke_token(
    pool: &PgPool,
    jti: Uuid,
    user_id: Uuid,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("DELETE FROM revoked_tokens WHERE expires_at < now()")
        .execute(&mut *tx)
        .await?;
    sqlx::query!(
        r#"INSERT INTO revoked_tokens (jti, user_id, expires_at) VALUES ($1, $2, $3)
           ON CONFLICT (jti) DO NOTHING"#,
        jti,
        user_id,
        expires_at
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Increments the account's token version, invalidating every token issued so far; returns
/// the new version (`None` if there is no such account).
pub async fn bump_token_version(pool: &PgPool, user_id: Uuid) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE users SET token_version = token_version + 1 WHERE id = $1 RETURNING token_version",
        user_id
    )
    .fetch_optional(pool)
    .await
}

/// The account's password hash (`None` when there is no such account).
pub async fn password_hash(pool: &PgPool, user_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", user_id)
        .fetch_optional(pool)
        .await
}

/// Stores a new password hash and bumps the token version in one statement, so every token
/// issued with the old password stops working; returns the account as it is now.
pub async fn set_password(
    pool: &PgPool,
    user_id: Uuid,
    password_hash: &str,
) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as!(
        User,
        r#"UPDATE users SET password_hash = $2, token_version = token_version + 1
           WHERE id = $1
           RETURNING id, username, email, token_version, created_at, curator"#,
        user_id,
        password_hash
    )
    .fetch_optional(pool)
    .await
}

/// Grants or revokes the curator role of the account named `username` (any case); returns
/// whether there is such an account.
pub async fn set_curator(
    pool: &PgPool,
    username: &str,
    curator: bool,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE users SET curator = $2 WHERE lower(username) = lower($1)",
        username,
        curator
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}
