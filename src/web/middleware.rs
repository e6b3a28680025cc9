//! Middleware shared by every route: request metrics, a deadline for request bodies, and uniform
//! error bodies (JSON under `/api/`, else an HTML page with the asking user's chrome).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::{ConnectionType, header};
use actix_web::web::Bytes;
use futures_util::Stream;

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

/// A request body stream that fails once `deadline` passes before the body is complete, so a
/// client trickling its body cannot hold a connection (and a worker's attention) for long.
struct Deadline {
    inner: Payload,
    sleep: Pin<Box<tokio::time::Sleep>>,
    expired: Rc<Cell<bool>>,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.expired.get() {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = Pin::new(&mut self.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.expired.set(true);
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            )))));
        }
        Poll::Pending
    }
}

/// Whether the request announces a body.
fn has_body(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n > 0)
}

/// Answers 408 (and closes the connection, see [`error_format`]) when a request body takes longer
/// than `settings.body_timeout` to arrive once the head is in. Actix's own client timeout only
/// covers the head.
pub async fn body_timeout(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if !has_body(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let timeout = req
        .app_data::<actix_web::web::Data<crate::startup::AppState>>()
        .map_or(crate::config::DEFAULT_BODY_TIMEOUT, |s| {
            s.settings.body_timeout
        });
    let expired = Rc::new(Cell::new(false));
    let (_, payload) = req.parts_mut();
    let deadline = Deadline {
        inner: payload.take(),
        sleep: Box::pin(tokio::time::sleep(timeout)),
        expired: expired.clone(),
    };
    req.set_payload(Payload::from(
        Box::pin(deadline) as Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>
    ));
    let res = next.call(req).await?;
    if !expired.get() {
        return Ok(res.map_into_boxed_body());
    }
    let (request, _) = res.into_parts();
    Ok(ServiceResponse::from_err(
        AppError::RequestTimeout(format!(
            "The request body did not arrive within {}. Send it again.",
            seconds(timeout)
        )),
        request,
    ))
}

fn seconds(d: Duration) -> String {
    match d.as_secs() {
        1 => "1 second".to_string(),
        n => format!("{n} seconds"),
    }
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
    if body.status == 408 {
        // the rest of a timed-out body may still be on its way: do not read it as a request
        response
            .head_mut()
            .set_connection_type(ConnectionType::Close);
    }
    for (name, value) in res.response().headers() {
        if name == actix_web::http::header::RETRY_AFTER {
            response.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(res.into_response(response))
}
