//! Interviewer-led sessions: preparing (bank search, dealing, own questions, templates), the
//! candidate joining and starting, with two clients (interviewer and candidate), and bad input.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;
use crate::interviews_support::*;

#[tokio::test]
async fn interviewer_and_candidate_run_a_session_together() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("interviewer").await;

    // Prepare: a session, a searched bank question, two dealt ones, an own question.
    let id = create_session(&app, "Backend loop").await;
    let page = format!("/interviews/{id}");
    let html = app
        .html(&format!("{page}?q=shard&topic=&difficulty="))
        .await;
    assert!(
        html.contains("When would you shard a relational database?"),
        "{html}"
    );
    assert!(
        !html.contains("What is a database index?"),
        "search narrows the list"
    );
    // topics read as names, not slugs
    assert!(html.contains("· Databases &#38; storage ·"), "{html}");
    assert!(
        html.contains(r#"<option value="databases">Databases &#38; storage</option>"#),
        "{html}"
    );
    let filtered = app
        .html(&format!("{page}?q=&topic=caching&difficulty=hard"))
        .await;
    assert!(filtered.contains("globally replicated cache"));
    assert!(!filtered.contains("What is a cache and why use one?"));
    assert_eq!(add_question(&app, &id, "q-db-2").await.status(), 303);
    let res = app
        .post_form(
            &page,
            &format!("{page}/deal"),
            &[("topic", "caching"), ("difficulty", ""), ("count", "2")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &page,
            &format!("{page}/own"),
            &[
                ("prompt", "How would you rate-limit an API <per tenant>?"),
                (
                    "reference",
                    "Use a token bucket per tenant, kept in Redis, with a burst and a refill rate.",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (count, caching): (i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE q.topic = 'caching')
         FROM session_questions sq LEFT JOIN questions q ON q.id = sq.question_id
         WHERE sq.session_id = $1::uuid",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((count, caching), (4, 2));
    let html = app.html(&page).await;
    assert!(
        html.contains("How would you rate-limit an API &#60;per tenant&#62;?"),
        "escaped"
    );

    // Remove the second question: positions close up.
    let res = app
        .post_form(&page, &format!("{page}/questions/1/remove"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let positions: Vec<i32> = sqlx::query_scalar(
        "SELECT position FROM session_questions WHERE session_id = $1::uuid ORDER BY position",
    )
    .bind(&id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(positions, vec![0, 1, 2]);

    // The candidate link moves the session to scheduled; only its hash is stored.
    let token = issue_link(&app, &id).await;
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM session_links")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored.len(), 32);
    assert!(!String::from_utf8_lossy(&stored).contains(&token));
    let html = app.html("/interviews").await;
    assert!(
        html.contains("Scheduled <span class=\"muted\">(1)</span>"),
        "{html}"
    );

    // The candidate joins without an account and waits.
    let candidate = browser();
    let join = format!("/join/{token}");
    let form = candidate.get(app.url(&join)).send().await.unwrap();
    assert_eq!(form.status(), 200);
    assert!(
        form.text().await.unwrap().contains("value=\"Ada\""),
        "suggested name"
    );
    let candidate = joined_candidate(&app, &token, "Ada L.").await;
    let room = candidate
        .get(app.url(&format!("{join}/room")))
        .send()
        .await
        .unwrap();
    let html = room.text().await.unwrap();
    assert!(
        html.contains("waiting room") && html.contains("Ada L."),
        "{html}"
    );
    assert!(
        !html.contains("token bucket"),
        "no reference answers for the candidate"
    );

    let candidate_csrf = app.csrf_token_in(&candidate, &format!("{join}/room")).await;
    // The interviewer sees the candidate; the candidate starts.
    let live: Value = app.json(&format!("{page}/live.json")).await;
    assert_eq!(live["candidate"]["display_name"], "Ada L.");
    assert_eq!(live["state"], "scheduled");
    assert_eq!(live["questions"].as_array().unwrap().len(), 3);
    let status: Value = app.json_in(&candidate, &format!("{join}/status")).await;
    assert_eq!(status["state"], "scheduled");
    let res = start_as_candidate(&app, &candidate, &token).await;
    assert_eq!(res.status(), 303);
    let live: Value = app.json(&format!("{page}/live.json")).await;
    assert_eq!(live["state"], "live");
    let html = app.html_in(&candidate, &format!("{join}/room")).await;
    assert!(html.contains("The interview has started"));

    // Starting twice is refused (the room has no start form any more: reuse its token);
    // the interviewer finishes; the dashboard files it.
    let res = candidate
        .post(app.url(&format!("{join}/start")))
        .form(&[("csrf_token", candidate_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = app
        .post_form(&format!("{page}/live"), &format!("{page}/finish"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let html = app.html("/interviews").await;
    assert!(
        html.contains("Finished <span class=\"muted\">(1)</span>"),
        "{html}"
    );
    let res = app
        .post_form(
            &page,
            &format!("{page}/own"),
            &[("prompt", "late"), ("reference", "late")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "questions are fixed once started"
    );
    for action in ["questions/0/remove", "questions/1/move"] {
        let res = app
            .post_form(&page, &format!("{page}/{action}"), &[("direction", "up")])
            .await;
        assert_eq!(res.status(), StatusCode::CONFLICT, "{action} once started");
    }
}

#[tokio::test]
async fn any_difficulty_deals_easy_to_hard_and_never_a_question_twice() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("interviewer").await;
    let id = create_session(&app, "Caching loop").await;
    let page = format!("/interviews/{id}");
    let deal = |count: &'static str| {
        let (page, app) = (page.clone(), &app);
        async move {
            let fields = [("topic", "caching"), ("difficulty", ""), ("count", count)];
            app.post_form(&page, &format!("{page}/deal"), &fields).await
        }
    };
    assert_eq!(deal("3").await.status(), 303);
    let dealt: Vec<String> = sqlx::query_scalar(
        "SELECT question_id FROM session_questions WHERE session_id = $1::uuid ORDER BY position",
    )
    .bind(&id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        dealt,
        ["q-cache-1", "q-cache-2", "q-cache-3"],
        "one of each, easy first"
    );
    // Every caching question is in the session: nothing more to deal, and nothing is added.
    let res = deal("2").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("No questions in the bank match")
    );
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM session_questions WHERE session_id = $1::uuid")
            .bind(&id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(count, 3);
}

#[tokio::test]
async fn the_interviewer_can_start_for_the_candidate() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token) = prepared(&app, "interviewer").await;
    let candidate = joined_candidate(&app, &token, "Grace").await;
    let page = format!("/interviews/{id}");
    let res = app.post_form(&page, &format!("{page}/start"), &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("{page}/live"));
    let status: Value = app
        .json_in(&candidate, &format!("/join/{token}/status"))
        .await;
    assert_eq!(status["state"], "live");
}

#[tokio::test]
async fn sessions_are_saved_and_reused_as_templates() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("interviewer").await;
    let id = create_session(&app, "My backend loop").await;
    add_question(&app, &id, "q-cache-2").await;
    let page = format!("/interviews/{id}");
    let res = app
        .post_form(&page, &format!("{page}/template"), &[("on", "true")])
        .await;
    assert_eq!(res.status(), 303);
    let html = app.html("/interviews").await;
    assert!(
        html.contains("Templates <span class=\"muted\">(1)</span>"),
        "{html}"
    );
    let res = app
        .post_form("/interviews", &format!("{page}/copy"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let copy = location(&res);
    assert_ne!(copy, page);
    let html = app.html(&copy).await;
    assert!(html.contains("How would you invalidate a distributed cache?"));
    assert!(html.contains("<strong class=\"session-state\">draft</strong>"));
    // A template itself gets no candidate link.
    let res = app.post_form(&page, &format!("{page}/link"), &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn bad_input_gets_clear_errors() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("interviewer").await;
    let bad_creates: [&[(&str, &str)]; 4] = [
        &[("title", "  "), ("minutes", "5")],
        &[("title", "ok"), ("minutes", "0")],
        &[("title", "ok"), ("minutes", "121")],
        &[("title", "ok"), ("minutes", "five")],
    ];
    for fields in bad_creates {
        let res = app.post_form("/interviews", "/interviews", fields).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{fields:?}");
    }
    let id = create_session(&app, "Loop").await;
    let page = format!("/interviews/{id}");
    // Starting needs a link, then questions.
    let res = app.post_form(&page, &format!("{page}/start"), &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Send the candidate link")
    );
    let token = issue_link(&app, &id).await;
    let res = app.post_form(&page, &format!("{page}/start"), &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("no questions"));

    let res = add_question(&app, &id, "no-such-question").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    add_question(&app, &id, "q-db-1").await;
    assert_eq!(
        add_question(&app, &id, "q-db-1").await.status(),
        StatusCode::BAD_REQUEST,
        "twice"
    );
    let res = app
        .post_form(
            &page,
            &format!("{page}/own"),
            &[("prompt", "Q?"), ("reference", " ")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    for (topic, difficulty, count) in [
        ("nothing-like-this", "", "2"),
        ("", "impossible", "2"),
        ("", "", "0"),
        ("", "", "11"),
    ] {
        let fields = [
            ("topic", topic),
            ("difficulty", difficulty),
            ("count", count),
        ];
        let res = app.post_form(&page, &format!("{page}/deal"), &fields).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{fields:?}");
    }
    assert_eq!(
        app.get(&format!("{page}?difficulty=impossible"))
            .await
            .status(),
        400
    );
    let res = app
        .post_form(&page, &format!("{page}/questions/7/remove"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/interviews/not-a-uuid").await.status(), 404);

    // The candidate's name is checked too.
    let candidate = browser();
    let join = format!("/join/{token}");
    let res = app
        .post_form_in(&candidate, &join, &join, &[("display_name", "   ")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let long = "x".repeat(101);
    let res = app
        .post_form_in(&candidate, &join, &join, &[("display_name", long.as_str())])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_leaderboard_flag_is_off_by_default_and_the_owners_to_set() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, _token) = prepared(&app, "interviewer").await;
    let flag = || async {
        sqlx::query_scalar::<_, bool>(
            "SELECT count_for_leaderboards FROM interview_sessions WHERE id = $1::uuid",
        )
        .bind(&id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    assert!(!flag().await, "off by default");
    let page = format!("/interviews/{id}");
    let res = app
        .post_form(&page, &format!("{page}/leaderboards"), &[("on", "true")])
        .await;
    assert_eq!(res.status(), 303);
    assert!(flag().await);
    assert!(
        app.html(&page)
            .await
            .contains("Do not count on leaderboards")
    );
    let res = app
        .post_form(&page, &format!("{page}/leaderboards"), &[("on", "maybe")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let stranger = browser();
    let res = app
        .post_form_in(
            &stranger,
            "/login",
            &format!("{page}/leaderboards"),
            &[("on", "false")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "anonymous: log in first"
    );
    assert!(flag().await, "unchanged");
}

#[tokio::test]
async fn questions_are_reordered() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("interviewer").await;
    let id = create_session(&app, "Ordered").await;
    for q in ["q-cache-1", "q-cache-2", "q-db-1"] {
        assert_eq!(add_question(&app, &id, q).await.status(), 303);
    }
    let page = format!("/interviews/{id}");
    let order = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT question_id FROM session_questions WHERE session_id = $1::uuid ORDER BY position",
        )
        .bind(&id)
        .fetch_all(&app.pool)
        .await
        .unwrap()
    };
    let mv = |pos: i32, dir: &'static str| {
        let page = page.clone();
        let app = &app;
        async move {
            app.post_form(
                &page,
                &format!("{page}/questions/{pos}/move"),
                &[("direction", dir)],
            )
            .await
            .status()
        }
    };
    assert_eq!(mv(2, "up").await, 303);
    assert_eq!(order().await, ["q-cache-1", "q-db-1", "q-cache-2"]);
    assert_eq!(mv(0, "down").await, 303);
    assert_eq!(order().await, ["q-db-1", "q-cache-1", "q-cache-2"]);
    assert_eq!(mv(0, "up").await, StatusCode::BAD_REQUEST, "already first");
    assert_eq!(mv(2, "down").await, StatusCode::BAD_REQUEST, "already last");
    assert_eq!(mv(1, "sideways").await, StatusCode::BAD_REQUEST);
    assert_eq!(order().await, ["q-db-1", "q-cache-1", "q-cache-2"]);
}
