//! `whetstone reviews recompute [--user NAME]`: replays the review log of every card (or one
//! user's) with the current FSRS parameters and each user's desired retention, and rewrites the
//! cards' schedules. Run it after changing the scheduler's parameters or rules.

use std::time::Instant;

use anyhow::Context;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Recompute review schedules from the raw review log.
    Recompute(RecomputeArgs),
}

#[derive(Debug, clap::Args)]
pub struct RecomputeArgs {
    /// Only this user's cards (a username).
    #[arg(long)]
    pub user: Option<String>,
}

pub fn run(command: Command) -> anyhow::Result<()> {
    let Command::Recompute(args) = command;
    let settings = crate::config::Settings::from_env()?;
    crate::telemetry::init_tracing(&settings.log_filter, settings.log_format);
    let url = settings.database_url.clone().context(
        "DATABASE_URL is not set: `whetstone reviews recompute` needs the database to recompute",
    )?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let pool = crate::startup::connect_migrated(url.expose()).await?;
        let user = match &args.user {
            None => None,
            Some(name) => Some(
                crate::db::users::find_credentials(&pool, name)
                    .await?
                    .with_context(|| format!("there is no user {name:?}"))?
                    .user
                    .id,
            ),
        };
        let started = Instant::now();
        let cards = crate::reviews::service::recompute(&pool, user)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!(
            "rescheduled {cards} review cards from their log in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        Ok(())
    })
}
