//! `/metrics`: every metric of the process in Prometheus text format.

use actix_web::{HttpResponse, web};

use crate::telemetry;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/metrics", web::get().to(metrics));
}

async fn metrics() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(telemetry::render_metrics())
}
