//! The solo flow over JSON under `/api/v1/` (bearer-token auth), documented for OpenAPI.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db;
use crate::dealer::DifficultyChoice;
use crate::solo::{self, SoloError, StartSettings, SubmitOutcome};
use crate::startup::AppState;
use crate::web::AppError;
use crate::web::user::CurrentUser;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/interviews", web::post().to(start_interview))
        .route("/api/v1/interviews", web::get().to(list_interviews))
        .route("/api/v1/interviews/{id}", web::get().to(get_interview))
        .route(
            "/api/v1/interviews/{id}/current",
            web::get().to(current_question),
        )
        .route("/api/v1/items/{id}/draft", web::put().to(save_draft))
        .route("/api/v1/items/{id}/submit", web::post().to(submit))
        .route("/api/v1/items/{id}/judgment", web::get().to(get_judgment));
}

fn default_difficulty() -> String {
    "mixed".into()
}

/// What to deal.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StartRequest {
    /// Topic slugs; empty or absent means every topic.
    #[serde(default)]
    pub topics: Vec<String>,
    /// `easy`, `medium`, `hard`, `mixed` (default), or by rating: `adaptive` (questions 100 below
    /// your rating in each topic: about 64% expected), `adaptive-easier` (300 below) or
    /// `adaptive-harder` (300 above).
    #[serde(default = "default_difficulty")]
    pub difficulty: String,
    /// Number of questions, 1-10.
    pub count: usize,
    /// Minutes per question, 1-120.
    pub minutes: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemView {
    pub id: Uuid,
    pub position: i32,
    pub question_id: String,
    /// `pending`, `active`, `submitted` or `timed_out`.
    pub state: String,
    pub deadline: Option<DateTime<Utc>>,
    pub score: Option<f32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewView {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub topics: Vec<String>,
    pub difficulty: String,
    pub minutes_per_question: i32,
    pub items: Vec<ItemView>,
}

/// The question to answer now; fetching it starts its clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentQuestion {
    pub interview_id: Uuid,
    pub item_id: Uuid,
    /// 0-based position in the interview.
    pub position: i32,
    pub total: usize,
    pub question_id: String,
    pub prompt: String,
    pub topic: String,
    pub difficulty: String,
    /// The server's deadline; submissions after it are refused.
    pub deadline: Option<DateTime<Utc>>,
    pub seconds_left: i64,
    pub draft: Option<String>,
    pub draft_saved_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerBody {
    /// The answer text, at most 20,000 characters.
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DraftSaved {
    pub saved_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Submitted {
    pub item_id: Uuid,
    /// False when the item already had an answer (a repeated submit records nothing).
    pub recorded: bool,
    pub judgment_url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JudgmentView {
    pub item_id: Uuid,
    pub question_id: String,
    pub topic: String,
    pub difficulty: String,
    pub body: String,
    pub submitted_at: DateTime<Utc>,
    /// True when the server submitted the last saved draft at the deadline.
    pub timed_out: bool,
    pub score: Option<f32>,
    pub band: Option<String>,
    pub flags: Vec<String>,
    /// The grader's full judgment: criteria verdicts with evidence, strengths, gaps, follow-up.
    #[schema(value_type = Object)]
    pub judgment: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub topics: Vec<String>,
    pub difficulty: String,
    pub items: i64,
    pub answered: i64,
    pub average_score: Option<f64>,
}

/// The JSON error shape of every `/api/` error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    pub error: ApiErrorBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrorBody {
    pub status: u16,
    pub title: String,
    pub message: String,
}

async fn interview_view(state: &AppState, id: Uuid, user: Uuid) -> Result<InterviewView, AppError> {
    let iv = db::interviews::get_owned(&state.pool, id, user)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such interview."))?;
    let items = db::interviews::items(&state.pool, id).await?;
    let answers = db::answers::for_interview(&state.pool, id).await?;
    Ok(InterviewView {
        id: iv.id,
        created_at: iv.created_at,
        finished_at: iv.finished_at,
        topics: iv.topics,
        difficulty: iv.difficulty,
        minutes_per_question: iv.minutes_per_question,
        items: items
            .into_iter()
            .map(|i| ItemView {
                score: answers
                    .iter()
                    .find(|a| a.item_id == i.id)
                    .and_then(|a| a.score),
                id: i.id,
                position: i.position,
                question_id: i.question_id,
                state: i.state.to_string(),
                deadline: i.deadline,
            })
            .collect(),
    })
}

/// Deal a new interview.
#[utoipa::path(post, path = "/api/v1/interviews", tag = "solo",
    request_body = StartRequest,
    responses(
        (status = 201, description = "Interview dealt", body = InterviewView),
        (status = 400, description = "Malformed body, bad values or too few matching questions", body = ApiError),
        (status = 401, description = "Missing, tampered, expired or revoked token"),
    ),
    security(("bearer" = [])))]
pub async fn start_interview(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: web::Json<StartRequest>,
) -> Result<HttpResponse, AppError> {
    let difficulty = DifficultyChoice::parse(&req.difficulty).ok_or_else(|| {
        AppError::bad_request(format!(
            "difficulty {}",
            DifficultyChoice::unknown(&req.difficulty)
        ))
    })?;
    let settings = StartSettings {
        topics: req.topics.clone(),
        difficulty,
        count: req.count,
        minutes: req.minutes,
    };
    let id = solo::start_interview(&state.pool, user.user.id, &settings, rand::random()).await?;
    let view = interview_view(&state, id, user.user.id).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/interviews/{id}")))
        .json(view))
}

/// Default and largest `per_page` of `GET /api/v1/interviews`.
pub const LIST_PER_PAGE: (u32, u32) = (50, 200);

/// `?page=` (from 1) and `?per_page=` (1-200, default 50).
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// The user's interviews, newest first, with progress and average score, a page at a time. A
/// `Link: <...>; rel="next"` header points to the next page when there is one.
#[utoipa::path(get, path = "/api/v1/interviews", tag = "solo",
    params(
        ("page" = Option<u32>, Query, description = "Page number, from 1 (default 1)"),
        ("per_page" = Option<u32>, Query, description = "Interviews per page, 1-200 (default 50)")),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 400, body = ApiError),
        (status = 401, description = "Not logged in")),
    security(("bearer" = [])))]
pub async fn list_interviews(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let (default_per_page, max_per_page) = LIST_PER_PAGE;
    let per_page = query.per_page.unwrap_or(default_per_page);
    if !(1..=max_per_page).contains(&per_page) {
        return Err(AppError::bad_request(format!(
            "per_page must be between 1 and {max_per_page}, not {per_page}."
        )));
    }
    let page = query.page.unwrap_or(1);
    if page == 0 {
        return Err(AppError::bad_request("Pages are numbered from 1."));
    }
    let per = i64::from(per_page);
    let mut list = db::interviews::list_for_user(
        &state.pool,
        user.user.id,
        per + 1,
        (i64::from(page) - 1) * per,
    )
    .await?;
    let has_next = list.len() as i64 > per;
    list.truncate(per_page as usize);
    let ids: Vec<Uuid> = list.iter().map(|iv| iv.id).collect();
    let scores = db::answers::interview_scores(&state.pool, &ids).await?;
    let out: Vec<HistoryEntry> = list
        .into_iter()
        .map(|iv| {
            let s = scores.iter().find(|s| s.interview_id == iv.id);
            HistoryEntry {
                id: iv.id,
                created_at: iv.created_at,
                finished_at: iv.finished_at,
                topics: iv.topics,
                difficulty: iv.difficulty,
                items: s.map_or(0, |s| s.items),
                answered: s.map_or(0, |s| s.answered),
                average_score: s.and_then(|s| s.average),
            }
        })
        .collect();
    let mut response = HttpResponse::Ok();
    if has_next {
        response.insert_header((
            "Link",
            format!(
                "</api/v1/interviews?page={}&per_page={per_page}>; rel=\"next\"",
                page + 1
            ),
        ));
    }
    Ok(response.json(out))
}

/// One interview with the state of each item.
#[utoipa::path(get, path = "/api/v1/interviews/{id}", tag = "solo",
    params(("id" = Uuid, Path, description = "Interview id")),
    responses((status = 200, body = InterviewView), (status = 404, body = ApiError)),
    security(("bearer" = [])))]
pub async fn get_interview(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(interview_view(&state, id.into_inner(), user.user.id).await?))
}

/// The current question (starting its clock if it was not running).
#[utoipa::path(get, path = "/api/v1/interviews/{id}/current", tag = "solo",
    params(("id" = Uuid, Path, description = "Interview id")),
    responses(
        (status = 200, body = CurrentQuestion),
        (status = 404, description = "No such interview, or every question is answered", body = ApiError)),
    security(("bearer" = [])))]
pub async fn current_question(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    db::interviews::get_owned(&state.pool, id, user.user.id)
        .await?
        .ok_or_else(|| AppError::not_found("There is no such interview."))?;
    let item = solo::current_item(&state.pool, id)
        .await?
        .ok_or_else(|| AppError::not_found("Every question of this interview is answered."))?;
    let item = solo::open_item(&state.pool, item).await?;
    let q = db::questions::get(&state.pool, &item.question_id)
        .await?
        .ok_or_else(|| AppError::not_found("That question is no longer in the bank."))?;
    let total = db::interviews::items(&state.pool, id).await?.len();
    let draft = db::interviews::draft(&state.pool, item.id).await?;
    Ok(HttpResponse::Ok().json(CurrentQuestion {
        interview_id: id,
        item_id: item.id,
        position: item.position,
        total,
        question_id: q.id,
        prompt: q.prompt,
        topic: q.topic,
        difficulty: q.difficulty,
        deadline: item.deadline,
        seconds_left: item.seconds_left.unwrap_or(0),
        draft_saved_at: draft.as_ref().map(|d| d.saved_at),
        draft: draft.map(|d| d.body),
    }))
}

/// Save the draft of the running question.
#[utoipa::path(put, path = "/api/v1/items/{id}/draft", tag = "solo",
    params(("id" = Uuid, Path, description = "Item id")),
    request_body = AnswerBody,
    responses(
        (status = 200, body = DraftSaved),
        (status = 409, description = "Not started, already answered, or out of time", body = ApiError),
        (status = 413, description = "Over 20,000 characters", body = ApiError)),
    security(("bearer" = [])))]
pub async fn save_draft(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    req: web::Json<AnswerBody>,
) -> Result<HttpResponse, AppError> {
    let saved = solo::save_draft(
        &state.pool,
        &state.grader,
        user.user.id,
        id.into_inner(),
        &req.body,
    )
    .await?;
    Ok(HttpResponse::Ok().json(DraftSaved {
        saved_at: saved.saved_at,
    }))
}

/// Submit the answer; it is graded at once. Repeating it records nothing new.
#[utoipa::path(post, path = "/api/v1/items/{id}/submit", tag = "solo",
    params(("id" = Uuid, Path, description = "Item id")),
    request_body = AnswerBody,
    responses(
        (status = 201, description = "Answer recorded and graded", body = Submitted),
        (status = 200, description = "Already answered; nothing changed", body = Submitted),
        (status = 409, description = "Time ran out: refused, the last saved draft was graded instead", body = ApiError),
        (status = 413, description = "Over 20,000 characters", body = ApiError)),
    security(("bearer" = [])))]
pub async fn submit(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
    req: web::Json<AnswerBody>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let outcome = match solo::submit(&state.pool, &state.grader, user.user.id, id, &req.body).await
    {
        Ok(o) => o,
        Err(SoloError::AlreadyDone { .. }) => SubmitOutcome::AlreadyRecorded,
        Err(e) => return Err(e.into()),
    };
    let body = Submitted {
        item_id: id,
        recorded: outcome == SubmitOutcome::Recorded,
        judgment_url: format!("/api/v1/items/{id}/judgment"),
    };
    Ok(match outcome {
        SubmitOutcome::Recorded => HttpResponse::Created().json(body),
        SubmitOutcome::AlreadyRecorded => HttpResponse::Ok().json(body),
    })
}

/// The graded answer of an item.
#[utoipa::path(get, path = "/api/v1/items/{id}/judgment", tag = "solo",
    params(("id" = Uuid, Path, description = "Item id")),
    responses((status = 200, body = JudgmentView), (status = 404, description = "No such item, or not answered yet", body = ApiError)),
    security(("bearer" = [])))]
pub async fn get_judgment(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let item = solo::owned_item(&state.pool, id.into_inner(), user.user.id).await?;
    let a = db::answers::for_item(&state.pool, item.id)
        .await?
        .ok_or_else(|| AppError::not_found("This question has not been answered yet."))?;
    Ok(HttpResponse::Ok().json(JudgmentView {
        item_id: item.id,
        question_id: a.question_id,
        topic: a.topic,
        difficulty: a.difficulty,
        body: a.body,
        submitted_at: a.submitted_at,
        timed_out: a.timed_out,
        score: a.score,
        band: a.band,
        flags: a.flags,
        judgment: a.judgment,
    }))
}

/// The OpenAPI description of the solo API.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(start_interview, list_interviews, get_interview, current_question, save_draft, submit, get_judgment),
    components(schemas(StartRequest, InterviewView, ItemView, CurrentQuestion, AnswerBody, DraftSaved,
        Submitted, JudgmentView, HistoryEntry, ApiError, ApiErrorBody)),
    tags((name = "solo", description = "Solo timed mock interviews"))
)]
pub struct SoloApi;
