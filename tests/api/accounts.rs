//! Accounts end to end: register, log in, log out (one token, everywhere), CSRF, rate limits,
//! bad tokens and bad input, against a real PostgreSQL database per test.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, RETRY_AFTER, SET_COOKIE};
use serde_json::{Value, json};
use uuid::Uuid;
use whetstone::auth::token::{Claims, TokenKeys};

use crate::helpers::{TestApp, spawn_app};

const PASSWORD: &str = "a good long password";

/// A browser: keeps cookies, does not follow redirects.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A script: no cookies, no redirects.
fn script() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn url(app: &TestApp, path: &str) -> String {
    format!("{}{}", app.address, path)
}

/// The CSRF token embedded in a page's forms.
fn csrf_in(html: &str) -> String {
    let re = regex::Regex::new(r#"name="csrf_token" value="([^"]+)""#).unwrap();
    re.captures(html).expect("page has a CSRF field")[1].to_owned()
}

/// Loads `path` in `b` and returns the CSRF token in it.
async fn csrf_from(app: &TestApp, b: &reqwest::Client, path: &str) -> String {
    let html = b
        .get(url(app, path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    csrf_in(&html)
}

async fn register_form(
    app: &TestApp,
    b: &reqwest::Client,
    username: &str,
    email: &str,
) -> reqwest::Response {
    let csrf = csrf_from(app, b, "/register").await;
    b.post(url(app, "/register"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("username", username),
            ("email", email),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ])
        .send()
        .await
        .unwrap()
}

async fn login_form(
    app: &TestApp,
    b: &reqwest::Client,
    login: &str,
    pw: &str,
) -> reqwest::Response {
    let csrf = csrf_from(app, b, "/login").await;
    b.post(url(app, "/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("login", login),
            ("password", pw),
        ])
        .send()
        .await
        .unwrap()
}

/// Registers `username` in a fresh browser, which ends up logged in.
async fn logged_in_browser(app: &TestApp, username: &str) -> reqwest::Client {
    let b = browser();
    let res = register_form(app, &b, username, &format!("{username}@example.com")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "registration succeeds");
    b
}

async fn api_token(app: &TestApp, login: &str) -> String {
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
fn session_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("wt_session="))
        .map(|v| v.split(';').next().unwrap().to_owned())
        .expect("response sets the login cookie")
}

/// GET /account with exactly this login cookie (no cookie store).
async fn account_with_cookie(app: &TestApp, token: &str) -> reqwest::Response {
    script()
        .get(url(app, "/account"))
        .header(COOKIE, format!("wt_session={token}"))
        .send()
        .await
        .unwrap()
}

async fn me_with_bearer(app: &TestApp, token: &str) -> reqwest::Response {
    script()
        .get(url(app, "/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

fn assert_redirects_to_login(res: &reqwest::Response) {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()[LOCATION].to_str().unwrap();
    assert!(to.starts_with("/login?next="), "{to}");
}

#[tokio::test]
async fn register_then_log_in_shows_the_account_page() {
    let app = spawn_app().await;
    let b = browser();
    let res = register_form(&app, &b, "Alice_1", "alice@example.com").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .find(|v| v.to_str().unwrap().starts_with("wt_session="));
    let cookie = cookie.unwrap().to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );

    let page = b.get(url(&app, "/account")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Alice_1"));

    // A second browser logs in by email, in another case.
    let other = browser();
    let res = login_form(&app, &other, "ALICE@Example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/");
    let page = other.get(url(&app, "/account")).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("alice@example.com"));

    // And a third by username in another case.
    let third = browser();
    assert_eq!(
        login_form(&app, &third, "alice_1", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn account_page_needs_login_and_login_returns_to_it() {
    let app = spawn_app().await;
    let b = browser();
    let res = b.get(url(&app, "/account")).send().await.unwrap();
    assert_redirects_to_login(&res);
    assert_eq!(res.headers()[LOCATION], "/login?next=%2Faccount");
    register_form(&app, &browser(), "bob", "bob@example.com").await;

    let csrf = csrf_from(&app, &b, "/login?next=%2Faccount").await;
    let res = b
        .post(url(&app, "/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("login", "bob"),
            ("password", PASSWORD),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/account");
}

#[tokio::test]
async fn login_never_redirects_to_another_site() {
    let app = spawn_app().await;
    register_form(&app, &browser(), "carol", "carol@example.com").await;
    let b = browser();
    let csrf = csrf_from(&app, &b, "/login").await;
    let res = b
        .post(url(&app, "/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("login", "carol"),
            ("password", PASSWORD),
            ("next", "//evil.example/x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/");
}

#[tokio::test]
async fn duplicates_differing_only_in_case_are_rejected() {
    let app = spawn_app().await;
    logged_in_browser(&app, "Dave").await;

    let res = register_form(&app, &browser(), "dAVE", "other@example.com").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let html = res.text().await.unwrap();
    assert!(html.contains("That username is taken."));
    assert!(html.contains(r#"value="dAVE""#), "typed values kept");
    assert!(html.contains(r#"value="other@example.com""#));
    assert!(!html.contains(PASSWORD), "passwords are never echoed");

    let res = register_form(&app, &browser(), "dave2", "DAVE@EXAMPLE.COM").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("An account with that email already exists.")
    );

    let res = script()
        .post(url(&app, "/api/v1/auth/register"))
        .json(&json!({ "username": "DaVe", "email": "x@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"]["username"],
        "That username is taken."
    );

    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn registration_field_errors_are_shown_and_typed_values_kept() {
    let app = spawn_app().await;
    let b = browser();
    let csrf = csrf_from(&app, &b, "/register").await;
    let res = b
        .post(url(&app, "/register"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("username", "x"),
            ("email", "not-an-email"),
            ("password", "short"),
            ("password_confirm", "different"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    for msg in [
        "Username must be 3 to 32 characters long.",
        "Enter an email address like name@example.com.",
        "Password must be at least 10 characters long.",
        "The two passwords do not match.",
    ] {
        assert!(html.contains(msg), "missing {msg}");
    }
    assert!(html.contains(r#"value="not-an-email""#));
    assert!(!html.contains("short") && !html.contains("different"));

    let res = script()
        .post(url(&app, "/api/v1/auth/register"))
        .json(&json!({ "username": "ok_name", "email": "nope", "password": "short" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["fields"]["email"].is_string()
            && body["error"]["fields"]["password"].is_string()
    );
    assert!(body["error"]["fields"].get("username").is_none());
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = spawn_app().await;
    logged_in_browser(&app, "erin").await;

    let wrong = login_form(&app, &browser(), "erin", "not the password").await;
    let unknown = login_form(&app, &browser(), "nobody", "not the password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let (wrong, unknown) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert!(wrong.contains("Wrong username/email or password."));
    assert!(unknown.contains("Wrong username/email or password."));
    assert!(wrong.contains(r#"value="erin""#), "login name kept");

    for login in ["erin", "nobody"] {
        let res = script()
            .post(url(&app, "/api/v1/auth/token"))
            .json(&json!({ "login": login, "password": "not the password" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body["error"]["message"],
            "Wrong username/email or password."
        );
    }
}

#[tokio::test]
async fn api_register_token_and_me() {
    let app = spawn_app().await;
    let res = script()
        .post(url(&app, "/api/v1/auth/register"))
        .json(&json!({ "username": "frank", "email": "frank@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert!(
        res.headers().get(SET_COOKIE).is_none(),
        "API never sets the login cookie"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["user"]["username"], "frank");

    let token = api_token(&app, "FRANK").await;
    let me = me_with_bearer(&app, &token).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["email"], "frank@example.com");
    assert!(me.get("token_version").is_none() && me.get("password_hash").is_none());

    let anon = script().get(url(&app, "/api/v1/me")).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anon.json::<Value>().await.unwrap()["error"]["status"], 401);
}

#[tokio::test]
async fn logout_makes_the_old_cookie_useless() {
    let app = spawn_app().await;
    let b = browser();
    let res = register_form(&app, &b, "gina", "gina@example.com").await;
    let token = session_cookie(&res);
    assert_eq!(
        account_with_cookie(&app, &token).await.status(),
        StatusCode::OK
    );

    let csrf = csrf_from(&app, &b, "/account").await;
    let res = b
        .post(url(&app, "/logout"))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_redirects_to_login(&b.get(url(&app, "/account")).send().await.unwrap());

    // Replaying the old cookie (or using it as a bearer token) does not work.
    assert_redirects_to_login(&account_with_cookie(&app, &token).await);
    assert_eq!(
        me_with_bearer(&app, &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let revoked: i64 = sqlx::query_scalar("SELECT count(*) FROM revoked_tokens")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(revoked, 1);
}

#[tokio::test]
async fn api_logout_revokes_only_that_token() {
    let app = spawn_app().await;
    logged_in_browser(&app, "hank").await;
    let (a, b) = (api_token(&app, "hank").await, api_token(&app, "hank").await);
    let res = script()
        .post(url(&app, "/api/v1/auth/logout"))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::NO_CONTENT,
        "bearer requests need no CSRF token"
    );
    assert_eq!(
        me_with_bearer(&app, &a).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(me_with_bearer(&app, &b).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_everywhere_kills_every_session() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "ivy").await;
    let other = browser();
    let other_cookie = session_cookie(&login_form(&app, &other, "ivy", PASSWORD).await);
    let bearer = api_token(&app, "ivy").await;

    let csrf = csrf_from(&app, &b, "/account").await;
    let res = b
        .post(url(&app, "/logout/everywhere"))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_redirects_to_login(&b.get(url(&app, "/account")).send().await.unwrap());
    assert_redirects_to_login(&other.get(url(&app, "/account")).send().await.unwrap());
    assert_redirects_to_login(&account_with_cookie(&app, &other_cookie).await);
    assert_eq!(
        me_with_bearer(&app, &bearer).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Logging in again works.
    assert_eq!(
        me_with_bearer(&app, &api_token(&app, "ivy").await)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn tampered_and_expired_tokens_count_as_logged_out() {
    let app = spawn_app().await;
    let res = register_form(&app, &browser(), "jack", "jack@example.com").await;
    let token = session_cookie(&res);
    let keys = TokenKeys::new(
        app.settings.jwt_secret.expose().as_bytes(),
        Duration::hours(1),
    );
    let claims = keys.decode(&token).unwrap();

    // Payload swapped for another user id, signature kept.
    let forged = TokenKeys::new(b"not the server's secret at all!!", Duration::hours(1))
        .encode(&Claims {
            sub: Uuid::new_v4(),
            ..claims.clone()
        })
        .unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        forged.split('.').nth(1).unwrap(),
        parts[2]
    );
    // Flipped signature.
    let mut bad_sig = token.clone();
    let last = bad_sig.pop().unwrap();
    bad_sig.push(if last == 'A' { 'B' } else { 'A' });
    // Properly signed but expired.
    let now = Utc::now();
    let expired = keys
        .encode(&Claims {
            iat: (now - Duration::hours(3)).timestamp(),
            exp: (now - Duration::hours(1)).timestamp(),
            ..claims.clone()
        })
        .unwrap();
    // Properly signed, for an older token version.
    let stale = keys
        .encode(&Claims {
            ver: claims.ver - 1,
            ..claims.clone()
        })
        .unwrap();

    for bad in [
        &tampered,
        &bad_sig,
        &expired,
        &stale,
        &forged,
        &"garbage".to_owned(),
    ] {
        assert_redirects_to_login(&account_with_cookie(&app, bad).await);
        assert_eq!(
            me_with_bearer(&app, bad).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        account_with_cookie(&app, &token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn state_changes_without_the_right_csrf_token_are_forbidden() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "kate").await;
    let good = csrf_from(&app, &b, "/account").await;

    // Missing and wrong tokens on a cookie-authenticated form.
    let missing = b
        .post(url(&app, "/logout/everywhere"))
        .form(&[("x", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    let wrong = b
        .post(url(&app, "/logout/everywhere"))
        .form(&[("csrf_token", "AAAA")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    // A token from another browser (another CSRF cookie) does not work here either.
    let stranger = csrf_from(&app, &browser(), "/login").await;
    let foreign = b
        .post(url(&app, "/logout/everywhere"))
        .form(&[("csrf_token", stranger.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    // Still logged in: nothing happened.
    assert_eq!(
        b.get(url(&app, "/account")).send().await.unwrap().status(),
        StatusCode::OK
    );

    // Login and registration forms need it too (login CSRF).
    let anon = browser();
    anon.get(url(&app, "/login")).send().await.unwrap();
    let res = anon
        .post(url(&app, "/login"))
        .form(&[("login", "kate"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = anon
        .post(url(&app, "/register"))
        .form(&[
            ("username", "x1y2z3"),
            ("email", "a@b.co"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Cookie-authenticated API state changes need the header; with it they work.
    let res = b
        .post(url(&app, "/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["status"], 403);
    let res = b
        .post(url(&app, "/api/v1/auth/logout"))
        .header("X-CSRF-Token", &good)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_redirects_to_login(&b.get(url(&app, "/account")).send().await.unwrap());
}

#[tokio::test]
async fn csrf_token_is_bound_to_the_login_session() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "liam").await;
    let before = csrf_from(&app, &b, "/account").await;
    // Log out and in again in the same browser: same CSRF cookie, new login session.
    let res = b
        .post(url(&app, "/logout"))
        .form(&[("csrf_token", before.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        login_form(&app, &b, "liam", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let res = b
        .post(url(&app, "/logout/everywhere"))
        .form(&[("csrf_token", before.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "old session's token refused"
    );
}

#[tokio::test]
async fn login_is_rate_limited_per_account() {
    let app = spawn_app().await;
    logged_in_browser(&app, "mia").await;
    let b = browser();
    let csrf = csrf_from(&app, &b, "/login").await;
    let attempt = |login: &'static str| {
        b.post(url(&app, "/login"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("login", login),
                ("password", "wrong password"),
            ])
            .send()
    };
    for _ in 0..5 {
        assert_eq!(
            attempt("mia").await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = attempt("MIA").await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=12).contains(&wait), "{wait}");
    assert!(res.text().await.unwrap().contains("Too many attempts"));
    // Even the right password is refused while limited, over the API too...
    let res = script()
        .post(url(&app, "/api/v1/auth/token"))
        .json(&json!({ "login": "mia", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(RETRY_AFTER));
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["status"], 429);
    // ...but other accounts are unaffected.
    assert_eq!(
        attempt("someone_else").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn login_and_registration_are_rate_limited_per_address() {
    let app = spawn_app().await;
    let client = script();
    for i in 0..20 {
        let res = client
            .post(url(&app, "/api/v1/auth/token"))
            .json(&json!({ "login": format!("user{i}"), "password": "whatever pw" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let res = client
        .post(url(&app, "/api/v1/auth/token"))
        .json(&json!({ "login": "fresh_name", "password": "whatever pw" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        res.json::<Value>().await.unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("address")
    );

    for i in 0..10 {
        let res = client
            .post(url(&app, "/api/v1/auth/register"))
            .json(&json!({ "username": format!("n{i}"), "email": "bad", "password": "x" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "attempt {i}");
    }
    let res = client
        .post(url(&app, "/api/v1/auth/register"))
        .json(&json!({ "username": "valid_name", "email": "v@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(RETRY_AFTER));
}

/// Whether `html` shows `text` with its angle brackets escaped (named or numeric entities).
fn escaped(html: &str, text: &str) -> bool {
    let named = text.replace('<', "&lt;").replace('>', "&gt;");
    let numeric = text.replace('<', "&#60;").replace('>', "&#62;");
    html.contains(&named) || html.contains(&numeric)
}

#[tokio::test]
async fn html_and_sql_are_stored_as_typed_and_shown_escaped() {
    let app = spawn_app().await;
    let email = "x');DROP-TABLE-users;--<script>alert(1)</script>@example.com";
    let b = browser();
    assert_eq!(
        register_form(&app, &b, "robert.tables", email)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let stored: String =
        sqlx::query_scalar("SELECT email FROM users WHERE username = 'robert.tables'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored, email);
    let html = b
        .get(url(&app, "/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(escaped(&html, "<script>alert(1)</script>"), "{html}");

    // A username with markup is refused, and the typed value is echoed escaped.
    let res = register_form(&app, &browser(), "<b>bold</b>", "bold@example.com").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(!html.contains("<b>bold</b>"));
    assert!(escaped(&html, "<b>bold</b>"), "{html}");

    // SQL in the login field is just a name that does not exist.
    let res = login_form(&app, &browser(), "' OR '1'='1", "' OR '1'='1").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn malformed_forms_and_json_get_400() {
    let app = spawn_app().await;
    let b = browser();
    let csrf = csrf_from(&app, &b, "/register").await;
    // Fields missing.
    let res = b
        .post(url(&app, "/register"))
        .form(&[("csrf_token", csrf.as_str()), ("username", "only_this")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let res = script()
        .post(url(&app, "/api/v1/auth/token"))
        .header("Content-Type", "application/json")
        .body("{\"login\": \"x\", ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = script()
        .post(url(&app, "/api/v1/auth/register"))
        .json(&json!({ "username": 42 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn forwarded_for_counts_only_behind_a_trusted_proxy() {
    let attempts = |app: &TestApp, forwarded: &'static str, n: usize| {
        let (client, url) = (script(), url(app, "/api/v1/auth/token"));
        async move {
            let mut last = StatusCode::OK;
            for i in 0..n {
                last = client
                    .post(&url)
                    .header("X-Forwarded-For", forwarded)
                    .json(&json!({ "login": format!("{forwarded}-{i}"), "password": "nope nope" }))
                    .send()
                    .await
                    .unwrap()
                    .status();
            }
            last
        }
    };
    // Untrusted: the header is ignored, so changing it does not escape the per-address limit.
    let app = spawn_app().await;
    assert_eq!(
        attempts(&app, "198.51.100.1", 20).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        attempts(&app, "198.51.100.2", 1).await,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Trusted proxy: each forwarded client has its own budget.
    let app = crate::helpers::spawn_app_with(|s| s.trust_proxy = true).await;
    assert_eq!(
        attempts(&app, "198.51.100.1", 20).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        attempts(&app, "198.51.100.1", 1).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempts(&app, "198.51.100.2", 1).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn oversized_form_without_a_csrf_header_is_413() {
    let app = spawn_app().await;
    let b = browser();
    let csrf = csrf_from(&app, &b, "/login").await;
    let big = "x".repeat(300 * 1024);
    let res = b
        .post(url(&app, "/login"))
        .form(&[
            ("login", big.as_str()),
            ("password", "p"),
            ("csrf_token", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("256 KiB"));
}

#[tokio::test]
async fn header_shows_who_is_logged_in_and_api_accepts_the_cookie() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "nina").await;
    let home = b
        .get(url(&app, "/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("Signed in as <strong>nina</strong>"),
        "{home}"
    );
    assert!(
        csrf_in(&home).len() > 20,
        "header log-out form carries the token"
    );
    let anon = browser()
        .get(url(&app, "/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!anon.contains("Signed in as"));

    // Cookie works for API reads; a bad bearer header wins over a good cookie.
    let me = b.get(url(&app, "/api/v1/me")).send().await.unwrap();
    assert_eq!(me.json::<Value>().await.unwrap()["username"], "nina");
    let res = b
        .get(url(&app, "/api/v1/me"))
        .bearer_auth("bad")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Logged-in visitors of /login and /register are sent on.
    assert_eq!(
        b.get(url(&app, "/login?next=%2Faccount"))
            .send()
            .await
            .unwrap()
            .headers()[LOCATION],
        "/account"
    );
    assert_eq!(
        b.get(url(&app, "/register"))
            .send()
            .await
            .unwrap()
            .headers()[LOCATION],
        "/account"
    );
}
