//! Team pages: `/teams` (my teams, create, join by code), `/teams/{id}` (members, activity,
//! weakest topics, invite and member management), `/teams/join/{code}` (a join link), and the
//! POST actions behind their forms.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::{html, see_other, topic_name};
use crate::db::leaderboard::Activity;
use crate::db::teams::{self as db, LiveInvite, Member, TeamSummary};
use crate::startup::AppState;
use crate::teams::TeamError;
use crate::teams::invite::{DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES};
use crate::teams::service::{self, Membership, NewInvite};
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/teams")
            .route(web::get().to(index))
            .route(web::post().to(create)),
    )
    .route("/teams/join", web::post().to(join))
    .route("/teams/join/{code}", web::get().to(join_link))
    .route("/teams/{id}", web::get().to(show))
    .route("/teams/{id}/invite", web::post().to(rotate_invite))
    .route("/teams/{id}/invite/revoke", web::post().to(revoke_invite))
    .route("/teams/{id}/leave", web::post().to(leave))
    .route("/teams/{id}/transfer", web::post().to(transfer))
    .route("/teams/{id}/delete", web::post().to(delete))
    .route(
        "/teams/{id}/members/{user}/remove",
        web::post().to(remove_member),
    )
    .route("/teams/{id}/members/{user}/role", web::post().to(set_role));
}

#[derive(Template)]
#[template(path = "teams/index.html")]
struct IndexPage {
    layout: Layout,
    teams: Vec<TeamSummary>,
    name: String,
    code: String,
    error: Option<String>,
}

async fn index_page(
    state: &AppState,
    layout: Layout,
    user: &CurrentUser,
    name: String,
    code: String,
    error: Option<String>,
) -> Result<IndexPage, AppError> {
    Ok(IndexPage {
        layout: layout.with_active("teams"),
        teams: db::for_user(&state.pool, user.user.id).await?,
        name,
        code,
        error,
    })
}

async fn index(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
) -> Result<HttpResponse, AppError> {
    let page = index_page(&state, layout, &user, String::new(), String::new(), None).await?;
    html(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct CreateForm {
    name: String,
}

async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    form: web::Form<CreateForm>,
) -> Result<HttpResponse, AppError> {
    match service::create(&state.pool, user.user.id, &form.name).await {
        Ok(team) => Ok(see_other(format!("/teams/{}", team.id))),
        Err(TeamError::Invalid(message)) => {
            let page = index_page(
                &state,
                layout,
                &user,
                form.name.clone(),
                String::new(),
                Some(message),
            )
            .await?;
            html(StatusCode::BAD_REQUEST, &page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct JoinForm {
    code: String,
}

async fn join(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    form: web::Form<JoinForm>,
) -> Result<HttpResponse, AppError> {
    match service::join(&state.pool, user.user.id, &form.code).await {
        Ok(team) => Ok(see_other(format!("/teams/{team}"))),
        Err(e @ TeamError::Db(_)) => Err(e.into()),
        Err(e) => {
            let status = AppError::from(clone_message(&e)).body().status;
            let page = index_page(
                &state,
                layout,
                &user,
                String::new(),
                form.code.clone(),
                Some(e.to_string()),
            )
            .await?;
            html(
                StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
                &page,
            )
        }
    }
}

/// A copy of a client error (for its status), without the database error it cannot hold.
fn clone_message(e: &TeamError) -> TeamError {
    match e {
        TeamError::NotFound => TeamError::NotFound,
        TeamError::Forbidden(m) => TeamError::Forbidden(m.clone()),
        TeamError::Invalid(m) => TeamError::Invalid(m.clone()),
        TeamError::Conflict(m) => TeamError::Conflict(m.clone()),
        TeamError::UnknownInvite => TeamError::UnknownInvite,
        TeamError::ExpiredInvite => TeamError::ExpiredInvite,
        TeamError::RevokedInvite => TeamError::RevokedInvite,
        TeamError::Db(_) => TeamError::Invalid(e.to_string()),
    }
}

#[derive(Template)]
#[template(path = "teams/join.html")]
struct JoinPage {
    layout: Layout,
    team_name: String,
    code: String,
}

/// `GET /teams/join/{code}`: shows which team the link is for, with a button to join (joining
/// changes state, so it is a POST).
async fn join_link(
    state: web::Data<AppState>,
    _user: CurrentUser,
    layout: Layout,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (_, team_name) = service::check_invite(&state.pool, &code).await?;
    let page = JoinPage {
        layout: layout.with_active("teams"),
        team_name,
        code: code.into_inner(),
    };
    html(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "teams/show.html")]
struct TeamPage {
    layout: Layout,
    m: Membership,
    me: Uuid,
    members: Vec<Member>,
    member_count: i64,
    invite: Option<LiveInvite>,
    new_invite: Option<NewInvite>,
    join_url: String,
    expiry_choices: [i64; 4],
    default_expiry: i64,
    activity: Vec<Activity>,
    weakest: Vec<WeakTopic>,
    now: DateTime<Utc>,
}

struct WeakTopic {
    slug: String,
    name: String,
    average: f64,
    answers: i64,
}

impl TeamPage {
    fn can_remove(&self, target: &Member) -> bool {
        target.user_id != self.me && self.m.role.can_remove(target.role)
    }

    fn is_owner(&self) -> bool {
        self.m.role.is_owner()
    }

    fn can_manage_invite(&self) -> bool {
        self.m.role.can_manage_invite()
    }

    fn topic_name(&self, slug: &str) -> String {
        topic_name(slug)
    }
}

async fn team_page(
    state: &AppState,
    layout: Layout,
    user: &CurrentUser,
    team: Uuid,
    new_invite: Option<(NewInvite, String)>,
) -> Result<TeamPage, AppError> {
    let d = service::detail(&state.pool, team, user.user.id).await?;
    let (new_invite, join_url) = match new_invite {
        Some((invite, base)) => {
            let url = format!("{base}/teams/join/{}", invite.code);
            (Some(invite), url)
        }
        None => (None, String::new()),
    };
    let weakest = d
        .weakest
        .into_iter()
        .map(|t| WeakTopic {
            name: topic_name(&t.topic),
            slug: t.topic,
            average: t.average,
            answers: t.answers,
        })
        .collect();
    Ok(TeamPage {
        layout: layout.with_active("teams"),
        me: user.user.id,
        members: d.members,
        member_count: d.member_count,
        invite: d.invite,
        new_invite,
        join_url,
        expiry_choices: EXPIRY_CHOICES,
        default_expiry: DEFAULT_EXPIRY_DAYS,
        activity: d.activity,
        weakest,
        now: Utc::now(),
        m: d.membership,
    })
}

async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    team: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let page = team_page(&state, layout, &user, *team, None).await?;
    html(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    days: Option<i64>,
}

/// Makes a new invite and shows the team page with its code (the only time it is shown).
async fn rotate_invite(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    team: web::Path<Uuid>,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let days = form.days.unwrap_or(DEFAULT_EXPIRY_DAYS);
    let invite = service::rotate_invite(&state.pool, *team, user.user.id, days).await?;
    let base = crate::web::links::public_base(&req, &state.settings);
    let page = team_page(&state, layout, &user, *team, Some((invite, base))).await?;
    html(StatusCode::OK, &page)
}

async fn revoke_invite(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    service::revoke_invite(&state.pool, *team, user.user.id).await?;
    Ok(see_other(format!("/teams/{team}")))
}

async fn leave(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    service::leave(&state.pool, *team, user.user.id).await?;
    Ok(see_other("/teams"))
}

#[derive(Debug, Deserialize)]
pub struct MemberForm {
    user_id: Uuid,
}

async fn transfer(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
    form: web::Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    service::transfer(&state.pool, *team, user.user.id, form.user_id).await?;
    Ok(see_other(format!("/teams/{team}")))
}

async fn delete(
    state: web::Data<AppState>,
    user: CurrentUser,
    team: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    service::delete(&state.pool, *team, user.user.id).await?;
    Ok(see_other("/teams"))
}

async fn remove_member(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, AppError> {
    let (team, target) = path.into_inner();
    service::remove(&state.pool, team, user.user.id, target).await?;
    Ok(see_other(format!("/teams/{team}")))
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    role: String,
}

async fn set_role(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let (team, target) = path.into_inner();
    service::set_role(&state.pool, team, user.user.id, target, &form.role).await?;
    Ok(see_other(format!("/teams/{team}")))
}
