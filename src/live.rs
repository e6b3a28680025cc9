//! Live updates across app instances: PostgreSQL LISTEN/NOTIFY fanned out in process.
//!
//! A change a live view shows is announced with [`notify`] (`pg_notify` on [`CHANNEL`]) in the
//! transaction that makes it, so the notice goes out exactly when the change is committed, to
//! every app instance on the database. Each instance runs one listener task ([`Live::start`])
//! that forwards notices to its subscribers through a `tokio::sync::broadcast` channel.
//!
//! Notices lost while the listener's connection is down (database restart, network) are not
//! replayed by PostgreSQL. Instead, each time the listener (re)connects it broadcasts
//! [`LiveEvent::Resync`], and every subscriber re-reads its state from the database; a
//! subscriber that fell behind the broadcast buffer (`Lagged`) does the same. Subscribers
//! therefore treat events only as "something changed, re-read", never as the data itself.

use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::{PgPool, Postgres, Transaction};
use tokio::sync::broadcast;
use uuid::Uuid;

/// The notification channel.
pub const CHANNEL: &str = "whetstone_live";
/// The channel a trigger notifies when the question bank changes (see [`crate::bank_cache`]).
pub const BANK_CHANNEL: &str = "whetstone_bank";

/// What subscribers hear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// Something in this session changed (`what` says what, for logs and tests).
    Changed { session: Uuid, what: String },
    /// Notices may have been missed: re-read everything.
    Resync,
    /// The question bank changed (an import, a retired question): drop what was cached of it.
    BankChanged,
}

impl LiveEvent {
    /// Whether a subscriber to `session` must re-read its state.
    pub fn concerns(&self, session: Uuid) -> bool {
        match self {
            LiveEvent::Changed { session: s, .. } => *s == session,
            LiveEvent::Resync => true,
            LiveEvent::BankChanged => false,
        }
    }
}

/// The in-process fan-out of one app instance.
#[derive(Debug, Clone)]
pub struct Live {
    tx: broadcast::Sender<LiveEvent>,
}

impl Live {
    /// Starts the listener task on `pool` (must be called inside a tokio runtime).
    pub fn start(pool: PgPool) -> Live {
        let (tx, _) = broadcast::channel(1024);
        let live = Live { tx };
        tokio::spawn(listen_forever(pool, live.tx.clone()));
        live
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }
}

/// Announces a change of `session` when `tx` commits.
pub async fn notify(
    tx: &mut Transaction<'_, Postgres>,
    session: Uuid,
    what: &str,
) -> Result<(), sqlx::Error> {
    let payload = format!("{session} {what}");
    sqlx::query!("SELECT pg_notify($1, $2)", CHANNEL, payload)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Parses a notice payload: `<session uuid> <what>`.
pub fn parse(payload: &str) -> Option<LiveEvent> {
    let (session, what) = payload.split_once(' ')?;
    Some(LiveEvent::Changed {
        session: session.parse().ok()?,
        what: what.to_owned(),
    })
}

async fn listen_forever(pool: PgPool, tx: broadcast::Sender<LiveEvent>) {
    let mut first = true;
    let mut backoff = Duration::from_millis(100);
    loop {
        if pool.is_closed() {
            return;
        }
        let mut listener = match connect(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "live: cannot listen yet; retrying");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
                continue;
            }
        };
        backoff = Duration::from_millis(100);
        if !first {
            tracing::info!("live: listening again; subscribers re-read their state");
        }
        // also the first time: a stream that subscribed before LISTEN took effect (a fresh
        // instance) may have missed a notice, so every subscriber re-reads its state
        let _ = tx.send(LiveEvent::Resync);
        first = false;
        loop {
            // try_recv gives Ok(None) when the connection was lost: start over with a fresh
            // connection so we know when listening works again.
            match listener.try_recv().await {
                Ok(Some(n)) if n.channel() == BANK_CHANNEL => {
                    let _ = tx.send(LiveEvent::BankChanged);
                }
                Ok(Some(n)) => match parse(n.payload()) {
                    Some(event) => {
                        let _ = tx.send(event);
                    }
                    None => tracing::warn!(payload = n.payload(), "live: odd notice ignored"),
                },
                Ok(None) => {
                    tracing::warn!("live: listener connection lost");
                    break;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "live: listener failed");
                    break;
                }
            }
        }
    }
}

async fn connect(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen_all([CHANNEL, BANK_CHANNEL]).await?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_parse_and_filter_by_session() {
        let id = Uuid::new_v4();
        let event = parse(&format!("{id} joined")).unwrap();
        assert_eq!(
            event,
            LiveEvent::Changed {
                session: id,
                what: "joined".into()
            }
        );
        assert!(event.concerns(id));
        assert!(!event.concerns(Uuid::new_v4()));
        assert!(LiveEvent::Resync.concerns(id));
        assert!(!LiveEvent::BankChanged.concerns(id));
        assert_eq!(parse("not-a-uuid joined"), None);
        assert_eq!(parse("nospace"), None);
    }
}
