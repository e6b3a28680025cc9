//! `whetstone ratings report`: questions whose learned rating moved far from their label's rating
//! (see `ratings::report`), read from `DATABASE_URL`'s database.

use anyhow::{Context, bail};
use sqlx::PgPool;

use super::progress::progress_bar;
use crate::db;
use crate::ratings::report::{self, Report};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List questions whose learned rating moved far from their label.
    Report(ReportArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// How far (rating points) the learned rating must be from the label's.
    #[arg(long, default_value_t = 150.0)]
    pub threshold: f64,
    /// Only questions with at least this many rated attempts.
    #[arg(long, default_value_t = 5)]
    pub min_games: i32,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: Command) -> anyhow::Result<()> {
    let Command::Report(args) = command;
    let settings = crate::config::Settings::from_env()?;
    let url = settings
        .database_url
        .clone()
        .context("DATABASE_URL is not set: `whetstone ratings report` reads the ratings from it")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let pool = crate::startup::connect_migrated(url.expose()).await?;
        let r = build(&pool, &args).await?;
        print(&r, &args)
    })
}

/// The report of `args` over the database of `pool`.
pub async fn build(pool: &PgPool, args: &ReportArgs) -> anyhow::Result<Report> {
    if !args.threshold.is_finite() || args.threshold < 0.0 {
        bail!("--threshold must be zero or more, not {}", args.threshold);
    }
    if args.min_games < 1 {
        bail!("--min-games must be at least 1, not {}", args.min_games);
    }
    let questions = db::ratings::all_question_ratings(pool)
        .await
        .context("reading the question ratings")?;
    let bar = progress_bar(questions.len() as u64, "examining");
    let r = report::drifted(&questions, args.min_games, args.threshold, || bar.inc(1));
    bar.finish_and_clear();
    Ok(r)
}

fn print(r: &Report, args: &ReportArgs) -> anyhow::Result<()> {
    if args.json {
        let rows: Vec<serde_json::Value> = r
            .drifted
            .iter()
            .map(|d| {
                serde_json::json!({
                    "id": d.question_id, "topic": d.topic, "difficulty": d.difficulty,
                    "label": d.label, "learned": (d.learned * 10.0).round() / 10.0,
                    "deviation": (d.deviation * 10.0).round() / 10.0, "games": d.games,
                    "moved": (d.moved() * 10.0).round() / 10.0, "prompt": d.prompt,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "questions": r.questions, "played": r.played, "settled": r.settled,
                "threshold": args.threshold, "min_games": args.min_games, "drifted": rows,
            })
        );
        return Ok(());
    }
    if !r.drifted.is_empty() {
        println!(
            "{:<10} {:<14} {:>12} {:>13} {:>6} {:>6}  prompt",
            "id", "topic", "label", "learned", "games", "moved"
        );
    }
    for d in &r.drifted {
        let prompt: String = d.prompt.chars().take(60).collect();
        println!(
            "{:<10} {:<14} {:>5} {:<6} {:>6.0} ± {:<4.0} {:>6} {:>+6.0}  {}",
            d.question_id,
            d.topic.chars().take(14).collect::<String>(),
            d.label,
            d.difficulty,
            d.learned,
            2.0 * d.deviation,
            d.games,
            d.moved(),
            prompt
        );
    }
    println!(
        "{} of {} questions with at least {} rated attempts moved more than {} points from their label ({} of {} questions played)",
        r.drifted.len(),
        r.settled,
        args.min_games,
        args.threshold,
        r.played,
        r.questions
    );
    Ok(())
}
