//! Invites: codes and links, expiry, revocation, rotation, reuse, and who may make them.

use reqwest::StatusCode;
use serde_json::json;

use super::User;
use crate::helpers::spawn_app;

#[tokio::test]
async fn only_a_hash_of_the_code_is_stored() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let team = ann.create_team("Platform").await;
    let code = ann.invite(team).await;
    let stored: Vec<u8> = sqlx::query_scalar!("SELECT code_hash FROM team_invites")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 32);
    assert!(!String::from_utf8_lossy(&stored).contains(&code.replace('-', "")));
    let (_, detail) = ann.get(&format!("/api/v1/teams/{team}")).await;
    assert!(detail["invite"]["expires_at"].is_string());
    assert!(
        !detail.to_string().contains(&code),
        "the code is not shown again"
    );
}

#[tokio::test]
async fn codes_work_as_links_and_in_any_case() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let carl = User::register(&app, "carl").await;
    let team = ann.create_team("Platform").await;
    let code = ann.invite(team).await;
    let (status, _) = bob
        .join(&format!("http://example.com/teams/join/{code}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = carl.join(&code.to_lowercase().replace('-', " ")).await;
    assert_eq!(status, StatusCode::OK, "one code serves many people");
}

#[tokio::test]
async fn expired_revoked_rotated_unknown_and_reused_codes_are_refused() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let carl = User::register(&app, "carl").await;
    let team = ann.create_team("Platform").await;

    // Expired.
    let code = ann.invite(team).await;
    sqlx::query!("UPDATE team_invites SET expires_at = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, body) = bob.join(&code).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expired")
    );

    // Rotated: the old code is revoked, the new one works.
    let new_code = ann.invite(team).await;
    let (status, body) = bob.join(&code).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("revoked"),
        "{body}"
    );
    let (status, _) = bob.join(&new_code).await;
    assert_eq!(status, StatusCode::OK);

    // Reused by a member: a conflict, not a second membership.
    let (status, body) = bob.join(&new_code).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("already")
    );

    // Revoked.
    let (status, _) = ann.delete(&format!("/api/v1/teams/{team}/invite")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = carl.join(&new_code).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("revoked")
    );
    let (status, _) = ann.delete(&format!("/api/v1/teams/{team}/invite")).await;
    assert_eq!(status, StatusCode::CONFLICT, "nothing left to revoke");

    // Unknown and malformed.
    let (status, _) = carl.join("ABCDE-FGHJK-MNPQR-STVWX").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = carl.join("not a code").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, teams) = carl.get("/api/v1/teams").await;
    assert_eq!(teams.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn members_cannot_make_or_revoke_invites_and_lifetimes_are_checked() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let team = super::team_of(&ann, &[&bob]).await;
    let path = format!("/api/v1/teams/{team}/invite");
    let (status, _) = bob.post(&path, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = bob.delete(&path).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = ann.post(&path, json!({ "days": 365 })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = ann.post(&path, json!({ "days": 30 })).await;
    assert_eq!(status, StatusCode::CREATED);
    let expires: chrono::DateTime<chrono::Utc> =
        body["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - chrono::Utc::now()).num_hours();
    assert!((29 * 24..=30 * 24).contains(&days), "{days} hours");
    assert!(
        body["join_path"]
            .as_str()
            .unwrap()
            .starts_with("/teams/join/")
    );
}
