//! Board shape: ranks with ties, the viewer's own row beyond the top rows, bad queries.

use reqwest::StatusCode;

use super::{Answer, User, team_of};
use crate::helpers::spawn_app;

#[tokio::test]
async fn ties_share_a_rank_and_members_without_answers_are_listed() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let cat = User::register(&app, "cat").await;
    let dan = User::register(&app, "dan").await;
    let team = team_of(&ann, &[&bob, &cat, &dan]).await;
    Answer::new(ann.id, "q", 6.0).insert(&app.pool).await;
    Answer::new(bob.id, "q", 9.0).insert(&app.pool).await;
    Answer::new(cat.id, "q", 6.0).insert(&app.pool).await;
    let board = ann.board(team, "window=all").await;
    let ranks: Vec<(String, i64, i64)> = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["username"].as_str().unwrap().to_string(),
                r["rank"].as_i64().unwrap(),
                r["points"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ranks,
        [
            ("bob".into(), 1, 180),
            ("ann".into(), 2, 120),
            ("cat".into(), 2, 120),
            ("dan".into(), 4, 0)
        ]
    );
    assert_eq!(board["members"], 4);
    assert!(
        board["viewer"].is_null(),
        "the viewer is already in the rows"
    );
    assert!(board["rule"].as_str().unwrap().contains("best answer"));
}

#[tokio::test]
async fn the_viewers_row_is_shown_below_the_top_rows() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let cat = User::register(&app, "cat").await;
    let team = team_of(&ann, &[&bob, &cat]).await;
    Answer::new(bob.id, "q", 9.0).insert(&app.pool).await;
    Answer::new(cat.id, "q", 8.0).insert(&app.pool).await;
    Answer::new(ann.id, "q", 1.0).insert(&app.pool).await;
    let board = ann.board(team, "window=all&limit=2").await;
    let rows = board["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["username"] != "ann"));
    assert_eq!(board["viewer"]["username"], "ann");
    assert_eq!(board["viewer"]["rank"], 3);
    assert_eq!(board["viewer"]["is_viewer"], true);
    assert_eq!(board["viewer"]["points"], 20);
}

#[tokio::test]
async fn bad_windows_topics_and_limits_are_400() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let team = team_of(&ann, &[]).await;
    for query in [
        "window=year",
        "topic=astrology",
        "limit=0",
        "limit=501",
        "limit=ten",
    ] {
        let (status, body) = ann
            .get(&format!("/api/v1/teams/{team}/leaderboard?{query}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert!(body["error"]["message"].is_string());
    }
}

#[tokio::test]
async fn a_viewer_without_points_below_the_top_rows_still_sees_their_row() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let cat = User::register(&app, "cat").await;
    let team = team_of(&bob, &[&ann, &cat]).await;
    Answer::new(bob.id, "q", 9.0).insert(&app.pool).await;
    Answer::new(cat.id, "q", 0.0).insert(&app.pool).await;
    // Only Bob has points; Cat has a 0-point row, Ann has none: they tie at rank 2.
    let board = ann.board(team, "window=all&limit=1").await;
    assert_eq!(board["rows"].as_array().unwrap().len(), 1);
    assert_eq!(board["rows"][0]["username"], "bob");
    assert_eq!(board["viewer"]["username"], "ann");
    assert_eq!(board["viewer"]["rank"], 2);
    assert_eq!(board["viewer"]["points"], 0);
    assert!(board["viewer"]["average_score"].is_null());
    let board = ann.board(team, "window=all").await;
    let ranks: Vec<_> = board["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["username"].as_str().unwrap(), r["rank"].as_i64().unwrap()))
        .collect();
    assert_eq!(ranks, [("bob", 1), ("ann", 2), ("cat", 2)]);
}
