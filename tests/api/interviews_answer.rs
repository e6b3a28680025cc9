//! The candidate answering a live session under `/join/{token}/...`: solo's answer page, drafts,
//! grading (own questions by the rubric built from their reference), late refusal, access by
//! the candidate cookie of that one session, and results hidden until released.

use reqwest::StatusCode;
use sqlx::Row;
use uuid::Uuid;

use crate::helpers::spawn_app;
use crate::interviews_support::*;

const REFERENCE: &str = "A cache keeps hot data in memory so reads avoid the database. \
Use a TTL for expiry and an LRU eviction policy when memory is full. \
Invalidate entries on write to avoid stale reads.";

/// Prepares a session with one bank and one own question, joins, starts as the candidate.
/// Returns (session id, token, candidate browser).
async fn live_session(
    app: &crate::helpers::TestApp,
    owner: &str,
) -> (String, String, reqwest::Client) {
    app.register_and_log_in(owner).await;
    let id = create_session(app, "Loop").await;
    assert_eq!(add_question(app, &id, "q-cache-1").await.status(), 303);
    add_own_question(app, &id, "How would you cache a product page?", REFERENCE).await;
    let token = issue_link(app, &id).await;
    let candidate = started_candidate(app, &token, "Grace").await;
    (id, token, candidate)
}

/// The path of the candidate's current question page.
async fn current(
    app: &crate::helpers::TestApp,
    candidate: &reqwest::Client,
    token: &str,
) -> String {
    let res = candidate
        .get(app.url(&format!("/join/{token}/answer")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    location(&res)
}

async fn item_ids(app: &crate::helpers::TestApp, session: &str) -> Vec<Uuid> {
    let session: Uuid = session.parse().unwrap();
    sqlx::query(
        "SELECT i.id FROM interview_items i
         JOIN interview_sessions s ON s.interview_id = i.interview_id
         WHERE s.id = $1 ORDER BY i.position",
    )
    .bind(session)
    .fetch_all(&app.pool)
    .await
    .unwrap()
    .into_iter()
    .map(|r| r.get(0))
    .collect()
}

#[tokio::test]
async fn the_candidate_answers_on_the_timed_page_and_own_questions_are_graded() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token, candidate) = live_session(&app, "interviewer").await;
    let items = item_ids(&app, &id).await;
    assert_eq!(items.len(), 2, "one item per session question");

    // Question 1 (bank): the answer page, a draft, a submission.
    let page = current(&app, &candidate, &token).await;
    assert_eq!(page, format!("/join/{token}/items/{}", items[0]));
    let html = app.html_in(&candidate, &page).await;
    assert!(html.contains("What is a cache and why use one?"), "{html}");
    assert!(html.contains(&format!("data-draft-url=\"{page}/draft\"")));
    let res = answer_form(&app, &candidate, &page, "draft", "A cache is").await;
    assert_eq!(res.status(), 200);
    let res = answer_form(&app, &candidate, &page, "submit", "A cache is fast memory.").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{page}/done"));

    // Question 2 (own): graded by the rubric built from its reference.
    let page = current(&app, &candidate, &token).await;
    assert_eq!(page, format!("/join/{token}/items/{}", items[1]));
    let html = app.html_in(&candidate, &page).await;
    assert!(
        html.contains("How would you cache a product page?"),
        "{html}"
    );
    let res = answer_form(
        &app,
        &candidate,
        &page,
        "submit",
        "Keep hot data in memory with a TTL and LRU eviction; invalidate on write.",
    )
    .await;
    assert_eq!(res.status(), 303);

    let rows = sqlx::query(
        "SELECT a.source, a.user_id, a.body, a.score, i.rubric IS NOT NULL AS own
         FROM answers a JOIN interview_items i ON i.id = a.item_id
         WHERE a.item_id = ANY($1) ORDER BY i.position",
    )
    .bind(&items)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].get::<String, _>("source"), "interview");
    assert_eq!(rows[0].get::<Option<Uuid>, _>("user_id"), None);
    assert_eq!(rows[0].get::<String, _>("body"), "A cache is fast memory.");
    assert!(rows[1].get::<bool, _>("own"));
    let score: Option<f32> = rows[1].get("score");
    assert!(
        score.is_some_and(|s| s > 0.0),
        "own question graded: {score:?}"
    );

    // All answered: back to the room.
    assert_eq!(
        current(&app, &candidate, &token).await,
        format!("/join/{token}/room")
    );

    // The live view offers the grader's suggested follow-up as a one-click push.
    let suggested: String =
        sqlx::query_scalar("SELECT a.judgment->>'followup' FROM answers a WHERE a.item_id = $1")
            .bind(items[1])
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(!suggested.is_empty());
    let live = app.html(&format!("/interviews/{id}/live")).await;
    assert!(live.contains("Push the grader's follow-up"), "{live}");
    let escaped = suggested
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;");
    assert!(live.contains(&escaped), "{escaped} in {live}");
    app.drop_database().await;
}

#[tokio::test]
async fn a_late_answer_is_refused_and_the_saved_draft_is_kept() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token, candidate) = live_session(&app, "interviewer").await;
    let page = current(&app, &candidate, &token).await;
    candidate.get(app.url(&page)).send().await.unwrap();
    let csrf_token = app.csrf_token_in(&candidate, &page).await;
    let res = candidate
        .post(app.url(&format!("{page}/draft")))
        .form(&[
            ("csrf_token", csrf_token.as_str()),
            ("body", "saved in time"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let item = item_ids(&app, &id).await[0];
    sqlx::query("UPDATE interview_items SET deadline = now() - interval '1 second' WHERE id = $1")
        .bind(item)
        .execute(&app.pool)
        .await
        .unwrap();
    let res = candidate
        .post(app.url(&format!("{page}/submit")))
        .form(&[
            ("csrf_token", csrf_token.as_str()),
            ("body", "written too late"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let row = sqlx::query("SELECT body, timed_out FROM answers WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>("body"), "saved in time");
    assert!(row.get::<bool, _>("timed_out"));
    app.drop_database().await;
}

#[tokio::test]
async fn a_candidate_cannot_save_or_submit_for_another_sessions_items() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (_, token_a, candidate_a) = live_session(&app, "interviewer").await;
    // A second session (same interviewer), with its own candidate.
    let other = app.another_browser();
    let (id_b, token_b, _candidate_b) = live_session(&other, "other").await;
    let item_b = item_ids(&app, &id_b).await[0];

    let page_a = current(&app, &candidate_a, &token_a).await;
    let csrf_token = app.csrf_token_in(&candidate_a, &page_a).await;
    for action in ["draft", "submit"] {
        // B's item through A's link: not found.
        let res = candidate_a
            .post(app.url(&format!("/join/{token_a}/items/{item_b}/{action}")))
            .form(&[("csrf_token", csrf_token.as_str()), ("body", "intruding")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{action}");
        // B's link without B's candidate cookie: forbidden.
        let res = candidate_a
            .post(app.url(&format!("/join/{token_b}/items/{item_b}/{action}")))
            .form(&[("csrf_token", csrf_token.as_str()), ("body", "intruding")])
            .send()
            .await
            .unwrap();
        assert!(
            [StatusCode::FORBIDDEN, StatusCode::CONFLICT].contains(&res.status()),
            "{action}: {}",
            res.status()
        );
    }
    let res = candidate_a
        .get(app.url(&format!("/join/{token_a}/items/{item_b}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let touched: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM drafts WHERE item_id = $1) + (SELECT COUNT(*) FROM answers WHERE item_id = $1)",
    )
    .bind(item_b)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(touched, 0);
    app.drop_database().await;
}

#[tokio::test]
async fn results_are_hidden_from_the_candidate_until_released() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token, candidate) = live_session(&app, "interviewer").await;
    let _ = current(&app, &candidate, &token).await;
    let items = item_ids(&app, &id).await;
    // Answer the own question: first submit the bank one.
    for item in &items {
        let page = format!("/join/{token}/items/{item}");
        let res = answer_form(
            &app,
            &candidate,
            &page,
            "submit",
            "Keep hot data in memory with a TTL.",
        )
        .await;
        assert_eq!(res.status(), 303);
    }
    let done = format!("/join/{token}/items/{}/done", items[1]);
    let html = app.html_in(&candidate, &done).await;
    assert!(html.contains("answer recorded"), "{html}");
    assert!(!html.contains("released-score"), "{html}");

    // Only the owner can release: another user gets 404.
    let intruder = app.another_browser();
    intruder.register_and_log_in("intruder").await;
    let page = format!("/interviews/{id}");
    let res = app
        .post_form_in(
            &intruder.client,
            "/interviews",
            &format!("{page}/release"),
            &[("released", "on")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post_form(&page, &format!("{page}/release"), &[("released", "maybe")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = app.html_in(&candidate, &done).await;
    assert!(!html.contains("released-score"));

    let res = app
        .post_form(&page, &format!("{page}/release"), &[("released", "on")])
        .await;
    assert_eq!(res.status(), 303);
    let html = app.html_in(&candidate, &done).await;
    assert!(html.contains("released-score"), "{html}");
    app.drop_database().await;
}
