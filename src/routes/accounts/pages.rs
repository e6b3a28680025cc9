//! Account pages: `/register`, `/login`, `/logout`, `/logout/everywhere` (the account page itself
//! is in [`super::settings`]).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{BAD_CREDENTIALS, LoggedIn, Registered, Session};
use crate::auth::rate_limit::Refused;
use crate::auth::validate::{FieldErrors, Registration};
use crate::startup::AppState;
use crate::web::login::{AuthState, client_ip, safe_next};
use crate::web::respond::see_other;
use crate::web::user::{CurrentUser, MaybeUser};
use crate::web::{AppError, Layout};

/// Registers the page routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/register")
            .route(web::get().to(register_form))
            .route(web::post().to(register)),
    )
    .service(
        web::resource("/login")
            .route(web::get().to(login_form))
            .route(web::post().to(login)),
    )
    .route("/logout", web::post().to(logout))
    .route("/logout/everywhere", web::post().to(logout_everywhere));
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    layout: Layout,
    next: String,
    username: String,
    email: String,
    errors: FieldErrors,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    layout: Layout,
    next: String,
    login: String,
    error: Option<String>,
}

/// `?next=` on the login and registration pages.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The registration form as posted.
#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    username: String,
    email: String,
    password: String,
    password_confirm: String,
    #[serde(default)]
    next: Option<String>,
}

/// The login form as posted.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(
            page.render()
                .map_err(|e| AppError::Unexpected(anyhow::Error::new(e)))?,
        ))
}

fn limited_message(r: &Refused) -> String {
    format!(
        "Too many attempts. Please wait {} seconds and try again.",
        r.retry_after_secs
    )
}

/// Logs the browser in: sets the cookie and goes on to `next`.
fn logged_in(state: &AuthState, session: &Session, next: Option<&str>) -> HttpResponse {
    HttpResponse::SeeOther()
        .cookie(state.login_cookie(&session.token))
        .insert_header((header::LOCATION, safe_next(next)))
        .finish()
}

async fn register_form(
    layout: Layout,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    if layout.user.is_some() {
        return Ok(see_other("/account"));
    }
    html(
        StatusCode::OK,
        &RegisterPage {
            layout,
            next: safe_next(query.next.as_deref()),
            username: String::new(),
            email: String::new(),
            errors: FieldErrors::default(),
            notice: None,
        },
    )
}

async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    layout: Layout,
    form: web::Form<RegisterForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let (username, email) = (form.username.trim(), form.email.trim());
    let input = Registration {
        username,
        email,
        password: &form.password,
        password_confirm: &form.password_confirm,
    };
    let addr = client_ip(&req, state.auth.trust_proxy);
    let outcome = super::register(&state.auth, &state.pool, addr, &input).await?;
    let page = |errors, notice| RegisterPage {
        layout,
        next: safe_next(form.next.as_deref()),
        username: username.to_owned(),
        email: email.to_owned(),
        errors,
        notice,
    };
    match outcome {
        // the first account of an install is its curator: it is told so on the curator's page
        Registered::Created(session) if session.user.curator => {
            Ok(logged_in(&state.auth, &session, Some("/curate?welcome=1")))
        }
        Registered::Created(session) => Ok(logged_in(&state.auth, &session, form.next.as_deref())),
        Registered::Invalid { errors, conflict } => {
            let status = if conflict {
                StatusCode::CONFLICT
            } else {
                StatusCode::BAD_REQUEST
            };
            html(
                status,
                &page(errors, Some("Please correct the fields below.".into())),
            )
        }
        Registered::Limited(r) => {
            let mut res = html(
                StatusCode::TOO_MANY_REQUESTS,
                &page(FieldErrors::default(), Some(limited_message(&r))),
            )?;
            set_retry_after(&mut res, &r);
            Ok(res)
        }
    }
}

async fn login_form(
    layout: Layout,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    if layout.user.is_some() {
        return Ok(see_other(safe_next(query.next.as_deref())));
    }
    html(
        StatusCode::OK,
        &LoginPage {
            layout,
            next: safe_next(query.next.as_deref()),
            login: String::new(),
            error: None,
        },
    )
}

async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    layout: Layout,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let addr = client_ip(&req, state.auth.trust_proxy);
    let outcome = super::login(&state.auth, &state.pool, addr, &form.login, &form.password).await?;
    let page = |error: String| LoginPage {
        layout,
        next: safe_next(form.next.as_deref()),
        login: form.login.trim().to_owned(),
        error: Some(error),
    };
    match outcome {
        LoggedIn::Ok(session) => Ok(logged_in(&state.auth, &session, form.next.as_deref())),
        LoggedIn::BadCredentials => html(StatusCode::UNAUTHORIZED, &page(BAD_CREDENTIALS.into())),
        LoggedIn::Limited(r) => {
            let mut res = html(StatusCode::TOO_MANY_REQUESTS, &page(limited_message(&r)))?;
            set_retry_after(&mut res, &r);
            Ok(res)
        }
    }
}

/// Adds `Retry-After` (seconds) to a 429 response.
pub fn set_retry_after(res: &mut HttpResponse, r: &Refused) {
    res.headers_mut().insert(
        header::RETRY_AFTER,
        header::HeaderValue::from(r.retry_after_secs),
    );
}

async fn logout(user: MaybeUser, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if let Some(u) = &user.0 {
        super::logout(&state.pool, &u.claims).await?;
    }
    Ok(HttpResponse::SeeOther()
        .cookie(state.auth.logout_cookie())
        .insert_header((header::LOCATION, "/"))
        .finish())
}

async fn logout_everywhere(
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    super::logout_everywhere(&state.pool, &user.user).await?;
    Ok(HttpResponse::SeeOther()
        .cookie(state.auth.logout_cookie())
        .insert_header((header::LOCATION, "/login"))
        .finish())
}
