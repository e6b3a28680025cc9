//! Creating teams, joining, leaving, several teams per user, roles and ownership.

use reqwest::StatusCode;
use serde_json::json;

use super::{User, team_of};
use crate::helpers::spawn_app;

#[tokio::test]
async fn create_join_list_and_leave() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let team = ann.create_team("  Platform  ").await;

    let (status, teams) = ann.get("/api/v1/teams").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(teams[0]["name"], "Platform", "names are trimmed");
    assert_eq!(teams[0]["role"], "owner");

    let code = ann.invite(team).await;
    let (status, joined) = bob.join(&code).await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    assert_eq!(joined["role"], "member");
    assert_eq!(joined["members"], 2);

    let (_, detail) = bob.get(&format!("/api/v1/teams/{team}")).await;
    let names: Vec<_> = detail["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["username"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["ann", "bob"]);
    assert!(detail["invite"].is_null(), "members do not see the invite");

    let (status, _) = bob
        .post(&format!("/api/v1/teams/{team}/leave"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = bob.get(&format!("/api/v1/teams/{team}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "gone after leaving");
}

#[tokio::test]
async fn bad_team_names_are_refused() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    for name in ["", "   ", &"x".repeat(65)] {
        let (status, body) = ann.post("/api/v1/teams", json!({ "name": name })).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{name:?}");
        assert!(body["error"]["message"].as_str().unwrap().contains("name"));
    }
    let (status, _) = ann.post("/api/v1/teams", json!({ "title": "x" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "missing field");
}

#[tokio::test]
async fn a_user_can_be_in_several_teams() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let one = team_of(&ann, &[&bob]).await;
    let two = bob.create_team("Bob's own").await;
    let (_, teams) = bob.get("/api/v1/teams").await;
    let teams = teams.as_array().unwrap();
    assert_eq!(teams.len(), 2);
    let role =
        |id: uuid::Uuid| teams.iter().find(|t| t["id"] == id.to_string()).unwrap()["role"].clone();
    assert_eq!(role(one), "member");
    assert_eq!(role(two), "owner");
}

#[tokio::test]
async fn the_owner_cannot_leave_but_can_transfer_then_leave() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let team = team_of(&ann, &[&bob]).await;

    let (status, body) = ann
        .post(&format!("/api/v1/teams/{team}/leave"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("transfer")
    );

    // Only the owner transfers.
    let (status, _) = bob
        .post(
            &format!("/api/v1/teams/{team}/transfer"),
            json!({ "user_id": bob.id }),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Not to a stranger, not to themselves.
    let carl = User::register(&app, "carl").await;
    let (status, _) = ann
        .post(
            &format!("/api/v1/teams/{team}/transfer"),
            json!({ "user_id": carl.id }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = ann
        .post(
            &format!("/api/v1/teams/{team}/transfer"),
            json!({ "user_id": ann.id }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, _) = ann
        .post(
            &format!("/api/v1/teams/{team}/transfer"),
            json!({ "user_id": bob.id }),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, detail) = bob.get(&format!("/api/v1/teams/{team}")).await;
    assert_eq!(detail["role"], "owner");
    let (_, detail) = ann.get(&format!("/api/v1/teams/{team}")).await;
    assert_eq!(detail["role"], "admin", "the old owner becomes an admin");
    let (status, _) = ann
        .post(&format!("/api/v1/teams/{team}/leave"), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn roles_decide_who_removes_whom() {
    let app = spawn_app().await;
    let owner = User::register(&app, "owner").await;
    let admin = User::register(&app, "admin").await;
    let admin2 = User::register(&app, "admin2").await;
    let m1 = User::register(&app, "member1").await;
    let m2 = User::register(&app, "member2").await;
    let team = team_of(&owner, &[&admin, &admin2, &m1, &m2]).await;
    let role_path = |u: &User| format!("/api/v1/teams/{team}/members/{}/role", u.id);
    let member_path = |u: &User| format!("/api/v1/teams/{team}/members/{}", u.id);

    // Only the owner promotes.
    let (status, _) = admin.put(&role_path(&m1), json!({ "role": "admin" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for u in [&admin, &admin2] {
        let (status, body) = owner.put(&role_path(u), json!({ "role": "admin" })).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    let (status, _) = owner.put(&role_path(&m1), json!({ "role": "owner" })).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "ownership moves by transfer only"
    );
    let (status, _) = owner.put(&role_path(&m1), json!({ "role": "boss" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Members remove nobody; admins remove members but not admins or the owner.
    let (status, _) = m1.delete(&member_path(&m2)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = admin.delete(&member_path(&admin2)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = admin.delete(&member_path(&owner)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = admin.delete(&member_path(&m1)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = m1.get(&format!("/api/v1/teams/{team}")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a removed member no longer sees the team"
    );
    let (status, _) = admin.delete(&member_path(&m1)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "no longer a member");
    let (status, _) = admin.delete(&member_path(&admin)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "leave instead");

    // The owner removes admins; demoted admins are members again.
    let (status, _) = owner
        .put(&role_path(&admin2), json!({ "role": "member" }))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = admin.delete(&member_path(&admin2)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = owner.delete(&member_path(&admin)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn only_the_owner_deletes_the_team() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let team = team_of(&ann, &[&bob]).await;
    let (status, _) = ann
        .put(
            &format!("/api/v1/teams/{team}/members/{}/role", bob.id),
            json!({ "role": "admin" }),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = bob.delete(&format!("/api/v1/teams/{team}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = ann.delete(&format!("/api/v1/teams/{team}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = ann.get(&format!("/api/v1/teams/{team}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, teams) = bob.get("/api/v1/teams").await;
    assert_eq!(teams.as_array().unwrap().len(), 0);
}
