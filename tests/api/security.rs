//! Hostile requests (issue 15): security headers on every kind of response, `Secure` cookies
//! behind HTTPS, shared links that ignore the request's `Host`, and the common-password rule on
//! the registration and change-password forms and API.

use reqwest::StatusCode;
use reqwest::header::SET_COOKIE;
use serde_json::{Value, json};
use whetstone::web::headers::{CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY};

use crate::helpers::{TestApp, browser, spawn_app, spawn_app_with};
use crate::interviews_support::{add_question, create_session, seed_questions};

fn assert_secured(res: &reqwest::Response, what: &str) {
    let h = res.headers();
    let get = |name: &str| {
        h.get(name)
            .unwrap_or_else(|| panic!("{what}: no {name} header"))
            .to_str()
            .unwrap()
    };
    assert_eq!(
        get("content-security-policy"),
        CONTENT_SECURITY_POLICY,
        "{what}"
    );
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    assert_eq!(get("referrer-policy"), "same-origin", "{what}");
    assert_eq!(get("permissions-policy"), PERMISSIONS_POLICY, "{what}");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let script = reqwest::Client::new();
    let cases = [
        ("a page", app.get("/").await, 200),
        ("a login redirect", app.get("/account").await, 303),
        ("a static file", app.get("/static/style.css").await, 200),
        (
            "a missing static file",
            app.get("/static/nope.js").await,
            404,
        ),
        ("an unknown page", app.get("/no/such/page").await, 404),
        ("the health check", app.get("/healthz").await, 200),
        (
            "a JSON error",
            script.get(app.url("/api/v1/me")).send().await.unwrap(),
            401,
        ),
        (
            "a CSRF refusal",
            browser().post(app.url("/logout")).send().await.unwrap(),
            403,
        ),
        (
            "a malformed JSON body",
            script
                .post(app.url("/api/v1/auth/token"))
                .header("content-type", "application/json")
                .body("{not json")
                .send()
                .await
                .unwrap(),
            400,
        ),
    ];
    for (what, res, status) in cases {
        assert_eq!(res.status().as_u16(), status, "{what}");
        assert_secured(&res, what);
        assert!(
            res.headers().get("strict-transport-security").is_none(),
            "{what}: no HSTS over plain HTTP"
        );
    }
}

#[tokio::test]
async fn behind_https_cookies_are_secure_and_hsts_is_sent() {
    let app = spawn_app_with(|s| {
        s.public_url = Some("https://ws.example".into());
        s.secure_cookies = true;
    })
    .await;
    let res = app.get("/login").await;
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    let cookies: Vec<String> = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(!cookies.is_empty());
    for c in &cookies {
        assert!(c.contains("Secure"), "{c}");
        assert!(c.contains("HttpOnly"), "{c}");
    }
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({ "username": "sam", "email": "sam@example.com", "password": TestApp::PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

/// The candidate link the owner is shown, with the given extra request headers.
async fn link_shown(app: &TestApp, id: &str, headers: &[(&str, &str)]) -> String {
    let page = format!("/interviews/{id}");
    let token = app.csrf_token(&page).await;
    let mut req = app
        .client
        .post(app.url(&format!("{page}/link")))
        .form(&[("csrf_token", token.as_str())]);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let re = regex::Regex::new(r#"class="candidate-link">([^<]*)<"#).unwrap();
    re.captures(&html).expect("the new link is shown")[1].to_owned()
}

const HOSTILE: [(&str, &str); 3] = [
    ("Host", "evil.example"),
    ("X-Forwarded-Host", "evil.example"),
    ("X-Forwarded-Proto", "https"),
];

#[tokio::test]
async fn shared_links_use_the_public_url_not_the_request_host() {
    let app = spawn_app_with(|s| s.public_url = Some("https://ws.example/prep".into())).await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("owen").await;
    let id = create_session(&app, "Loop").await;
    assert_eq!(add_question(&app, &id, "q-cache-1").await.status(), 303);
    let link = link_shown(&app, &id, &HOSTILE).await;
    assert!(link.starts_with("https://ws.example/prep/join/"), "{link}");

    // Team invites too.
    let res = app.post_form("/teams", "/teams", &[("name", "Core")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let team = res.headers()["location"].to_str().unwrap().to_owned();
    let token = app.csrf_token(&team).await;
    let html = app
        .client
        .post(app.url(&format!("{team}/invite")))
        .header("Host", "evil.example")
        .header("X-Forwarded-Host", "evil.example")
        .form(&[("csrf_token", token.as_str()), ("days", "7")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("https://ws.example/prep/teams/join/"),
        "{html}"
    );
    assert!(!html.contains("evil.example"));
}

#[tokio::test]
async fn without_a_public_url_links_name_the_listening_address() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("pia").await;
    let id = create_session(&app, "Loop").await;
    let link = link_shown(&app, &id, &HOSTILE).await;
    assert!(
        link.starts_with(&format!("{}/join/", app.address)),
        "{link}"
    );

    // Behind a trusted proxy, the proxy's forwarded host is believed.
    let app = spawn_app_with(|s| s.trust_proxy = true).await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("pia").await;
    let id = create_session(&app, "Loop").await;
    let link = link_shown(&app, &id, &HOSTILE[1..]).await;
    assert!(link.starts_with("https://evil.example/join/"), "{link}");
}

#[tokio::test]
async fn common_passwords_are_refused_with_a_clear_message() {
    let app = spawn_app().await;
    // The form: 400, the message beside the password field, the typed name kept.
    let res = app
        .post_form(
            "/register",
            "/register",
            &[
                ("username", "quinn"),
                ("email", "quinn@example.com"),
                ("password", "Basketball"),
                ("password_confirm", "Basketball"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(html.contains("most commonly used passwords"), "{html}");
    assert!(html.contains("value=\"quinn\""));
    // The API: 400 with the field named.
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/register"))
        .json(
            &json!({ "username": "quinn", "email": "quinn@example.com", "password": "qwertyuiop" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        body.to_string().contains("most commonly used passwords"),
        "{body}"
    );
    // Nothing was created; a good password then works.
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    app.register_and_log_in("quinn").await;
}

#[tokio::test]
async fn changing_the_password_checks_it_and_logs_out_every_other_session() {
    let app = spawn_app().await;
    app.register_and_log_in("rosa").await;
    let other = app.another_browser();
    let res = other
        .post_form(
            "/login",
            "/login",
            &[("login", "rosa"), ("password", TestApp::PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let app = &app;
        async move {
            app.post_form(
                "/account",
                "/account/password",
                &[
                    ("current_password", current),
                    ("new_password", new),
                    ("new_password_confirm", confirm),
                ],
            )
            .await
        }
    };
    // refused: a wrong current password, a common new one, a mismatch; nothing changes
    for (current, new, confirm, message) in [
        (
            "not my password",
            "a fresh long passphrase",
            "a fresh long passphrase",
            "not your current password",
        ),
        (
            TestApp::PASSWORD,
            "iloveyou123",
            "iloveyou123",
            "most commonly used passwords",
        ),
        (
            TestApp::PASSWORD,
            "a fresh long passphrase",
            "another one",
            "do not match",
        ),
    ] {
        let res = change(current, new, confirm).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{message}");
        let html = res.text().await.unwrap();
        assert!(html.contains(message), "{message}: {html}");
    }
    assert_eq!(other.get("/account").await.status(), StatusCode::OK);

    // accepted: this browser stays signed in with a fresh cookie, the other one is signed out
    let res = change(
        TestApp::PASSWORD,
        "a fresh long passphrase",
        "a fresh long passphrase",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/account?done=password");
    let html = app.html("/account?done=password").await;
    assert!(html.contains("Your password was changed"), "{html}");
    assert_eq!(other.get("/account").await.status(), StatusCode::SEE_OTHER);
    // the old password no longer logs in, the new one does
    let login = |password: &'static str| {
        reqwest::Client::new()
            .post(app.url("/api/v1/auth/token"))
            .json(&json!({ "login": "rosa", "password": password }))
            .send()
    };
    assert_eq!(login(TestApp::PASSWORD).await.unwrap().status(), 401);
    assert_eq!(
        login("a fresh long passphrase").await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn the_password_api_names_the_field_and_returns_a_fresh_token() {
    let app = spawn_app().await;
    let token = app.bearer_token_for("sven").await;
    let api = reqwest::Client::new();
    let change = |token: String, current: &'static str, new: &'static str| {
        api.post(app.url("/api/v1/auth/password"))
            .bearer_auth(token)
            .json(&json!({ "current_password": current, "new_password": new }))
            .send()
    };
    let res = change(token.clone(), "not my password", "a fresh long passphrase")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["fields"]["current_password"].is_string(),
        "{body}"
    );
    let res = change(token.clone(), TestApp::PASSWORD, "password1234")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["fields"]["new_password"]
            .as_str()
            .unwrap()
            .contains("most commonly used"),
        "{body}"
    );
    let res = change(token.clone(), TestApp::PASSWORD, "a fresh long passphrase")
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let fresh = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = |token: String| api.get(app.url("/api/v1/me")).bearer_auth(token).send();
    assert_eq!(
        me(token).await.unwrap().status(),
        401,
        "the old token is dead"
    );
    assert_eq!(me(fresh).await.unwrap().status(), 200);
    // without a token: 401
    let res = api
        .post(app.url("/api/v1/auth/password"))
        .json(&json!({ "current_password": "x", "new_password": "y" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}
