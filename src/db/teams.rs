//! Teams, memberships and invites in PostgreSQL (tables from `migrations/*_teams.sql`). Who may
//! do what is decided in [`crate::teams`]; these functions only read and write.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::teams::Role;

#[derive(Debug, Clone)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// A team as listed on "my teams".
#[derive(Debug, Clone)]
pub struct TeamSummary {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub members: i64,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: Uuid,
    pub username: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
}

/// The team's unrevoked invite (its code is not stored).
#[derive(Debug, Clone)]
pub struct LiveInvite {
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// An invite found by its code's hash.
#[derive(Debug, Clone)]
pub struct FoundInvite {
    pub team_id: Uuid,
    pub team_name: String,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Creates a team with `owner` as its owner.
pub async fn create(pool: &PgPool, name: &str, owner: Uuid) -> Result<Team, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let team = sqlx::query_as!(
        Team,
        "INSERT INTO teams (name) VALUES ($1) RETURNING id, name, created_at",
        name
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'owner')",
        team.id,
        owner
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(team)
}

/// The teams `user` belongs to, by name.
pub async fn for_user(pool: &PgPool, user: Uuid) -> Result<Vec<TeamSummary>, sqlx::Error> {
    sqlx::query_as!(
        TeamSummary,
        r#"SELECT t.id, t.name, m.role AS "role: Role",
                  (SELECT count(*) FROM team_members c WHERE c.team_id = t.id) AS "members!"
           FROM team_members m JOIN teams t ON t.id = m.team_id
           WHERE m.user_id = $1
           ORDER BY lower(t.name), t.id"#,
        user
    )
    .fetch_all(pool)
    .await
}

/// The team and `user`'s role in it, if they are a member.
pub async fn membership(
    pool: &PgPool,
    team: Uuid,
    user: Uuid,
) -> Result<Option<(Team, Role)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT t.id, t.name, t.created_at, m.role AS "role: Role"
         FROM teams t JOIN team_members m ON m.team_id = t.id
         WHERE t.id = $1 AND m.user_id = $2"#,
        team,
        user
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| {
        (
            Team {
                id: r.id,
                name: r.name,
                created_at: r.created_at,
            },
            r.role,
        )
    }))
}

/// `user`'s role in `team`, if a member.
pub async fn role_of(pool: &PgPool, team: Uuid, user: Uuid) -> Result<Option<Role>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT role AS "role: Role" FROM team_members WHERE team_id = $1 AND user_id = $2"#,
        team,
        user
    )
    .fetch_optional(pool)
    .await
}

/// Members, owner first, then admins, then by name; at most `limit`.
pub async fn members(pool: &PgPool, team: Uuid, limit: i64) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as!(
        Member,
        r#"SELECT m.user_id, u.username, m.role AS "role: Role", m.joined_at
         FROM team_members m JOIN users u ON u.id = m.user_id
         WHERE m.team_id = $1
         ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END,
                  lower(u.username)
         LIMIT $2"#,
        team,
        limit
    )
    .fetch_all(pool)
    .await
}

pub async fn member_count(pool: &PgPool, team: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM team_members WHERE team_id = $1"#,
        team
    )
    .fetch_one(pool)
    .await
}

/// Adds `user` as a member. Returns false when they already belong to the team.
pub async fn add_member(pool: &PgPool, team: Uuid, user: Uuid) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'member')
         ON CONFLICT (team_id, user_id) DO NOTHING",
        team,
        user
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Removes a member who is not the owner. Returns whether a row went.
pub async fn remove_member(pool: &PgPool, team: Uuid, user: Uuid) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2 AND role <> 'owner'",
        team,
        user
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Sets a non-owner member's role to `admin` or `member`.
pub async fn set_role(
    pool: &PgPool,
    team: Uuid,
    user: Uuid,
    role: Role,
) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE team_members SET role = $3
         WHERE team_id = $1 AND user_id = $2 AND role <> 'owner'",
        team,
        user,
        role as Role
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Makes `to` the owner and the current owner `from` an admin, in one transaction.
pub async fn transfer(
    pool: &PgPool,
    team: Uuid,
    from: Uuid,
    to: Uuid,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let demoted = sqlx::query!(
        "UPDATE team_members SET role = 'admin'
         WHERE team_id = $1 AND user_id = $2 AND role = 'owner'",
        team,
        from
    )
    .execute(&mut *tx)
    .await?;
    let promoted = sqlx::query!(
        "UPDATE team_members SET role = 'owner'
         WHERE team_id = $1 AND user_id = $2 AND role <> 'owner'",
        team,
        to
    )
    .execute(&mut *tx)
    .await?;
    if demoted.rows_affected() != 1 || promoted.rows_affected() != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn delete(pool: &PgPool, team: Uuid) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!("DELETE FROM teams WHERE id = $1", team)
        .execute(pool)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// The team's unrevoked invite, expired or not.
pub async fn live_invite(pool: &PgPool, team: Uuid) -> Result<Option<LiveInvite>, sqlx::Error> {
    sqlx::query_as!(
        LiveInvite,
        "SELECT created_at, expires_at FROM team_invites
         WHERE team_id = $1 AND revoked_at IS NULL",
        team
    )
    .fetch_optional(pool)
    .await
}

/// Revokes the team's invite, if any, and stores a new one by its code's hash.
pub async fn rotate_invite(
    pool: &PgPool,
    team: Uuid,
    by: Uuid,
    code_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE team_invites SET revoked_at = now() WHERE team_id = $1 AND revoked_at IS NULL",
        team
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO team_invites (team_id, code_hash, created_by, expires_at)
         VALUES ($1, $2, $3, $4)",
        team,
        code_hash,
        by,
        expires_at
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Revokes the team's invite. Returns whether there was one.
pub async fn revoke_invite(pool: &PgPool, team: Uuid) -> Result<bool, sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE team_invites SET revoked_at = now() WHERE team_id = $1 AND revoked_at IS NULL",
        team
    )
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The invite with this code hash, whatever its state.
pub async fn find_invite(
    pool: &PgPool,
    code_hash: &[u8],
) -> Result<Option<FoundInvite>, sqlx::Error> {
    sqlx::query_as!(
        FoundInvite,
        "SELECT i.team_id, t.name AS team_name, i.expires_at, i.revoked_at
         FROM team_invites i JOIN teams t ON t.id = i.team_id
         WHERE i.code_hash = $1",
        code_hash
    )
    .fetch_optional(pool)
    .await
}
