//! The review pages: `GET /reviews` (due cards grouped by question), `GET /reviews/{card}` (the
//! card's question under a short timer), `POST /reviews/{card}/answer`, `GET
//! /reviews/{card}/result` (the verdict, the expected point, the next review), and the desired
//! retention at `GET`/`POST /account/reviews`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use super::rating_text;
use crate::db;
use crate::grader::Judgment;
use crate::present::LocalTime;
use crate::reviews::schedule::{DEFAULT_RETENTION, QUICK_SHARE, REVIEW_SECONDS, Rating, Source};
use crate::reviews::{ReviewError, service};
use crate::routes::solo::{pretty_topic, seconds_to_clock};
use crate::solo::MAX_ANSWER_CHARS;
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::respond::page as render;
use crate::web::respond::see_other;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/reviews", web::get().to(due))
        .route("/reviews/{card}", web::get().to(review))
        .route("/reviews/{card}/answer", web::post().to(answer))
        .route("/reviews/{card}/result", web::get().to(result))
        .route("/account/reviews", web::get().to(settings))
        .route("/account/reviews", web::post().to(save_settings));
}

fn layout(user: &CurrentUser, csrf: &CsrfToken, active: &'static str) -> Layout {
    Layout::signed_in(&user.user, &csrf.0, active)
}

/// One due card in its question's group.
pub struct DueRow {
    pub id: Uuid,
    pub label: String,
    pub due: LocalTime,
    /// "new" or what the last event rated it.
    pub last: &'static str,
}

/// The due cards of one question.
pub struct Group {
    pub question_id: String,
    pub prompt: String,
    pub topic: String,
    pub cards: Vec<DueRow>,
}

#[derive(Template)]
#[template(path = "reviews/due.html")]
struct DuePage {
    layout: Layout,
    total: i64,
    listed: usize,
    next_due: Option<LocalTime>,
    groups: Vec<Group>,
    retention_pct: u32,
    minutes: i64,
}

fn last_text(last_rating: Option<i16>) -> &'static str {
    match last_rating.and_then(Rating::from_i16) {
        None => "new",
        Some(Rating::Again) => "missed last time",
        Some(Rating::Hard) => "partly there last time",
        Some(Rating::Good) => "known last time",
        Some(Rating::Easy) => "easy last time",
    }
}

async fn due(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
) -> Result<HttpResponse, AppError> {
    let uid = user.user.id;
    let list = service::due(&state.pool, uid, Utc::now()).await?;
    let retention = service::retention(&state.pool, uid).await?;
    let listed = list.cards.len();
    // grouped by question, in the order of each question's earliest due card
    let mut groups: Vec<Group> = Vec::new();
    for c in list.cards {
        let row = DueRow {
            id: c.id,
            label: c.label,
            due: LocalTime::minute(c.due_at),
            last: last_text(c.last_rating),
        };
        match groups.iter_mut().find(|g| g.question_id == c.question_id) {
            Some(g) => g.cards.push(row),
            None => groups.push(Group {
                question_id: c.question_id,
                prompt: c.prompt,
                topic: pretty_topic(&c.topic),
                cards: vec![row],
            }),
        }
    }
    render(
        StatusCode::OK,
        &DuePage {
            layout: layout(&user, &csrf, "reviews"),
            total: list.total,
            listed,
            next_due: list.next_due.map(LocalTime::minute),
            groups,
            retention_pct: (retention * 100.0).round() as u32,
            minutes: REVIEW_SECONDS / 60,
        },
    )
}

#[derive(Template)]
#[template(path = "reviews/review.html")]
struct ReviewPage {
    layout: Layout,
    card_id: Uuid,
    question: String,
    asks: String,
    label: String,
    probe_is_question: bool,
    seconds_left: i64,
    clock: String,
    quick_seconds: i64,
    body: String,
    error: Option<String>,
    max_chars: usize,
}

impl ReviewPage {
    fn new(layout: Layout, r: service::Review) -> ReviewPage {
        ReviewPage {
            layout,
            card_id: r.card.id,
            probe_is_question: r.asks == r.question,
            question: r.question,
            asks: r.asks,
            label: r.card.label,
            clock: seconds_to_clock(r.seconds_left),
            seconds_left: r.seconds_left,
            quick_seconds: (REVIEW_SECONDS as f64 * QUICK_SHARE).round() as i64,
            body: String::new(),
            error: None,
            max_chars: MAX_ANSWER_CHARS,
        }
    }
}

/// Opens a due card's review; a card that is not due shows its last result instead.
async fn review(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    card: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let card = card.into_inner();
    match service::open(&state.pool, user.user.id, card, Utc::now()).await {
        Ok(r) => render(
            StatusCode::OK,
            &ReviewPage::new(layout(&user, &csrf, "reviews"), r),
        ),
        Err(ReviewError::NotDue(_)) => Ok(see_other(format!("/reviews/{card}/result"))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    body: String,
}

async fn answer(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    card: web::Path<Uuid>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let card = card.into_inner();
    let uid = user.user.id;
    let now = Utc::now();
    match service::answer(&state.pool, &state.grader, uid, card, &form.body, now).await {
        Ok(_) => Ok(see_other(format!("/reviews/{card}/result"))),
        // a repeated submit (double click, Back and submit again): the review is recorded
        Err(ReviewError::NotDue(_)) => Ok(see_other(format!("/reviews/{card}/result"))),
        Err(e @ (ReviewError::Invalid(_) | ReviewError::TooLong { .. })) => {
            let status = match e {
                ReviewError::TooLong { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::BAD_REQUEST,
            };
            let message = AppError::from(e).to_string();
            let r = service::open(&state.pool, uid, card, now).await?;
            let mut page = ReviewPage::new(layout(&user, &csrf, "reviews"), r);
            page.body = form.into_inner().body;
            page.error = Some(message);
            render(status, &page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "reviews/result.html")]
struct ResultPage {
    layout: Layout,
    question_id: String,
    label: String,
    verdict: String,
    rating: &'static str,
    quotes: Vec<String>,
    expects: String,
    correction: String,
    body: String,
    seconds: Option<i32>,
    reviewed_at: LocalTime,
    next_due: LocalTime,
    due_left: i64,
}

/// The card's latest review: verdict, expected point, next review.
async fn result(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    card: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let card = service::owned_card(&state.pool, user.user.id, card.into_inner()).await?;
    let logged = db::reviews::last_logged(&state.pool, card.id)
        .await?
        .filter(|l| l.source == Source::Review);
    let Some(logged) = logged else {
        return Ok(see_other(format!("/reviews/{}", card.id)));
    };
    let judged = logged
        .judgment
        .and_then(|j| serde_json::from_value::<Judgment>(j).ok())
        .and_then(|j| j.criteria.into_iter().next());
    let due_left = service::due_count(&state.pool, user.user.id).await?;
    render(
        StatusCode::OK,
        &ResultPage {
            layout: layout(&user, &csrf, "reviews"),
            question_id: card.question_id,
            label: card.label,
            verdict: logged.verdict,
            rating: Rating::from_i16(logged.rating).map_or("", rating_text),
            quotes: judged
                .as_ref()
                .map(|c| c.evidence.iter().map(|e| e.quote.clone()).collect())
                .unwrap_or_default(),
            expects: judged
                .as_ref()
                .map(|c| c.expects.clone())
                .unwrap_or_default(),
            correction: judged.map(|c| c.correction).unwrap_or_default(),
            body: logged.body.unwrap_or_default(),
            seconds: logged.seconds,
            reviewed_at: LocalTime::minute(logged.reviewed_at),
            next_due: LocalTime::minute(card.due_at),
            due_left,
        },
    )
}

#[derive(Template)]
#[template(path = "reviews/settings.html")]
struct SettingsPage {
    layout: Layout,
    retention: String,
    error: Option<String>,
    saved: bool,
    default_retention: String,
}

#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    done: Option<String>,
}

async fn settings(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    query: web::Query<SavedQuery>,
) -> Result<HttpResponse, AppError> {
    let retention = service::retention(&state.pool, user.user.id).await?;
    render(
        StatusCode::OK,
        &SettingsPage {
            layout: layout(&user, &csrf, "account"),
            retention: format!("{retention:.2}"),
            error: None,
            saved: query.done.as_deref() == Some("saved"),
            default_retention: format!("{DEFAULT_RETENTION:.2}"),
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    desired_retention: String,
}

async fn save_settings(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let typed = form.desired_retention.trim();
    let outcome = match typed.parse::<f32>() {
        Ok(r) => service::set_retention(&state.pool, user.user.id, r).await,
        Err(_) => Err(ReviewError::Invalid(format!(
            "the desired retention must be a number such as 0.9, not {typed:?}"
        ))),
    };
    match outcome {
        Ok(()) => Ok(see_other("/account/reviews?done=saved")),
        Err(e @ ReviewError::Invalid(_)) => render(
            StatusCode::BAD_REQUEST,
            &SettingsPage {
                layout: layout(&user, &csrf, "account"),
                retention: typed.to_string(),
                error: Some(AppError::from(e).to_string()),
                saved: false,
                default_retention: format!("{DEFAULT_RETENTION:.2}"),
            },
        ),
        Err(e) => Err(e.into()),
    }
}
