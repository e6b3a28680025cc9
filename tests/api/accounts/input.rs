//! Bad input: markup and SQL stored as typed and shown escaped, malformed bodies.

use super::*;
use crate::helpers::spawn_app;

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
    let html = app.html_in(&b, "/account").await;
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
    // Fields missing.
    let res = app
        .post_form_in(&b, "/register", "/register", &[("username", "only_this")])
        .await;
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
