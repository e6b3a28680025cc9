//! During a session: extending the running question moves its stored deadline; pushed
//! follow-ups become answerable items, free text graded by the parent's rubric and chain links
//! by their own bank rubric.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use sqlx::Row;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::*;

const REFERENCE: &str = "A cache keeps hot data in memory so reads avoid the database. \
Use a TTL for expiry and an LRU eviction policy when memory is full.";

/// A live session (bank q-cache-1, then an own question) with a joined candidate who started.
async fn live(app: &TestApp) -> (String, String, reqwest::Client) {
    app.register_and_log_in("interviewer").await;
    let id = create_session(app, "Loop").await;
    assert_eq!(add_question(app, &id, "q-cache-1").await.status(), 303);
    add_own_question(app, &id, "How would you cache reads?", REFERENCE).await;
    let token = issue_link(app, &id).await;
    let candidate = started_candidate(app, &token, "Ada").await;
    (id, token, candidate)
}

async fn open_current(app: &TestApp, candidate: &reqwest::Client, token: &str) -> String {
    let res = candidate
        .get(app.url(&format!("/join/{token}/answer")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let page = location(&res);
    assert!(page.contains("/items/"), "a question is current: {page}");
    assert_eq!(
        candidate.get(app.url(&page)).send().await.unwrap().status(),
        200
    );
    page
}

fn item_of(page: &str) -> Uuid {
    page.rsplit('/').next().unwrap().parse().unwrap()
}

async fn deadline(app: &TestApp, item: Uuid) -> DateTime<Utc> {
    sqlx::query_scalar("SELECT deadline FROM interview_items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn extending_moves_the_running_questions_deadline() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token, candidate) = live(&app).await;
    let page = format!("/interviews/{id}");
    let extend = format!("{page}/extend");

    // Nothing running yet: a clear 409.
    let res = app.post_form(&page, &extend, &[("minutes", "3")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);

    let item = item_of(&open_current(&app, &candidate, &token).await);
    let before = deadline(&app, item).await;
    let res = app.post_form(&page, &extend, &[("minutes", "3")]).await;
    assert_eq!(res.status(), 303);
    let after = deadline(&app, item).await;
    assert_eq!((after - before).num_seconds(), 180);

    // Bad input and other users.
    for bad in ["0", "61"] {
        let res = app.post_form(&page, &extend, &[("minutes", bad)]).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let other = app.another_browser();
    other.register_and_log_in("intruder").await;
    let res = app
        .post_form_in(&other.client, "/interviews", &extend, &[("minutes", "3")])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(deadline(&app, item).await, after);
    app.drop_database().await;
}

#[tokio::test]
async fn pushed_followups_are_answered_and_graded_like_the_rest() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    chain_cache_questions(&app.pool).await;
    let (id, token, candidate) = live(&app).await;
    let live_page = format!("/interviews/{id}/live");
    let push = format!("/interviews/{id}/followups");
    // A free-text follow-up of the own question (position 1), and the chain link of question 0.
    let res = app
        .post_form(
            &live_page,
            &push,
            &[
                ("of", "1"),
                ("kind", "free"),
                ("prompt", "And how do you expire entries?"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(&live_page, &push, &[("of", "0"), ("kind", "chain")])
        .await;
    assert_eq!(res.status(), 303);

    let rows = sqlx::query(
        "SELECT i.position, i.question_id, i.prompt, i.rubric
         FROM interview_items i JOIN interview_sessions s ON s.interview_id = i.interview_id
         WHERE s.id = $1::text::uuid ORDER BY i.position",
    )
    .bind(&id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 4);
    let own_rubric: Option<serde_json::Value> = rows[1].get("rubric");
    assert!(own_rubric.is_some());
    assert_eq!(
        rows[2].get::<Option<String>, _>("prompt").as_deref(),
        Some("And how do you expire entries?")
    );
    // free text: graded by the parent's criteria it asks about (expiry), not the whole rubric
    let parent: whetstone::rubric::Rubric = serde_json::from_value(own_rubric.unwrap()).unwrap();
    let asked: whetstone::rubric::Rubric = serde_json::from_value(
        rows[2]
            .get::<Option<serde_json::Value>, _>("rubric")
            .unwrap(),
    )
    .unwrap();
    assert!(!asked.criteria.is_empty());
    assert!(asked.criteria.len() < parent.criteria.len(), "{asked:?}");
    assert!(
        asked
            .criteria
            .iter()
            .any(|c| c.terms.iter().any(|t| t.to_lowercase().contains("ttl"))),
        "{asked:?}"
    );
    assert_eq!(asked.prompt, "And how do you expire entries?");
    assert_eq!(rows[3].get::<String, _>("question_id"), "q-cache-2");
    assert_eq!(
        rows[3].get::<Option<serde_json::Value>, _>("rubric"),
        None,
        "chain: its own bank rubric"
    );

    // The candidate answers all four in order; the free-text follow-up is graded.
    for _ in 0..4 {
        let page = open_current(&app, &candidate, &token).await;
        let res = answer_form(
            &app,
            &candidate,
            &page,
            "submit",
            "Keep hot data in memory with a TTL and LRU eviction.",
        )
        .await;
        assert_eq!(res.status(), 303);
    }
    let scores: Vec<Option<f32>> = sqlx::query_scalar(
        "SELECT a.score FROM answers a JOIN interview_items i ON i.id = a.item_id
         JOIN interview_sessions s ON s.interview_id = i.interview_id
         WHERE s.id = $1::text::uuid ORDER BY i.position",
    )
    .bind(&id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(scores.len(), 4);
    assert!(scores[2].is_some_and(|s| s > 0.0), "{scores:?}");
    app.drop_database().await;
}
