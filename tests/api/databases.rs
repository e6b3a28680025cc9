//! Test databases: one PostgreSQL server per test binary (the embedded cluster, started lazily
//! and stopped at exit, or the server of `DATABASE_URL`) and a fresh database per test, copied
//! from a template database that has every migration applied.
//!
//! The cluster lives in a fixed directory under the temp dir and is reused across runs. Run the
//! tests with `cargo test` (one process per test binary): a second process finding the cluster
//! running adopts it and leaves stopping it to the process that started it.
//!
//! Migrating a fresh database took 0.43 s and copying a migrated one 0.14 s (`createdb -T`, on
//! this machine), for each of ~190 tests. The template is named after a digest of the migrations'
//! versions and checksums, so a changed or added migration makes a new one; templates of other
//! digests are dropped when a new one is built.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use sqlx::{Connection, PgConnection};
use whetstone::pg::{EmbeddedOptions, EmbeddedPostgres};

/// Where the test databases live.
enum TestServer {
    /// Our cluster; the `Mutex<Option<..>>` lets the exit hook take and stop it.
    Embedded { url_base: String },
    /// `DATABASE_URL`'s server: `url_base` is its URL without the database name.
    External { url_base: String, query: String },
}

static SERVER: OnceLock<TestServer> = OnceLock::new();
static CLUSTER: Mutex<Option<EmbeddedPostgres>> = Mutex::new(None);

extern "C" fn stop_cluster_at_exit() {
    if let Ok(mut guard) = CLUSTER.lock()
        && let Some(mut cluster) = guard.take()
    {
        let _ = cluster.stop();
    }
}

/// The cluster directory: fixed per checkout (reused across runs), world-searchable so the
/// `postgres` user can reach it when tests run as root.
fn cluster_dir() -> PathBuf {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let digest = manifest
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    // SAFETY: geteuid has no preconditions.
    let uid = unsafe { libc::geteuid() };
    let dir = std::env::temp_dir().join(format!("whetstone-test-pg-{uid}-{digest:08x}"));
    std::fs::create_dir_all(&dir).expect("creating the test cluster directory");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755))
        .expect("making the test cluster directory searchable");
    dir
}

fn split_url(url: &str) -> (String, String) {
    let (main, query) = match url.split_once('?') {
        Some((m, q)) => (m, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_start = main.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match main[authority_start..].find('/') {
        Some(slash) => &main[..authority_start + slash],
        None => main,
    };
    (base.to_string(), query)
}

fn server() -> &'static TestServer {
    SERVER.get_or_init(|| {
        if let Ok(url) = std::env::var("DATABASE_URL")
            && !url.is_empty()
        {
            let (url_base, query) = split_url(&url);
            return TestServer::External { url_base, query };
        }
        let cluster = EmbeddedPostgres::start(
            &cluster_dir(),
            EmbeddedOptions {
                unsafe_fast: true,
                ..EmbeddedOptions::default()
            },
        )
        .unwrap_or_else(|e| panic!("cannot start the test PostgreSQL cluster: {e}"));
        let admin_url = cluster.url("postgres");
        let url_base = split_url(&admin_url).0;
        let started_here = !cluster.adopted();
        *CLUSTER.lock().unwrap() = Some(cluster);
        if started_here {
            // SAFETY: registering a plain extern "C" function with no captured state.
            unsafe { libc::atexit(stop_cluster_at_exit) };
        }
        drop_stale_databases(&admin_url);
        TestServer::Embedded { url_base }
    })
}

/// Test databases are named `test_<unix seconds>_<pid>_<random>`. When a test binary starts in
/// its own cluster it drops those of processes that are gone (a run's ~190 databases took 3-5 GB),
/// and any older than this whatever their process (a pid may have been reused).
const STALE_AFTER_SECS: u64 = 3600;

/// Whether process `pid` of this machine still runs.
fn process_alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    pid > 0
        && (unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM))
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Drops the databases earlier runs left in our own cluster (never those of a run in progress).
fn drop_stale_databases(admin_url: &str) {
    let admin_url = admin_url.to_string();
    // Its own thread and runtime: this may run inside a test's runtime.
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut conn = PgConnection::connect(&admin_url).await.unwrap();
            let names: Vec<String> =
                sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%'")
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
            let stale = |name: &str| {
                let mut parts = name.split('_').skip(1);
                let created = parts.next().and_then(|t| t.parse::<u64>().ok());
                let pid = parts.next().and_then(|p| p.parse::<i32>().ok());
                created.is_none_or(|t| unix_now().saturating_sub(t) > STALE_AFTER_SECS)
                    || pid.is_none_or(|p| !process_alive(p))
            };
            for name in names.into_iter().filter(|n| stale(n)) {
                let sql = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await;
            }
        });
    })
    .join()
    .expect("dropping leftover test databases");
}

/// The URL of database `name` on the test server.
pub fn database_url(name: &str) -> String {
    match server() {
        TestServer::Embedded { url_base } => format!("{url_base}/{name}"),
        TestServer::External { url_base, query } => format!("{url_base}/{name}{query}"),
    }
}

/// Creates a fresh database with every migration applied (a copy of the template, see the
/// module comment) and returns its name and URL.
pub async fn create_database() -> (String, String) {
    let template = template();
    let name = format!(
        "test_{}_{}_{}",
        unix_now(),
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    );
    let mut conn = PgConnection::connect(&database_url("postgres"))
        .await
        .expect("connecting to the maintenance database");
    let sql = format!(r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#);
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("creating the test database");
    let url = database_url(&name);
    (name, url)
}

/// The name of the migrated template database, built once per test binary (or found built by an
/// earlier run).
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("template_{:016x}", migrations_digest());
        let admin_url = database_url("postgres");
        let built = name.clone();
        // Its own thread and runtime: this runs inside a test's runtime.
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(build_template(&admin_url, &built))
        })
        .join()
        .expect("building the template database");
        name
    })
}

/// The migrations' versions and checksums, hashed (FNV-1a: stable across runs and builds).
fn migrations_digest() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for m in whetstone::startup::MIGRATOR.iter() {
        let version = m.version.to_le_bytes();
        for b in version.iter().chain(m.checksum.iter()) {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Creates and migrates template `name` unless it exists, under an advisory lock so that two
/// test processes on one server never build it at once. It is built under a scratch name and
/// renamed when complete, so a crash midway never leaves a half-migrated template behind.
async fn build_template(admin_url: &str, name: &str) {
    let mut admin = PgConnection::connect(admin_url)
        .await
        .expect("connecting to the maintenance database");
    sqlx::query("SELECT pg_advisory_lock(4242001)")
        .execute(&mut admin)
        .await
        .expect("taking the template lock");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut admin)
            .await
            .expect("looking for the template database");
    if !exists {
        let old: Vec<String> = sqlx::query_scalar(
            "SELECT datname FROM pg_database WHERE datname LIKE 'template\\_%' AND datname <> $1",
        )
        .bind(name)
        .fetch_all(&mut admin)
        .await
        .expect("listing old template databases");
        for db in old {
            let sql = format!(r#"DROP DATABASE IF EXISTS "{db}" WITH (FORCE)"#);
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut admin)
                .await
                .expect("dropping an old template database");
        }
        let scratch = format!("{name}_building");
        let sql = format!(r#"CREATE DATABASE "{scratch}""#);
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await
            .expect("creating the template database");
        let mut conn = PgConnection::connect(&database_url(&scratch))
            .await
            .expect("connecting to the template database");
        whetstone::startup::MIGRATOR
            .run(&mut conn)
            .await
            .expect("migrating the template database");
        conn.close().await.expect("closing the template database");
        let sql = format!(r#"ALTER DATABASE "{scratch}" RENAME TO "{name}""#);
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut admin)
            .await
            .expect("naming the template database");
    }
    sqlx::query("SELECT pg_advisory_unlock(4242001)")
        .execute(&mut admin)
        .await
        .expect("releasing the template lock");
}
