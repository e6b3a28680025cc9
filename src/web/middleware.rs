//! Middleware shared by every route: request metrics and uniform error bodies (JSON under
//! `/api/`, else an HTML page with the asking user's chrome).

use std::time::Instant;

use actix_web::Error;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::telemetry;
use crate::web::Layout;
use crate::web::error::{AppError, ErrorBody, html_error_page, json_error_response};

/// Counts requests and records their latency by method, route pattern and status.
///
/// The route label is the matched pattern (`/questions/{id}`), or `unmatched` for unknown paths,
/// so label cardinality stays bounded.
pub async fn metrics(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let start = Instant::now();
    let method = req.method().to_string();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    telemetry::record_request(
        &method,
        &route,
        res.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    Ok(res)
}

/// True for paths that get JSON error bodies.
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Gives every error response the same shape: an HTML page, or a JSON body under `/api/`.
///
/// [`AppError`]s already render as HTML; under `/api/` they are re-rendered as JSON. Errors raised
/// by actix itself (a route's own extractor without our config, a static file that is missing)
/// are rendered the same way, with their message for client errors.
pub async fn error_format(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let api = is_api_path(req.path());
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(error) = res.response().error() else {
        return Ok(res);
    };
    let body = match error.as_error::<AppError>() {
        // a redirect to the login page, not an error page
        Some(AppError::LoginRequired { .. }) => return Ok(res),
        Some(app_error) => app_error.body(),
        None => {
            let status = error.as_response_error().status_code();
            if status.is_server_error() {
                tracing::error!(error = %error, "request failed with an internal error");
                AppError::Unexpected(anyhow::anyhow!("{error}")).body()
            } else {
                ErrorBody {
                    status: status.as_u16(),
                    title: status.canonical_reason().unwrap_or("Error").to_string(),
                    message: error.to_string(),
                }
            }
        }
    };
    let mut response = if api {
        json_error_response(&body)
    } else {
        // the page chrome of whoever asked, so an error does not look like being logged out; a
        // server error keeps the anonymous chrome (the database may be what failed, and looking
        // up the user would wait for it again)
        let req = res.request();
        let layout = if body.status < 500
            && req
                .app_data::<actix_web::web::Data<crate::startup::AppState>>()
                .is_some()
        {
            Layout::for_request(req)
                .await
                .unwrap_or_else(|_| Layout::anonymous())
        } else {
            Layout::anonymous()
        };
        html_error_page(&body, layout)
    };
    for (name, value) in res.response().headers() {
        if name == actix_web::http::header::RETRY_AFTER {
            response.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(res.into_response(response))
}
