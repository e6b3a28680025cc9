//! The candidate's work reaches the live view through the database triggers on `drafts`,
//! `answers` and `interview_items`: an autosave, a submission (with the grader's evidence
//! highlighted) and a time-out made through instance A arrive on the event stream of instance B.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::spawn_app;
use crate::interviews_support::*;

const WITHIN: Duration = Duration::from_secs(10);

const REFERENCE: &str = "A cache keeps hot data in memory so reads avoid the database. \
Use a TTL for expiry and an LRU eviction policy when memory is full.";

fn question(state: &str, position: usize) -> Value {
    let state: Value = serde_json::from_str(state).unwrap();
    state["questions"][position].clone()
}

#[tokio::test]
async fn autosaves_submissions_and_timeouts_through_one_instance_reach_the_live_view_of_another() {
    let a = spawn_app().await;
    seed_questions(&a.pool).await;
    let (id, token) = prepared(&a, "owner").await;
    let page = format!("/interviews/{id}");
    add_own_question(&a, &id, "How would you cache reads?", REFERENCE).await;
    let b = second_instance(&a).await;
    let candidate = started_candidate(&a, &token, "Ada").await;
    let join = format!("/join/{token}");

    let mut stream = a
        .client
        .get(b.url(&format!("{page}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let mut buffer = String::new();
    let first = next_event_with(&mut stream, &mut buffer, "\"state\":\"live\"", WITHIN).await;
    assert_eq!(question(&first, 0)["status"], "not started");

    // Opening the question starts its clock (a change of interview_items).
    let res = candidate
        .get(a.url(&format!("{join}/answer")))
        .send()
        .await
        .unwrap();
    let item_page = location(&res);
    candidate.get(a.url(&item_page)).send().await.unwrap();
    let started = next_event_with(&mut stream, &mut buffer, "in progress", WITHIN).await;
    let q = question(&started, 0);
    assert_eq!(q["status"], "in progress");
    assert!(
        q["seconds_left"]
            .as_i64()
            .is_some_and(|s| s > 0 && s <= 300),
        "{q}"
    );

    // An autosave through A reaches B's stream: measure the delay.
    let csrf_token = a.csrf_token_in(&candidate, &item_page).await;
    let mut delays = Vec::new();
    for n in 0..5 {
        let typed = format!("A cache keeps hot data, draft {n}");
        let sent = Instant::now();
        let res = candidate
            .post(a.url(&format!("{item_page}/draft")))
            .form(&[
                ("csrf_token", csrf_token.as_str()),
                ("body", typed.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let event = next_event_with(&mut stream, &mut buffer, &typed, WITHIN).await;
        delays.push(sent.elapsed());
        assert_eq!(question(&event, 0)["draft"], typed.as_str());
    }
    println!("autosave request -> live view event on the other instance: {delays:?}");

    // The submission arrives with its status.
    let res = answer_form(
        &a,
        &candidate,
        &item_page,
        "submit",
        "A cache keeps hot data in memory.",
    )
    .await;
    assert_eq!(res.status(), 303);
    let submitted =
        next_event_with(&mut stream, &mut buffer, "\"status\":\"submitted\"", WITHIN).await;
    let q = question(&submitted, 0);
    assert_eq!(q["status"], "submitted");
    assert!(
        q["answer_html"]
            .as_str()
            .unwrap()
            .contains("A cache keeps hot data in memory.")
    );

    // Question 2 runs out of time: the app's deadline sweeper times it out, the view hears it.
    let res = candidate
        .get(a.url(&format!("{join}/answer")))
        .send()
        .await
        .unwrap();
    let second = location(&res);
    candidate.get(a.url(&second)).send().await.unwrap();
    sqlx::query(
        "UPDATE interview_items SET deadline = now() - interval '1 second'
         WHERE id = $1::text::uuid",
    )
    .bind(second.rsplit('/').next().unwrap())
    .execute(&a.pool)
    .await
    .unwrap();
    let timed_out = next_event_with(&mut stream, &mut buffer, "timed out", WITHIN).await;
    assert_eq!(question(&timed_out, 1)["status"], "timed out");

    // Question 3 (own): graded, evidence highlighted.
    let res = candidate
        .get(a.url(&format!("{join}/answer")))
        .send()
        .await
        .unwrap();
    let third = location(&res);
    let res = answer_form(
        &a,
        &candidate,
        &third,
        "submit",
        "Keep hot data in memory with a TTL and an LRU eviction policy.",
    )
    .await;
    assert_eq!(res.status(), 303);
    let graded = next_event_with(&mut stream, &mut buffer, "<mark", WITHIN).await;
    let q = question(&graded, 2);
    assert!(q["score"].as_f64().is_some_and(|s| s > 0.0), "{q}");
    assert!(!q["criteria"].as_array().unwrap().is_empty());

    // The page renders it too, with the rubric.
    let html = b.html_in(&a.client, &format!("{page}/live")).await;
    assert!(html.contains("<mark"), "{html}");
    assert!(html.contains("class=\"rubric\""));
    a.drop_database().await;
}

#[tokio::test]
async fn solo_work_sends_no_session_notices() {
    let app = spawn_app().await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&app.pool)
        .await
        .unwrap();
    listener.listen("whetstone_live").await.unwrap();
    // A solo interview's item, started, drafted and answered directly in the database.
    let user: uuid::Uuid = uuid::Uuid::new_v4();
    sqlx::query("INSERT INTO users (id, username, email, password_hash) VALUES ($1, 'solo', 'solo@example.com', 'x')")
        .bind(user)
        .execute(&app.pool)
        .await
        .unwrap();
    let interview = uuid::Uuid::new_v4();
    let item = uuid::Uuid::new_v4();
    sqlx::query("INSERT INTO interviews (id, user_id, difficulty, minutes_per_question) VALUES ($1, $2, 'easy', 5)")
        .bind(interview)
        .bind(user)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO interview_items (id, interview_id, position, question_id, minutes) VALUES ($1, $2, 0, 'q', 5)")
        .bind(item)
        .bind(interview)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE interview_items SET state = 'active', started_at = now(), deadline = now() + interval '5 minutes' WHERE id = $1")
        .bind(item)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO drafts (item_id, body) VALUES ($1, 'x')")
        .bind(item)
        .execute(&app.pool)
        .await
        .unwrap();
    // Then a notice we send ourselves: the first one heard must be it.
    sqlx::query("SELECT pg_notify('whetstone_live', 'marker')")
        .execute(&app.pool)
        .await
        .unwrap();
    let heard = tokio::time::timeout(WITHIN, listener.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(heard.payload(), "marker");
    app.drop_database().await;
}
