//! `whetstone regrade [--question ID] [--since DATE] [--all]`: grades answers to bank questions
//! again with the rubric the database holds now, and rebuilds the leaderboard rows of every user
//! whose scores it touched.
//!
//! By default only answers graded by another version of their rubric (or before versions were
//! recorded) are regraded: an answer keeps the judgment it was given until this runs. `--all`
//! regrades every selected answer (after a grader change, say). The work is `solo::regrade`.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use super::progress::progress_bar;
use crate::grader::Grader;
use crate::solo::regrade::{Selection, Step};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only answers to this question id.
    #[arg(long)]
    pub question: Option<String>,
    /// Only answers submitted on or after this day (YYYY-MM-DD, UTC).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// Regrade every selected answer, not only those graded by another rubric version.
    #[arg(long)]
    pub all: bool,
}

pub use crate::solo::regrade::Outcome;

pub fn run(args: Args) -> anyhow::Result<()> {
    let settings = crate::config::Settings::from_env()?;
    crate::telemetry::init_tracing(&settings.log_filter, settings.log_format);
    let url = settings
        .database_url
        .as_ref()
        .map(|u| u.expose().to_string())
        .context("DATABASE_URL is not set: `whetstone regrade` needs the database to regrade")?;
    let grader = Arc::new(crate::solo::load_grader(&settings.rubrics_dir));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let pool = crate::startup::connect_migrated(&url).await?;
        let started = Instant::now();
        let since = args
            .since
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| DateTime::<Utc>::from_naive_utc_and_offset(t, Utc));
        let o = regrade(&pool, &grader, args.question.as_deref(), since, args.all).await?;
        println!(
            "regraded {} of {} selected answers ({} scores changed); rebuilt the leaderboard rows of {} users in {:.1} s",
            o.regraded,
            o.selected,
            o.scores_changed,
            o.users,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    })
}

/// Regrades the selected answers (see `solo::regrade`) with progress bars, and rebuilds the
/// leaderboard rows of their users.
pub async fn regrade(
    pool: &PgPool,
    grader: &Grader,
    question: Option<&str>,
    since: Option<DateTime<Utc>>,
    all: bool,
) -> anyhow::Result<Outcome> {
    let mut bar = progress_bar(0, "regrading");
    let sel = Selection {
        question,
        since,
        all,
        answers: None,
    };
    let o = crate::solo::regrade::regrade(pool, grader, sel, &mut |step| match step {
        Step::Selected(n) => bar.set_length(n as u64),
        Step::Users(n) => {
            bar.finish_and_clear();
            bar = progress_bar(n as u64, "leaderboards");
        }
        Step::Answer | Step::User => bar.inc(1),
    })
    .await?;
    bar.finish_and_clear();
    Ok(o)
}
