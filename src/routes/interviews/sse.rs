//! Server-sent event streams fed by [`crate::live`]: an `event: state` with the JSON a reader
//! function returns, sent at once and again whenever the session changes (or a resync is asked
//! for, or this subscriber lagged), and a keep-alive comment every 15 s.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use actix_web::HttpResponse;
use actix_web::web::Bytes;
use futures_util::stream;
use sqlx::PgPool;
use tokio::sync::broadcast::{self, error::RecvError};
use uuid::Uuid;

use crate::live::{Live, LiveEvent};

const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Reads the state a stream sends, as JSON.
pub type Reader = fn(PgPool, Uuid) -> Pin<Box<dyn Future<Output = Result<String, sqlx::Error>>>>;

struct Subscriber {
    pool: PgPool,
    session: Uuid,
    read: Reader,
    rx: broadcast::Receiver<LiveEvent>,
    tick: tokio::time::Interval,
    first: bool,
}

impl Subscriber {
    async fn state_event(&self) -> Bytes {
        match (self.read)(self.pool.clone(), self.session).await {
            Ok(json) => Bytes::from(format!("event: state\ndata: {json}\n\n")),
            Err(e) => {
                // The database is away; the listener's resync brings the state once it is back.
                tracing::warn!(error = %e, session = %self.session, "live: cannot read the state");
                Bytes::from_static(b": state unavailable, waiting for the database\n\n")
            }
        }
    }
}

/// The event-stream response for `session`.
pub fn respond(live: &Live, pool: PgPool, session: Uuid, read: Reader) -> HttpResponse {
    // Subscribe before the first read, so no change between the two is missed.
    let rx = live.subscribe();
    let mut tick = tokio::time::interval(KEEP_ALIVE);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let init = Subscriber {
        pool,
        session,
        read,
        rx,
        tick,
        first: true,
    };
    let body = stream::unfold(init, |mut s| async move {
        if s.first {
            s.first = false;
            s.tick.tick().await; // the first tick is immediate
            let bytes = s.state_event().await;
            return Some((Ok::<_, actix_web::Error>(bytes), s));
        }
        loop {
            tokio::select! {
                event = s.rx.recv() => match event {
                    Ok(e) if e.concerns(s.session) => {
                        let bytes = s.state_event().await;
                        return Some((Ok(bytes), s));
                    }
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_)) => {
                        let bytes = s.state_event().await;
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
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body)
}
