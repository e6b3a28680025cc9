//! Team operations with their permission checks, shared by the pages and the JSON API.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{Role, invite, validate_name};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use crate::db::leaderboard::{self as board_db, Activity, BoardQuery, BoardRow, TopicAverage};
use crate::db::teams::{self as db, LiveInvite, Member, Team};
use crate::leaderboard::Window;
use crate::web::AppError;

/// Why a team operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// No such team, or the user is not a member (the same answer, so ids do not leak).
    #[error("There is no such team, or you are not a member of it.")]
    NotFound,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("That invite code is not valid. Check it, or ask a team admin for a new one.")]
    UnknownInvite,
    #[error("This invite has expired. Ask a team admin for a new one.")]
    ExpiredInvite,
    #[error("This invite was revoked. Ask a team admin for a new one.")]
    RevokedInvite,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<TeamError> for AppError {
    fn from(e: TeamError) -> AppError {
        match e {
            TeamError::NotFound | TeamError::UnknownInvite => AppError::NotFound(e.to_string()),
            TeamError::Forbidden(m) => AppError::Forbidden(m),
            TeamError::Invalid(m) => AppError::BadRequest(m),
            TeamError::Conflict(m) => AppError::Conflict(m),
            TeamError::ExpiredInvite | TeamError::RevokedInvite => AppError::Gone(e.to_string()),
            TeamError::Db(e) => AppError::Database(e),
        }
    }
}

/// A team as seen by one of its members.
#[derive(Debug, Clone)]
pub struct Membership {
    pub team: Team,
    pub role: Role,
}

/// Creates a team owned by `user`.
pub async fn create(pool: &PgPool, user: Uuid, name: &str) -> Result<Team, TeamError> {
    let name = validate_name(name).map_err(TeamError::Invalid)?;
    let team = db::create(pool, &name, user).await?;
    tracing::info!(team = %team.id, %user, "team created");
    Ok(team)
}

/// The team and the user's role, or [`TeamError::NotFound`] for non-members.
pub async fn member_view(pool: &PgPool, team: Uuid, user: Uuid) -> Result<Membership, TeamError> {
    let (team, role) = db::membership(pool, team, user)
        .await?
        .ok_or(TeamError::NotFound)?;
    Ok(Membership { team, role })
}

/// How many members the team page and `GET /api/v1/teams/{id}` list.
pub const MEMBERS_SHOWN: i64 = 200;
/// How many recent answers of a team's members its page and API show.
pub const RECENT_ACTIVITY: i64 = 15;

/// What a member sees of a team (the team page and `GET /api/v1/teams/{id}` show the same).
#[derive(Debug, Clone)]
pub struct Detail {
    pub membership: Membership,
    /// Owner first, then admins, then by name; at most [`MEMBERS_SHOWN`].
    pub members: Vec<Member>,
    pub member_count: i64,
    /// The live invite, only for those who manage invites.
    pub invite: Option<LiveInvite>,
    pub activity: Vec<Activity>,
    pub weakest: Vec<TopicAverage>,
}

/// The team as `viewer` (a member) sees it, or [`TeamError::NotFound`] for non-members.
pub async fn detail(pool: &PgPool, team: Uuid, viewer: Uuid) -> Result<Detail, TeamError> {
    let membership = member_view(pool, team, viewer).await?;
    let member_count = db::member_count(pool, team).await?;
    let invite = if membership.role.can_manage_invite() {
        db::live_invite(pool, team).await?
    } else {
        None
    };
    Ok(Detail {
        members: db::members(pool, team, MEMBERS_SHOWN).await?,
        invite,
        activity: board_db::activity(pool, team, RECENT_ACTIVITY).await?,
        weakest: weakest_topics(pool, team, member_count).await?,
        member_count,
        membership,
    })
}

/// A freshly made invite: the code is shown now and never again.
#[derive(Debug, Clone)]
pub struct NewInvite {
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

/// Replaces the team's invite with a new one lasting `days` days (admins and the owner).
pub async fn rotate_invite(
    pool: &PgPool,
    team: Uuid,
    user: Uuid,
    days: i64,
) -> Result<NewInvite, TeamError> {
    let m = member_view(pool, team, user).await?;
    if !m.role.can_manage_invite() {
        return Err(TeamError::Forbidden(
            "Only the team's owner and admins can make invites.".into(),
        ));
    }
    if !invite::EXPIRY_CHOICES.contains(&days) {
        return Err(TeamError::Invalid(format!(
            "An invite lasts one of {:?} days, not {days}.",
            invite::EXPIRY_CHOICES
        )));
    }
    let code = invite::generate();
    let normalised = invite::normalise(&code).expect("generated codes normalise");
    let expires_at = Utc::now() + Duration::days(days);
    db::rotate_invite(pool, team, user, &invite::hash(&normalised), expires_at).await?;
    tracing::info!(%team, %user, days, "team invite rotated");
    Ok(NewInvite { code, expires_at })
}

/// Revokes the team's invite (admins and the owner).
pub async fn revoke_invite(pool: &PgPool, team: Uuid, user: Uuid) -> Result<(), TeamError> {
    let m = member_view(pool, team, user).await?;
    if !m.role.can_manage_invite() {
        return Err(TeamError::Forbidden(
            "Only the team's owner and admins can revoke invites.".into(),
        ));
    }
    if !db::revoke_invite(pool, team).await? {
        return Err(TeamError::Conflict(
            "The team has no invite to revoke.".into(),
        ));
    }
    tracing::info!(%team, %user, "team invite revoked");
    Ok(())
}

/// The team a code (or join link) invites to, if the invite is usable now.
pub async fn check_invite(pool: &PgPool, code: &str) -> Result<(Uuid, String), TeamError> {
    let normalised = invite::normalise(code).ok_or(TeamError::UnknownInvite)?;
    let found = db::find_invite(pool, &invite::hash(&normalised))
        .await?
        .ok_or(TeamError::UnknownInvite)?;
    if found.revoked_at.is_some() {
        return Err(TeamError::RevokedInvite);
    }
    if found.expires_at <= Utc::now() {
        return Err(TeamError::ExpiredInvite);
    }
    Ok((found.team_id, found.team_name))
}

/// Joins the team of a valid invite. Returns the team id.
pub async fn join(pool: &PgPool, user: Uuid, code: &str) -> Result<Uuid, TeamError> {
    let (team, _) = check_invite(pool, code).await?;
    if !db::add_member(pool, team, user).await? {
        return Err(TeamError::Conflict(
            "You are already a member of this team.".into(),
        ));
    }
    tracing::info!(%team, %user, "joined team");
    Ok(team)
}

/// Leaves a team (not the owner: they transfer ownership or delete the team).
pub async fn leave(pool: &PgPool, team: Uuid, user: Uuid) -> Result<(), TeamError> {
    let m = member_view(pool, team, user).await?;
    if !m.role.can_leave() {
        return Err(TeamError::Conflict(
            "The owner cannot leave: transfer ownership to another member or delete the team."
                .into(),
        ));
    }
    db::remove_member(pool, team, user).await?;
    tracing::info!(%team, %user, "left team");
    Ok(())
}

/// The role of `target` in the team, or 404 when they are not a member.
async fn target_role(pool: &PgPool, team: Uuid, target: Uuid) -> Result<Role, TeamError> {
    db::role_of(pool, team, target)
        .await?
        .ok_or_else(|| TeamError::Invalid("That user is not a member of this team.".into()))
}

/// Removes `target` from the team (admins remove members, the owner removes anyone but
/// themselves).
pub async fn remove(pool: &PgPool, team: Uuid, actor: Uuid, target: Uuid) -> Result<(), TeamError> {
    let m = member_view(pool, team, actor).await?;
    if actor == target {
        return Err(TeamError::Invalid(
            "To remove yourself, leave the team.".into(),
        ));
    }
    let t = target_role(pool, team, target).await?;
    if !m.role.can_remove(t) {
        return Err(TeamError::Forbidden(format!(
            "As {} you cannot remove a team {t}.",
            m.role
        )));
    }
    db::remove_member(pool, team, target).await?;
    tracing::info!(%team, %actor, %target, "member removed");
    Ok(())
}

/// Makes `target` an admin or a member again (the owner only).
pub async fn set_role(
    pool: &PgPool,
    team: Uuid,
    actor: Uuid,
    target: Uuid,
    to: &str,
) -> Result<(), TeamError> {
    let m = member_view(pool, team, actor).await?;
    let to = Role::parse(to)
        .filter(|r| *r != Role::Owner)
        .ok_or_else(|| TeamError::Invalid(format!("A role is admin or member, not {to:?}.")))?;
    let t = target_role(pool, team, target).await?;
    if !m.role.can_set_role(t, to) {
        return Err(TeamError::Forbidden(
            "Only the team's owner can change roles.".into(),
        ));
    }
    db::set_role(pool, team, target, to).await?;
    tracing::info!(%team, %actor, %target, role = %to, "role changed");
    Ok(())
}

/// Hands the team to `target`; the old owner becomes an admin.
pub async fn transfer(
    pool: &PgPool,
    team: Uuid,
    actor: Uuid,
    target: Uuid,
) -> Result<(), TeamError> {
    let m = member_view(pool, team, actor).await?;
    if !m.role.is_owner() {
        return Err(TeamError::Forbidden(
            "Only the team's owner can transfer ownership.".into(),
        ));
    }
    if actor == target {
        return Err(TeamError::Invalid("You already own this team.".into()));
    }
    target_role(pool, team, target).await?;
    if !db::transfer(pool, team, actor, target).await? {
        return Err(TeamError::Conflict(
            "The team changed meanwhile; try again.".into(),
        ));
    }
    tracing::info!(%team, from = %actor, to = %target, "ownership transferred");
    Ok(())
}

/// Deletes the team (the owner only).
pub async fn delete(pool: &PgPool, team: Uuid, actor: Uuid) -> Result<(), TeamError> {
    let m = member_view(pool, team, actor).await?;
    if !m.role.is_owner() {
        return Err(TeamError::Forbidden(
            "Only the team's owner can delete it.".into(),
        ));
    }
    db::delete(pool, team).await?;
    tracing::info!(%team, %actor, "team deleted");
    Ok(())
}

/// Most rows a board shows from the top.
pub const MAX_BOARD_ROWS: i64 = 500;

/// A board row with its rank (ties share a rank).
#[derive(Debug, Clone)]
pub struct Ranked {
    pub rank: i64,
    pub row: BoardRow,
}

/// A leaderboard as shown: rows from the top, and the viewer's row when it is further down.
#[derive(Debug, Clone)]
pub struct Board {
    pub window: Window,
    pub topic: Option<String>,
    pub top: Vec<Ranked>,
    pub viewer: Option<Ranked>,
    pub members: i64,
    pub today: NaiveDate,
}

/// A topic slug for a filter (`None` for every topic), or why it is not one.
pub fn topic_filter(topic: Option<&str>) -> Result<Option<String>, TeamError> {
    match topic
        .map(str::trim)
        .filter(|t| !t.is_empty() && *t != "all")
    {
        None => Ok(None),
        Some(t) => crate::corpus::topics::topic(t)
            .map(|t| Some(t.slug.to_string()))
            .ok_or_else(|| TeamError::Invalid(format!("There is no topic {t:?}."))),
    }
}

/// The team's board for `window` and `topic`, seen by `viewer` (a member).
pub async fn board(
    pool: &PgPool,
    team: Uuid,
    viewer: Uuid,
    window: Window,
    topic: Option<String>,
    limit: i64,
) -> Result<Board, TeamError> {
    if !(1..=MAX_BOARD_ROWS).contains(&limit) {
        return Err(TeamError::Invalid(format!(
            "A board shows 1 to {MAX_BOARD_ROWS} rows, not {limit}."
        )));
    }
    let today = Utc::now().date_naive();
    let q = BoardQuery {
        team,
        window,
        period: window.period_start(today),
        topic: topic.as_deref().unwrap_or(""),
        viewer,
        limit,
    };
    let mut rows = board_db::top(pool, &q).await?;
    let short = limit - rows.len() as i64;
    if short > 0 {
        // Everyone with points fits: fill up with members who have none (0 points).
        rows.extend(board_db::idle(pool, &q, short).await?);
    }
    let points: Vec<i64> = rows.iter().map(|r| r.points).collect();
    let mut top: Vec<Ranked> = crate::leaderboard::ranks(&points)
        .into_iter()
        .zip(rows)
        .map(|(rank, row)| Ranked { rank, row })
        .collect();
    // Within a tie, by name.
    top.sort_by(|a, b| {
        (a.rank, a.row.username.to_lowercase()).cmp(&(b.rank, b.row.username.to_lowercase()))
    });
    let viewer = if top.iter().any(|r| r.row.user_id == viewer) {
        None
    } else {
        board_db::viewer(pool, &q)
            .await?
            .map(|(row, ahead)| Ranked {
                rank: ahead + 1,
                row,
            })
    };
    Ok(Board {
        window,
        topic,
        top,
        viewer,
        members: db::member_count(pool, team).await?,
        today,
    })
}

/// How long a team's weakest topics are reused before they are computed again.
pub const WEAKEST_TTL: std::time::Duration = std::time::Duration::from_secs(60);

type WeakestCache = Mutex<HashMap<Uuid, (Instant, Vec<TopicAverage>)>>;
static WEAKEST: OnceLock<WeakestCache> = OnceLock::new();

/// Teams at least this big have their weakest topics cached.
pub const WEAKEST_CACHE_MEMBERS: i64 = 1000;

/// The team's five weakest topics (lowest average best score). They cost a pass over every
/// member's all-time topic rows (about 190,000 rows for 10,000 members, ~100 ms), so a big team's
/// list (`members` >= [`WEAKEST_CACHE_MEMBERS`]) is kept for [`WEAKEST_TTL`] in this process;
/// smaller teams see every answer at once.
pub async fn weakest_topics(
    pool: &PgPool,
    team: Uuid,
    members: i64,
) -> Result<Vec<TopicAverage>, TeamError> {
    if members < WEAKEST_CACHE_MEMBERS {
        return Ok(board_db::weakest_topics(pool, team, 5).await?);
    }
    let cache = WEAKEST.get_or_init(Default::default);
    if let Ok(map) = cache.lock()
        && let Some((at, topics)) = map.get(&team)
        && at.elapsed() < WEAKEST_TTL
    {
        return Ok(topics.clone());
    }
    let topics = board_db::weakest_topics(pool, team, 5).await?;
    if let Ok(mut map) = cache.lock() {
        if map.len() >= 10_000 {
            map.retain(|_, (at, _)| at.elapsed() < WEAKEST_TTL);
        }
        map.insert(team, (Instant::now(), topics.clone()));
    }
    Ok(topics)
}
