//! Only members see a team, its board and its activity: everyone else gets 404, as for a team
//! that does not exist, so team ids do not leak.

use reqwest::StatusCode;
use serde_json::json;

use super::{Answer, User, team_of};
use crate::helpers::spawn_app;

#[tokio::test]
async fn non_members_get_404_for_every_team_url() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let eve = User::register(&app, "eve").await;
    let team = team_of(&ann, &[]).await;
    let missing = uuid::Uuid::new_v4();
    for id in [team, missing] {
        for path in [
            format!("/api/v1/teams/{id}"),
            format!("/api/v1/teams/{id}/leaderboard"),
            format!("/api/v1/teams/{id}/leaderboard?window=nonsense"),
        ] {
            let (status, body) = eve.get(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
        }
        for path in [
            format!("/api/v1/teams/{id}/leave"),
            format!("/api/v1/teams/{id}/invite"),
            format!("/api/v1/teams/{id}/transfer"),
        ] {
            let (status, _) = eve.post(&path, json!({ "user_id": eve.id })).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        let (status, _) = eve.delete(&format!("/api/v1/teams/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = eve
            .delete(&format!("/api/v1/teams/{id}/members/{}", ann.id))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = eve.get("/api/v1/teams/not-a-uuid").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn team_pages_are_404_to_non_members_and_need_a_login() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let team = team_of(&ann, &[]).await;
    Answer::new(ann.id, "q1", 9.0).insert(&app.pool).await;

    // Anonymous: pages redirect to the login page, the API answers 401.
    for path in [
        format!("/teams/{team}"),
        format!("/teams/{team}/leaderboard"),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
    }
    let res = reqwest::get(app.url(&format!("/api/v1/teams/{team}")))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Logged in, not a member.
    app.register_and_log_in("eve").await;
    for path in [
        format!("/teams/{team}"),
        format!("/teams/{team}/leaderboard"),
        format!("/teams/{team}/leaderboard?window=all"),
        format!("/teams/{}", uuid::Uuid::new_v4()),
        "/teams/not-a-uuid".to_string(),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let html = res.text().await.unwrap();
        assert!(!html.contains("Platform"), "{path} shows the team's name");
    }
    let csrf = app.csrf_token("/teams").await;
    let res = app
        .client
        .post(app.url(&format!("/teams/{team}/leave")))
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
