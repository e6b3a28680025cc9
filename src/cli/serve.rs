//! `whetstone serve`: run the web app, with a private PostgreSQL cluster when `DATABASE_URL` is
//! unset.
//!
//! Order: (embedded cluster, `whetstone` database) → connect → migrate → import the question bank
//! if it is empty or older than the files → listen → print the URL → serve until Ctrl-C/SIGTERM →
//! stop the server gracefully → stop the cluster (`pg_ctl -m fast stop`).

use std::future::Future;

use anyhow::Context;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

use crate::config::Settings;
use crate::pg::{EmbeddedOptions, EmbeddedPostgres, admin};
use crate::startup::{self, Application, MIGRATOR};
use crate::telemetry;

/// Name of the database `serve` creates in the embedded cluster.
pub const EMBEDDED_DATABASE: &str = "whetstone";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Do not import the corpus and rubrics, even when the bank is older than the files.
    #[arg(long)]
    pub no_import: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    telemetry::init_tracing(&settings.log_filter, settings.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(serve(settings, args))
}

/// Resolves when SIGINT or SIGTERM arrives (handlers are installed by [`install_shutdown`]).
async fn shutdown_requested(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// Installs SIGINT/SIGTERM handlers now, so a signal during start-up is also orderly.
fn install_shutdown() -> anyhow::Result<watch::Receiver<bool>> {
    let mut interrupt = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
    let mut terminate =
        signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let (tx, rx) = watch::channel(false);
    tokio::spawn(async move {
        tokio::select! {
            _ = interrupt.recv() => tracing::info!("SIGINT received, shutting down"),
            _ = terminate.recv() => tracing::info!("SIGTERM received, shutting down"),
        }
        let _ = tx.send(true);
    });
    Ok(rx)
}

async fn serve(mut settings: Settings, args: Args) -> anyhow::Result<()> {
    let shutdown = install_shutdown()?;
    let mut cluster = None;
    if settings.database_url.is_none() {
        let data_dir = settings.data_dir.clone();
        let pg = tokio::task::spawn_blocking(move || {
            EmbeddedPostgres::start(&data_dir, EmbeddedOptions::default())
        })
        .await?
        .context("DATABASE_URL is not set, so whetstone runs its own PostgreSQL, which failed")?;
        tracing::info!(
            cluster = %pg.pgdata().display(),
            port = pg.port(),
            created = pg.created(),
            "embedded PostgreSQL is running"
        );
        settings.database_url = Some(crate::config::Secret::new(pg.url(EMBEDDED_DATABASE)));
        let admin_url = pg.url("postgres");
        cluster = Some(pg);
        // From here on, errors must still stop the cluster: keep going to the end of the function.
        let created = admin::create_database_if_missing(&admin_url, EMBEDDED_DATABASE).await;
        if let Err(e) = created {
            stop_cluster(cluster).await;
            return Err(e.context("creating the whetstone database"));
        }
    }
    let result = run_until_shutdown(settings, args, shutdown).await;
    stop_cluster(cluster).await;
    result
}

async fn stop_cluster(cluster: Option<EmbeddedPostgres>) {
    let Some(mut pg) = cluster else { return };
    match tokio::task::spawn_blocking(move || pg.stop()).await {
        Ok(Ok(())) => tracing::info!("embedded PostgreSQL stopped"),
        Ok(Err(e)) => tracing::error!(error = %e, "stopping the embedded PostgreSQL failed"),
        Err(e) => tracing::error!(error = %e, "stopping the embedded PostgreSQL panicked"),
    }
}

/// Runs `step`, or returns `None` when a shutdown is requested first.
async fn unless_shutdown<T>(
    step: impl Future<Output = T>,
    shutdown: &watch::Receiver<bool>,
) -> Option<T> {
    tokio::select! {
        value = step => Some(value),
        _ = shutdown_requested(shutdown.clone()) => None,
    }
}

async fn run_until_shutdown(
    settings: Settings,
    args: Args,
    shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let url = settings
        .database_url
        .as_ref()
        .map(|u| u.expose().to_string())
        .context("no database URL")?;
    let Some(pool) = unless_shutdown(
        startup::connect_with(&url, settings.db_acquire_timeout),
        &shutdown,
    )
    .await
    else {
        return Ok(());
    };
    let pool = pool?;
    let Some(migrated) = unless_shutdown(MIGRATOR.run(&pool), &shutdown).await else {
        return Ok(());
    };
    migrated.context("applying the database migrations failed")?;
    if !args.no_import {
        let sync =
            crate::cli::import::sync_bank(&pool, &settings.corpus_dir, &settings.rubrics_dir);
        let Some(synced) = unless_shutdown(sync, &shutdown).await else {
            return Ok(());
        };
        synced?;
    }
    let host = settings.host.clone();
    if settings.public_url.is_none() && !settings.trust_proxy && host != "127.0.0.1" {
        tracing::warn!(
            "WHETSTONE_PUBLIC_URL is not set: shared links will name the address this server \
             listens on ({host}); set it to the address users reach the site at"
        );
    }
    let app = Application::build_with_pool(settings, pool)?;
    let shown_host = if host == "0.0.0.0" {
        "127.0.0.1"
    } else {
        host.as_str()
    };
    println!("Whetstone is running at http://{shown_host}:{}", app.port());
    let handle = app.handle();
    let pool = app.pool().clone();
    let mut server = tokio::spawn(app.run_until_stopped());
    tokio::select! {
        finished = &mut server => finished?.context("the HTTP server failed")?,
        _ = shutdown_requested(shutdown) => {
            handle.stop(true).await;
            let _ = server.await;
        }
    }
    // before the cluster stops, so background tasks (the deadline sweeper) end quietly
    pool.close().await;
    Ok(())
}
