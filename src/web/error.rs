//! [`AppError`]: the one error type at the web boundary.
//!
//! Client errors (400, 401, 403, 404, 408, 409, 410, 413, 415, 429) carry a message meant for the
//! user. A database that cannot be reached in time is a 503 saying so; other unexpected errors
//! become a 500 whose cause is logged with `tracing` and never shown; that includes `RowNotFound`,
//! since a missing object a user may ask for is looked up optionally and is a `NotFound`. Errors
//! render as HTML pages; [`crate::web::middleware::error_format`] turns them into JSON bodies for
//! `/api/` paths and gives errors raised by actix itself the same treatment.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;
use serde::Serialize;

use crate::web::Layout;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Gone(String),
    #[error("{0}")]
    RequestTimeout(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{message}")]
    TooManyRequests {
        message: String,
        retry_after_secs: u64,
    },
    /// A page needs a logged-in user: redirect (303) to `/login?next=<the page>`.
    #[error("you need to log in to see this page")]
    LoginRequired { next: String },
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("unexpected error")]
    Unexpected(#[from] anyhow::Error),
}

/// What the user sees of an error: status, a short title and a message.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBody {
    pub status: u16,
    pub title: String,
    pub message: String,
}

/// The JSON shape of an error on `/api/` paths: `{"error": {"status", "title", "message"}}`.
#[derive(Debug, Serialize)]
pub struct JsonError<'a> {
    pub error: &'a ErrorBody,
}

impl AppError {
    pub fn not_found(what: impl Into<String>) -> AppError {
        AppError::NotFound(what.into())
    }

    pub fn bad_request(why: impl Into<String>) -> AppError {
        AppError::BadRequest(why.into())
    }

    /// Status, title and the message safe to show (never the cause of a 500).
    pub fn body(&self) -> ErrorBody {
        let status = self.status_code();
        let message = if status == StatusCode::SERVICE_UNAVAILABLE {
            DATABASE_UNAVAILABLE.into()
        } else if status.is_server_error() {
            "Something went wrong on our side. The error has been logged; please try again.".into()
        } else {
            self.to_string()
        };
        ErrorBody {
            status: status.as_u16(),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            message,
        }
    }
}

/// What a 503 says: the database could not be reached in time.
pub const DATABASE_UNAVAILABLE: &str = "The database is unavailable right now. Nothing you saved \
     before is lost; please try again in a moment.";

/// Whether `e` means the database could not be reached (down, restarting, or every connection
/// busy for longer than the acquire timeout) rather than a failed query: answered 503 at once.
pub fn database_unreachable(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_)
    )
}

/// Writes the error and its chain of causes to the log.
fn log_cause(error: &(dyn std::error::Error + 'static)) {
    let mut chain = String::new();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    tracing::error!(error = %error, cause = %chain, "request failed with an internal error");
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Database(e) if database_unreachable(e) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::LoginRequired { next } = self {
            return super::user::login_redirect(next);
        }
        let body = self.body();
        if self.status_code().is_server_error() {
            match self {
                AppError::Unexpected(e) => log_cause(e.as_ref()),
                other => log_cause(other),
            }
        }
        let mut response = html_error_response(&body);
        if let AppError::TooManyRequests {
            retry_after_secs, ..
        } = self
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
        }
        response
    }
}

#[derive(Template)]
#[template(path = "errors/not_found.html")]
struct NotFoundPage<'a> {
    layout: Layout,
    error: &'a ErrorBody,
}

#[derive(Template)]
#[template(path = "errors/server_error.html")]
struct ServerErrorPage<'a> {
    layout: Layout,
    error: &'a ErrorBody,
}

#[derive(Template)]
#[template(path = "errors/client_error.html")]
struct ClientErrorPage<'a> {
    layout: Layout,
    error: &'a ErrorBody,
}

/// The HTML page for an error, with the anonymous chrome (the error middleware renders it again
/// with the request's).
pub fn html_error_response(body: &ErrorBody) -> HttpResponse {
    html_error_page(body, Layout::anonymous())
}

/// The HTML page for an error, with `layout` as its chrome.
pub fn html_error_page(body: &ErrorBody, layout: Layout) -> HttpResponse {
    let rendered = match body.status {
        404 => NotFoundPage {
            layout,
            error: body,
        }
        .render(),
        s if s >= 500 => ServerErrorPage {
            layout,
            error: body,
        }
        .render(),
        _ => ClientErrorPage {
            layout,
            error: body,
        }
        .render(),
    };
    let status = StatusCode::from_u16(body.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match rendered {
        Ok(html) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(e) => {
            tracing::error!(error = %e, "rendering an error page failed");
            HttpResponse::build(status)
                .content_type("text/plain; charset=utf-8")
                .body(format!("{} {}\n{}", body.status, body.title, body.message))
        }
    }
}

/// The JSON response for an error (used on `/api/` paths).
pub fn json_error_response(body: &ErrorBody) -> HttpResponse {
    let status = StatusCode::from_u16(body.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    HttpResponse::build(status).json(JsonError { error: body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;

    async fn body_text(res: HttpResponse) -> String {
        String::from_utf8(to_bytes(res.into_body()).await.unwrap().to_vec()).unwrap()
    }

    #[actix_web::test]
    async fn client_errors_map_to_their_status_and_show_the_message() {
        let cases = [
            (AppError::bad_request("bad <b>thing</b>"), 400),
            (AppError::Unauthorized("log in".into()), 401),
            (AppError::Forbidden("CSRF token missing".into()), 403),
            (AppError::not_found("No such question"), 404),
            (AppError::Conflict("taken".into()), 409),
            (AppError::Gone("time is up".into()), 410),
            (AppError::PayloadTooLarge("too big".into()), 413),
            (AppError::UnsupportedMediaType("json only".into()), 415),
            (
                AppError::TooManyRequests {
                    message: "slow down".into(),
                    retry_after_secs: 7,
                },
                429,
            ),
            // a query that expected a row and found none is a bug, not "nothing here": what a
            // user may legitimately not find is looked up optionally and answered with NotFound
            (AppError::Database(sqlx::Error::RowNotFound), 500),
        ];
        for (err, status) in cases {
            let message = err.body().message;
            let res = err.error_response();
            assert_eq!(res.status().as_u16(), status);
            if status == 429 {
                assert_eq!(res.headers().get(header::RETRY_AFTER).unwrap(), "7");
            }
            let html = body_text(res).await;
            let escaped = message.replace('<', "&#60;").replace('>', "&#62;");
            assert!(html.contains(&escaped), "{status}: {html}");
            assert!(!html.contains("<b>thing</b>"));
        }
    }

    #[actix_web::test]
    async fn internal_errors_hide_their_cause() {
        let err = AppError::Unexpected(anyhow::anyhow!("secret connection string xyz"));
        assert_eq!(err.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        let html = body_text(err.error_response()).await;
        assert!(!html.contains("xyz"));
        assert!(html.contains("Something went wrong"));

        let err = AppError::Database(sqlx::Error::Protocol("secret pool detail".into()));
        assert_eq!(err.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        let json = body_text(json_error_response(&err.body())).await;
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["error"]["status"], 500);
        assert!(!json.contains("pool"), "{json}");
    }

    #[actix_web::test]
    async fn an_unreachable_database_is_a_503_without_its_cause() {
        for e in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::PoolClosed,
            sqlx::Error::Io(std::io::Error::other("refused at 10.0.0.9")),
        ] {
            let err = AppError::Database(e);
            assert_eq!(err.status_code(), StatusCode::SERVICE_UNAVAILABLE);
            let json = body_text(json_error_response(&err.body())).await;
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(value["error"]["status"], 503);
            assert_eq!(value["error"]["message"], DATABASE_UNAVAILABLE);
            assert!(!json.contains("10.0.0.9"), "{json}");
        }
    }
}
