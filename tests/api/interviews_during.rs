//! During a live session: pushing follow-ups (the next chain link or free text) that reach the
//! candidate's page and the live view's event stream.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;
use crate::interviews_support::*;

#[tokio::test]
async fn follow_ups_reach_the_candidate_and_the_live_view() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    // q-cache-1 is followed by q-cache-2 in its chain.
    chain_cache_questions(&app.pool).await;
    let (id, token) = prepared(&app, "owner").await;
    let candidate = joined_candidate(&app, &token, "Ada").await;
    let live = format!("/interviews/{id}/live");
    let push = format!("/interviews/{id}/followups");

    // Not before the session is live.
    let res = app
        .post_form(&live, &push, &[("of", "0"), ("kind", "chain")])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app
        .post_form(&live, &format!("/interviews/{id}/start"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let html = app.html(&live).await;
    assert!(html.contains("Push follow-up: How would you invalidate a distributed cache?"));

    let mut stream = app.get(&format!("/interviews/{id}/events")).await;
    let mut buffer = String::new();
    next_event_with(
        &mut stream,
        &mut buffer,
        "\"state\":\"live\"",
        Duration::from_secs(10),
    )
    .await;

    // The candidate's page follows its own stream (only for the browser that joined).
    let mut candidate_stream = candidate
        .get(app.url(&format!("/join/{token}/events")))
        .send()
        .await
        .unwrap();
    let mut candidate_buffer = String::new();
    next_event_with(
        &mut candidate_stream,
        &mut candidate_buffer,
        "\"questions\":2",
        Duration::from_secs(10),
    )
    .await;
    let stranger = browser()
        .get(app.url(&format!("/join/{token}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        stranger.status(),
        StatusCode::CONFLICT,
        "another browser holds the session"
    );

    // The next chain link.
    let res = app
        .post_form(&live, &push, &[("of", "0"), ("kind", "chain")])
        .await;
    assert_eq!(res.status(), 303);
    let event = next_event_with(
        &mut stream,
        &mut buffer,
        "invalidate a distributed cache",
        Duration::from_secs(10),
    )
    .await;
    let state: Value = serde_json::from_str(&event).unwrap();
    // listed right after the question it follows, numbered under it
    assert_eq!(state["questions"][1]["position"], 2);
    assert_eq!(state["questions"][1]["followup_of"], 0);
    assert_eq!(state["questions"][1]["number"], "1.1");
    assert_eq!(state["questions"][1]["follows"], "1");
    let seen = next_event_with(
        &mut candidate_stream,
        &mut candidate_buffer,
        "\"questions\":3",
        Duration::from_secs(10),
    )
    .await;
    assert!(
        !seen.contains("invalidate"),
        "the candidate's stream carries no prompts or scores"
    );
    let status: Value = app
        .json_in(&candidate, &format!("/join/{token}/status"))
        .await;
    assert_eq!(status["questions"], 3);
    let room = app
        .html_in(&candidate, &format!("/join/{token}/room"))
        .await;
    assert!(
        room.contains(
            "1.1.</span> <strong class=\"followup-tag\">Follow-up to question 1:</strong> How would you invalidate a distributed cache?"
        ),
        "{room}"
    );
    // Pushed once only; the button is gone.
    let res = app
        .post_form(&live, &push, &[("of", "0"), ("kind", "chain")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        !app.html(&live)
            .await
            .contains("Push follow-up: How would you invalidate")
    );

    // Free text, escaped on the candidate's page.
    let res = app
        .post_form(
            &live,
            &push,
            &[
                ("of", "1"),
                ("kind", "free"),
                ("prompt", "What about <hot> keys?"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    next_event_with(
        &mut stream,
        &mut buffer,
        "What about <hot> keys?",
        Duration::from_secs(10),
    )
    .await;
    let room = app
        .html_in(&candidate, &format!("/join/{token}/room"))
        .await;
    assert!(room.contains("What about &#60;hot&#62; keys?"));

    // Bad pushes.
    for (fields, status) in [
        (vec![("of", "1"), ("kind", "free"), ("prompt", "  ")], 400),
        (vec![("of", "9"), ("kind", "free"), ("prompt", "Why?")], 400),
        (vec![("of", "1"), ("kind", "suggested")], 400),
        (vec![("of", "1"), ("kind", "chain")], 400),
        (vec![("of", "x"), ("kind", "chain")], 400),
    ] {
        let res = app.post_form(&live, &push, &fields).await;
        assert_eq!(res.status().as_u16(), status, "{fields:?}");
    }
    // Only the owner pushes.
    let res = app
        .post_form_in(
            &candidate,
            "/login",
            &push,
            &[("of", "0"), ("kind", "free"), ("prompt", "self-serve")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/login"));
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM session_questions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 4);
}

#[tokio::test]
async fn a_template_from_a_finished_session_copies_its_questions_not_its_follow_ups() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    chain_cache_questions(&app.pool).await;
    let (id, token) = prepared(&app, "owner").await;
    let _candidate = joined_candidate(&app, &token, "Ada").await;
    let page = format!("/interviews/{id}");
    let live = format!("{page}/live");
    let push = format!("{page}/followups");
    assert_eq!(
        app.post_form(&live, &format!("{page}/start"), &[])
            .await
            .status(),
        303
    );
    for form in [
        &[("of", "0"), ("kind", "chain")][..],
        &[
            ("of", "1"),
            ("kind", "free"),
            ("prompt", "What about hot keys?"),
        ][..],
    ] {
        assert_eq!(app.post_form(&live, &push, form).await.status(), 303);
    }
    assert_eq!(
        app.post_form(&live, &format!("{page}/finish"), &[])
            .await
            .status(),
        303
    );

    // Saving the finished session as a template makes a template copy; the session stays put.
    let res = app
        .post_form(&page, &format!("{page}/template"), &[("on", "true")])
        .await;
    assert_eq!(res.status(), 303);
    let template = location(&res);
    assert_ne!(template, page);
    let dashboard = app.html("/interviews").await;
    assert!(
        dashboard.contains("Templates <span class=\"muted\">(1)</span>"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains(&format!("href=\"{page}/live\"")),
        "the finished session is still listed: {dashboard}"
    );
    assert!(dashboard.contains("· 2 questions"), "{dashboard}");

    // A new session from the template holds the two prepared questions, no follow-up.
    let res = app
        .post_form("/interviews", &format!("{template}/copy"), &[])
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let fresh = app.html(&location(&res)).await;
    assert!(fresh.contains("<strong class=\"session-state\">draft</strong>"));
    assert!(!fresh.contains("What about hot keys?"), "{fresh}");
    let copied: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM session_questions q JOIN interview_sessions s ON s.id = q.session_id
         WHERE s.is_template = false AND s.state = 'draft'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(copied, 2);
}
