//! Import of the whole question bank (`corpus/` + `rubrics/`) into PostgreSQL.
//!
//! Runs against a private cluster started for the benchmark (durable settings, as `serve` uses)
//! unless `DATABASE_URL` names a server. Two cases: a first import into empty tables, and a
//! re-import of unchanged files (what every `serve` start does after a `git pull` that changed
//! nothing in the bank).
//!
//! `cargo bench --bench import`

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sqlx::PgPool;
use whetstone::db::bank;
use whetstone::pg::{EmbeddedOptions, EmbeddedPostgres, admin};

fn bench_import(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (questions, rubrics) =
        whetstone::cli::import::load_files(&root.join("corpus"), &root.join("rubrics"))
            .expect("loading corpus/ and rubrics/");
    let runtime = tokio::runtime::Runtime::new().unwrap();

    let dir = tempfile::Builder::new()
        .prefix("whetstone-bench-")
        .permissions(std::fs::Permissions::from_mode(0o755))
        .tempdir()
        .unwrap();
    let (url, _cluster) = match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => (url, None),
        _ => {
            let cluster = EmbeddedPostgres::start(dir.path(), EmbeddedOptions::default())
                .expect("starting PostgreSQL for the benchmark");
            let url = cluster.url("whetstone_bench");
            runtime
                .block_on(admin::create_database_if_missing(
                    &cluster.url("postgres"),
                    "whetstone_bench",
                ))
                .unwrap();
            (url, Some(cluster))
        }
    };
    let pool: PgPool = runtime.block_on(async {
        let pool = PgPool::connect(&url).await.unwrap();
        whetstone::startup::MIGRATOR.run(&pool).await.unwrap();
        pool
    });
    let empty_tables = || {
        runtime.block_on(async {
            sqlx::query(
                "TRUNCATE questions, question_sources, reference_answers, rubrics, bank_meta",
            )
            .execute(&pool)
            .await
            .unwrap();
        })
    };

    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function(
        format!(
            "whole bank into empty tables ({} questions)",
            questions.len()
        ),
        |b| {
            b.iter_batched(
                empty_tables,
                |()| {
                    runtime
                        .block_on(bank::import(&pool, &questions, &rubrics, "bench"))
                        .unwrap()
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.bench_function("whole bank again, unchanged", |b| {
        b.iter(|| {
            runtime
                .block_on(bank::import(&pool, &questions, &rubrics, "bench"))
                .unwrap()
        })
    });
    group.finish();
    runtime.block_on(pool.close());
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
