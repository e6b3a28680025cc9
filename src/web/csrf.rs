//! CSRF protection for every state-changing request (token design: [`crate::auth::csrf`]).
//!
//! [`protect`] is a middleware for the whole app (`App::wrap(from_fn(web::csrf::protect))`).
//! It gives each browser a CSRF id cookie, and refuses with 403 any POST, PUT, PATCH or DELETE
//! that acts with the browser's ambient login cookie, or is a page form, unless it carries the
//! right token in an `X-CSRF-Token` header or a `csrf_token` field of a urlencoded form body.
//! Exempt: requests with an `Authorization: Bearer` header (a script sent the credential on
//! purpose; the cookie is then ignored), `/api/` requests with no login cookie at all (they
//! have no credentials to abuse and get no cookie back), and requests to paths no route has
//! (they get the 404 page; see `has_route`).
//!
//! # For other handlers and templates
//! - Page handlers take a `layout: Layout` argument (an extractor, see [`super::layout`]) and
//!   pass it to the template; every `<form method="post">` then contains
//!   `<input type="hidden" name="csrf_token" value="{{ layout.csrf }}">`. (A handler that needs
//!   the token alone can take [`CsrfToken`]; `{{ csrf.field()|safe }}` writes the input.)
//! - Scripts and htmx send the token as a header: put `<meta name="csrf-token" content="{{
//!   layout.csrf }}">` in the page and `hx-headers='{"X-CSRF-Token": "{{ layout.csrf }}"}'` on
//!   the element (or set the header in `fetch`).
//! - Nothing else: the handler that receives the POST needs no extra code, the middleware has
//!   already checked it. Tests: load the page, read `name="csrf_token" value="..."` from it, post
//!   it back with the same cookie-keeping client (`TestApp::post_form` in `tests/api/helpers.rs`).

use std::future::{Ready, ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::StreamExt;

use super::login::{AUTH_COOKIE, AuthState, CSRF_COOKIE, Credential, credential, is_api};
use crate::auth::csrf::{FORM_FIELD, HEADER, is_well_formed_id, new_csrf_id};
use crate::startup::AppState;
use crate::web::AppError;

/// Largest urlencoded body the middleware reads to find the token.
pub const MAX_FORM_BYTES: usize = crate::web::extract::BODY_LIMIT;

/// This request's CSRF id (from its cookie, or freshly made and set on the response; API and
/// static responses set no cookie).
#[derive(Debug, Clone)]
struct CsrfId(String);

const CSRF_MESSAGE: &str =
    "The form's security token is missing or out of date. Reload the page and try again.";

/// The middleware: see the module documentation.
pub async fn protect(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(app) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Err(AppError::Unexpected(anyhow::anyhow!("AppState is not registered")).into());
    };
    let state = &app.auth;
    let cred = credential(req.request());
    let bearer = matches!(cred, Credential::Bearer(_));
    let existing = req
        .cookie(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|id| is_well_formed_id(id));
    let fresh = existing.is_none() && !bearer;
    let id = existing.clone().unwrap_or_else(new_csrf_id);
    req.extensions_mut().insert(CsrfId(id.clone()));

    let unsafe_method = !matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    let exempt = bearer || (is_api(req.request()) && cred == Credential::None) || !has_route(&req);
    if unsafe_method && !exempt {
        let presented = match presented_token(&mut req).await {
            Ok(p) => p,
            Err(e) => return Ok(req.error_response(e).map_into_right_body()),
        };
        let binding = binding(req.request(), state);
        let ok =
            existing.is_some() && presented.is_some_and(|t| state.csrf.verify(&id, &binding, &t));
        if !ok {
            tracing::info!(path = %req.path(), "request refused: bad CSRF token");
            // A response carrying the error (not `Err`), so the error-format middleware
            // renders it as a page or as JSON like every other error.
            let refused = AppError::Forbidden(CSRF_MESSAGE.into());
            return Ok(req.error_response(refused).map_into_right_body());
        }
    }

    let mut res = next.call(req).await?;
    let path = res.request().path();
    if fresh && !path.starts_with("/static/") && !path.starts_with("/api/") {
        res.response_mut().add_cookie(&state.csrf_cookie(&id))?;
    }
    Ok(res.map_into_left_body())
}

/// Whether the router has a resource for this request's path. This middleware runs before
/// routing; a request with no resource ends at the 404 page and changes nothing, so it needs no
/// token and gets its 404 (not a 403). The path is the one the router matches (actix-web's
/// `dev::Url`: percent-decoded where that is safe), so an encoded spelling of a real route is
/// still checked. Resources are matched by path only: a POST to a path that has only a GET
/// handler still needs a token.
fn has_route(req: &ServiceRequest) -> bool {
    req.resource_map().has_resource(req.match_info().as_str())
}

/// The token in the header, or in the `csrf_token` field of a urlencoded body (the body is put
/// back for the handler).
async fn presented_token(req: &mut ServiceRequest) -> Result<Option<String>, AppError> {
    if let Some(v) = req.headers().get(HEADER) {
        return Ok(v.to_str().ok().map(str::to_owned));
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(None);
    }
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::bad_request(format!("The request body could not be read: {e}."))
        })?;
        if body.len() + chunk.len() > MAX_FORM_BYTES {
            return Err(AppError::PayloadTooLarge(format!(
                "The request body is larger than {} KiB. Shorten what you send.",
                MAX_FORM_BYTES / 1024
            )));
        }
        body.extend_from_slice(&chunk);
    }
    let body: Bytes = body.freeze();
    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FORM_FIELD))
        .map(|(_, v)| v);
    req.set_payload(Payload::from(body));
    Ok(token)
}

/// What CSRF tokens are bound to: the `jti` of a well-signed, unexpired login cookie (revoked
/// or not: rendering and checking must agree without a database lookup), else nothing.
fn binding(req: &HttpRequest, state: &AuthState) -> String {
    req.cookie(AUTH_COOKIE)
        .and_then(|c| state.keys.decode(c.value()).ok())
        .map(|claims| claims.jti.to_string())
        .unwrap_or_default()
}

/// The CSRF token for the page being rendered; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfToken(pub String);

impl CsrfToken {
    /// A hidden form field carrying the token (the token is URL-safe base64: nothing to escape).
    pub fn field(&self) -> String {
        format!(
            r#"<input type="hidden" name="{FORM_FIELD}" value="{}">"#,
            self.0
        )
    }

    /// The token for a request that passed through [`protect`].
    pub fn for_request(req: &HttpRequest) -> Result<Self, AppError> {
        let state = &super::login::app_state(req).auth;
        let id = req
            .extensions()
            .get::<CsrfId>()
            .map(|c| c.0.clone())
            .ok_or_else(|| {
                AppError::Unexpected(anyhow::anyhow!("the CSRF middleware is not installed"))
            })?;
        Ok(CsrfToken(state.csrf.token(&id, &binding(req, state))))
    }
}

impl std::fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromRequest for CsrfToken {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(CsrfToken::for_request(req))
    }
}
