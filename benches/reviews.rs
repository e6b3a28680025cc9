//! "Due today" latency for a user with many review cards: 5,000 cards (1,000 questions x 5
//! criteria, half of them due, each with one logged event) seeded once into a bench database,
//! the app served on loopback, and `GET /reviews` and `GET /api/v1/reviews/due` fetched over HTTP
//! with reqwest. Prints p50/p95/p99.
//!
//! `cargo bench --bench reviews` (optimised), or `cargo bench --profile dev --bench reviews` to
//! measure the unoptimised build without a release compile. Environment:
//! `WHETSTONE_BENCH_DATABASE_URL` (else a private cluster under the temp directory),
//! `BENCH_CARDS` (default 5,000), `BENCH_REQUESTS` (per page, default 300). Under `cargo test`
//! (no `--bench` argument) it does nothing.

#[path = "support/bench_db.rs"]
mod bench_db;

use std::time::{Duration, Instant};

use whetstone::config::Settings;
use whetstone::startup::{Application, MIGRATOR, connect};

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("reviews bench: run it with `cargo bench --bench reviews`");
        return;
    }
    let (url, cluster) = bench_db::database("reviews_bench");
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(run(url));
    if let Some(mut pg) = cluster {
        pg.stop().unwrap();
    }
}

/// Seeds (once per card count) the user `rbench<cards>` with `cards` cards over `cards / 5`
/// questions of their own; returns the user's id.
async fn seed(pool: &sqlx::PgPool, cards: i64) -> uuid::Uuid {
    let name = format!("rbench{cards}");
    if let Some(id) = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(&name)
        .fetch_optional(pool)
        .await
        .unwrap()
    {
        return id;
    }
    println!("seeding {cards} review cards (once) ...");
    let started = Instant::now();
    let mut tx = pool.begin().await.unwrap();
    let user: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO users (username, email, password_hash) VALUES ($1, $1 || '@example.com', 'x')
         RETURNING id",
    )
    .bind(&name)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let questions = (cards + 4) / 5;
    sqlx::query(
        "INSERT INTO questions (id, prompt, section, topic, difficulty, rating)
         SELECT 'rb-' || $1 || '-' || n,
                'Seeded question ' || n || ': how would you design a system that does ' || n || '?',
                'Bench', (ARRAY['caching', 'databases', 'queues'])[1 + n % 3], 'medium', 1200
         FROM generate_series(1, $2) AS n
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(cards)
    .bind(questions)
    .execute(&mut *tx)
    .await
    .unwrap();
    // half due (spread over the last 30 days), half due within the next 60 days
    sqlx::query(
        "WITH c AS (
            INSERT INTO review_cards (id, user_id, question_id, criterion_id, label, stability,
                                      difficulty, reps, lapses, last_rating, last_event_at,
                                      due_at)
            SELECT gen_random_uuid(), $1, 'rb-' || $2 || '-' || (1 + (n - 1) / 5),
                   'criterion-' || ((n - 1) % 5), 'Seeded concept number ' || n, 2.3, 5.0, 1, 0,
                   1 + n % 4, now() - interval '31 days',
                   CASE WHEN n % 2 = 0 THEN now() - (n % 30) * interval '1 day'
                        ELSE now() + (1 + n % 60) * interval '1 day' END
            FROM generate_series(1, $2) AS n
            RETURNING id, last_rating, due_at
         )
         INSERT INTO review_log (card_id, reviewed_at, rating, verdict, elapsed_days, source,
                                 due_after)
         SELECT id, now() - interval '31 days', last_rating, 'missed', 0, 'solo', due_at FROM c",
    )
    .bind(user)
    .bind(cards)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE review_cards")
        .execute(pool)
        .await
        .unwrap();
    println!("seeded in {:.1}s", started.elapsed().as_secs_f64());
    user
}

async fn run(url: String) {
    let cards = bench_db::env_i64("BENCH_CARDS", 5_000);
    let requests = bench_db::env_i64("BENCH_REQUESTS", 300) as usize;
    let pool = connect(&url).await.unwrap();
    MIGRATOR.run(&pool).await.unwrap();
    let user = seed(&pool, cards).await;

    let settings = Settings::for_tests(url.clone());
    let keys = whetstone::auth::token::TokenKeys::new(
        settings.jwt_secret.expose().as_bytes(),
        chrono::Duration::hours(1),
    );
    let token = keys.issue(user, 0, chrono::Utc::now()).unwrap().0;
    let app = Application::build_with_pool(settings, pool.clone()).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());

    let client = reqwest::Client::new();
    println!(
        "{cards} cards ({} due); {requests} sequential requests per page after 20 warm-up requests",
        cards / 2
    );
    println!(
        "{:<28} {:>8} {:>8} {:>8} {:>8}",
        "page", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    for (label, path) in [
        ("due page /reviews", "/reviews"),
        ("due JSON /api/v1/reviews/due", "/api/v1/reviews/due"),
        ("home page /", "/"),
    ] {
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
    let body = res.text().await.unwrap();
    assert!(body.contains("due") || body.contains("Due"), "{url}");
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let pct = |p: f64| {
        let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
        times[i].as_secs_f64() * 1000.0
    };
    println!(
        "{label:<28} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
        pct(0.50),
        pct(0.95),
        pct(0.99),
        pct(1.0)
    );
}
