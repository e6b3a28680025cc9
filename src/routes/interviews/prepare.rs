//! The owner's pages: the dashboard (`/interviews`), creating a session, preparing its questions
//! (bank search with filters, automatic dealing, own questions), templates, the candidate link
//! (issue, regenerate, revoke), and starting or finishing the session.

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{back_to_live, issue_link_url, owned, render, see_other, state_label};
use crate::db;
use crate::db::sessions::{self, BankHit, Listed, NewSession, Session, SessionQuestion};
use crate::dealer::{self, DealError, DealRequest, DifficultyChoice};
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

const MAX_QUESTIONS: i64 = 20;

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
    let groups = ["live", "scheduled", "draft", "finished"]
        .into_iter()
        .map(|st| {
            let rows = runs.iter().filter(|s| s.state == st).cloned().collect();
            (state_label(st), rows)
        })
        .collect();
    render(&Dashboard {
        layout: layout.with_active("interviews"),
        groups,
        templates,
    })
}

fn check_difficulty(d: &str) -> Result<(), AppError> {
    match d {
        "" | "easy" | "medium" | "hard" => Ok(()),
        _ => Err(AppError::bad_request(
            "Difficulty must be easy, medium, hard or empty.",
        )),
    }
}

async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    form: web::Form<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(AppError::bad_request(
            "The title must be 1 to 200 characters.",
        ));
    }
    let candidate_name = form.candidate_name.trim();
    if candidate_name.chars().count() > 100 {
        return Err(AppError::bad_request(
            "The candidate name must be at most 100 characters.",
        ));
    }
    if !(1..=120).contains(&form.minutes) {
        return Err(AppError::bad_request(
            "Minutes per question must be between 1 and 120.",
        ));
    }
    let id = sessions::create(
        &state.pool,
        &NewSession {
            owner_id: user.user.id,
            title,
            candidate_name,
            minutes_per_question: form.minutes,
            count_for_leaderboards: form.count_for_leaderboards.is_some(),
        },
    )
    .await?;
    tracing::info!(session = %id, "interview session created");
    Ok(see_other(format!("/interviews/{id}")))
}

async fn prepare_page(
    state: &AppState,
    layout: Layout,
    session: Session,
    search: SearchQuery,
    new_link: Option<String>,
) -> Result<Prepare, AppError> {
    check_difficulty(&search.difficulty)?;
    let pool = &state.pool;
    let questions = sessions::questions(pool, session.id).await?;
    let link_expires = sessions::active_link_expiry(pool, session.id, "candidate").await?;
    let candidate = sessions::candidate(pool, session.id)
        .await?
        .map(|c| c.display_name);
    let editable = questions_can_change(&session);
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

/// Whether `session`'s questions may still change: not once it has started.
fn questions_can_change(session: &Session) -> bool {
    matches!(session.state.as_str(), "draft" | "scheduled")
}

/// The owned session `id`, if its questions may still change (409 once it has started).
async fn not_started(state: &AppState, user: &CurrentUser, id: &str) -> Result<Session, AppError> {
    let session = owned(state, user, id).await?;
    if !questions_can_change(&session) {
        return Err(AppError::Conflict(
            "The session has started; its questions can no longer change.".into(),
        ));
    }
    Ok(session)
}

/// The owned session and its questions, if questions may still be added: it has not started
/// and has fewer than [`MAX_QUESTIONS`].
async fn room_for_questions(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
) -> Result<(Session, Vec<SessionQuestion>), AppError> {
    let session = not_started(state, user, id).await?;
    let questions = sessions::questions(&state.pool, session.id).await?;
    if questions.len() as i64 >= MAX_QUESTIONS {
        return Err(AppError::Conflict(format!(
            "A session has at most {MAX_QUESTIONS} questions."
        )));
    }
    Ok((session, questions))
}

async fn add_question(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<AddForm>,
) -> Result<HttpResponse, AppError> {
    let (session, _) = room_for_questions(&state, &user, &path).await?;
    let added = sessions::add_bank_question(
        &state.pool,
        session.id,
        form.question_id.trim(),
        session.minutes_per_question,
    )
    .await?;
    if !added {
        return Err(AppError::bad_request(
            "No such question in the bank, or the session already has it.",
        ));
    }
    Ok(back_to(&session))
}

async fn deal(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<DealForm>,
) -> Result<HttpResponse, AppError> {
    check_difficulty(&form.difficulty)?;
    let (session, questions) = room_for_questions(&state, &user, &path).await?;
    // One deal adds at most the dealer's interview size.
    let room = (MAX_QUESTIONS - questions.len() as i64).min(dealer::MAX_QUESTIONS as i64);
    if !(1..=room).contains(&form.count) {
        return Err(AppError::bad_request(format!(
            "Deal between 1 and {room} questions."
        )));
    }
    // The solo dealer, so "any difficulty" spreads the deal from easy to hard and no two links
    // of a follow-up chain land in one session; fewer than asked when fewer match.
    let bank = db::questions::all_candidates(&state.pool).await?;
    let existing: Vec<&str> = questions
        .iter()
        .filter_map(|q| q.question_id.as_deref())
        .collect();
    let request = DealRequest {
        topics: match form.topic.trim() {
            "" => Vec::new(),
            topic => vec![topic.to_owned()],
        },
        difficulty: DifficultyChoice::parse(&form.difficulty).unwrap_or(DifficultyChoice::Mixed),
        count: form.count as usize,
        seed: rand::random(),
    };
    let ids = match dealer::deal_more(&bank, &existing, &request) {
        Ok(ids) => ids,
        Err(DealError::NotEnough { .. }) => {
            return Err(AppError::bad_request(
                "No questions in the bank match that topic and difficulty.",
            ));
        }
        Err(e) => return Err(AppError::bad_request(e.to_string())),
    };
    sessions::add_bank_questions(&state.pool, session.id, &ids, session.minutes_per_question)
        .await?;
    Ok(back_to(&session))
}

async fn add_own(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<OwnForm>,
) -> Result<HttpResponse, AppError> {
    let (session, _) = room_for_questions(&state, &user, &path).await?;
    let prompt = form.prompt.trim();
    let reference = form.reference.trim();
    if prompt.is_empty() || prompt.chars().count() > 4000 {
        return Err(AppError::bad_request(
            "Your question must be 1 to 4,000 characters.",
        ));
    }
    if reference.is_empty() || reference.chars().count() > 20_000 {
        return Err(AppError::bad_request(
            "The reference answer must be 1 to 20,000 characters: the rubric is built from it.",
        ));
    }
    sessions::add_own_question(
        &state.pool,
        session.id,
        prompt,
        reference,
        session.minutes_per_question,
    )
    .await?;
    Ok(back_to(&session))
}

async fn remove(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let session = not_started(&state, &user, &id).await?;
    if !sessions::remove_question(&state.pool, session.id, position).await? {
        return Err(AppError::not_found("The session has no such question."));
    }
    Ok(back_to(&session))
}

async fn move_question(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, i32)>,
    form: web::Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let session = not_started(&state, &user, &id).await?;
    let up = match form.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::bad_request("Move a question up or down.")),
    };
    if !sessions::move_question(&state.pool, session.id, position, up).await? {
        return Err(AppError::bad_request(
            "That question cannot move further that way.",
        ));
    }
    Ok(back_to(&session))
}

async fn template(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<TemplateForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    // a draft becomes the template; a session that ran keeps its place and gives a copy of its
    // questions
    if form.on && session.state != "draft" && !session.is_template {
        let id = sessions::copy(&state.pool, &session, true).await?;
        return Ok(see_other(format!("/interviews/{id}")));
    }
    sessions::set_template(&state.pool, session.id, form.on).await?;
    Ok(see_other("/interviews"))
}

async fn leaderboards(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    form: web::Form<TemplateForm>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    sessions::set_count_for_leaderboards(&state.pool, session.id, form.on).await?;
    Ok(back_to(&session))
}

async fn copy(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    let id = sessions::copy(&state.pool, &session, false).await?;
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
    if session.is_template {
        return Err(AppError::Conflict(
            "A template is not run: make a session from it first.".into(),
        ));
    }
    if session.state == "finished" {
        return Err(AppError::Conflict("The session is over.".into()));
    }
    let url = issue_link_url(&state, &req, session.id, "candidate", "join").await?;
    let session = owned(&state, &user, &path).await?;
    render(&prepare_page(&state, layout, session, SearchQuery::default(), Some(url)).await?)
}

async fn revoke_link(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    sessions::revoke_links(&state.pool, session.id, "candidate").await?;
    Ok(back_to(&session))
}

async fn start(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    super::candidate::start_session(&state, &session).await?;
    Ok(back_to_live(&session))
}

async fn finish(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    if !sessions::finish(&state.pool, session.id).await? {
        return Err(AppError::Conflict(
            "Only a live session can be finished.".into(),
        ));
    }
    Ok(back_to_live(&session))
}
