//! The owner's pages: the dashboard (`/interviews`), creating a session, preparing its questions
//! (bank search with filters, automatic dealing, own questions), templates, the candidate link
//! (issue, regenerate, revoke), and starting or finishing the session.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{back_to_live, issue_link_url, owned, render, see_other};
use crate::db::sessions::{self, BankHit, Listed, Session, SessionQuestion};
use crate::interviews::SessionState;
use crate::interviews::access::LinkKind;
use crate::interviews::{prepare as service, run};
use crate::startup::AppState;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/interviews", web::get().to(dashboard))
        .route("/interviews", web::post().to(create))
        .route("/interviews/{id}", web::get().to(show))
        .route("/interviews/{id}/questions", web::post().to(add_question))
        .route("/interviews/{id}/deal", web::post().to(deal))
        .route("/interviews/{id}/own", web::post().to(add_own))
        .route(
            "/interviews/{id}/questions/{position}/remove",
            web::post().to(remove),
        )
        .route(
            "/interviews/{id}/questions/{position}/move",
            web::post().to(move_question),
        )
        .route("/interviews/{id}/template", web::post().to(template))
        .route("/interviews/{id}/copy", web::post().to(copy))
        .route(
            "/interviews/{id}/leaderboards",
            web::post().to(leaderboards),
        )
        .route("/interviews/{id}/link", web::post().to(issue_link))
        .route("/interviews/{id}/link/revoke", web::post().to(revoke_link))
        .route("/interviews/{id}/start", web::post().to(start))
        .route("/interviews/{id}/finish", web::post().to(finish));
}

/// Back to the session's preparation page, after a change to it.
fn back_to(session: &Session) -> HttpResponse {
    see_other(format!("/interviews/{}", session.id))
}

#[derive(Template)]
#[template(path = "interviews/dashboard.html")]
struct Dashboard {
    layout: Layout,
    groups: Vec<(&'static str, Vec<Listed>)>,
    templates: Vec<Listed>,
}

#[derive(Template)]
#[template(path = "interviews/prepare.html")]
struct Prepare {
    layout: Layout,
    session: Session,
    questions: Vec<SessionQuestion>,
    editable: bool,
    link_expires: Option<DateTime<Utc>>,
    /// The link just issued: shown this once.
    new_link: Option<String>,
    candidate: Option<String>,
    search: SearchQuery,
    hits: Vec<BankHit>,
    topics: Vec<String>,
}

impl Prepare {
    fn topic_name(&self, slug: &str) -> String {
        crate::corpus::topics::display_name(slug)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    difficulty: String,
}

#[derive(Debug, Deserialize)]
pub struct CreateForm {
    title: String,
    #[serde(default)]
    candidate_name: String,
    minutes: i32,
    #[serde(default)]
    count_for_leaderboards: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct AddForm {
    question_id: String,
}

#[derive(Debug, Deserialize)]
pub struct DealForm {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    difficulty: String,
    count: i64,
}

#[derive(Debug, Deserialize)]
pub struct OwnForm {
    prompt: String,
    reference: String,
}

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    /// `up` or `down`.
    direction: String,
}

#[derive(Debug, Deserialize)]
pub struct TemplateForm {
    on: bool,
}

async fn dashboard(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
) -> Result<HttpResponse, AppError> {
    let all = sessions::list_for_owner(&state.pool, user.user.id).await?;
    let (templates, runs): (Vec<_>, Vec<_>) = all.into_iter().partition(|s| s.is_template);
    let groups = SessionState::DASHBOARD
        .into_iter()
        .map(|st| {
            let rows = runs.iter().filter(|s| s.state == st).cloned().collect();
            (st.label(), rows)
        })
        .collect();
    render(&Dashboard {
        layout: layout.with_active("interviews"),
        groups,
        templates,
    })
}

async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    form: web::Form<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let id = service::create(
        &state.pool,
        user.user.id,
        &service::Draft {
            title: &form.title,
            candidate_name: &form.candidate_name,
            minutes: form.minutes,
            count_for_leaderboards: form.count_for_leaderboards.is_some(),
        },
    )
    .await?;
    Ok(see_other(format!("/interviews/{id}")))
}

async fn prepare_page(
    state: &AppState,
    layout: Layout,
    session: Session,
    search: SearchQuery,
    new_link: Option<String>,
) -> Result<Prepare, AppError> {
    service::check_difficulty(&search.difficulty)?;
    let pool = &state.pool;
    let questions = sessions::questions(pool, session.id).await?;
    let link_expires = sessions::active_link_expiry(pool, session.id, LinkKind::Candidate).await?;
    let candidate = sessions::candidate(pool, session.id)
        .await?
        .map(|c| c.display_name);
    let editable = service::questions_can_change(&session);
    let hits = if editable {
        sessions::search_bank(pool, search.q.trim(), &search.topic, &search.difficulty, 25).await?
    } else {
        Vec::new()
    };
    Ok(Prepare {
        layout: layout.with_active("interviews"),
        questions,
        editable,
        link_expires,
        new_link,
        candidate,
        hits,
        topics: sessions::topics(pool).await?,
        search,
        session,
    })
}

async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    path: web::Path<String>,
    search: web::Query<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    render(&prepare_page(&state, layout, session, search.into_inner(), None).await?)
}

async fn add_question(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<AddForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    service::add_bank_question(&state.pool, &session, &form.question_id).await?;
    Ok(back_to(&session))
}

async fn deal(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<DealForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    service::deal(
        &state.pool,
        &session,
        &form.topic,
        &form.difficulty,
        form.count,
    )
    .await?;
    Ok(back_to(&session))
}

async fn add_own(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<OwnForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    service::add_own(&state.pool, &session, &form.prompt, &form.reference).await?;
    Ok(back_to(&session))
}

async fn remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let session = owned(&state, &user, &id).await?;
    let session = service::remove(&state.pool, session, position).await?;
    Ok(back_to(&session))
}

async fn move_question(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, i32)>,
    form: web::Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let session = owned(&state, &user, &id).await?;
    let session = service::move_question(&state.pool, session, position, &form.direction).await?;
    Ok(back_to(&session))
}

async fn template(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<TemplateForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    Ok(
        match service::set_template(&state.pool, &session, form.on).await? {
            Some(copy) => see_other(format!("/interviews/{copy}")),
            None => see_other("/interviews"),
        },
    )
}

async fn leaderboards(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<TemplateForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    service::count_for_leaderboards(&state.pool, &session, form.on).await?;
    Ok(back_to(&session))
}

async fn copy(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    let id = service::copy(&state.pool, &session).await?;
    Ok(see_other(format!("/interviews/{id}")))
}

async fn issue_link(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    let url = issue_link_url(&state, &req, &session, LinkKind::Candidate, "join").await?;
    let session = owned(&state, &user, &path).await?;
    render(&prepare_page(&state, layout, session, SearchQuery::default(), Some(url)).await?)
}

async fn revoke_link(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    service::revoke_links(&state.pool, &session, LinkKind::Candidate).await?;
    Ok(back_to(&session))
}

async fn start(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    run::start(&state.pool, state.grader.lexicon(), &session).await?;
    Ok(back_to_live(&session))
}

async fn finish(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    run::finish(&state.pool, &session).await?;
    Ok(back_to_live(&session))
}
