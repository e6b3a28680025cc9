//! The account page `/account` (linked from the header) and what it changes: the password
//! (`POST /account/password`), deleting the account and its answers (`POST /account/delete`,
//! confirmed by typing the password; then `/account/deleted`), and "download my data"
//! (`GET /account/data.json`). "Log out everywhere" posts to `/logout/everywhere` ([`super::pages`]).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::pages::set_retry_after;
use super::{AccountDeleted, NotConfirmed, PasswordChanged, PasswordErrors};
use crate::db::users::User;
use crate::present::LocalTime;
use crate::startup::AppState;
use crate::web::login::client_ip;
use crate::web::user::CurrentUser;
use crate::web::{AppError, Layout};

/// Registers the account page and its forms.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/account", web::get().to(show))
        .route("/account/password", web::post().to(change_password))
        .route("/account/delete", web::post().to(delete))
        .route("/account/deleted", web::get().to(deleted))
        .route("/account/data.json", web::get().to(download));
}

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    layout: Layout,
    user: User,
    member_since: LocalTime,
    notice: Option<&'static str>,
    password_errors: PasswordErrors,
    delete_error: Option<String>,
}

impl AccountPage {
    fn new(layout: Layout, user: User) -> AccountPage {
        AccountPage {
            layout: layout.with_active("account"),
            member_since: LocalTime::date(user.created_at),
            user,
            notice: None,
            password_errors: PasswordErrors::default(),
            delete_error: None,
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/deleted.html")]
struct DeletedPage {
    layout: Layout,
}

/// `?done=password` after a change.
#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

/// The change-password form as posted (missing fields count as empty).
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

/// The delete form as posted: the password is the confirmation.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
}

fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(
            page.render()
                .map_err(|e| AppError::Unexpected(anyhow::Error::new(e)))?,
        ))
}

fn limited(r: &crate::auth::rate_limit::Refused) -> String {
    format!(
        "Too many password attempts. Please wait {} seconds and try again.",
        r.retry_after_secs
    )
}

async fn show(
    user: CurrentUser,
    layout: Layout,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, AppError> {
    let mut page = AccountPage::new(layout, user.user);
    page.notice = match query.done.as_deref() {
        Some("password") => {
            Some("Your password was changed. Every other session of this account was logged out.")
        }
        _ => None,
    };
    html(StatusCode::OK, &page)
}

async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let addr = client_ip(&req, state.auth.trust_proxy);
    let outcome = super::change_password(
        &state.auth,
        &state.pool,
        addr,
        &user.user,
        &form.current_password,
        &form.new_password,
        &form.new_password_confirm,
    )
    .await?;
    let mut page = AccountPage::new(layout, user.user);
    match outcome {
        PasswordChanged::Changed(session) => Ok(HttpResponse::SeeOther()
            .cookie(state.auth.login_cookie(&session.token))
            .insert_header((header::LOCATION, "/account?done=password"))
            .finish()),
        PasswordChanged::Invalid(errors) => {
            page.password_errors = errors;
            html(StatusCode::BAD_REQUEST, &page)
        }
        PasswordChanged::Limited(r) => {
            page.password_errors.current = Some(limited(&r));
            let mut res = html(StatusCode::TOO_MANY_REQUESTS, &page)?;
            set_retry_after(&mut res, &r);
            Ok(res)
        }
    }
}

async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    layout: Layout,
    form: web::Form<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let addr = client_ip(&req, state.auth.trust_proxy);
    let outcome =
        super::delete_account(&state.auth, &state.pool, addr, &user.user, &form.password).await?;
    let mut page = AccountPage::new(layout, user.user);
    let (status, message) = match outcome {
        AccountDeleted::Deleted(_) => {
            return Ok(HttpResponse::SeeOther()
                .cookie(state.auth.logout_cookie())
                .insert_header((header::LOCATION, "/account/deleted"))
                .finish());
        }
        AccountDeleted::NotConfirmed(NotConfirmed::Missing) => (
            StatusCode::BAD_REQUEST,
            "Type your password to confirm that the account should be deleted. Nothing was deleted."
                .to_string(),
        ),
        AccountDeleted::NotConfirmed(NotConfirmed::WrongPassword) => (
            StatusCode::BAD_REQUEST,
            "That is not your password. Nothing was deleted.".to_string(),
        ),
        AccountDeleted::NotConfirmed(NotConfirmed::Limited(r)) => {
            page.delete_error = Some(limited(&r));
            let mut res = html(StatusCode::TOO_MANY_REQUESTS, &page)?;
            set_retry_after(&mut res, &r);
            return Ok(res);
        }
    };
    page.delete_error = Some(message);
    html(status, &page)
}

async fn deleted(layout: Layout) -> Result<HttpResponse, AppError> {
    html(StatusCode::OK, &DeletedPage { layout })
}

/// Everything stored about the account as one JSON file (a download).
async fn download(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    let data = crate::db::account_data::export(&state.pool, user.user.id)
        .await?
        .ok_or_else(|| AppError::not_found("This account no longer exists."))?;
    let body = serde_json::json!({
        "format": "whetstone-account-export/1",
        "exported_at": Utc::now(),
        "account": data.account,
        "teams": data.teams,
        "solo_interviews": data.interviews,
        "answers_in_others_sessions": data.session_answers,
        "sessions_run": data.sessions_run,
        "ratings": data.ratings,
        "review_cards": crate::db::reviews::export(&state.pool, user.user.id).await?,
    });
    let filename = format!(
        "whetstone-{}-{}.json",
        user.user.username,
        Utc::now().format("%Y-%m-%d")
    );
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body))
}
