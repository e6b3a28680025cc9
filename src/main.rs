//! The `whetstone` binary: parses the command line and calls the library.

use clap::{Parser, Subcommand};
use whetstone::cli;

#[derive(Debug, Parser)]
#[command(
    name = "whetstone",
    version,
    about = "Practise system-design interviews"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Inspect the question corpus.
    #[command(subcommand)]
    Corpus(cli::corpus::Command),
    /// Extract or check the rubrics under `rubrics/`.
    #[command(subcommand)]
    Rubrics(cli::rubrics::Command),
    /// Grade answers (one, or a JSON-lines batch on stdin).
    Grade(cli::grade::Args),
    /// Measure the grader against human scores.
    Eval(cli::eval::Args),
    /// Developer tools: `dev seed` fills a database with a big team for the leaderboards; `dev
    /// simulate` measures the ratings on simulated users.
    #[command(subcommand)]
    Dev(cli::dev::Command),
    /// Run the web app (with a private PostgreSQL when DATABASE_URL is unset).
    Serve(cli::serve::Args),
    /// Load corpus/ and rubrics/ into the database of DATABASE_URL.
    Import(cli::import::Args),
    /// Grade answers again with the current rubrics and rebuild the touched leaderboard rows.
    Regrade(cli::regrade::Args),
    /// Manage accounts: `users grant-curator NAME`, `users revoke-curator NAME`.
    #[command(subcommand)]
    Users(cli::users::Command),
    /// Ratings learned from attempts: `ratings report` lists questions far from their label.
    #[command(subcommand)]
    Ratings(cli::ratings::Command),
    /// Review cards: `reviews recompute` replays the review log into the schedules.
    #[command(subcommand)]
    Reviews(cli::reviews::Command),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Corpus(c) => cli::corpus::run(c),
        Command::Rubrics(c) => cli::rubrics::run(c),
        Command::Grade(a) => cli::grade::run(a),
        Command::Eval(a) => cli::eval::run(a),
        Command::Dev(c) => cli::dev::run(c),
        Command::Serve(a) => cli::serve::run(a),
        Command::Import(a) => cli::import::run(a),
        Command::Regrade(a) => cli::regrade::run(a),
        Command::Users(c) => cli::users::run(c),
        Command::Ratings(c) => cli::ratings::run(c),
        Command::Reviews(c) => cli::reviews::run(c),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) if cli::output::is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
