//! The owner's live view: the page (`/interviews/{id}/live`), its state as JSON for polling
//! (`/interviews/{id}/live.json`) and as a server-sent event stream (`/interviews/{id}/events`).
//!
//! The stream sends an `event: state` with the whole state (JSON) at once and again whenever
//! [`crate::live`] reports a change of this session or asks for a resync (after the listener
//! reconnected, or when this subscriber lagged), and a keep-alive comment every 15 s.

use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use futures_util::stream;
use serde::Serialize;
use sqlx::PgPool;
use tokio::sync::broadcast::{self, error::RecvError};
use uuid::Uuid;

use super::{owned, render};
use crate::db::scorecards;
use crate::db::sessions::{self, Candidate, Session};
use crate::live::LiveEvent;
use crate::session::user::CurrentUser;
use crate::startup::AppState;
use crate::web::{AppError, Layout};

const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/interviews/{id}/live", web::get().to(page))
        .route("/interviews/{id}/live.json", web::get().to(json))
        .route("/interviews/{id}/events", web::get().to(events));
}

/// Everything the live view shows, as sent to its script.
#[derive(Debug, Serialize)]
pub struct LiveState {
    pub id: Uuid,
    pub title: String,
    pub state: String,
    pub candidate: Option<Candidate>,
    pub link_active: bool,
    pub started_at: Option<DateTime<Utc>>,
    pub questions: Vec<LiveQuestion>,
    /// When this state was read (server clock), for measuring delays.
    pub read_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct LiveQuestion {
    pub position: i32,
    pub prompt: String,
    pub minutes: i32,
    /// `not started`, `in progress`, `submitted` or `timed out`.
    pub status: &'static str,
    /// The interviewer's own reference answer (owner only), for own questions.
    pub reference: Option<String>,
    /// For a pushed follow-up: the position of the question it follows.
    pub followup_of: Option<i32>,
    /// The next chain link that can still be pushed as a follow-up.
    pub chain_next_prompt: Option<String>,
}

async fn read_state(pool: &PgPool, session: &Session) -> Result<LiveState, sqlx::Error> {
    let fresh = sessions::get(pool, session.id).await?;
    let current = fresh.as_ref().unwrap_or(session);
    let all = sessions::questions(pool, session.id).await?;
    let present: std::collections::HashSet<&str> = all
        .iter()
        .filter_map(|q| q.question_id.as_deref())
        .collect();
    let questions = all
        .iter()
        .map(|q| LiveQuestion {
            position: q.position,
            prompt: q.prompt.clone(),
            minutes: q.minutes,
            status: "not started",
            reference: q.own_reference.clone(),
            followup_of: q.followup_of,
            chain_next_prompt: q
                .chain_next
                .as_deref()
                .filter(|next| !present.contains(next))
                .and(q.chain_next_prompt.clone()),
        })
        .collect();
    Ok(LiveState {
        id: current.id,
        title: current.title.clone(),
        state: current.state.clone(),
        candidate: sessions::candidate(pool, session.id).await?,
        link_active: sessions::active_link_expiry(pool, session.id, "candidate")
            .await?
            .is_some(),
        started_at: current.started_at,
        questions,
        read_at: Utc::now(),
    })
}

#[derive(Template)]
#[template(path = "interviews/live.html")]
struct LivePage {
    layout: Layout,
    live: LiveState,
    /// Private notes by question position.
    notes: std::collections::HashMap<i32, String>,
    recommendation: String,
    summary: String,
    recommendations: &'static [(&'static str, &'static str)],
    report_link_expires: Option<DateTime<Utc>>,
    /// The report link just issued: shown this once.
    new_report_link: Option<String>,
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
        report_link_expires: sessions::active_link_expiry(pool, session.id, "report").await?,
        new_report_link,
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

struct Stream {
    pool: PgPool,
    session: Session,
    rx: broadcast::Receiver<LiveEvent>,
    tick: tokio::time::Interval,
    first: bool,
}

async fn state_event(pool: &PgPool, session: &Session) -> Bytes {
    match read_state(pool, session).await {
        Ok(s) => {
            let json = serde_json::to_string(&s).unwrap_or_else(|_| "{}".into());
            Bytes::from(format!("event: state\ndata: {json}\n\n"))
        }
        Err(e) => {
            // The database is away; the listener's resync will bring the state once it is back.
            tracing::warn!(error = %e, "live view: cannot read the session state");
            Bytes::from_static(b": state unavailable, waiting for the database\n\n")
        }
    }
}

async fn events(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let session = owned(&state, &user, &path).await?;
    // Subscribe before the first read, so no change between the two is missed.
    let rx = state.live.subscribe();
    let mut tick = tokio::time::interval(KEEP_ALIVE);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let init = Stream {
        pool: state.pool.clone(),
        session,
        rx,
        tick,
        first: true,
    };
    let body = stream::unfold(init, |mut s| async move {
        if s.first {
            s.first = false;
            s.tick.tick().await; // the first tick is immediate
            let bytes = state_event(&s.pool, &s.session).await;
            return Some((Ok::<_, actix_web::Error>(bytes), s));
        }
        loop {
            tokio::select! {
                event = s.rx.recv() => match event {
                    Ok(e) if e.concerns(s.session.id) => {
                        let bytes = state_event(&s.pool, &s.session).await;
                        return Some((Ok(bytes), s));
                    }
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_)) => {
                        let bytes = state_event(&s.pool, &s.session).await;
                        return Some((Ok(bytes), s));
                    }
                    Err(RecvError::Closed) => return None,
                },
                _ = s.tick.tick() => {
                    return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), s));
                }
            }
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}
