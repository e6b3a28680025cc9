//! Building and running the HTTP server: [`Application::build`] connects to the database, applies
//! the migrations, binds the listener and assembles the actix app.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_files::Files;
use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use tracing_actix_web::TracingLogger;

use crate::config::Settings;
use crate::web::{extract, middleware};
use crate::{routes, telemetry};

/// Shared state of every request handler, registered as `web::Data<AppState>`.
///
/// Features that need more shared state (the rubric bank, the grader, rate limiters) add a field
/// here and fill it in [`AppState::new`].
pub struct AppState {
    pub pool: PgPool,
    pub settings: Arc<Settings>,
    /// Token and CSRF keys, login/registration rate limiters (see [`crate::web::login`]).
    pub auth: crate::web::login::AuthState,
    /// Live-view fan-out of PostgreSQL notices (see [`crate::live`]).
    pub live: crate::live::Live,
    /// Counts candidate/report link lookups that found nothing, per address.
    pub link_guard: crate::auth::links::LinkGuard,
    /// The grader for submitted answers (solo interviews and sessions).
    pub grader: Arc<crate::grader::Grader>,
    /// Question pages and topics, cached until the bank changes.
    pub bank: Arc<crate::bank_cache::BankCache>,
    /// Questions' learned ratings, read again after a few seconds.
    pub learned: Arc<crate::learned_ratings::LearnedRatings>,
}

impl AppState {
    pub fn new(pool: PgPool, settings: Arc<Settings>) -> AppState {
        let auth = crate::web::login::AuthState::from_settings(&settings);
        let live = crate::live::Live::start(pool.clone());
        let bank = Arc::new(crate::bank_cache::BankCache::default());
        tokio::spawn(bank.clone().follow(live.subscribe()));
        let link_guard = Default::default();
        let grader = Arc::new(crate::solo::load_grader(&settings.rubrics_dir));
        AppState {
            pool,
            settings,
            auth,
            live,
            link_guard,
            grader,
            bank,
            learned: Default::default(),
        }
    }
}

/// The migrations in `migrations/`, compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// A built server, listening, not yet running.
pub struct Application {
    port: u16,
    server: Server,
    pool: PgPool,
}

impl Application {
    /// Connects to `settings.database_url`, migrates, binds `host:port` and builds the server.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let url = settings
            .database_url
            .as_ref()
            .map(|u| u.expose().to_string())
            .context("no database configured: set DATABASE_URL")?;
        let pool = connect_with(&url, settings.db_acquire_timeout).await?;
        MIGRATOR
            .run(&pool)
            .await
            .context("applying the database migrations failed")?;
        Application::build_with_pool(settings, pool)
    }

    /// Binds and builds the server on an existing, migrated pool.
    pub fn build_with_pool(settings: Settings, pool: PgPool) -> anyhow::Result<Application> {
        let address = settings.bind_address();
        let listener =
            TcpListener::bind(&address).with_context(|| format!("cannot listen on {address}"))?;
        let port = listener.local_addr()?.port();
        let state = web::Data::new(AppState::new(pool.clone(), Arc::new(settings)));
        crate::solo::spawn_sweeper(pool.clone(), state.grader.clone(), crate::solo::SWEEP_EVERY);
        let server = run(listener, state)?;
        Ok(Application { port, server, pool })
    }

    /// The port the server listens on (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The pool the server uses.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped through its [`ServerHandle`].
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Opens a connection pool and applies the migrations.
pub async fn connect_migrated(url: &str) -> anyhow::Result<PgPool> {
    let pool = connect(url).await?;
    MIGRATOR
        .run(&pool)
        .await
        .context("applying the database migrations failed")?;
    Ok(pool)
}

/// Opens a connection pool with the default acquire timeout.
pub async fn connect(url: &str) -> anyhow::Result<PgPool> {
    connect_with(url, crate::config::DEFAULT_DB_ACQUIRE_TIMEOUT).await
}

/// How long opening a pool waits for its first connection (a database that is starting).
const FIRST_CONNECTION_PATIENCE: Duration = Duration::from_secs(5);

/// The pool's options. A request waits at most `acquire_timeout` for a connection, so while the
/// database is unreachable requests fail fast (503) instead of queueing; connections are not
/// pinged before every use (a broken one fails its query, and the pool drops it).
pub fn pool_options(acquire_timeout: Duration) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(acquire_timeout)
        .test_before_acquire(false)
}

/// Opens a connection pool whose requests wait at most `acquire_timeout` for a connection; the
/// first connection may take up to five seconds.
pub async fn connect_with(url: &str, acquire_timeout: Duration) -> anyhow::Result<PgPool> {
    let context = || format!("cannot connect to the database at {}", redact_url(url));
    let pool = pool_options(acquire_timeout)
        .connect_lazy(url)
        .with_context(context)?;
    let started = std::time::Instant::now();
    loop {
        match pool.acquire().await {
            Ok(_) => return Ok(pool),
            Err(e)
                if started.elapsed() < FIRST_CONNECTION_PATIENCE
                    && crate::web::error::database_unreachable(&e) =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(anyhow::Error::new(e).context(context())),
        }
    }
}

/// `url` with any password replaced by `***`, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Assembles the actix app: middleware, extractor configs, static files, routes, 404 page.
fn run(listener: TcpListener, state: web::Data<AppState>) -> anyhow::Result<Server> {
    // Install the recorder before the first request so early requests are counted.
    telemetry::prometheus();
    let static_dir = state.settings.static_dir.clone();
    let https = state
        .settings
        .public_url
        .as_deref()
        .is_some_and(crate::config::is_https);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(crate::web::csrf::protect))
            .wrap(from_fn(middleware::body_timeout))
            .wrap(from_fn(middleware::error_format))
            .wrap(from_fn(middleware::metrics))
            .wrap(crate::web::headers::middleware(https))
            .wrap(TracingLogger::default())
            .app_data(state.clone())
            .configure(extract::configure)
            .service(Files::new("/static", &static_dir).prefer_utf8(true))
            .configure(routes::configure)
            .default_service(web::to(routes::not_found))
    })
    .disable_signals()
    .shutdown_timeout(10)
    .listen(listener)?
    .run();
    Ok(server)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            redact_url("postgres://whetstone:s3cret@127.0.0.1:5432/db"),
            "postgres://whetstone:***@127.0.0.1:5432/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("postgres:///db"), "postgres:///db");
    }
}
