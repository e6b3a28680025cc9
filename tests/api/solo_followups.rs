//! Solo follow-ups answered in the same interview: a probe of a missed concept becomes the next
//! question, graded by that concept alone, shown with the question it follows, never on a
//! leaderboard; and the ways to ask for one that are refused.

use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::spawn_app;
use crate::solo_support::{location, register, seed_bank};

/// Covers eviction, expiry and invalidation of the fixture rubric, not replication: its probe
/// is the follow-up.
const NO_REPLICAS: &str = "Put an LRU eviction policy in front of the database, give every entry \
    a TTL so stale data ages out, and invalidate keys on every write so readers never see old \
    values.";
const PROBE: &str = "A cache node dies. What happens to the keys it held?";

#[tokio::test]
async fn a_probe_becomes_the_next_question_graded_by_its_concept_alone() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (interview, first) = alice
        .start_and_open(&[
            ("topic", "caching"),
            ("difficulty", "easy"),
            ("count", "2"),
            ("minutes", "5"),
        ])
        .await;
    alice.submit(first, NO_REPLICAS).await;
    let second: Uuid = sqlx::query_scalar(
        "SELECT id FROM interview_items WHERE interview_id = $1 AND position = 1",
    )
    .bind(interview)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (_, html) = alice.feedback(first).await;
    assert!(html.contains(PROBE), "the probe is the follow-up: {html}");
    assert!(html.contains("Answer the follow-up now"));

    let r = alice.item_post(first, "followup", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let followup: Uuid = location(&r)
        .trim_start_matches("/practice/items/")
        .parse()
        .unwrap();
    // asked twice (a double click): the same follow-up, nothing added
    let again = alice.item_post(first, "followup", &[]).await;
    assert_eq!(location(&again), location(&r));
    let positions: Vec<(Uuid, i32)> = sqlx::query_as(
        "SELECT id, position FROM interview_items WHERE interview_id = $1 ORDER BY position",
    )
    .bind(interview)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        positions,
        vec![(first, 0), (followup, 1), (second, 2)],
        "the follow-up comes next; the rest move down"
    );
    // the interview's next question is the follow-up, shown with the question it follows
    let next = alice
        .get(&format!("/practice/interviews/{interview}/next"))
        .await;
    assert_eq!(location(&next), format!("/practice/items/{followup}"));
    let html = alice.open(followup).await;
    assert!(html.contains(PROBE), "{html}");
    assert!(html.contains("Follow-up to: "), "{html}");

    alice
        .submit(
            followup,
            "Each cache node has a replica, so when the node dies the replica takes over and its \
             keys survive; without replication those keys would be lost and every read would \
             fall through to the database until the cache warms up again.",
        )
        .await;
    let (question_id, topic, score, judgment): (String, String, f32, serde_json::Value) =
        sqlx::query_as(
            "SELECT question_id, topic, score, judgment FROM answers WHERE item_id = $1",
        )
        .bind(followup)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(question_id.starts_with("own-"), "{question_id}");
    assert_eq!(topic, "caching");
    let criteria = judgment["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 1, "graded by the probed concept alone");
    assert_eq!(criteria[0]["id"], "replication");
    assert_eq!(criteria[0]["verdict"], "met");
    assert!(
        score >= 7.0,
        "a good answer to the probe scores well: {score}"
    );
    let (_, html) = alice.feedback(followup).await;
    assert!(html.contains("Follow-up to: "), "{html}");
    assert!(
        !html.contains("Answer the follow-up now"),
        "a follow-up has no follow-up of its own to answer"
    );
    // a follow-up never earns leaderboard points (it is graded on one point, not the question)
    let counted: i64 =
        sqlx::query_scalar("SELECT count(*) FROM leaderboard_best WHERE question_id LIKE 'own-%'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(counted, 0);
    let (_, html) = alice
        .page(&format!("/practice/interviews/{interview}"))
        .await;
    assert!(html.contains(PROBE) && html.contains("Follow-up"), "{html}");
}

#[tokio::test]
async fn follow_ups_are_refused_before_the_answer_and_on_a_follow_up() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (_, first) = alice
        .start_and_open(&[
            ("topic", "caching"),
            ("difficulty", "easy"),
            ("count", "1"),
            ("minutes", "5"),
        ])
        .await;
    // not answered yet
    let r = alice.item_post(first, "followup", &[]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("before its follow-up"));
    alice.submit(first, NO_REPLICAS).await;
    let r = alice.item_post(first, "followup", &[]).await;
    let followup: Uuid = location(&r)
        .trim_start_matches("/practice/items/")
        .parse()
        .unwrap();
    // the finished interview reopened for it
    let finished: bool = sqlx::query_scalar(
        "SELECT finished_at IS NOT NULL FROM interviews i
         JOIN interview_items it ON it.interview_id = i.id WHERE it.id = $1",
    )
    .bind(followup)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(!finished);
    alice.open(followup).await;
    alice.submit(followup, "No idea.").await;
    let r = alice.item_post(followup, "followup", &[]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("already a follow-up"));
}
