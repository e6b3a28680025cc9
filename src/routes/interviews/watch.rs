//! The owner's live view: the page (`/interviews/{id}/live`), its state as JSON for polling
//! (`/interviews/{id}/live.json`) and as a server-sent event stream (`/interviews/{id}/events`).
//!
//! The stream ([`super::sse`]) sends an `event: state` with the whole state (JSON) at once and
//! again whenever [`crate::live`] reports a change of this session or asks for a resync.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{owned, render, sse};
use crate::db::scorecards;
use crate::db::sessions::{self, Session};
use crate::interviews::live_view::{LiveState, RubricLine, read_state, rubrics};
use crate::interviews::{LinkKind, Report, service};
use crate::startup::AppState;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/interviews/{id}/live", web::get().to(page))
        .route("/interviews/{id}/live.json", web::get().to(json))
        .route("/interviews/{id}/events", web::get().to(events));
}

#[derive(Template)]
#[template(path = "interviews/live.html")]
struct LivePage {
    layout: Layout,
    live: LiveState,
    /// Private notes by question position.
    notes: HashMap<i32, String>,
    recommendation: String,
    summary: String,
    recommendations: &'static [(&'static str, &'static str)],
    report_link_expires: Option<DateTime<Utc>>,
    /// The report link just issued: shown this once.
    new_report_link: Option<String>,
    /// The rubric of each question by position (owner only): the bank's, or for the
    /// interviewer's own questions one built from their reference answer.
    rubrics: HashMap<i32, Vec<RubricLine>>,
    /// The results so far: overall score, strengths and weaknesses for the scorecard.
    report: Report,
}

/// The live page of `session` for its owner.
pub(super) async fn live_page(
    state: &AppState,
    layout: Layout,
    session: &Session,
    new_report_link: Option<String>,
) -> Result<HttpResponse, AppError> {
    let pool = &state.pool;
    let live = read_state(pool, session).await?;
    let notes = scorecards::notes(pool, session.id)
        .await?
        .into_iter()
        .map(|n| (n.position, n.body))
        .collect();
    render(&LivePage {
        layout: layout.with_active("interviews"),
        live,
        notes,
        recommendation: session.recommendation.clone().unwrap_or_default(),
        summary: session.summary.clone(),
        recommendations: &scorecards::RECOMMENDATIONS,
        report_link_expires: sessions::active_link_expiry(pool, session.id, LinkKind::Report)
            .await?,
        new_report_link,
        rubrics: rubrics(pool, session.id, state.grader.lexicon()).await?,
        report: service::report(pool, session).await?,
    })
}

async fn page(
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    live_page(&state, layout, &session, None).await
}

async fn json(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(read_state(&state.pool, &session).await?))
}

fn read_json(
    pool: PgPool,
    session: Uuid,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, sqlx::Error>>>> {
    Box::pin(async move {
        let session = sessions::get(&pool, session)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        let state = read_state(&pool, &session).await?;
        serde_json::to_string(&state).map_err(|e| sqlx::Error::Decode(Box::new(e)))
    })
}

async fn events(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    Ok(sse::respond(
        &state.live,
        state.pool.clone(),
        session.id,
        read_json,
    ))
}
