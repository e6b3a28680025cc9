//! Reviews over JSON under `/api/v1/` (bearer-token auth), documented for OpenAPI: the due cards,
//! opening a card's review (which starts its clock), answering it, and the desired retention.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::reviews::schedule::{REVIEW_SECONDS, Rating};
use crate::reviews::service;
use crate::routes::solo::api::ApiError;
use crate::startup::AppState;
use crate::web::AppError;
use crate::web::user::CurrentUser;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/reviews/due", web::get().to(due))
        .route("/api/v1/reviews/{card}", web::get().to(open))
        .route("/api/v1/reviews/{card}/answer", web::post().to(answer))
        .route("/api/v1/review-settings", web::get().to(get_settings))
        .route("/api/v1/review-settings", web::put().to(put_settings));
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueCardView {
    pub id: Uuid,
    pub question_id: String,
    /// The question's prompt.
    pub question: String,
    pub topic: String,
    pub criterion_id: String,
    /// The concept the card reviews.
    pub label: String,
    pub due_at: DateTime<Utc>,
    /// Events (solo answers and reviews) the card rests on.
    pub reps: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueView {
    /// Every due card, however many are listed.
    pub total: i64,
    /// When the next card is due, when none is due now.
    pub next_due: Option<DateTime<Utc>>,
    /// The first 100 due cards, earliest first.
    pub cards: Vec<DueCardView>,
}

/// A review as asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewView {
    pub card_id: Uuid,
    pub question_id: String,
    pub question: String,
    pub label: String,
    /// What to answer: the criterion's probe, or the question itself when it has none.
    pub asks: String,
    /// The review's time, in seconds, and what is left of it.
    pub seconds: i64,
    pub seconds_left: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewAnswer {
    /// The answer, at most 20,000 characters, not empty.
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewResult {
    pub card_id: Uuid,
    /// `met`, `partial`, `missed` or `contradicted`.
    pub verdict: String,
    /// `again`, `hard`, `good` or `easy`.
    pub rating: String,
    /// What a good answer says.
    pub expects: String,
    pub next_due: DateTime<Utc>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReviewSettings {
    /// Between 0.75 and 0.97 (default 0.9).
    pub desired_retention: f32,
}

/// The user's due review cards.
#[utoipa::path(get, path = "/api/v1/reviews/due", tag = "reviews",
    responses((status = 200, body = DueView), (status = 401, description = "Not logged in")),
    security(("bearer" = [])))]
pub async fn due(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    let list = service::due(&state.pool, user.user.id, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(DueView {
        total: list.total,
        next_due: list.next_due,
        cards: list
            .cards
            .into_iter()
            .map(|c| DueCardView {
                id: c.id,
                question_id: c.question_id,
                question: c.prompt,
                topic: c.topic,
                criterion_id: c.criterion_id,
                label: c.label,
                due_at: c.due_at,
                reps: c.reps,
            })
            .collect(),
    }))
}

/// Opens a due card's review, starting its clock (if it was not running).
#[utoipa::path(get, path = "/api/v1/reviews/{card}", tag = "reviews",
    params(("card" = Uuid, Path, description = "Card id")),
    responses((status = 200, body = ReviewView),
        (status = 404, description = "No such card", body = ApiError),
        (status = 409, description = "Not due (reviewed already today, or later)", body = ApiError),
        (status = 410, description = "The criterion left the question's rubric", body = ApiError)),
    security(("bearer" = [])))]
pub async fn open(
    state: web::Data<AppState>,
    user: CurrentUser,
    card: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let r = service::open(&state.pool, user.user.id, card.into_inner(), Utc::now()).await?;
    Ok(HttpResponse::Ok().json(ReviewView {
        card_id: r.card.id,
        question_id: r.card.question_id,
        question: r.question,
        label: r.card.label,
        asks: r.asks,
        seconds: REVIEW_SECONDS,
        seconds_left: r.seconds_left,
    }))
}

/// Answers a due card's review: graded against its one criterion, then scheduled.
#[utoipa::path(post, path = "/api/v1/reviews/{card}/answer", tag = "reviews",
    params(("card" = Uuid, Path, description = "Card id")),
    request_body = ReviewAnswer,
    responses((status = 201, body = ReviewResult),
        (status = 400, description = "Empty answer or malformed body", body = ApiError),
        (status = 404, description = "No such card", body = ApiError),
        (status = 409, description = "Not due (reviewed already today, or later)", body = ApiError),
        (status = 413, description = "Over 20,000 characters", body = ApiError)),
    security(("bearer" = [])))]
pub async fn answer(
    state: web::Data<AppState>,
    user: CurrentUser,
    card: web::Path<Uuid>,
    req: web::Json<ReviewAnswer>,
) -> Result<HttpResponse, AppError> {
    let card = card.into_inner();
    let uid = user.user.id;
    let done =
        service::answer(&state.pool, &state.grader, uid, card, &req.body, Utc::now()).await?;
    Ok(HttpResponse::Created().json(ReviewResult {
        card_id: card,
        verdict: done.verdict.as_str().to_string(),
        rating: Rating::as_str(done.rating).to_string(),
        expects: done.expects,
        next_due: done.due,
    }))
}

/// The user's desired retention.
#[utoipa::path(get, path = "/api/v1/review-settings", tag = "reviews",
    responses((status = 200, body = ReviewSettings), (status = 401, description = "Not logged in")),
    security(("bearer" = [])))]
pub async fn get_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(ReviewSettings {
        desired_retention: service::retention(&state.pool, user.user.id).await?,
    }))
}

/// Sets the desired retention and reschedules the user's cards with it.
#[utoipa::path(put, path = "/api/v1/review-settings", tag = "reviews",
    request_body = ReviewSettings,
    responses((status = 200, body = ReviewSettings),
        (status = 400, description = "Out of 0.75..=0.97, or malformed body", body = ApiError)),
    security(("bearer" = [])))]
pub async fn put_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: web::Json<ReviewSettings>,
) -> Result<HttpResponse, AppError> {
    service::set_retention(&state.pool, user.user.id, req.desired_retention).await?;
    Ok(HttpResponse::Ok().json(ReviewSettings {
        desired_retention: service::retention(&state.pool, user.user.id).await?,
    }))
}

/// The OpenAPI description of the reviews API.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(due, open, answer, get_settings, put_settings),
    components(schemas(DueView, DueCardView, ReviewView, ReviewAnswer, ReviewResult, ReviewSettings,
        ApiError)),
    tags((name = "reviews", description = "Spaced reviews (FSRS) of the concepts your answers missed"))
)]
pub struct ReviewsApiDoc;
