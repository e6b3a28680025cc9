//! The deadline sweeper: a background task that submits and grades the last saved draft of every
//! item whose time ran out, even when no browser is left to do it. Items are claimed with
//! `FOR UPDATE SKIP LOCKED`, so several app instances can sweep the same database.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use tokio::task::JoinHandle;

use crate::db;
use crate::grader::Grader;

use super::SoloError;
use super::service::time_out_locked;

/// How often the app sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(2);

/// Items timed out per transaction.
const BATCH: i64 = 20;

/// Times out every due item (in batches); returns how many were timed out.
pub async fn sweep_once(pool: &PgPool, grader: &Arc<Grader>) -> Result<usize, SoloError> {
    let mut total = 0;
    loop {
        let mut tx = pool.begin().await?;
        let due = db::interviews::claim_due(&mut tx, BATCH).await?;
        for id in &due {
            if let Some(item) = db::interviews::lock_item(&mut tx, *id).await? {
                time_out_locked(&mut tx, grader, &item).await?;
                tracing::info!(item = %id, question = %item.question_id, "timed out; last saved draft graded");
            }
        }
        tx.commit().await?;
        total += due.len();
        if (due.len() as i64) < BATCH {
            return Ok(total);
        }
    }
}

/// Starts the sweeper on the current tokio runtime, running every `every`. It also keeps the
/// `whetstone_active_interview_items` gauge current.
pub fn spawn_sweeper(pool: PgPool, grader: Arc<Grader>, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // the app is shutting down: a closed pool is no failure to report
            if pool.is_closed() {
                return;
            }
            if let Err(e) = sweep_once(&pool, &grader).await {
                if pool.is_closed() {
                    return;
                }
                tracing::error!(error = %e, "deadline sweep failed");
            }
            match db::interviews::count_active(&pool).await {
                Ok(n) => metrics::gauge!("whetstone_active_interview_items").set(n as f64),
                Err(e) => tracing::warn!(error = %e, "counting active items failed"),
            }
        }
    })
}
