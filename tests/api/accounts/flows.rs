//! Registering, logging in, the account page and the JSON account endpoints.

use super::*;
use crate::helpers::spawn_app;

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

    let res = app
        .post_form_in(
            &b,
            "/login?next=%2Faccount",
            "/login",
            &[
                ("login", "bob"),
                ("password", PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(res.headers()[LOCATION], "/account");
}

#[tokio::test]
async fn login_never_redirects_to_another_site() {
    let app = spawn_app().await;
    register_form(&app, &browser(), "carol", "carol@example.com").await;
    let b = browser();
    let res = app
        .post_form_in(
            &b,
            "/login",
            "/login",
            &[
                ("login", "carol"),
                ("password", PASSWORD),
                ("next", "//evil.example/x"),
            ],
        )
        .await;
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
    let res = app
        .post_form_in(
            &b,
            "/register",
            "/register",
            &[
                ("username", "x"),
                ("email", "not-an-email"),
                ("password", "short"),
                ("password_confirm", "different"),
            ],
        )
        .await;
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
async fn header_shows_who_is_logged_in_and_api_accepts_the_cookie() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "nina").await;
    let home = app.html_in(&b, "/").await;
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

#[tokio::test]
async fn harness_helpers_log_in_for_other_tests() {
    let app = spawn_app().await;
    app.register_and_log_in("olive").await;
    let page = app.get("/account").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("olive"));
    let csrf = app.csrf_token("/account").await;
    let res = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_redirects_to_login(&app.get("/account").await);

    let token = app.bearer_token_for("oscar").await;
    assert_eq!(me_with_bearer(&app, &token).await.status(), StatusCode::OK);
}
