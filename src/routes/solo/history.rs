//! `GET /history?page=N`: past interviews (a page at a time), scores over time (SVG), average by
//! topic, weakest criteria. Every part reads a bounded number of rows, however long the history.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::layout;
use super::view::{pretty_topic, render, score_text};
use crate::db;
use crate::present::{ScorePoint, score_chart_svg};
use crate::session::csrf::CsrfToken;
use crate::session::user::CurrentUser;
use crate::startup::AppState;
use crate::web::{AppError, Layout};

/// Interviews per page of the history.
pub const PAGE_SIZE: i64 = 20;

/// `?page=` (1 when absent).
#[derive(Debug, serde::Deserialize)]
pub struct HistoryQuery {
    pub page: Option<u32>,
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/history", web::get().to(show));
}

pub struct InterviewRow {
    pub id: Uuid,
    pub created_at: crate::present::LocalTime,
    pub topics: String,
    pub difficulty: String,
    pub progress: String,
    pub average: String,
    pub finished: bool,
}

pub struct TopicRow {
    pub name: String,
    pub answers: i64,
    pub average: String,
    pub pct: u32,
}

pub struct CriterionRow {
    pub label: String,
    pub missed: i64,
    pub judged: i64,
}

#[derive(Template)]
#[template(path = "solo/history.html")]
struct HistoryPage {
    layout: Layout,
    interviews: Vec<InterviewRow>,
    chart: String,
    topics: Vec<TopicRow>,
    weakest: Vec<CriterionRow>,
    page: u32,
    newer_link: Option<String>,
    older_link: Option<String>,
    /// The user's appeals and question flags, and what became of them.
    appeals: Vec<super::appeals::MineRow>,
}

async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, AppError> {
    let uid = user.user.id;
    let pool = &state.pool;
    let page = query.page.unwrap_or(1).max(1);
    // one more than a page, to know whether there is an older page
    let mut interviews =
        db::interviews::list_for_user(pool, uid, PAGE_SIZE + 1, (i64::from(page) - 1) * PAGE_SIZE)
            .await?;
    let has_older = interviews.len() as i64 > PAGE_SIZE;
    interviews.truncate(PAGE_SIZE as usize);
    let ids: Vec<Uuid> = interviews.iter().map(|iv| iv.id).collect();
    let scores = db::answers::interview_scores(pool, &ids).await?;
    let series = db::answers::score_series(pool, uid, 60).await?;
    let topics = db::answers::average_by_topic(pool, uid).await?;
    let weakest = db::answers::weakest_criteria(pool, uid, 8).await?;

    let interviews = interviews
        .into_iter()
        .map(|iv| {
            let s = scores.iter().find(|s| s.interview_id == iv.id);
            InterviewRow {
                id: iv.id,
                created_at: crate::present::LocalTime::minute(iv.created_at),
                topics: if iv.topics.is_empty() {
                    "All topics".into()
                } else {
                    iv.topics
                        .iter()
                        .map(|t| pretty_topic(t))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                difficulty: iv.difficulty,
                progress: s.map_or_else(String::new, |s| format!("{}/{}", s.answered, s.items)),
                average: score_text(s.and_then(|s| s.average).map(|a| a as f32)),
                finished: iv.finished_at.is_some(),
            }
        })
        .collect();
    let points: Vec<ScorePoint> = series
        .iter()
        .map(|(at, score)| ScorePoint {
            label: crate::present::LocalTime::minute(*at).fallback_text(),
            score: *score,
        })
        .collect();
    let view = HistoryPage {
        layout: layout(&user, &csrf, "history"),
        interviews,
        chart: score_chart_svg(&points, "Scores of your last answers, oldest first"),
        topics: topics
            .into_iter()
            .map(|t| TopicRow {
                name: pretty_topic(&t.topic),
                answers: t.answers,
                average: format!("{:.1}", t.average),
                pct: (t.average.clamp(0.0, 10.0) * 10.0).round() as u32,
            })
            .collect(),
        weakest: weakest
            .into_iter()
            .map(|w| CriterionRow {
                label: w.label,
                missed: w.missed,
                judged: w.judged,
            })
            .collect(),
        page,
        newer_link: (page > 1).then(|| format!("/history?page={}", page - 1)),
        older_link: has_older.then(|| format!("/history?page={}", page + 1)),
        appeals: super::appeals::mine(pool, uid).await?,
    };
    render(StatusCode::OK, &view)
}
