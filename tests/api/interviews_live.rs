//! The live view across app instances: changes made through one instance reach the event stream
//! (and the poll endpoint) of another through PostgreSQL LISTEN/NOTIFY, and the stream recovers
//! when the database drops the listener's connection.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::spawn_app;
use crate::interviews_support::*;

const WITHIN: Duration = Duration::from_secs(10);

#[tokio::test]
async fn a_change_through_one_instance_reaches_the_live_view_of_another() {
    let a = spawn_app().await;
    seed_questions(&a.pool).await;
    let (id, token) = prepared(&a, "owner").await;
    let b = second_instance(&a).await;
    assert_ne!(a.port, b.port);

    // The owner watches through instance B (the same browser: cookies are per host).
    let mut stream = a
        .client
        .get(b.url(&format!("/interviews/{id}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let mut buffer = String::new();
    let first = next_event_with(&mut stream, &mut buffer, "\"state\":\"scheduled\"", WITHIN).await;
    assert!(first.contains("\"candidate\":null"), "{first}");

    // The candidate joins and starts through instance A.
    let sent = Instant::now();
    let candidate = joined_candidate(&a, &token, "Ada Lovelace").await;
    let joined = next_event_with(&mut stream, &mut buffer, "Ada Lovelace", WITHIN).await;
    let delay = sent.elapsed();
    let state: Value = serde_json::from_str(&joined).unwrap();
    assert_eq!(state["candidate"]["display_name"], "Ada Lovelace");
    let sent = Instant::now();
    let res = start_as_candidate(&a, &candidate, &token).await;
    assert_eq!(res.status(), 303);
    next_event_with(&mut stream, &mut buffer, "\"state\":\"live\"", WITHIN).await;
    println!(
        "live delay via LISTEN/NOTIFY across instances: join {:?}, start {:?}",
        delay,
        sent.elapsed()
    );

    // The poll endpoint of B agrees.
    let polled: Value = b
        .json_in(&a.client, &format!("/interviews/{id}/live.json"))
        .await;
    assert_eq!(polled["state"], "live");
}

#[tokio::test]
async fn the_stream_resyncs_after_the_database_drops_the_listener() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token) = prepared(&app, "owner").await;
    let mut stream = app
        .client
        .get(app.url(&format!("/interviews/{id}/events")))
        .send()
        .await
        .unwrap();
    let mut buffer = String::new();
    next_event_with(&mut stream, &mut buffer, "\"candidate\":null", WITHIN).await;

    // A change made without a notice (as if its notice was lost), then every other connection
    // to the database killed, as a restart would: only the resync after the listener's
    // reconnect can bring the change to the stream.
    sqlx::query(
        "INSERT INTO session_candidates (session_id, display_name, holder_hash)
         VALUES ($1::uuid, 'Quiet Joiner', sha256('x'))",
    )
    .bind(&id)
    .execute(&app.pool)
    .await
    .unwrap();
    let killed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(!killed.is_empty());
    let state = next_event_with(&mut stream, &mut buffer, "Quiet Joiner", WITHIN).await;
    assert!(state.contains("\"state\":\"scheduled\""), "{state}");

    // Notices flow again after the reconnect.
    let res = browser()
        .get(app.url(&format!("/join/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409, "the quiet joiner holds the session");
    let page = format!("/interviews/{id}");
    let res = app.post_form(&page, &format!("{page}/start"), &[]).await;
    assert_eq!(res.status(), 303);
    next_event_with(&mut stream, &mut buffer, "\"state\":\"live\"", WITHIN).await;
}
