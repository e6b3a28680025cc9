//! `GET /history?page=N`: past interviews (a page at a time), scores over time (SVG), rating per
//! topic over time (SVG), average by topic, weakest criteria. Every part reads a bounded number of rows, however long the history.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::layout;
use super::view::{pretty_topic, render, score_text};
use crate::db;
use crate::present::{RatedGame, ScorePoint, rating_history_svg, score_chart_svg};
use crate::startup::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

/// Interviews per page of the history.
pub const PAGE_SIZE: i64 = 20;

/// Rated games on the rating chart (the latest).
pub const RATED_GAMES: i64 = 200;

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

/// A topic's line in the rating chart's legend, with the user's rating in it now.
pub struct RatingRow {
    pub name: String,
    /// The CSS class of its series (`series-<n>`).
    pub class: String,
    pub rating: String,
    pub games: i32,
    pub provisional: bool,
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
    rating_chart: String,
    ratings: Vec<RatingRow>,
    overall: Option<RatingRow>,
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
    let games = db::ratings::recent_games(pool, uid, RATED_GAMES).await?;
    let current = db::ratings::user_ratings(pool, uid).await?;

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
    let rated: Vec<RatedGame> = games
        .iter()
        .map(|g| RatedGame {
            topic: pretty_topic(&g.topic),
            label: crate::present::LocalTime::minute(g.played_at).fallback_text(),
            rating: g.topic_rating,
        })
        .collect();
    let rating_chart = rating_history_svg(&rated, "Your rating per topic after each rated answer");
    let row = |name: String, class: String, r: &db::ratings::UserRating| RatingRow {
        name,
        class,
        rating: format!("{:.0}", r.stored.rating.rating),
        games: r.stored.games,
        provisional: crate::ratings::rules::is_provisional(r.stored.rating),
    };
    let ratings = rating_chart
        .topics
        .iter()
        .enumerate()
        .filter_map(|(n, name)| {
            let r = current.iter().find(|r| pretty_topic(&r.topic) == *name)?;
            Some(row(name.clone(), format!("series-{}", n % 8), r))
        })
        .collect();
    let overall = current
        .iter()
        .find(|r| r.topic == db::ratings::OVERALL)
        .map(|r| row("Overall".into(), String::new(), r));
    let view = HistoryPage {
        layout: layout(&user, &csrf, "history"),
        interviews,
        chart: score_chart_svg(&points, "Scores of your last answers, oldest first"),
        rating_chart: rating_chart.svg,
        ratings,
        overall,
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
