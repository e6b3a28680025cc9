//! Leaderboard page latency at scale: a team of 10,000 members with 1,000,000 graded answers
//! (seeded once with `whetstone::cli::dev::seed`, reused by later runs), the app served on
//! loopback, and board pages fetched over HTTP with reqwest. Prints p50/p95/p99 per page.
//!
//! `cargo bench --bench leaderboard`. Environment: `WHETSTONE_BENCH_DATABASE_URL` (else a private
//! cluster under the temp directory), `BENCH_MEMBERS` / `BENCH_ANSWERS` (default 10,000 /
//! 1,000,000), `BENCH_REQUESTS` (per page, default 300). Under `cargo test` (no `--bench`
//! argument) it does nothing: seeding a million answers is not a unit test.

#[path = "support/bench_db.rs"]
mod bench_db;

use std::time::{Duration, Instant};

use whetstone::cli::dev::{SEED_PASSWORD, SeedArgs, seed};
use whetstone::config::Settings;
use whetstone::startup::{Application, MIGRATOR, connect};

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("leaderboard bench: run it with `cargo bench --bench leaderboard`");
        return;
    }
    let (url, cluster) = bench_db::database("leaderboard_bench");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(url));
    if let Some(mut pg) = cluster {
        pg.stop().unwrap();
    }
}

async fn run(url: String) {
    let members = bench_db::env_i64("BENCH_MEMBERS", 10_000);
    let answers = bench_db::env_i64("BENCH_ANSWERS", 1_000_000);
    let requests = bench_db::env_i64("BENCH_REQUESTS", 300) as usize;
    let pool = connect(&url).await.unwrap();
    MIGRATOR.run(&pool).await.unwrap();

    let prefix = format!("b{members}x{answers}");
    let prefix = &prefix[..prefix.len().min(20)];
    let team_name = format!("Seeded team ({prefix})");
    let existing: Option<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM teams WHERE name = $1 LIMIT 1")
            .bind(&team_name)
            .fetch_optional(&pool)
            .await
            .unwrap();
    let team = match existing {
        Some(team) => team,
        None => {
            println!("seeding {members} members and {answers} answers (once) ...");
            let started = Instant::now();
            let s = seed(
                &pool,
                &SeedArgs {
                    members,
                    answers,
                    prefix: prefix.to_string(),
                    random_seed: 0.42,
                    database_url: None,
                },
            )
            .await
            .unwrap();
            println!("seeded in {:.1}s", started.elapsed().as_secs_f64());
            s.team
        }
    };

    let settings = Settings::for_tests(url.clone());
    let app = Application::build_with_pool(settings, pool.clone()).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());

    // A viewer in the middle of the board, so the page also carries the viewer's own row.
    let viewer = format!("{prefix}{:06}", members / 2 + 1);
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{base}/api/v1/auth/token"))
        .json(&serde_json::json!({ "login": viewer, "password": SEED_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "logging in as {viewer}");
    let token = res.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();

    println!(
        "team {team}: {members} members, {answers} answers; {requests} sequential requests per page \
         after 20 warm-up requests, viewer {viewer}"
    );
    println!(
        "{:<38} {:>8} {:>8} {:>8} {:>8}",
        "page", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    let pages = [
        (
            "board, all time",
            format!("/teams/{team}/leaderboard?window=all"),
        ),
        (
            "board, this week",
            format!("/teams/{team}/leaderboard?window=week"),
        ),
        (
            "board, this month",
            format!("/teams/{team}/leaderboard?window=month"),
        ),
        (
            "board, all time, topic caching",
            format!("/teams/{team}/leaderboard?window=all&topic=caching"),
        ),
        (
            "board JSON, all time",
            format!("/api/v1/teams/{team}/leaderboard?window=all"),
        ),
        ("team page", format!("/teams/{team}")),
    ];
    for (label, path) in pages {
        let url = format!("{base}{path}");
        for _ in 0..20 {
            fetch(&client, &url, &token).await;
        }
        let mut times = Vec::with_capacity(requests);
        for _ in 0..requests {
            let t = Instant::now();
            fetch(&client, &url, &token).await;
            times.push(t.elapsed());
        }
        report(label, &mut times);
    }
    handle.stop(true).await;
}

async fn fetch(client: &reqwest::Client, url: &str, token: &str) {
    let res = client.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    let body = res.bytes().await.unwrap();
    assert!(!body.is_empty());
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let pct = |p: f64| {
        let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1000.0
    };
    println!(
        "{label:<38} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
        pct(0.50),
        pct(0.95),
        pct(0.99),
        pct(1.0)
    );
}
