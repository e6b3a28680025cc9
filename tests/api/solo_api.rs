//! The solo flow over the JSON API with bearer tokens, and its OpenAPI document.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::solo_support::{GOOD_ANSWER, answer_count, api, error_message, seed_bank};

#[tokio::test]
async fn the_whole_flow_over_json() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let bob = api(&app, "bob").await;

    let (status, iv) = bob
        .post(
            "/api/v1/interviews",
            json!({"topics": ["caching"], "difficulty": "hard", "count": 2, "minutes": 4}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{iv}");
    let id = iv["id"].as_str().unwrap().to_owned();
    assert_eq!(iv["items"].as_array().unwrap().len(), 2);
    assert!(
        iv["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["state"] == "pending")
    );

    let (status, cur) = bob.get(&format!("/api/v1/interviews/{id}/current")).await;
    assert_eq!(status, StatusCode::OK, "{cur}");
    assert_eq!(cur["position"], 0);
    assert_eq!(cur["total"], 2);
    assert_eq!(cur["difficulty"], "hard");
    let left = cur["seconds_left"].as_i64().unwrap();
    assert!((230..=240).contains(&left), "{left}");
    assert!(cur["deadline"].is_string());
    let item = cur["item_id"].as_str().unwrap().to_owned();

    let (status, saved) = bob
        .put(
            &format!("/api/v1/items/{item}/draft"),
            json!({"body": "a draft"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (_, cur) = bob.get(&format!("/api/v1/interviews/{id}/current")).await;
    assert_eq!(cur["draft"], "a draft");

    let (status, sub) = bob
        .post(
            &format!("/api/v1/items/{item}/submit"),
            json!({"body": GOOD_ANSWER}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sub}");
    assert_eq!(sub["recorded"], true);
    let (status, again) = bob
        .post(
            &format!("/api/v1/items/{item}/submit"),
            json!({"body": "again"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["recorded"], false);
    assert_eq!(answer_count(&app.pool, item.parse().unwrap()).await, 1);

    let (status, j) = bob.get(&format!("/api/v1/items/{item}/judgment")).await;
    assert_eq!(status, StatusCode::OK, "{j}");
    assert_eq!(j["body"], GOOD_ANSWER);
    assert!(j["score"].as_f64().unwrap() > 5.0);
    assert_eq!(j["judgment"]["criteria"].as_array().unwrap().len(), 4);
    assert!(j["judgment"]["criteria"][0]["evidence"].is_array());

    // The next question is the second item.
    let (_, cur) = bob.get(&format!("/api/v1/interviews/{id}/current")).await;
    assert_eq!(cur["position"], 1);

    let (status, list) = bob.get("/api/v1/interviews").await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["answered"], 1);
    assert_eq!(list[0]["items"], 2);

    let (status, one) = bob.get(&format!("/api/v1/interviews/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["items"][0]["state"], "submitted");
    assert!(one["items"][0]["score"].is_number());
}

#[tokio::test]
async fn api_errors_are_json_with_status_codes() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let bob = api(&app, "bob").await;

    let (status, e) = bob
        .post(
            "/api/v1/interviews",
            json!({"difficulty": "brutal", "count": 1, "minutes": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error_message(&e).contains("brutal"), "{e}");

    let (status, e) = bob
        .post(
            "/api/v1/interviews",
            json!({"topics": ["reliability"], "count": 3, "minutes": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        error_message(&e).contains("Only 1 question(s) match"),
        "{e}"
    );

    let (status, e) = bob
        .post("/api/v1/interviews", json!({"count": 1, "minutes": 500}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        error_message(&e).contains("Minutes per question must be between 1 and 120"),
        "{e}"
    );

    let (status, e) = bob
        .post(
            "/api/v1/interviews",
            json!({"count": 1, "minutes": 5, "topics": ["nope"]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error_message(&e).contains("nope"), "{e}");

    let unknown = uuid::Uuid::new_v4();
    for path in [
        format!("/api/v1/interviews/{unknown}"),
        format!("/api/v1/interviews/{unknown}/current"),
        format!("/api/v1/items/{unknown}/judgment"),
        "/api/v1/interviews/not-a-uuid".to_string(),
    ] {
        let (status, e) = bob.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(e["error"]["status"], 404, "{path}: {e}");
    }

    // Judgment before submitting: 404 with a reason; submitting a pending item: 409.
    let (_, iv) = bob
        .post(
            "/api/v1/interviews",
            json!({"count": 2, "minutes": 5, "difficulty": "easy"}),
        )
        .await;
    let second = iv["items"][1]["id"].as_str().unwrap().to_owned();
    let (status, e) = bob.get(&format!("/api/v1/items/{second}/judgment")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error_message(&e).contains("not been answered"));
    let (status, e) = bob
        .post(
            &format!("/api/v1/items/{second}/submit"),
            json!({"body": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(error_message(&e).contains("not been started"));

    // No token at all.
    let r = reqwest::Client::new()
        .get(format!("{}/api/v1/interviews", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_openapi_document_describes_the_solo_and_auth_endpoints() {
    let app = spawn_app().await;
    let r = app.get("/api/openapi.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/interviews",
        "/api/v1/interviews/{id}",
        "/api/v1/interviews/{id}/current",
        "/api/v1/items/{id}/draft",
        "/api/v1/items/{id}/submit",
        "/api/v1/items/{id}/judgment",
        "/api/v1/auth/register",
        "/api/v1/auth/token",
    ] {
        assert!(paths.contains_key(p), "{p} missing from {:?}", paths.keys());
    }
    assert!(paths["/api/v1/interviews"]["post"].is_object());
    assert!(doc["components"]["schemas"]["CurrentQuestion"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
