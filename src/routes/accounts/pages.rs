//! Account pages: `/register`, `/login`, `/logout`, `/logout/everywhere`, `/account`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use sqlx::PgPool;

use super::{AccountsError, BAD_CREDENTIALS, LoggedIn, Registered, Session};
use crate::auth::rate_limit::Refused;
use crate::auth::validate::{FieldErrors, Registration};
use crate::db::users::User;
use crate::session::csrf::CsrfToken;
use crate::session::user::{CurrentUser, MaybeUser};
use crate::session::{AuthState, client_ip, safe_next};

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
    .route("/logout/everywhere", web::post().to(logout_everywhere))
    .route("/account", web::get().to(account));
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    csrf: CsrfToken,
    next: String,
    username: String,
    email: String,
    errors: FieldErrors,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    csrf: CsrfToken,
    next: String,
    login: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    csrf: CsrfToken,
    user: User,
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

fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AccountsError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .finish()
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
    user: MaybeUser,
    csrf: CsrfToken,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AccountsError> {
    if user.0.is_some() {
        return Ok(see_other("/account"));
    }
    html(
        StatusCode::OK,
        &RegisterPage {
            csrf,
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
    state: web::Data<AuthState>,
    pool: web::Data<PgPool>,
    csrf: CsrfToken,
    form: web::Form<RegisterForm>,
) -> Result<HttpResponse, AccountsError> {
    let form = form.into_inner();
    let (username, email) = (form.username.trim(), form.email.trim());
    let input = Registration {
        username,
        email,
        password: &form.password,
        password_confirm: &form.password_confirm,
    };
    let addr = client_ip(&req, state.trust_proxy);
    let outcome = super::register(&state, &pool, addr, &input).await?;
    let page = |errors, notice| RegisterPage {
        csrf,
        next: safe_next(form.next.as_deref()),
        username: username.to_owned(),
        email: email.to_owned(),
        errors,
        notice,
    };
    match outcome {
        Registered::Created(session) => Ok(logged_in(&state, &session, form.next.as_deref())),
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
    user: MaybeUser,
    csrf: CsrfToken,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AccountsError> {
    if user.0.is_some() {
        return Ok(see_other(&safe_next(query.next.as_deref())));
    }
    html(
        StatusCode::OK,
        &LoginPage {
            csrf,
            next: safe_next(query.next.as_deref()),
            login: String::new(),
            error: None,
        },
    )
}

async fn login(
    req: HttpRequest,
    state: web::Data<AuthState>,
    pool: web::Data<PgPool>,
    csrf: CsrfToken,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AccountsError> {
    let form = form.into_inner();
    let addr = client_ip(&req, state.trust_proxy);
    let outcome = super::login(&state, &pool, addr, &form.login, &form.password).await?;
    let page = |error: String| LoginPage {
        csrf,
        next: safe_next(form.next.as_deref()),
        login: form.login.trim().to_owned(),
        error: Some(error),
    };
    match outcome {
        LoggedIn::Ok(session) => Ok(logged_in(&state, &session, form.next.as_deref())),
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

async fn logout(
    user: MaybeUser,
    state: web::Data<AuthState>,
    pool: web::Data<PgPool>,
) -> Result<HttpResponse, AccountsError> {
    if let Some(u) = &user.0 {
        super::logout(&pool, &u.claims).await?;
    }
    Ok(HttpResponse::SeeOther()
        .cookie(state.logout_cookie())
        .insert_header((header::LOCATION, "/"))
        .finish())
}

async fn logout_everywhere(
    user: CurrentUser,
    state: web::Data<AuthState>,
    pool: web::Data<PgPool>,
) -> Result<HttpResponse, AccountsError> {
    super::logout_everywhere(&pool, &user.user).await?;
    Ok(HttpResponse::SeeOther()
        .cookie(state.logout_cookie())
        .insert_header((header::LOCATION, "/login"))
        .finish())
}

async fn account(user: CurrentUser, csrf: CsrfToken) -> Result<HttpResponse, AccountsError> {
    html(
        StatusCode::OK,
        &AccountPage {
            csrf,
            user: user.user,
        },
    )
}
