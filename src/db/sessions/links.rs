//! A session's shared links (table `session_links`: only token hashes, by kind, with expiry and
//! revocation) and the candidate holding it (table `session_candidates`: the browser's cookie
//! hash, the display name, the account if they joined signed in).

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::db::states::LinkKind;
use crate::live;

/// A shared link found by its token hash.
#[derive(Debug, Clone)]
pub struct Link {
    pub session_id: Uuid,
    pub kind: LinkKind,
    /// Neither revoked nor expired (by the database's clock).
    pub usable: bool,
}

/// The candidate holding a session.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    pub display_name: String,
    #[serde(skip)]
    pub holder_hash: Vec<u8>,
    pub joined_at: DateTime<Utc>,
    /// Joined signed in to an account (their answers can count on its team leaderboards).
    pub signed_in: bool,
}

/// The outcome of a browser trying to join as the candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This browser holds the session (now, or already did).
    Held,
    /// Another browser holds it.
    Taken,
}

/// Issues a new link of `kind`, revoking the session's earlier ones of that kind. A candidate
/// link moves a draft session to `scheduled`.
pub async fn issue_link(
    pool: &PgPool,
    session: Uuid,
    kind: LinkKind,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    revoke(&mut tx, session, kind).await?;
    sqlx::query!(
        "INSERT INTO session_links (token_hash, session_id, kind, expires_at)
         VALUES ($1, $2, $3, $4)",
        token_hash,
        session,
        kind.as_str(),
        expires_at
    )
    .execute(&mut *tx)
    .await?;
    if kind == LinkKind::Candidate {
        sqlx::query!(
            "UPDATE interview_sessions SET state = 'scheduled' WHERE id = $1 AND state = 'draft'",
            session
        )
        .execute(&mut *tx)
        .await?;
    }
    live::notify(&mut tx, session, "link").await?;
    tx.commit().await
}

/// Revokes the session's links of `kind`. Returns how many were live.
pub async fn revoke_links(
    pool: &PgPool,
    session: Uuid,
    kind: LinkKind,
) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let revoked = revoke(&mut tx, session, kind).await?;
    live::notify(&mut tx, session, "link").await?;
    tx.commit().await?;
    Ok(revoked)
}

/// Revokes the session's usable links of `kind` in `tx`; how many there were.
async fn revoke(
    tx: &mut Transaction<'_, Postgres>,
    session: Uuid,
    kind: LinkKind,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "UPDATE session_links SET revoked_at = now()
         WHERE session_id = $1 AND kind = $2 AND revoked_at IS NULL",
        session,
        kind.as_str()
    )
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Whether the session has a usable link of `kind`, and until when.
pub async fn active_link_expiry(
    pool: &PgPool,
    session: Uuid,
    kind: LinkKind,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT max(expires_at) FROM session_links
         WHERE session_id = $1 AND kind = $2 AND revoked_at IS NULL AND expires_at > now()",
        session,
        kind.as_str()
    )
    .fetch_one(pool)
    .await
}

pub async fn find_link(pool: &PgPool, token_hash: &[u8]) -> Result<Option<Link>, sqlx::Error> {
    sqlx::query_as!(
        Link,
        r#"SELECT session_id, kind AS "kind: LinkKind",
                  (revoked_at IS NULL AND expires_at > now()) AS "usable!"
           FROM session_links WHERE token_hash = $1"#,
        token_hash
    )
    .fetch_optional(pool)
    .await
}

pub async fn candidate(pool: &PgPool, session: Uuid) -> Result<Option<Candidate>, sqlx::Error> {
    sqlx::query_as!(
        Candidate,
        "SELECT display_name, holder_hash, joined_at, user_id IS NOT NULL AS \"signed_in!\"
         FROM session_candidates WHERE session_id = $1",
        session
    )
    .fetch_optional(pool)
    .await
}

/// The account of the candidate answering in `interview` (a session's interview), if they joined
/// signed in: their answers carry it.
pub async fn candidate_user(
    conn: &mut sqlx::PgConnection,
    interview: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    let user = sqlx::query_scalar!(
        "SELECT c.user_id FROM interview_sessions s
         JOIN session_candidates c ON c.session_id = s.id
         WHERE s.interview_id = $1",
        interview
    )
    .fetch_optional(conn)
    .await?;
    Ok(user.flatten())
}

/// The browser with cookie hash `holder_hash` tries to hold the session as `display_name`,
/// signed in as `user` or anonymously.
pub async fn claim(
    pool: &PgPool,
    session: Uuid,
    display_name: &str,
    holder_hash: &[u8],
    user: Option<Uuid>,
) -> Result<Claim, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO session_candidates (session_id, display_name, holder_hash, user_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT (session_id) DO NOTHING",
        session,
        display_name,
        holder_hash,
        user
    )
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        live::notify(&mut tx, session, "joined").await?;
        tx.commit().await?;
        return Ok(Claim::Held);
    }
    let holder = sqlx::query_scalar!(
        "SELECT holder_hash FROM session_candidates WHERE session_id = $1",
        session
    )
    .fetch_one(&mut *tx)
    .await?;
    Ok(if holder == holder_hash {
        Claim::Held
    } else {
        Claim::Taken
    })
}
