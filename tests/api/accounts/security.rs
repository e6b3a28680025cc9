//! CSRF checks, login/registration rate limits and the login backoff.

use super::*;
use crate::helpers::spawn_app;
use reqwest::header::RETRY_AFTER;

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

/// A login from `ip` (the app trusts `X-Forwarded-For`) over the API.
async fn api_login(app: &TestApp, ip: &str, login: &str, password: &str) -> reqwest::Response {
    script()
        .post(url(app, "/api/v1/auth/token"))
        .header("X-Forwarded-For", ip)
        .json(&json!({ "login": login, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn login_failures_back_off_per_account_and_address() {
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
    let delay = app.settings.auth_limits.login_backoff.first_delay.as_secs();
    assert!(
        (1..=delay).contains(&wait),
        "{wait} s, first delay {delay} s"
    );
    assert!(res.text().await.unwrap().contains("Too many attempts"));
    // Even the right password is refused from this address while it waits, over the API too...
    let res = script()
        .post(url(&app, "/api/v1/auth/token"))
        .json(&json!({ "login": "mia", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key(RETRY_AFTER));
    let body = res.json::<Value>().await.unwrap();
    assert_eq!(body["error"]["status"], 429);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("account from your address"),
        "{body}"
    );
    // ...but other accounts are unaffected.
    assert_eq!(
        attempt("someone_else").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_attacker_elsewhere_cannot_lock_the_owner_out() {
    let app = crate::helpers::spawn_app_with(|s| s.trust_proxy = true).await;
    app.bearer_token_for("nora").await;
    let attacker = "203.0.113.66";
    for i in 0..5 {
        let res = api_login(&app, attacker, "nora", "guess guess guess").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "guess {i}");
    }
    // The attacker now waits, whatever they send, the right password included.
    for password in ["guess guess guess", PASSWORD] {
        let res = api_login(&app, attacker, "NORA", password).await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    // The owner, at home, logs in at once; her own typo costs her nothing lasting.
    let home = "198.51.100.20";
    let res = api_login(&app, home, "nora", "typo typo typo").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = api_login(&app, home, "nora", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Her success does not forgive the attacker's address.
    let res = api_login(&app, attacker, "nora", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_successful_login_clears_the_failures_of_its_address() {
    let app = crate::helpers::spawn_app_with(|s| s.trust_proxy = true).await;
    app.bearer_token_for("olga").await;
    let home = "198.51.100.30";
    for _ in 0..4 {
        let res = api_login(&app, home, "olga", "not my password").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        api_login(&app, home, "olga", PASSWORD).await.status(),
        StatusCode::OK
    );
    // five fresh free failures again, where without the success the fifth would be refused
    for i in 0..5 {
        let res = api_login(&app, home, "olga", "not my password").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "failure {i}");
    }
    assert_eq!(
        api_login(&app, home, "olga", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
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
async fn registration_is_rate_limited_per_account_name_across_addresses() {
    let app = crate::helpers::spawn_app_with(|s| s.trust_proxy = true).await;
    let client = script();
    let attempt = |ip: String, username: &'static str| {
        client
            .post(url(&app, "/api/v1/auth/register"))
            .header("X-Forwarded-For", ip)
            .json(&json!({ "username": username, "email": "bad", "password": "x" }))
            .send()
    };
    for i in 0..5 {
        let res = attempt(format!("192.0.2.{i}"), "wanted_name")
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "attempt {i}");
    }
    let res = attempt("192.0.2.99".into(), "WANTED_NAME").await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("account")
    );
    let res = attempt("192.0.2.99".into(), "another_name").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
