//! Teams and leaderboards as JSON under `/api/v1/teams` (bearer tokens; see
//! [`crate::routes::accounts::api`]). Non-members get 404 for every team URL.
//!
//! [`TeamsApiDoc`] describes these endpoints; [`crate::routes::openapi`] merges it into the app's
//! document at `/api/openapi.json`.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;
use uuid::Uuid;

use super::board::{BoardQuery, Row};
use super::topic_name;
use crate::db::teams as db;
use crate::leaderboard::{RULE, Window};
use crate::startup::AppState;
use crate::teams::Role;
use crate::teams::invite::DEFAULT_EXPIRY_DAYS;
use crate::teams::service;
use crate::web::AppError;
use crate::web::user::CurrentUser;

/// The OpenAPI description of the team endpoints (merge into the app's document).
#[derive(OpenApi)]
#[openapi(
    paths(
        list_teams, create_team, get_team, delete_team, join_team, leave_team, make_invite,
        revoke_invite, remove_member, set_role, transfer, leaderboard
    ),
    components(schemas(
        TeamView, TeamDetail, MemberView, ActivityView, TopicView, InviteView, NewInviteView,
        CreateTeam, JoinTeam, InviteRequest, RoleRequest, TransferRequest, BoardView, RowView,
        Role, Window
    )),
    tags((name = "teams", description = "Teams, invites and leaderboards"))
)]
pub struct TeamsApiDoc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/api/v1/teams")
            .route(web::get().to(list_teams))
            .route(web::post().to(create_team)),
    )
    .route("/api/v1/teams/join", web::post().to(join_team))
    .service(
        web::resource("/api/v1/teams/{id}")
            .route(web::get().to(get_team))
            .route(web::delete().to(delete_team)),
    )
    .route("/api/v1/teams/{id}/leave", web::post().to(leave_team))
    .service(
        web::resource("/api/v1/teams/{id}/invite")
            .route(web::post().to(make_invite))
            .route(web::delete().to(revoke_invite)),
    )
    .route(
        "/api/v1/teams/{id}/members/{user_id}",
        web::delete().to(remove_member),
    )
    .route(
        "/api/v1/teams/{id}/members/{user_id}/role",
        web::put().to(set_role),
    )
    .route("/api/v1/teams/{id}/transfer", web::post().to(transfer))
    .route("/api/v1/teams/{id}/leaderboard", web::get().to(leaderboard));
}

/// A team the caller belongs to.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TeamView {
    pub id: Uuid,
    pub name: String,
    /// The caller's role.
    pub role: Role,
    pub members: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub user_id: Uuid,
    pub username: String,
    pub role: Role,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ActivityView {
    pub username: String,
    pub question_id: String,
    pub topic: String,
    pub difficulty: String,
    pub score: f32,
    pub submitted_at: DateTime<Utc>,
}

/// A topic and the team's average best score in it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TopicView {
    pub topic: String,
    pub name: String,
    pub average_score: f64,
    pub answers: i64,
}

/// The team's current invite (its code is only shown when it is made).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InviteView {
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub expired: bool,
}

/// A team with its members (up to 200), recent activity and weakest topics.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TeamDetail {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub member_count: i64,
    pub members: Vec<MemberView>,
    pub activity: Vec<ActivityView>,
    pub weakest_topics: Vec<TopicView>,
    /// Present for admins and the owner when the team has an unrevoked invite.
    pub invite: Option<InviteView>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CreateTeam {
    pub name: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct JoinTeam {
    /// The invite code, or the whole join link.
    pub code: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InviteRequest {
    /// 1, 7, 30 or 90 (default 7).
    pub days: Option<i64>,
}

/// A new invite: the code is returned this once and never stored.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NewInviteView {
    pub code: String,
    /// Path of the join link (`/teams/join/<code>`).
    pub join_path: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RoleRequest {
    /// `admin` or `member`.
    pub role: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TransferRequest {
    pub user_id: Uuid,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RowView {
    /// Ties share a rank.
    pub rank: i64,
    pub username: String,
    pub points: i64,
    /// Questions whose best answer counts in this window.
    pub answers_counted: i64,
    pub average_score: Option<f64>,
    /// Days in a row (UTC) with a counted answer, ending today or yesterday.
    pub streak: i32,
    pub is_viewer: bool,
}

impl From<Row> for RowView {
    fn from(r: Row) -> Self {
        Self {
            rank: r.rank,
            username: r.username,
            points: r.points,
            answers_counted: r.counted,
            average_score: r.average,
            streak: r.streak,
            is_viewer: r.is_viewer,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BoardView {
    pub window: Window,
    /// First day (UTC) of the window's period.
    pub period_start: NaiveDate,
    pub topic: Option<String>,
    pub members: i64,
    /// How points are earned.
    pub rule: String,
    pub rows: Vec<RowView>,
    /// The caller's row when it is not among `rows`.
    pub viewer: Option<RowView>,
}

/// The caller's teams.
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams", security(("bearer" = [])),
    responses((status = 200, body = [TeamView]), (status = 401, description = "No valid token")))]
async fn list_teams(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let teams = db::for_user(&state.pool, user.user.id).await?;
    let views: Vec<TeamView> = teams
        .into_iter()
        .map(|t| TeamView {
            id: t.id,
            name: t.name,
            role: t.role,
            members: t.members,
        })
        .collect();
    Ok(HttpResponse::Ok().json(views))
}

/// Creates a team owned by the caller.
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", security(("bearer" = [])),
    request_body = CreateTeam,
    responses((status = 201, body = TeamView), (status = 400, description = "Bad name")))]
async fn create_team(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<CreateTeam>,
) -> Result<HttpResponse, AppError> {
    let team = service::create(&state.pool, user.user.id, &body.name).await?;
    Ok(HttpResponse::Created().json(TeamView {
        id: team.id,
        name: team.name,
        role: Role::Owner,
        members: 1,
    }))
}

/// A team the caller belongs to.
#[utoipa::path(get, path = "/api/v1/teams/{id}", tag = "teams", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = TeamDetail), (status = 404, description = "No such team, or not a member")))]
async fn get_team(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let d = service::detail(&state.pool, *team, user.user.id).await?;
    let members = d
        .members
        .into_iter()
        .map(|x| MemberView {
            role: x.role,
            user_id: x.user_id,
            username: x.username,
            joined_at: x.joined_at,
        })
        .collect();
    let invite = d.invite.map(|i| InviteView {
        expired: i.expires_at <= Utc::now(),
        created_at: i.created_at,
        expires_at: i.expires_at,
    });
    let activity = d
        .activity
        .into_iter()
        .map(|a| ActivityView {
            username: a.username,
            question_id: a.question_id,
            topic: a.topic,
            difficulty: a.difficulty,
            score: a.score,
            submitted_at: a.submitted_at,
        })
        .collect();
    let weakest_topics = d
        .weakest
        .into_iter()
        .map(|t| TopicView {
            name: topic_name(&t.topic),
            topic: t.topic,
            average_score: t.average,
            answers: t.answers,
        })
        .collect();
    Ok(HttpResponse::Ok().json(TeamDetail {
        id: d.membership.team.id,
        name: d.membership.team.name,
        role: d.membership.role,
        created_at: d.membership.team.created_at,
        member_count: d.member_count,
        members,
        activity,
        weakest_topics,
        invite,
    }))
}

/// Deletes a team (owner only).
#[utoipa::path(delete, path = "/api/v1/teams/{id}", tag = "teams", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, description = "Not the owner"), (status = 404)))]
async fn delete_team(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    service::delete(&state.pool, *team, user.user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Joins the team of an invite code (or join link).
#[utoipa::path(post, path = "/api/v1/teams/join", tag = "teams", security(("bearer" = [])),
    request_body = JoinTeam,
    responses((status = 200, body = TeamView), (status = 404, description = "Unknown code"),
        (status = 409, description = "Already a member"),
        (status = 410, description = "Invite expired or revoked")))]
async fn join_team(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<JoinTeam>,
) -> Result<HttpResponse, AppError> {
    let team = service::join(&state.pool, user.user.id, &body.code).await?;
    let m = service::member_view(&state.pool, team, user.user.id).await?;
    Ok(HttpResponse::Ok().json(TeamView {
        id: m.team.id,
        name: m.team.name,
        role: m.role,
        members: db::member_count(&state.pool, team).await?,
    }))
}

/// Leaves a team (the owner must transfer ownership or delete the team instead).
#[utoipa::path(post, path = "/api/v1/teams/{id}/leave", tag = "teams", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404), (status = 409, description = "The owner cannot leave")))]
async fn leave_team(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    service::leave(&state.pool, *team, user.user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replaces the team's invite with a new one (admins and the owner); the code is returned once.
#[utoipa::path(post, path = "/api/v1/teams/{id}/invite", tag = "teams", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = InviteRequest,
    responses((status = 201, body = NewInviteView), (status = 400, description = "Bad lifetime"),
        (status = 403, description = "Not an admin"), (status = 404)))]
async fn make_invite(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
    body: web::Json<InviteRequest>,
) -> Result<HttpResponse, AppError> {
    let days = body.days.unwrap_or(DEFAULT_EXPIRY_DAYS);
    let invite = service::rotate_invite(&state.pool, *team, user.user.id, days).await?;
    Ok(HttpResponse::Created().json(NewInviteView {
        join_path: format!("/teams/join/{}", invite.code),
        code: invite.code,
        expires_at: invite.expires_at,
    }))
}

/// Revokes the team's invite (admins and the owner).
#[utoipa::path(delete, path = "/api/v1/teams/{id}/invite", tag = "teams", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409, description = "No invite")))]
async fn revoke_invite(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    service::revoke_invite(&state.pool, *team, user.user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes a member (admins remove members; the owner removes admins too).
#[utoipa::path(delete, path = "/api/v1/teams/{id}/members/{user_id}", tag = "teams",
    security(("bearer" = [])), params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses((status = 204), (status = 400, description = "Not a member"), (status = 403), (status = 404)))]
async fn remove_member(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (team, target) = path.into_inner();
    service::remove(&state.pool, team, user.user.id, target).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Makes a member an admin, or an admin a member (owner only).
#[utoipa::path(put, path = "/api/v1/teams/{id}/members/{user_id}/role", tag = "teams",
    security(("bearer" = [])), params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    request_body = RoleRequest,
    responses((status = 204), (status = 400), (status = 403), (status = 404)))]
async fn set_role(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<RoleRequest>,
) -> Result<HttpResponse, AppError> {
    let (team, target) = path.into_inner();
    service::set_role(&state.pool, team, user.user.id, target, &body.role).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Hands ownership to another member; the old owner becomes an admin.
#[utoipa::path(post, path = "/api/v1/teams/{id}/transfer", tag = "teams", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = TransferRequest,
    responses((status = 204), (status = 400), (status = 403), (status = 404)))]
async fn transfer(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
    body: web::Json<TransferRequest>,
) -> Result<HttpResponse, AppError> {
    service::transfer(&state.pool, *team, user.user.id, body.user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The team's leaderboard: `window` = week (default), month or all; optional `topic` slug;
/// `limit` rows from the top (1-500, default 50) plus the caller's row.
#[utoipa::path(get, path = "/api/v1/teams/{id}/leaderboard", tag = "teams",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("window" = Option<String>, Query), ("topic" = Option<String>, Query),
        ("limit" = Option<i64>, Query)),
    responses((status = 200, body = BoardView), (status = 400, description = "Bad window, topic or limit"),
        (status = 404)))]
async fn leaderboard(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
    query: web::Query<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    let me = user.user.id;
    service::member_view(&state.pool, *team, me).await?;
    let window = query.window()?;
    let topic = service::topic_filter(query.topic.as_deref())?;
    let limit = query.limit.unwrap_or(super::board::PAGE_ROWS);
    let b = service::board(&state.pool, *team, me, window, topic, limit).await?;
    let one_topic = b.topic.is_some();
    Ok(HttpResponse::Ok().json(BoardView {
        window,
        period_start: window.period_start(b.today),
        topic: b.topic,
        members: b.members,
        rule: RULE.to_string(),
        rows: b
            .top
            .iter()
            .map(|r| Row::new(r, me, b.today, one_topic).into())
            .collect(),
        viewer: b
            .viewer
            .as_ref()
            .map(|r| Row::new(r, me, b.today, one_topic).into()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_describes_every_team_endpoint() {
        let doc = serde_json::to_value(TeamsApiDoc::openapi()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for p in [
            "/api/v1/teams",
            "/api/v1/teams/join",
            "/api/v1/teams/{id}",
            "/api/v1/teams/{id}/leave",
            "/api/v1/teams/{id}/invite",
            "/api/v1/teams/{id}/members/{user_id}",
            "/api/v1/teams/{id}/members/{user_id}/role",
            "/api/v1/teams/{id}/transfer",
            "/api/v1/teams/{id}/leaderboard",
        ] {
            assert!(paths.contains_key(p), "{p} missing");
        }
        assert!(doc["components"]["schemas"]["BoardView"].is_object());
    }
}
