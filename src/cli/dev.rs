//! `whetstone dev ...`: developer tools. `dev seed` fills a database with one big team and graded
//! answers, to try the leaderboards at scale (`benches/leaderboard.rs` measures them); `dev
//! simulate` measures the ratings on simulated users (`cli::simulate`).
//!
//! Rows are generated inside PostgreSQL (`generate_series`, in batches of 100,000 answers) with
//! the leaderboard trigger disabled for the load, in one transaction; `leaderboard_rebuild()` then
//! computes the leaderboard tables set-based. Seeded users are `<prefix>000001`, ... with the
//! password [`SEED_PASSWORD`]; the first one owns the team.
//!
//! Queries here are runtime-checked (`sqlx::query`): they use temporary tables that the
//! compile-time checker cannot see.

use std::time::Instant;

use anyhow::Context;
use sqlx::PgPool;
use uuid::Uuid;

use crate::cli::serve::EMBEDDED_DATABASE;
use crate::config::Settings;
use crate::pg::{EmbeddedOptions, EmbeddedPostgres, admin};

/// Password of every seeded account.
pub const SEED_PASSWORD: &str = "seeded password";
const BATCH: i64 = 100_000;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a team of N members with M graded answers spread over the last 120 days.
    Seed(SeedArgs),
    /// Simulate users answering through the real rating and adaptive dealing code (no database).
    Simulate(crate::cli::simulate::SimulateArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct SeedArgs {
    /// Members of the seeded team (accounts are created as needed).
    #[arg(long, default_value_t = 1000)]
    pub members: i64,
    /// Graded answers to create, spread over the members.
    #[arg(long, default_value_t = 100_000)]
    pub answers: i64,
    /// Username prefix of the seeded accounts (3-20 characters, letters and digits).
    #[arg(long, default_value = "seed")]
    pub prefix: String,
    /// Seed of the random generator, for repeatable data (0.0-1.0).
    #[arg(long, default_value_t = 0.42)]
    pub random_seed: f64,
    /// The database; without it, the embedded cluster in the data directory (as `serve`).
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
}

/// What a seed run made.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub team: Uuid,
    pub owner: String,
    pub members: i64,
    pub answers: i64,
}

pub fn run(command: Command) -> anyhow::Result<()> {
    let args = match command {
        Command::Seed(args) => args,
        Command::Simulate(args) => return crate::cli::simulate::run(args),
    };
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(seed_command(args))
}

async fn seed_command(args: SeedArgs) -> anyhow::Result<()> {
    let mut cluster = None;
    let url = match &args.database_url {
        Some(url) => url.clone(),
        None => {
            let data_dir = Settings::from_env()?.data_dir;
            let pg = tokio::task::spawn_blocking(move || {
                EmbeddedPostgres::start(&data_dir, EmbeddedOptions::default())
            })
            .await?
            .context("DATABASE_URL is not set and the embedded PostgreSQL did not start")?;
            admin::create_database_if_missing(&pg.url("postgres"), EMBEDDED_DATABASE).await?;
            let url = pg.url(EMBEDDED_DATABASE);
            cluster = Some(pg);
            url
        }
    };
    let result = async {
        let pool = crate::startup::connect_migrated(&url).await?;
        let started = Instant::now();
        let s = seed(&pool, &args).await?;
        println!(
            "seeded team {} ({} members, {} answers) in {:.1}s",
            s.team,
            s.members,
            s.answers,
            started.elapsed().as_secs_f64()
        );
        println!(
            "log in as {} with password {SEED_PASSWORD:?}; board: /teams/{}/leaderboard",
            s.owner, s.team
        );
        anyhow::Ok(())
    }
    .await;
    if let Some(mut pg) = cluster {
        tokio::task::spawn_blocking(move || pg.stop()).await??;
    }
    result
}

/// Seeds one team: `args.members` accounts (reused when they exist), `args.answers` answers.
pub async fn seed(pool: &PgPool, args: &SeedArgs) -> anyhow::Result<Seeded> {
    let prefix = args.prefix.as_str();
    if !(3..=20).contains(&prefix.len()) || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        anyhow::bail!("--prefix must be 3-20 letters or digits, not {prefix:?}");
    }
    if args.members < 1 || args.answers < 0 {
        anyhow::bail!("--members must be at least 1 and --answers at least 0");
    }
    if !(0.0..=1.0).contains(&args.random_seed) {
        anyhow::bail!("--random-seed must be between 0 and 1");
    }
    let hash = crate::auth::password::hash_password(SEED_PASSWORD)?;
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT setseed($1)")
        .bind(args.random_seed)
        .execute(&mut *tx)
        .await?;

    let t = Instant::now();
    sqlx::query(
        "INSERT INTO users (username, email, password_hash)
         SELECT $1 || lpad(i::text, 6, '0'), $1 || lpad(i::text, 6, '0') || '@seed.invalid', $2
         FROM generate_series(1, $3) AS i
         ON CONFLICT DO NOTHING",
    )
    .bind(prefix)
    .bind(&hash)
    .bind(args.members)
    .execute(&mut *tx)
    .await?;
    let team: Uuid = sqlx::query_scalar("INSERT INTO teams (name) VALUES ($1) RETURNING id")
        .bind(format!("Seeded team ({prefix})"))
        .fetch_one(&mut *tx)
        .await?;
    // idx 0 .. members-1, with one solo interview each that holds the seeded items.
    sqlx::query(
        "CREATE TEMP TABLE seed_members ON COMMIT DROP AS
         SELECT (i - 1) AS idx, u.id AS user_id, gen_random_uuid() AS interview_id
         FROM generate_series(1, $2) AS i
         JOIN users u ON lower(u.username) = lower($1 || lpad(i::text, 6, '0'))",
    )
    .bind(prefix)
    .bind(args.members)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO team_members (team_id, user_id, role)
         SELECT $1, user_id, CASE WHEN idx = 0 THEN 'owner' ELSE 'member' END FROM seed_members",
    )
    .bind(team)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO interviews (id, user_id, kind, difficulty, minutes_per_question, created_at)
         SELECT interview_id, user_id, 'solo', 'mixed', 10, now() - interval '120 days'
         FROM seed_members",
    )
    .execute(&mut *tx)
    .await?;
    eprintln!("accounts and team: {:.1}s", t.elapsed().as_secs_f64());

    // The bank's questions, or 1,100 made-up ones across the topics when the bank is empty.
    sqlx::query(
        "CREATE TEMP TABLE seed_questions ON COMMIT DROP AS
         SELECT (row_number() OVER (ORDER BY id) - 1)::integer AS idx, id, topic, difficulty
         FROM questions WHERE NOT retired",
    )
    .execute(&mut *tx)
    .await?;
    let topics: Vec<&str> = crate::corpus::topics::TOPICS
        .iter()
        .map(|t| t.slug)
        .collect();
    sqlx::query(
        "INSERT INTO seed_questions (idx, id, topic, difficulty)
         SELECT k, 'seed-q' || k, ($1::text[])[1 + k % cardinality($1::text[])],
                (ARRAY['easy', 'medium', 'hard'])[1 + (k / 7) % 3]
         FROM generate_series(0, 1099) AS k
         WHERE NOT EXISTS (SELECT 1 FROM seed_questions)",
    )
    .bind(&topics)
    .execute(&mut *tx)
    .await?;
    let questions: i64 = sqlx::query_scalar("SELECT count(*) FROM seed_questions")
        .fetch_one(&mut *tx)
        .await?;

    sqlx::query("ALTER TABLE answers DISABLE TRIGGER answers_leaderboard")
        .execute(&mut *tx)
        .await?;
    let t = Instant::now();
    let mut done = 0;
    while done < args.answers {
        let upto = (done + BATCH).min(args.answers);
        insert_batch(&mut tx, done, upto, args.members, questions).await?;
        done = upto;
        eprintln!("answers: {done} ({:.1}s)", t.elapsed().as_secs_f64());
    }
    sqlx::query("ALTER TABLE answers ENABLE TRIGGER answers_leaderboard")
        .execute(&mut *tx)
        .await?;
    let t = Instant::now();
    sqlx::query("SELECT leaderboard_rebuild()")
        .execute(&mut *tx)
        .await?;
    eprintln!(
        "leaderboard tables rebuilt: {:.1}s",
        t.elapsed().as_secs_f64()
    );
    tx.commit().await?;
    for table in [
        "users",
        "team_members",
        "answers",
        "leaderboard_points",
        "leaderboard_best",
        "leaderboard_streaks",
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("VACUUM ANALYZE {table}")))
            .execute(pool)
            .await?;
    }
    Ok(Seeded {
        team,
        owner: format!("{prefix}000001"),
        members: args.members,
        answers: args.answers,
    })
}

/// Answers `lo..upto`: answer i belongs to member i % members (item position i / members), on a
/// random question, submitted in the last 120 days (skewed to recent days), scored 0-10, 5%
/// flagged.
async fn insert_batch(
    tx: &mut sqlx::PgConnection,
    lo: i64,
    upto: i64,
    members: i64,
    questions: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "CREATE TEMP TABLE seed_batch ON COMMIT DROP AS
         SELECT gen_random_uuid() AS item_id, m.interview_id, m.user_id,
                (g.i / $3)::integer AS position, q.id AS question_id, q.topic, q.difficulty,
                round((random() * 10)::numeric, 1)::real AS score,
                CASE WHEN random() < 0.05
                     THEN ARRAY[(ARRAY['keyword_dump', 'off_topic', 'copied_question'])
                                [1 + floor(random() * 3)::integer]]
                     ELSE '{}'::text[] END AS flags,
                now() - random() * random() * interval '120 days' AS submitted_at
         FROM (SELECT i, floor(random() * $4)::integer AS qi
               FROM generate_series($1, $2 - 1) AS i) AS g
         JOIN seed_members m ON m.idx = g.i % $3
         JOIN seed_questions q ON q.idx = g.qi",
    )
    .bind(lo)
    .bind(upto)
    .bind(members)
    .bind(questions)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO interview_items (id, interview_id, position, question_id, minutes, state,
                                      started_at, deadline)
         SELECT item_id, interview_id, position, question_id, 10, 'submitted',
                submitted_at - interval '5 minutes', submitted_at + interval '5 minutes'
         FROM seed_batch",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO answers (id, item_id, source, user_id, question_id, topic, difficulty, body,
                              submitted_at, score, band, flags, grader_version)
         SELECT gen_random_uuid(), item_id, 'solo', user_id, question_id, topic, difficulty,
                'seeded answer', submitted_at, score, NULL, flags, 'seed'
         FROM seed_batch",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query("DROP TABLE seed_batch")
        .execute(&mut *tx)
        .await?;
    Ok(())
}
