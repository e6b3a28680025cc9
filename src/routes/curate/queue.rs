//! `GET /curate`: open appeals (the most common question and criterion first, then newest),
//! each with the answer's evidence for that criterion highlighted, and open question flags;
//! `POST /curate/flags/{id}/close` resolves or dismisses a flag.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::{layout, see_other};
use crate::curation;
use crate::db;
use crate::grader::Judgment;
use crate::present::{Highlight, highlight_answer};
use crate::routes::solo::score_text;
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::user::Curator;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/curate", web::get().to(show))
        .route("/curate/flags/{id}/close", web::post().to(close_flag));
}

/// Appeals and flags the queue shows at most.
const QUEUE_LIMIT: i64 = 100;

pub struct AppealRow {
    pub id: Uuid,
    pub question_id: String,
    pub prompt: String,
    pub label: String,
    pub kind: String,
    pub verdict: String,
    pub comment: String,
    pub username: String,
    pub score: String,
    pub same: i64,
    pub created_at: crate::present::LocalTime,
    pub answer_html: String,
}

pub struct FlagRow {
    pub id: Uuid,
    pub question_id: String,
    pub prompt: String,
    pub kind: &'static str,
    pub reason: String,
    pub username: String,
    pub same: i64,
    pub created_at: crate::present::LocalTime,
}

#[derive(Template)]
#[template(path = "curate/queue.html")]
struct QueuePage {
    layout: Layout,
    appeals: Vec<AppealRow>,
    flags: Vec<FlagRow>,
    /// After the first registration of an install (`?welcome=1`).
    welcome: bool,
}

#[derive(Debug, serde::Deserialize)]
struct Welcome {
    welcome: Option<String>,
}

/// The answer as HTML with the evidence of `criterion` in the judgment highlighted, and the
/// words the appeal's comment quotes.
pub fn evidence_html(
    body: &str,
    judgment: &serde_json::Value,
    criterion: &str,
    comment: &str,
) -> String {
    let mut highlights: Vec<Highlight> = serde_json::from_value::<Judgment>(judgment.clone())
        .ok()
        .and_then(|j| j.criteria.into_iter().find(|c| c.id == criterion))
        .map(|c| {
            vec![Highlight {
                label: c.label,
                ranges: c.evidence.iter().map(|e| (e.start, e.end)).collect(),
            }]
        })
        .unwrap_or_default();
    if let Some(range) = curation::quote::quoted(body, comment) {
        highlights.push(Highlight {
            label: "quoted in the appeal".into(),
            ranges: vec![range],
        });
    }
    highlight_answer(body, &highlights)
}

async fn show(
    state: web::Data<AppState>,
    curator: Curator,
    csrf: CsrfToken,
    welcome: web::Query<Welcome>,
) -> Result<HttpResponse, AppError> {
    let appeals = db::appeals::open(&state.pool, QUEUE_LIMIT)
        .await?
        .into_iter()
        .map(|a| AppealRow {
            answer_html: evidence_html(&a.answer_body, &a.judgment, &a.criterion, &a.comment),
            id: a.id,
            prompt: a.prompt.unwrap_or_else(|| a.question_id.clone()),
            question_id: a.question_id,
            label: a.label,
            kind: a.kind,
            verdict: a.verdict,
            comment: a.comment,
            username: a.username,
            score: score_text(a.score),
            same: a.same,
            created_at: crate::present::LocalTime::minute(a.created_at),
        })
        .collect();
    let flags = db::flags::open(&state.pool, QUEUE_LIMIT)
        .await?
        .into_iter()
        .map(|f| FlagRow {
            id: f.id,
            prompt: f.prompt.unwrap_or_else(|| f.question_id.clone()),
            question_id: f.question_id,
            kind: curation::flags::kind_title(&f.kind),
            reason: f.reason,
            username: f.username,
            same: f.same,
            created_at: crate::present::LocalTime::minute(f.created_at),
        })
        .collect();
    crate::routes::solo::render_page(
        StatusCode::OK,
        &QueuePage {
            layout: layout(&curator, &csrf),
            appeals,
            flags,
            welcome: welcome.welcome.is_some(),
        },
    )
}

#[derive(Debug, serde::Deserialize)]
struct CloseForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    note: String,
}

async fn close_flag(
    state: web::Data<AppState>,
    curator: Curator,
    id: web::Path<Uuid>,
    form: web::Form<CloseForm>,
) -> Result<HttpResponse, AppError> {
    curation::flags::close(
        &state.pool,
        curator.0.user.id,
        id.into_inner(),
        &form.state,
        &form.note,
    )
    .await?;
    Ok(see_other("/curate#flags"))
}
