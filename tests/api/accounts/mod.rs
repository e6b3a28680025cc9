//! Accounts end to end: register, log in, log out (one token, everywhere), CSRF, rate limits,
//! bad tokens and bad input, against a real PostgreSQL database per test. This file holds the
//! helpers (a cookie-keeping "browser", a cookie-less "script", CSRF token scraping).

mod db;
mod flows;
mod input;
mod security;
mod sessions;
mod settings;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{Value, json};

use crate::helpers::TestApp;
pub use crate::helpers::{browser, csrf_in};

pub const PASSWORD: &str = "a good long password";

/// A script: no cookies, no redirects.
pub fn script() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn url(app: &TestApp, path: &str) -> String {
    format!("{}{}", app.address, path)
}

/// Loads `path` in `b` and returns the CSRF token in it.
pub async fn csrf_from(app: &TestApp, b: &reqwest::Client, path: &str) -> String {
    app.csrf_token_in(b, path).await
}

pub async fn register_form(
    app: &TestApp,
    b: &reqwest::Client,
    username: &str,
    email: &str,
) -> reqwest::Response {
    app.post_form_in(
        b,
        "/register",
        "/register",
        &[
            ("username", username),
            ("email", email),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    )
    .await
}

pub async fn login_form(
    app: &TestApp,
    b: &reqwest::Client,
    login: &str,
    pw: &str,
) -> reqwest::Response {
    app.post_form_in(b, "/login", "/login", &[("login", login), ("password", pw)])
        .await
}

/// Registers `username` in a fresh browser, which ends up logged in.
pub async fn logged_in_browser(app: &TestApp, username: &str) -> reqwest::Client {
    let b = browser();
    let res = register_form(app, &b, username, &format!("{username}@example.com")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "registration succeeds");
    b
}

pub async fn api_token(app: &TestApp, login: &str) -> String {
    let res = script()
        .post(url(app, "/api/v1/auth/token"))
        .json(&json!({ "login": login, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The login cookie's value from a response.
pub fn session_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("wt_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("response sets the login cookie")
}

/// GET /account with exactly this login cookie (no cookie store).
pub async fn account_with_cookie(app: &TestApp, token: &str) -> reqwest::Response {
    script()
        .get(url(app, "/account"))
        .header(COOKIE, format!("wt_session={token}"))
        .send()
        .await
        .unwrap()
}

pub async fn me_with_bearer(app: &TestApp, token: &str) -> reqwest::Response {
    script()
        .get(url(app, "/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

pub fn assert_redirects_to_login(res: &reqwest::Response) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()[LOCATION].to_str().unwrap();
    assert!(to.starts_with("/login?next="), "{to}");
}
