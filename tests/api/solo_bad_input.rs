//! Bad input on the solo pages and API: oversized answers and bodies, malformed forms and JSON,
//! CSRF, bad tokens, markup and SQL typed into fields, unknown and other users' ids.

use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::spawn_app;
use crate::solo_support::{
    Api, ONE_EASY, api, api_user, error_message, location, register, seed_bank,
};

#[tokio::test]
async fn answers_over_20000_characters_get_413_and_are_not_stored() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (_, item) = alice.start_and_open(ONE_EASY).await;
    // 20,001 characters, multi-byte: the limit counts characters, not bytes.
    let long: String = "é".repeat(20_001);
    for path in ["draft", "submit"] {
        let r = alice.item_post(item, path, &[("body", &long)]).await;
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("20001 characters long; the limit is 20000"),
            "{html}"
        );
    }
    let exact: String = "é".repeat(20_000);
    let r = alice.save_draft(item, &exact).await;
    assert_eq!(r.status(), StatusCode::OK);
    let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answers")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(answers, 0);

    let bob = api(&app, "bob").await;
    let (_, iv) = bob
        .post("/api/v1/interviews", json!({"count": 1, "minutes": 5}))
        .await;
    let id = iv["id"].as_str().unwrap();
    let (_, cur) = bob.get(&format!("/api/v1/interviews/{id}/current")).await;
    let item = cur["item_id"].as_str().unwrap();
    let (status, e) = bob
        .post(
            &format!("/api/v1/items/{item}/submit"),
            json!({"body": "x".repeat(20_001)}),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(error_message(&e).contains("the limit is 20000"));
}

#[tokio::test]
async fn oversized_bodies_get_413_with_a_message() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let token = api_user(&app, "bob").await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let r = reqwest::Client::new()
        .put(format!(
            "{}/api/v1/items/{}/draft",
            app.address,
            Uuid::new_v4()
        ))
        .bearer_auth(&token)
        .json(&json!({"body": huge}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let text = r.text().await.unwrap();
    assert!(
        text.to_lowercase().contains("larger than") || text.contains("limit"),
        "{text}"
    );

    let alice = register(&app, "alice").await;
    let (_, item) = alice.start_and_open(ONE_EASY).await;
    let r = alice.submit(item, &"y".repeat(2 * 1024 * 1024)).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn malformed_forms_and_json_get_400_saying_what_is_wrong() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let r = alice
        .post(
            "/practice",
            &[
                ("difficulty", "mixed"),
                ("count", "three"),
                ("minutes", "5"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("number of questions must be a whole number")
    );
    let r = alice
        .post(
            "/practice",
            &[("difficulty", "brutal"), ("count", "1"), ("minutes", "5")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("brutal"));
    let r = alice
        .post(
            "/practice",
            &[("difficulty", "easy"), ("count", "11"), ("minutes", "5")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("between 1 and 10"));

    let (_, item) = alice.start_and_open(ONE_EASY).await;
    // A submit form without its `body` field.
    let r = alice.item_post(item, "submit", &[("text", "hi")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("body"));

    let bob = api(&app, "bob").await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/interviews"))
        .bearer_auth(&bob.token)
        .header("Content-Type", "application/json")
        .body("{\"count\": 1, \"minutes\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: serde_json::Value = r.json().await.unwrap();
    assert!(error_message(&e).contains("malformed"), "{e}");
    let (status, e) = bob
        .post("/api/v1/interviews", json!({"count": "one", "minutes": 5}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        error_message(&e).contains("invalid type: string \"one\", expected usize"),
        "{e}"
    );
}

#[tokio::test]
async fn missing_or_wrong_csrf_tokens_get_403_and_change_nothing() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (_, item) = alice.start_and_open(ONE_EASY).await;
    for form in [
        vec![("body", "no token")],
        vec![("csrf_token", "forged"), ("body", "wrong token")],
    ] {
        for path in ["submit", "draft"] {
            let r = alice
                .b
                .post(alice.url(&format!("/practice/items/{item}/{path}")))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path} {form:?}");
        }
    }
    let r = alice
        .b
        .post(alice.url("/practice"))
        .form(&[("count", "1"), ("difficulty", "easy"), ("minutes", "5")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (answers, drafts, interviews): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM answers), (SELECT COUNT(*) FROM drafts),
                (SELECT COUNT(*) FROM interviews)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((answers, drafts, interviews), (0, 0, 1));
}

#[tokio::test]
async fn tampered_expired_and_revoked_tokens_count_as_logged_out() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let token = api_user(&app, "bob").await;
    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let (status, _) = Api::with_token(&app, &tampered)
        .get("/api/v1/interviews")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The same token as a cookie on a page: sent to log in.
    let r = c
        .get(format!("{}/history", app.address))
        .header("Cookie", format!("wt_session={tampered}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));
    // Expired: correctly signed by the server's key, but past its expiry.
    let keys = whetstone::auth::token::TokenKeys::new(
        app.settings.jwt_secret.expose().as_bytes(),
        chrono::Duration::hours(1),
    );
    let mut claims = keys.decode(&token).unwrap();
    claims.iat -= 7200;
    claims.exp = chrono::Utc::now().timestamp() - 3600;
    let expired = keys.encode(&claims).unwrap();
    let (status, _) = Api::with_token(&app, &expired)
        .post("/api/v1/interviews", json!({"count": 1, "minutes": 5}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let r = c
        .get(format!("{}/practice", app.address))
        .header("Cookie", format!("wt_session={expired}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));
    let interviews: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM interviews")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(interviews, 0);
    // Revoked: after logging the token out it no longer works.
    let bob = Api::with_token(&app, &token);
    let (status, _) = bob.send(Method::POST, "/api/v1/auth/logout", None).await;
    assert!(status.is_success(), "{status}");
    let (status, _) = bob.get("/api/v1/interviews").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn markup_and_sql_are_stored_as_typed_and_shown_escaped() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (interview, item) = alice.start_and_open(ONE_EASY).await;
    let nasty = "<script>alert('x')</script> LRU '); DROP TABLE answers; -- <b>bold</b> & TTL";
    let r = alice.save_draft(item, nasty).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = alice.open(item).await;
    assert!(!html.contains("<script>alert"));
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
            || html.contains("&#60;script&#62;"),
        "{html}"
    );

    let r = alice.submit(item, nasty).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let stored: String = sqlx::query_scalar("SELECT body FROM answers WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, nasty);
    let (_, html) = alice.feedback(item).await;
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<b>bold</b>"));
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
    assert!(
        html.contains("<mark class=\"ev"),
        "evidence still highlighted among escaped text"
    );
    let (status, _) = alice
        .page(&format!("/practice/interviews/{interview}"))
        .await;
    assert_eq!(status, StatusCode::OK);

    // Search text and topics with markup and SQL.
    let r = app
        .get("/questions?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%27%3B%20DROP%20TABLE%20questions%3B--")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("0 questions"));
    let r = alice
        .post(
            "/practice",
            &[
                ("topic", "<i>x</i>' OR 1=1 --"),
                ("difficulty", "easy"),
                ("count", "1"),
                ("minutes", "5"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(!html.contains("<i>x</i>"));
    assert!(html.contains("there is no topic called") || html.contains("There is no topic called"));
    let questions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM questions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(questions, 14);
}

#[tokio::test]
async fn unknown_ids_get_404_pages() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let unknown = Uuid::new_v4();
    for path in [
        format!("/practice/interviews/{unknown}"),
        format!("/practice/interviews/{unknown}/next"),
        format!("/practice/items/{unknown}"),
        format!("/practice/items/{unknown}/feedback"),
        "/practice/items/not-a-uuid".to_string(),
        "/practice/interviews/12345".to_string(),
        "/questions/no-such-question".to_string(),
        "/questions/%27%3B%20DROP%20TABLE%20questions".to_string(),
    ] {
        let (status, html) = alice.page(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("<html"), "{path} is a page");
    }
    for path in [
        format!("/practice/items/{unknown}/submit"),
        format!("/practice/items/{unknown}/draft"),
        format!("/practice/items/{unknown}/followup"),
        "/questions/nope/practise".to_string(),
    ] {
        let r = alice.post(&path, &[("body", "x"), ("minutes", "5")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let r = alice.get("/questions?page=zero").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn another_users_interviews_and_items_are_404() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let mallory = register(&app, "mallory").await;
    let (interview, item) = alice.start_and_open(ONE_EASY).await;
    alice.save_draft(item, "alice's draft").await;
    for path in [
        format!("/practice/interviews/{interview}"),
        format!("/practice/interviews/{interview}/next"),
        format!("/practice/items/{item}"),
        format!("/practice/items/{item}/feedback"),
    ] {
        let (status, html) = mallory.page(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!html.contains("alice&#39;s draft"));
    }
    for path in ["draft", "submit", "followup"] {
        let r = mallory
            .item_post(item, path, &[("body", "mallory was here")])
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let eve = api(&app, "eve").await;
    for path in [
        format!("/api/v1/interviews/{interview}"),
        format!("/api/v1/interviews/{interview}/current"),
        format!("/api/v1/items/{item}/judgment"),
    ] {
        let (status, _) = eve.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _) = eve
        .post(
            &format!("/api/v1/items/{item}/submit"),
            json!({"body": "eve"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let draft: String = sqlx::query_scalar("SELECT body FROM drafts WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(draft, "alice's draft");
    assert_eq!(crate::solo_support::answer_count(&app.pool, item).await, 0);
}
