//! A follow-up pushed while the candidate answers is answered next: after the current question
//! and before the prepared questions still to come, numbered under the question it follows
//! (`1.1`) and shown with that question. The candidate's event stream and status name the
//! follow-ups still waiting; a question that is not the candidate's turn does not start.

use std::time::Duration;

use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::*;

/// A live session of three bank questions (q-cache-1, q-db-1, q-db-2) whose candidate started.
async fn live(app: &TestApp) -> (String, String, reqwest::Client) {
    app.register_and_log_in("interviewer").await;
    let id = create_session(app, "Loop").await;
    for q in ["q-cache-1", "q-db-1", "q-db-2"] {
        assert_eq!(add_question(app, &id, q).await.status(), 303);
    }
    let token = issue_link(app, &id).await;
    let candidate = started_candidate(app, &token, "Ada").await;
    (id, token, candidate)
}

/// Where `/join/{token}/answer` sends the candidate.
async fn next_page(app: &TestApp, candidate: &reqwest::Client, token: &str) -> String {
    let res = candidate
        .get(app.url(&format!("/join/{token}/answer")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res)
}

/// The position of the item behind the candidate's page `page`.
async fn position_of(app: &TestApp, page: &str) -> i32 {
    let item: Uuid = page.rsplit('/').next().unwrap().parse().unwrap();
    sqlx::query_scalar("SELECT position FROM interview_items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn item_state(app: &TestApp, id: &str, position: i32) -> String {
    sqlx::query_scalar(
        "SELECT i.state FROM interview_items i
         JOIN interview_sessions s ON s.interview_id = i.interview_id
         WHERE s.id = $1::text::uuid AND i.position = $2",
    )
    .bind(id)
    .bind(position)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn waiting(app: &TestApp, candidate: &reqwest::Client, token: &str) -> serde_json::Value {
    let res = candidate
        .get(app.url(&format!("/join/{token}/status")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<serde_json::Value>().await.unwrap()["followups_waiting"].clone()
}

async fn push_free(app: &TestApp, id: &str, of: &str, prompt: &str) {
    let res = app
        .post_form(
            &format!("/interviews/{id}/live"),
            &format!("/interviews/{id}/followups"),
            &[("of", of), ("kind", "free"), ("prompt", prompt)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

async fn submit(app: &TestApp, candidate: &reqwest::Client, page: &str) -> String {
    let res = answer_form(app, candidate, page, "submit", "An answer in a few words.").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let done = location(&res);
    assert_eq!(done, format!("{page}/done"));
    app.html_in(candidate, &done).await
}

#[tokio::test]
async fn a_pushed_followup_is_answered_next_with_its_parent_and_number() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token, candidate) = live(&app).await;

    // Question 1 runs; the page follows the candidate's event stream.
    let first = next_page(&app, &candidate, &token).await;
    let html = app.html_in(&candidate, &first).await;
    assert!(html.contains("Question 1 of 3"), "{html}");
    assert!(
        html.contains(&format!(
            "data-events-url=\"/join/{token}/events\" data-number=\"1\""
        )),
        "{html}"
    );
    assert!(html.contains("/static/followup-notice.js"));
    assert!(!html.contains("Follow-up to:"));
    assert_eq!(position_of(&app, &first).await, 0);
    assert_eq!(
        waiting(&app, &candidate, &token).await,
        serde_json::json!([])
    );

    let mut stream = candidate
        .get(app.url(&format!("/join/{token}/events")))
        .send()
        .await
        .unwrap();
    let mut buffer = String::new();
    next_event_with(
        &mut stream,
        &mut buffer,
        "\"followups_waiting\":[]",
        Duration::from_secs(10),
    )
    .await;

    // The interviewer pushes a follow-up of question 1 while it runs: the stream says it waits,
    // and question 1 stays the candidate's question.
    push_free(&app, &id, "0", "How do you expire cache entries?").await;
    next_event_with(
        &mut stream,
        &mut buffer,
        "\"followups_waiting\":[\"1.1\"]",
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(next_page(&app, &candidate, &token).await, first);
    // the follow-up's own page is not its turn yet: back to the current question, clock unset
    let followup_item: Uuid = sqlx::query_scalar(
        "SELECT i.id FROM interview_items i
         JOIN interview_sessions s ON s.interview_id = i.interview_id
         WHERE s.id = $1::text::uuid AND i.position = 3",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let res = candidate
        .get(app.url(&format!("/join/{token}/items/{followup_item}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/join/{token}/answer"));
    assert_eq!(item_state(&app, &id, 3).await, "pending");

    let done = submit(&app, &candidate, &first).await;
    assert!(done.contains("Question 1: answer recorded"), "{done}");

    // Next comes the follow-up (stored last, at position 3), not question 2.
    let followup = next_page(&app, &candidate, &token).await;
    assert_eq!(followup, format!("/join/{token}/items/{followup_item}"));
    // question 2 is not its turn: opening it does not start its clock
    let second_item: Uuid = sqlx::query_scalar(
        "SELECT i.id FROM interview_items i
         JOIN interview_sessions s ON s.interview_id = i.interview_id
         WHERE s.id = $1::text::uuid AND i.position = 1",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let res = candidate
        .get(app.url(&format!("/join/{token}/items/{second_item}")))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), format!("/join/{token}/answer"));
    assert_eq!(item_state(&app, &id, 1).await, "pending");

    let html = app.html_in(&candidate, &followup).await;
    assert!(html.contains("<title>Question 1.1 of 3"), "{html}");
    assert!(html.contains("Question 1.1 of 3</a>"), "{html}");
    assert!(!html.contains("of 4"), "{html}");
    assert!(
        html.contains("Follow-up to: What is a cache and why use one?"),
        "{html}"
    );
    assert!(html.contains("How do you expire cache entries?"));
    assert!(html.contains("data-number=\"1.1\""));
    assert_eq!(item_state(&app, &id, 3).await, "active");
    // it is still unanswered: the page itself leaves its own number out of the notice
    assert_eq!(
        waiting(&app, &candidate, &token).await,
        serde_json::json!(["1.1"])
    );
    let done = submit(&app, &candidate, &followup).await;
    assert!(done.contains("Question 1.1: answer recorded"), "{done}");
    assert_eq!(
        waiting(&app, &candidate, &token).await,
        serde_json::json!([])
    );

    // Question 2; a second follow-up of question 1 pushed meanwhile comes before question 3.
    let second = next_page(&app, &candidate, &token).await;
    assert_eq!(second, format!("/join/{token}/items/{second_item}"));
    let html = app.html_in(&candidate, &second).await;
    assert!(html.contains("Question 2 of 3"), "{html}");
    push_free(&app, &id, "0", "And how do you warm the cache?").await;
    assert_eq!(next_page(&app, &candidate, &token).await, second);
    submit(&app, &candidate, &second).await;

    let again = next_page(&app, &candidate, &token).await;
    assert_eq!(position_of(&app, &again).await, 4);
    let html = app.html_in(&candidate, &again).await;
    assert!(html.contains("Question 1.2 of 3"), "{html}");
    assert!(html.contains("Follow-up to: What is a cache and why use one?"));
    submit(&app, &candidate, &again).await;

    let third = next_page(&app, &candidate, &token).await;
    assert_eq!(position_of(&app, &third).await, 2);
    let html = app.html_in(&candidate, &third).await;
    assert!(html.contains("Question 3 of 3"), "{html}");
    submit(&app, &candidate, &third).await;

    // Everything answered: back to the room.
    assert_eq!(
        next_page(&app, &candidate, &token).await,
        format!("/join/{token}/room")
    );
    app.drop_database().await;
}
