//! Error pages and bodies: 404 for unknown routes (HTML, or JSON under `/api/`; also for POSTs
//! without a CSRF token, which real routes refuse with 403), static files.

use crate::helpers::spawn_app;

#[tokio::test]
async fn unknown_routes_get_a_404_page_that_escapes_the_path() {
    let app = spawn_app().await;
    let res = app.get("/no-such-page/%3Cscript%3E").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body = res.text().await.unwrap();
    assert!(body.contains("Page not found"), "{body}");
    assert!(body.contains("/no-such-page/"), "{body}");
    assert!(!body.contains("<script>"), "{body}");
    assert!(body.contains(r#"<link rel="stylesheet" href="/static/style.css">"#));
}

#[tokio::test]
async fn unknown_api_routes_get_a_json_404() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/no-such-thing").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["status"], 404);
    assert_eq!(body["error"]["title"], "Not Found");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("/api/v1/no-such-thing")
    );
}

#[tokio::test]
async fn wrong_method_on_a_known_route_is_a_page_not_a_crash() {
    let app = spawn_app().await;
    // A bearer request: without one, the CSRF check (403) comes first, as /healthz is a known
    // path (see real_routes_without_a_csrf_token_still_get_403).
    let res = app
        .client
        .post(app.url("/healthz"))
        .bearer_auth("no-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn the_stylesheet_is_served_and_missing_static_files_are_404_pages() {
    let app = spawn_app().await;
    let res = app.get("/static/style.css").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(res.text().await.unwrap().contains("@media print"));

    let res = app.get("/static/nope.css").await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn the_landing_page_explains_the_product_and_sets_security_headers() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    let body = res.text().await.unwrap();
    assert!(
        body.contains("<title>Practise system-design interviews · Whetstone</title>"),
        "{body}"
    );
    for nav in [
        "Practice",
        "Questions",
        "History",
        "Interviews",
        "Teams",
        "Log in",
    ] {
        assert!(body.contains(nav), "nav item {nav} missing");
    }
}

/// Unknown routes answer 404 to every method, without a CSRF token, even from a logged-in
/// browser (whose POSTs the CSRF check would otherwise refuse first).
#[tokio::test]
async fn unknown_routes_get_404_for_posts_without_a_csrf_token() {
    let app = spawn_app().await;
    app.register_and_log_in("poster").await;
    for method in [
        reqwest::Method::POST,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        for path in [
            "/no-such-page",
            "/interviews/00000000-0000-0000-0000-000000000000/no-such-action",
            "/logout/nowhere",
        ] {
            let res = app
                .client
                .request(method.clone(), app.url(path))
                .form(&[("body", "x")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{method} {path}");
            let body = res.text().await.unwrap();
            assert!(body.contains("Page not found"), "{method} {path}: {body}");
        }
    }
    // Under /api/ with the login cookie: the JSON 404.
    let res = app
        .client
        .post(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["status"], 404);
    // Nothing happened to the login.
    assert_eq!(app.get("/account").await.status(), 200);
}

/// Every real route still needs the token: 403 without it, also when the path is spelled with
/// percent-escapes the router decodes, and on a path that has only a GET handler.
#[tokio::test]
async fn real_routes_without_a_csrf_token_still_get_403() {
    let app = spawn_app().await;
    app.register_and_log_in("poster").await;
    for path in [
        "/logout",
        "/logout/everywhere",
        "/interviews",
        "/practice",
        "/teams",
        "/interviews/00000000-0000-0000-0000-000000000000/start",
        "/logou%74",
        "/%6Cogout/everywhere",
        "/healthz",
    ] {
        let res = app
            .client
            .post(app.url(path))
            .form(&[("body", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "POST {path}");
        let body = res.text().await.unwrap();
        assert!(body.contains("security token"), "POST {path}: {body}");
    }
    let res = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Still logged in: no refused request logged out.
    assert_eq!(app.get("/account").await.status(), 200);
    // With the token, the encoded spelling reaches the real handler.
    let res = app.post_form("/account", "/logou%74", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get("/account").await.status(), 303, "logged out");
}

/// An error page keeps the chrome of whoever asked: a signed-in user still sees their name and
/// "Log out", not "Log in", on a 404, a 409 and a 400.
#[tokio::test]
async fn error_pages_show_the_signed_in_chrome() {
    let app = spawn_app().await;
    let anonymous = app.get("/questions/no-such-question").await;
    assert_eq!(anonymous.status(), 404);
    assert!(anonymous.text().await.unwrap().contains("href=\"/login\""));

    app.register_and_log_in("erin").await;
    let not_found = app.get("/questions/no-such-question").await;
    assert_eq!(not_found.status(), 404);
    let unknown_route = app.get("/no-such-page").await;
    assert_eq!(unknown_route.status(), 404);
    let bad_item = app.get("/practice/items/not-a-number").await;
    assert!(bad_item.status().is_client_error(), "{}", bad_item.status());
    for res in [not_found, unknown_route, bad_item] {
        let status = res.status();
        let html = res.text().await.unwrap();
        assert!(html.contains("erin"), "{status}: {html}");
        assert!(html.contains("Log out"), "{status}: {html}");
        assert!(!html.contains("href=\"/login\""), "{status}: {html}");
    }
}
