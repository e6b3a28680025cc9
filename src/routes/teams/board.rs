//! `GET /teams/{id}/leaderboard?window=week|month|all&topic=<slug>`: the team's leaderboard page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{html, topic_name};
use crate::leaderboard::{self, RULE, Window};
use crate::startup::AppState;
use crate::teams::service::{self, Board, Membership, Ranked};
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

/// Rows shown from the top of a board page.
pub const PAGE_ROWS: i64 = 50;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/teams/{id}/leaderboard", web::get().to(show));
}

/// `?window=` and `?topic=` (both optional).
#[derive(Debug, Deserialize)]
pub struct BoardQuery {
    pub window: Option<String>,
    pub topic: Option<String>,
    pub limit: Option<i64>,
}

impl BoardQuery {
    /// The window asked for (this week by default), or 400.
    pub fn window(&self) -> Result<Window, AppError> {
        match self
            .window
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            None => Ok(Window::default()),
            Some(w) => Window::parse(w).ok_or_else(|| {
                AppError::bad_request(format!("The window is week, month or all, not {w:?}."))
            }),
        }
    }
}

/// A board row as the page shows it.
pub struct Row {
    pub rank: i64,
    pub username: String,
    pub points: i64,
    pub counted: i64,
    pub average: Option<f64>,
    pub streak: i32,
    pub is_viewer: bool,
}

impl Row {
    /// The row of `ranked` for `viewer`. A streak counts days with any counted answer, so on a
    /// board for one topic it shows only for members with answers counted there.
    pub fn new(ranked: &Ranked, viewer: Uuid, today: NaiveDate, one_topic: bool) -> Row {
        let r = &ranked.row;
        let streak = if one_topic && r.counted == 0 {
            0
        } else {
            leaderboard::current_streak(r.streak_last_day, r.streak_length.unwrap_or(0), today)
        };
        Row {
            rank: ranked.rank,
            username: r.username.clone(),
            points: r.points,
            counted: r.counted,
            average: leaderboard::average(r.score_sum, r.counted),
            streak,
            is_viewer: r.user_id == viewer,
        }
    }
}

pub struct TopicOption {
    pub slug: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "teams/board.html")]
struct BoardPage {
    layout: Layout,
    m: Membership,
    window: Window,
    windows: [Window; 3],
    topic: String,
    topic_label: String,
    topics: Vec<TopicOption>,
    rows: Vec<Row>,
    viewer_row: Option<Row>,
    members: i64,
    rule: &'static str,
}

async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    team: web::Path<Uuid>,
    query: web::Query<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    let me = user.user.id;
    // Membership first: non-members get 404 whatever the query says.
    let m = service::member_view(&state.pool, *team, me).await?;
    let window = query.window()?;
    let topic = service::topic_filter(query.topic.as_deref())?;
    let limit = query.limit.unwrap_or(PAGE_ROWS);
    let Board {
        top,
        viewer,
        members,
        today,
        topic,
        ..
    } = service::board(&state.pool, *team, me, window, topic, limit).await?;
    let selected = topic.clone().unwrap_or_default();
    let page = BoardPage {
        layout: layout.with_active("teams"),
        m,
        window,
        windows: Window::ALL,
        topic_label: topic.as_deref().map(topic_name).unwrap_or_default(),
        topics: crate::corpus::topics::TOPICS
            .iter()
            .map(|t| TopicOption {
                slug: t.slug,
                name: t.name,
                selected: t.slug == selected,
            })
            .collect(),
        topic: selected,
        rows: top
            .iter()
            .map(|r| Row::new(r, me, today, topic.is_some()))
            .collect(),
        viewer_row: viewer
            .as_ref()
            .map(|r| Row::new(r, me, today, topic.is_some())),
        members,
        rule: RULE,
    };
    html(StatusCode::OK, &page)
}
