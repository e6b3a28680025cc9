//! The real path: the team page's "practise this topic" button starts a solo interview, the
//! answer is graded by the grader and stored by the solo flow, and the leaderboard trigger turns
//! it into points on the board.

use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::spawn_app;
use crate::solo_support::{GOOD_ANSWER, location, register, seed_bank};

#[tokio::test]
async fn a_graded_solo_answer_scores_on_the_team_board() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let r = alice.post("/teams", &[("name", "Platform")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let team_path = location(&r);

    // The button's form, as the team page renders it, posts to the solo start page.
    let (_, page) = alice.page(&team_path).await;
    assert!(page.contains("Practise this topic") || page.contains("No counted answers yet"));
    let (_, item) = alice
        .start(&[
            ("topic", "databases"),
            ("difficulty", "mixed"),
            ("count", "3"),
            ("minutes", "10"),
        ])
        .await;
    alice.open(item).await;
    let r = alice
        .post(
            &format!("/practice/items/{item}/submit"),
            &[("body", GOOD_ANSWER)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let (score, difficulty): (f32, String) =
        sqlx::query_as("SELECT score, difficulty FROM answers WHERE item_id = $1")
            .bind(item)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let expected = super::points_for(&app.pool, score, &difficulty).await;
    let team: Uuid = team_path.trim_start_matches("/teams/").parse().unwrap();
    let (status, html) = alice
        .page(&format!("/teams/{team}/leaderboard?window=week"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("<td>{expected}</td><td>1</td>")),
        "{expected} points from one answer: {html}"
    );
    let (_, page) = alice.page(&team_path).await;
    assert!(
        page.contains(r#"name="topic" value="databases""#),
        "weakest topic"
    );
    assert!(page.contains(&format!("scored {score:.1}")), "activity");
}
