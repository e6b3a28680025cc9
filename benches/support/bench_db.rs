//! The database of a bench that needs one, shared by the benches through `#[path]`:
//! `WHETSTONE_BENCH_DATABASE_URL`, else database `name` in a private cluster under the temp
//! directory (created on first use, reused by later runs; the caller stops it when done).

use std::os::unix::fs::PermissionsExt;

use whetstone::pg::{EmbeddedOptions, EmbeddedPostgres, admin};

/// The database URL, and the cluster this call started (`None` with `WHETSTONE_BENCH_DATABASE_URL`).
pub fn database(name: &str) -> (String, Option<EmbeddedPostgres>) {
    if let Ok(url) = std::env::var("WHETSTONE_BENCH_DATABASE_URL") {
        return (url, None);
    }
    let dir = std::env::temp_dir().join("whetstone-bench-pg");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let pg = EmbeddedPostgres::start(
        &dir,
        EmbeddedOptions {
            unsafe_fast: true,
            ..EmbeddedOptions::default()
        },
    )
    .expect("starting the bench PostgreSQL cluster");
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(admin::create_database_if_missing(&pg.url("postgres"), name))
        .unwrap();
    (pg.url(name), Some(pg))
}

/// An integer from environment variable `name`, or `default`.
#[allow(dead_code)] // not every bench reads one
pub fn env_i64(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
