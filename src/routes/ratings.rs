//! Ratings over JSON (issue 16): `GET /api/v1/ratings`, the caller's ratings overall and per
//! topic, and `GET /api/v1/questions/{id}`, a question's document with its label's rating and its
//! learned one. Documented for OpenAPI.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::db::ratings::Stored;
use crate::ratings::rules;
use crate::routes::solo::api::{ApiError, ApiErrorBody};
use crate::startup::AppState;
use crate::web::AppError;
use crate::web::user::CurrentUser;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/ratings", web::get().to(my_ratings))
        .route("/api/v1/questions/{id}", web::get().to(question));
}

/// A Glicko-2 rating (ratings start at 1500 with deviation 350).
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingView {
    /// The rating, rounded to a tenth.
    pub rating: f64,
    /// Its uncertainty: about 95% of the time the true rating is within twice this.
    pub deviation: f64,
    pub volatility: f64,
    /// Rated games (first graded answers) it rests on.
    pub games: i32,
    /// Still uncertain (deviation above 110): for a user, their games move questions less.
    pub provisional: bool,
}

impl From<&Stored> for RatingView {
    fn from(s: &Stored) -> Self {
        RatingView {
            rating: (s.rating.rating * 10.0).round() / 10.0,
            deviation: (s.rating.deviation * 10.0).round() / 10.0,
            volatility: s.rating.volatility,
            games: s.games,
            provisional: rules::is_provisional(s.rating),
        }
    }
}

/// The caller's rating in one topic.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicRatingView {
    pub topic: String,
    pub rating: RatingView,
}

/// The caller's ratings: `overall` is null until their first rated answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingsView {
    pub overall: Option<RatingView>,
    pub topics: Vec<TopicRatingView>,
}

/// One question of the bank with its ratings.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionView {
    pub id: String,
    pub prompt: String,
    pub section: String,
    pub topic: String,
    /// `easy`, `medium` or `hard` (the label).
    pub difficulty: String,
    /// The label's starting rating (800-2000), estimated from the corpus.
    pub rating: i32,
    /// The rating learned from first attempts; null while nobody has played it.
    pub learned: Option<RatingView>,
}

/// The caller's ratings, overall and per topic.
#[utoipa::path(get, path = "/api/v1/ratings", tag = "ratings",
    responses((status = 200, body = RatingsView),
        (status = 401, description = "Missing, tampered, expired or revoked token")),
    security(("bearer" = [])))]
pub async fn my_ratings(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let mut view = RatingsView {
        overall: None,
        topics: Vec::new(),
    };
    for r in db::ratings::user_ratings(&state.pool, user.user.id).await? {
        if r.topic == db::ratings::OVERALL {
            view.overall = Some(RatingView::from(&r.stored));
        } else {
            view.topics.push(TopicRatingView {
                rating: RatingView::from(&r.stored),
                topic: r.topic,
            });
        }
    }
    Ok(HttpResponse::Ok().json(view))
}

/// A question of the bank with its label's rating and the rating learned from attempts.
#[utoipa::path(get, path = "/api/v1/questions/{id}", tag = "ratings",
    params(("id" = String, Path, description = "Question id, e.g. 001-4")),
    responses((status = 200, body = QuestionView),
        (status = 404, description = "No such question", body = ApiError)))]
pub async fn question(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let q = db::questions::get(&state.pool, &id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("there is no question {:?}", id.as_str())))?;
    let learned = db::ratings::question_rating(&state.pool, &q.id).await?;
    Ok(HttpResponse::Ok().json(QuestionView {
        learned: learned.as_ref().map(RatingView::from),
        id: q.id,
        prompt: q.prompt,
        section: q.section,
        topic: q.topic,
        difficulty: q.difficulty,
        rating: q.rating,
    }))
}

/// The OpenAPI description of the ratings API.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(my_ratings, question),
    components(schemas(RatingsView, RatingView, TopicRatingView, QuestionView, ApiError, ApiErrorBody)),
    tags((name = "ratings", description = "Glicko-2 ratings of users and questions"))
)]
pub struct RatingsApiDoc;

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::OpenApi;

    #[test]
    fn the_document_describes_the_ratings_endpoints() {
        let doc = serde_json::to_value(RatingsApiDoc::openapi()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        assert!(paths.contains_key("/api/v1/ratings"));
        assert!(paths.contains_key("/api/v1/questions/{id}"));
        assert!(doc["components"]["schemas"]["RatingsView"].is_object());
    }
}
