//! What rating a graded answer adds to its submit: `ratings::service::record_attempt` (a user's
//! first answer to a question: reads, locks and seeds the ratings, rates the game, writes four
//! rows) inside a transaction, against the same transaction without it. Each transaction rolls
//! back, so every iteration is a first attempt that seeds its question's rating row, the slowest
//! path. Prints p50/p95/p99 of both and the difference of the medians.
//!
//! `cargo bench --bench ratings` (add `--profile dev` to skip building the release profile: the
//! time is database round trips). Environment: `WHETSTONE_BENCH_DATABASE_URL` (else a private
//! cluster under the temp directory), `BENCH_ITERATIONS` (default 1,000). Under `cargo test` (no
//! `--bench` argument) it does nothing.

#[path = "support/bench_db.rs"]
mod bench_db;

use std::time::{Duration, Instant};

use sqlx::PgPool;
use uuid::Uuid;
use whetstone::db::answers::{AnswerSource, NewAnswer};
use whetstone::db::interviews::Item;
use whetstone::ratings::service::record_attempt;
use whetstone::startup::{MIGRATOR, connect};

const QUESTIONS: usize = 1000;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("ratings bench: run it with `cargo bench --bench ratings`");
        return;
    }
    let (url, cluster) = bench_db::database("ratings_bench");
    let iterations = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000usize);
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run(url, iterations));
    if let Some(mut pg) = cluster {
        pg.stop().unwrap();
    }
}

/// A user with one interview of `QUESTIONS` items, one per bank question: (user, interview,
/// items as (id, question)).
async fn arrange(pool: &PgPool) -> (Uuid, Uuid, Vec<(Uuid, String)>) {
    sqlx::query(
        "INSERT INTO questions (id, prompt, section, topic, difficulty, rating)
         SELECT 'bench-' || k, 'Bench question ' || k, 'Bench', 'caching', 'medium', 1200 + k % 600
         FROM generate_series(1, $1) AS k ON CONFLICT (id) DO NOTHING",
    )
    .bind(QUESTIONS as i32)
    .execute(pool)
    .await
    .unwrap();
    let existing: Option<Uuid> =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'ratingbench'")
            .fetch_optional(pool)
            .await
            .unwrap();
    let user = match existing {
        Some(id) => id,
        None => sqlx::query_scalar(
            "INSERT INTO users (username, email, password_hash)
             VALUES ('ratingbench', 'ratingbench@example.com', 'not-a-hash') RETURNING id",
        )
        .fetch_one(pool)
        .await
        .unwrap(),
    };
    let interview = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO interviews (id, user_id, kind, difficulty, minutes_per_question)
         VALUES ($1, $2, 'solo', 'mixed', 10)",
    )
    .bind(interview)
    .bind(user)
    .execute(pool)
    .await
    .unwrap();
    let items: Vec<(Uuid, String)> = sqlx::query_as(
        "INSERT INTO interview_items (id, interview_id, position, question_id, minutes)
         SELECT gen_random_uuid(), $1, k - 1, 'bench-' || k, 10 FROM generate_series(1, $2) AS k
         RETURNING id, question_id",
    )
    .bind(interview)
    .bind(QUESTIONS as i32)
    .fetch_all(pool)
    .await
    .unwrap();
    (user, interview, items)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn show(what: &str, mut t: Vec<Duration>) -> Duration {
    t.sort();
    let p50 = percentile(&t, 0.5);
    println!(
        "{what:<40} p50 {:>7.3} ms  p95 {:>7.3} ms  p99 {:>7.3} ms",
        p50.as_secs_f64() * 1e3,
        percentile(&t, 0.95).as_secs_f64() * 1e3,
        percentile(&t, 0.99).as_secs_f64() * 1e3
    );
    p50
}

async fn run(url: String, iterations: usize) {
    let pool = connect(&url).await.unwrap();
    MIGRATOR.run(&pool).await.unwrap();
    let (user, interview, items) = arrange(&pool).await;
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for i in 0..iterations + 50 {
        let (item_id, question) = items[i % items.len()].clone();
        let item = Item {
            id: item_id,
            interview_id: interview,
            owner: user,
            kind: "solo".into(),
            position: 0,
            question_id: question.clone(),
            minutes: 10,
            state: whetstone::db::states::ItemState::Active,
            started_at: None,
            deadline: None,
            seconds_left: None,
            prompt: None,
            followup_of: None,
        };
        let answer = NewAnswer {
            item_id: item.id,
            source: AnswerSource::Solo,
            user_id: Some(user),
            question_id: question,
            topic: "caching".into(),
            difficulty: "medium".into(),
            body: String::new(),
            timed_out: false,
            judgment: None,
            score: Some(6.5),
            band: None,
            flags: Vec::new(),
            grader_version: "bench".into(),
            rubric_version: None,
        };
        let started = Instant::now();
        let mut tx = pool.begin().await.unwrap();
        let rated = record_attempt(&mut tx, &item, &answer).await.unwrap();
        tx.rollback().await.unwrap();
        let took = started.elapsed();
        assert!(rated.is_some(), "every iteration is a first attempt");

        let started = Instant::now();
        let tx = pool.begin().await.unwrap();
        tx.rollback().await.unwrap();
        let baseline = started.elapsed();
        // the first 50 warm the pool and the caches
        if i >= 50 {
            with.push(took);
            without.push(baseline);
        }
    }
    println!("{iterations} iterations, each a first attempt on one of {QUESTIONS} questions");
    let a = show("transaction with record_attempt", with);
    let b = show("the same transaction without it", without);
    println!(
        "record_attempt adds {:.3} ms (difference of the medians)",
        (a.as_secs_f64() - b.as_secs_f64()) * 1e3
    );
}
