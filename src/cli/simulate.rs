//! `whetstone dev simulate`: users with hidden skill answer questions with hidden difficulty
//! through the real rating rules and adaptive dealer (see `ratings::simulate`); prints how well the
//! learned ratings recover the hidden ones after every 5 attempts per user, and the scores.

use anyhow::bail;

use crate::cli::progress::progress_bar;
use crate::dealer::DifficultyChoice;
use crate::ratings::simulate::{self, Setup};

#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// Simulated users.
    #[arg(long, default_value_t = 500)]
    pub users: usize,
    /// Graded answers per user.
    #[arg(long, default_value_t = 40)]
    pub attempts: usize,
    /// Questions in the simulated bank.
    #[arg(long, default_value_t = 1070)]
    pub questions: usize,
    /// Topics in the simulated bank (each user practises two).
    #[arg(long, default_value_t = 12)]
    pub topics: usize,
    /// How users deal: adaptive-easier, adaptive or adaptive-harder.
    #[arg(long, default_value = "adaptive")]
    pub difficulty: String,
    /// Seed of the random generator: the same seed gives the same figures.
    #[arg(long, default_value_t = 16)]
    pub seed: u64,
}

/// Goals of issue 16.
const USER_GOAL: f64 = 0.8;
const QUESTION_GOAL: f64 = 0.7;

pub fn run(args: SimulateArgs) -> anyhow::Result<()> {
    let Some(DifficultyChoice::Adaptive(stretch)) = DifficultyChoice::parse(&args.difficulty)
    else {
        bail!(
            "--difficulty must be adaptive-easier, adaptive or adaptive-harder, not {:?}",
            args.difficulty
        );
    };
    if args.users == 0 || args.attempts == 0 || args.questions == 0 || args.topics < 2 {
        bail!("--users, --attempts and --questions must be at least 1 and --topics at least 2");
    }
    let setup = Setup {
        users: args.users,
        attempts: args.attempts,
        questions: args.questions,
        topics: args.topics,
        stretch,
        seed: args.seed,
    };
    let checkpoints: Vec<usize> = (1..=args.attempts)
        .filter(|a| a % 5 == 0 || *a == args.attempts)
        .collect();
    let rounds = args.attempts.div_ceil(simulate::INTERVIEW) as u64;
    let bar = progress_bar(rounds, "simulating");
    let started = std::time::Instant::now();
    let out = simulate::run(&setup, &checkpoints, || bar.inc(1));
    bar.finish_and_clear();
    println!(
        "{} users x {} attempts, {} questions in {} topics, dealt {}, seed {}",
        args.users,
        args.attempts,
        args.questions,
        args.topics,
        stretch.as_str(),
        args.seed
    );
    println!(
        "{:>8}  {:>12}  {:>14}  {:>14}  {:>9}  {:>10}",
        "attempts", "user topic ρ", "user overall ρ", "question ρ", "played", "mean score"
    );
    for c in &out.checkpoints {
        println!(
            "{:>8}  {:>12.3}  {:>14.3}  {:>14.3}  {:>9}  {:>10.2}",
            c.attempts,
            c.user_topic_spearman,
            c.user_overall_spearman,
            c.question_spearman,
            c.questions_played,
            c.mean_score
        );
    }
    let first = |ok: &dyn Fn(&simulate::Checkpoint) -> bool| {
        out.checkpoints.iter().find(|c| ok(c)).map_or_else(
            || "not reached".to_string(),
            |c| format!("{} attempts", c.attempts),
        )
    };
    println!(
        "labels alone vs hidden difficulty (played questions): ρ = {:.3}",
        out.label_spearman
    );
    println!(
        "users within 5-7/10 on average: {:.1}%",
        100.0 * out.users_within_5_7
    );
    println!(
        "user ρ >= {USER_GOAL} (topic) after {}; question ρ >= {QUESTION_GOAL} after {}; mean score {:.2}/10 over {} games in {:.1}s",
        first(&|c| c.user_topic_spearman >= USER_GOAL),
        first(&|c| c.question_spearman >= QUESTION_GOAL),
        out.mean_score,
        out.games,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
