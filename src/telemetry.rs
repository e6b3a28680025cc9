//! Logging and metrics set-up: the `tracing` subscriber and the process-wide Prometheus recorder.
//!
//! Both are global and can be installed only once per process; tests build many apps in one
//! process, so both functions are idempotent (the first call wins).

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global `tracing` subscriber (env-filter, pretty or JSON) writing to stderr.
/// Later calls do nothing.
pub fn init_tracing(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr: stdout is for command output (the URL line, `--json` reports).
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // `try_init` fails when a subscriber is already set: that is fine (tests, repeated set-up).
    let _ = match format {
        LogFormat::Pretty => builder.with_target(false).try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// Request-latency histogram name.
pub const HTTP_DURATION: &str = "whetstone_http_request_duration_seconds";
/// Request counter name.
pub const HTTP_REQUESTS: &str = "whetstone_http_requests_total";
/// Grading-time histogram name (see [`record_grading`]).
pub const GRADING_SECONDS: &str = "whetstone_grading_seconds";
/// Active-interviews gauge name (see [`set_active_interviews`]).
pub const ACTIVE_INTERVIEWS: &str = "whetstone_active_interviews";

const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

static PROMETHEUS: OnceLock<PrometheusHandle> = OnceLock::new();

/// How often the recorder's upkeep runs when nothing scrapes `/metrics`.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The process-wide Prometheus handle, installing the recorder on first use.
///
/// If another recorder was installed before (by something else in the process), metrics are
/// recorded into a detached recorder and `/metrics` shows only what this handle sees.
pub fn prometheus() -> PrometheusHandle {
    PROMETHEUS
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
                .expect("bucket list is not empty");
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // histograms keep their samples until upkeep folds them in: without it, memory grows
            // with every request when nothing scrapes /metrics
            let upkeep = handle.clone();
            let spawned = std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || {
                    loop {
                        std::thread::sleep(UPKEEP_EVERY);
                        upkeep.run_upkeep();
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "cannot start the metrics upkeep thread");
            }
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics may be empty");
            }
            describe();
            handle
        })
        .clone()
}

fn describe() {
    metrics::describe_counter!(HTTP_REQUESTS, "HTTP requests by method, route and status");
    metrics::describe_histogram!(
        HTTP_DURATION,
        metrics::Unit::Seconds,
        "HTTP request latency by method, route and status"
    );
    metrics::describe_histogram!(
        GRADING_SECONDS,
        metrics::Unit::Seconds,
        "Time spent grading one answer"
    );
    metrics::describe_gauge!(ACTIVE_INTERVIEWS, "Interviews started and not yet finished");
}

/// Records one HTTP request (called by the metrics middleware).
pub fn record_request(method: &str, route: &str, status: u16, seconds: f64) {
    let labels = [
        ("method", method.to_string()),
        ("route", route.to_string()),
        ("status", status.to_string()),
    ];
    metrics::counter!(HTTP_REQUESTS, &labels).increment(1);
    metrics::histogram!(HTTP_DURATION, &labels).record(seconds);
}

/// Records how long grading one answer took.
pub fn record_grading(seconds: f64) {
    metrics::histogram!(GRADING_SECONDS).record(seconds);
}

/// Sets the number of interviews in progress.
pub fn set_active_interviews(count: u64) {
    metrics::gauge!(ACTIVE_INTERVIEWS).set(count as f64);
}

/// Renders every metric in Prometheus text format.
pub fn render_metrics() -> String {
    let handle = prometheus();
    handle.run_upkeep();
    handle.render()
}
