//! Extractor configuration: malformed bodies become 400 with what is wrong, oversized bodies 413,
//! a wrong content type 415, an unparsable path segment 404.

use actix_web::error::{
    JsonPayloadError, PathError, PayloadError, QueryPayloadError, UrlencodedError,
};
use actix_web::{HttpRequest, web};

use crate::web::AppError;

/// Largest accepted request body. Answers are capped at 20,000 characters by the answer handlers;
/// this limit leaves room for such an answer even when every character is multi-byte and
/// url-encoded, so the handler's clearer message is the one users see.
pub const BODY_LIMIT: usize = 256 * 1024;

fn too_large(size: Option<usize>, limit: usize) -> AppError {
    let limit_kib = limit / 1024;
    AppError::PayloadTooLarge(match size {
        Some(size) => format!(
            "The request body is {size} bytes; the limit is {limit_kib} KiB. Shorten what you send."
        ),
        None => format!("The request body is larger than {limit_kib} KiB. Shorten what you send."),
    })
}

fn payload_error(err: &PayloadError) -> AppError {
    match err {
        PayloadError::Overflow => too_large(None, BODY_LIMIT),
        other => AppError::bad_request(format!("The request body could not be read: {other}.")),
    }
}

/// Maps JSON body errors.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    match err {
        JsonPayloadError::OverflowKnownLength { length, limit } => too_large(Some(length), limit),
        JsonPayloadError::Overflow { limit } => too_large(None, limit),
        JsonPayloadError::ContentType => AppError::UnsupportedMediaType(
            "Send the body as JSON with the header Content-Type: application/json.".into(),
        ),
        JsonPayloadError::Deserialize(e) => {
            AppError::bad_request(format!("The JSON body is malformed: {e}."))
        }
        JsonPayloadError::Payload(e) => payload_error(&e),
        other => AppError::bad_request(format!("The JSON body could not be read: {other}.")),
    }
    .into()
}

/// Maps form (urlencoded) body errors.
pub fn form_error(err: UrlencodedError, _req: &HttpRequest) -> actix_web::Error {
    match err {
        UrlencodedError::Overflow { size, limit } => too_large(Some(size), limit),
        UrlencodedError::ContentType => AppError::UnsupportedMediaType(
            "Send the form as application/x-www-form-urlencoded.".into(),
        ),
        UrlencodedError::Parse(e) => AppError::bad_request(format!("The form is malformed: {e}.")),
        UrlencodedError::Payload(e) => payload_error(&e),
        other => AppError::bad_request(format!("The form could not be read: {other}.")),
    }
    .into()
}

/// Maps query-string errors.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let QueryPayloadError::Deserialize(e) = err else {
        return AppError::bad_request("The query string could not be read.").into();
    };
    AppError::bad_request(format!("The query string is malformed: {e}.")).into()
}

/// Maps path errors: an id that does not even parse names nothing, so 404.
pub fn path_error(err: PathError, req: &HttpRequest) -> actix_web::Error {
    tracing::debug!(error = %err, path = req.path(), "unparsable path segment");
    AppError::not_found(format!("There is nothing at {}.", req.path())).into()
}

/// Registers the extractor configs on an app or scope.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(BODY_LIMIT)
            .error_handler(json_error),
    )
    .app_data(
        web::FormConfig::default()
            .limit(BODY_LIMIT)
            .error_handler(form_error),
    )
    .app_data(web::PayloadConfig::new(BODY_LIMIT))
    .app_data(web::QueryConfig::default().error_handler(query_error))
    .app_data(web::PathConfig::default().error_handler(path_error));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::middleware::error_format;
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test};
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Answer {
        text: String,
        #[allow(dead_code)]
        seconds: u32,
    }

    async fn echo_json(body: web::Json<Answer>) -> HttpResponse {
        HttpResponse::Ok().body(body.text.clone())
    }

    async fn echo_form(body: web::Form<Answer>) -> HttpResponse {
        HttpResponse::Ok().body(body.text.clone())
    }

    async fn by_id(id: web::Path<i64>) -> HttpResponse {
        HttpResponse::Ok().body(id.to_string())
    }

    macro_rules! app {
        () => {
            test::init_service(
                App::new()
                    .wrap(from_fn(error_format))
                    .configure(configure)
                    .route("/api/v1/answer", web::post().to(echo_json))
                    .route("/answer", web::post().to(echo_form))
                    .route("/answer.json", web::post().to(echo_json))
                    .route("/items/{id}", web::get().to(by_id)),
            )
            .await
        };
    }

    macro_rules! call {
        ($app:expr, $req:expr $(,)?) => {{
            let res = test::call_service(&$app, $req.to_request()).await;
            let status = res.status().as_u16();
            let body = test::read_body(res).await;
            (status, String::from_utf8(body.to_vec()).unwrap())
        }};
    }

    #[actix_web::test]
    async fn well_formed_bodies_pass() {
        let app = app!();
        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/api/v1/answer")
                .set_json(serde_json::json!({"text": "use a cache", "seconds": 3})),
        );
        assert_eq!((status, body.as_str()), (200, "use a cache"));
        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/answer")
                .set_form([("text", "shard it"), ("seconds", "5")]),
        );
        assert_eq!((status, body.as_str()), (200, "shard it"));
    }

    #[actix_web::test]
    async fn malformed_json_is_a_400_saying_what_is_wrong() {
        let app = app!();
        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/api/v1/answer")
                .insert_header(("content-type", "application/json"))
                .set_payload(r#"{"text": "x", "seconds": "#),
        );
        assert_eq!(status, 400);
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.contains("The JSON body is malformed"), "{message}");
        assert!(message.contains("line 1"), "{message}");

        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/api/v1/answer")
                .set_json(serde_json::json!({"text": "x"})),
        );
        assert_eq!(status, 400);
        assert!(body.contains("missing field `seconds`"), "{body}");
    }

    #[actix_web::test]
    async fn html_routes_render_body_errors_as_pages() {
        let app = app!();
        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/answer.json")
                .insert_header(("content-type", "application/json"))
                .set_payload("not json"),
        );
        assert_eq!(status, 400);
        assert!(body.contains("<!doctype html>"), "{body}");
        assert!(body.contains("The JSON body is malformed"), "{body}");
    }

    #[actix_web::test]
    async fn wrong_content_type_is_415() {
        let app = app!();
        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/api/v1/answer")
                .insert_header(("content-type", "text/plain"))
                .set_payload(r#"{"text": "x", "seconds": 1}"#),
        );
        assert_eq!(status, 415);
        assert!(body.contains("application/json"), "{body}");
    }

    #[actix_web::test]
    async fn malformed_forms_are_400_saying_what_is_wrong() {
        let app = app!();
        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/answer")
                .set_form([("text", "x"), ("seconds", "soon")]),
        );
        assert_eq!(status, 400);
        assert!(body.contains("The form is malformed"), "{body}");
        assert!(body.contains("invalid digit"), "{body}");
    }

    #[actix_web::test]
    async fn oversized_bodies_are_413() {
        let app = app!();
        let big = "a".repeat(BODY_LIMIT + 1);
        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/api/v1/answer")
                .set_json(serde_json::json!({"text": big, "seconds": 1})),
        );
        assert_eq!(status, 413);
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(
            json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("256 KiB"),
            "{body}"
        );

        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri("/answer")
                .set_form([("text", big.as_str()), ("seconds", "1")]),
        );
        assert_eq!(status, 413);
        assert!(body.contains("the limit is 256 KiB"), "{body}");
    }

    #[actix_web::test]
    async fn unparsable_path_ids_are_404() {
        let app = app!();
        let (status, body) = call!(app, test::TestRequest::get().uri("/items/12"));
        assert_eq!((status, body.as_str()), (200, "12"));
        let (status, body) = call!(app, test::TestRequest::get().uri("/items/abc"));
        assert_eq!(status, 404);
        assert!(body.contains("Page not found"), "{body}");
    }
}
