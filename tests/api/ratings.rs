//! Ratings (issue 16) through the pages and the JSON API: only a user's first graded solo answer to
//! a question moves ratings; flagged answers and practice of one chosen question move the user's
//! ratings but not the question's; interview-session answers move nothing; adaptive dealing deals
//! near the user's rating and refuses bad choices with a clear message.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::linked_candidate_submits;
use crate::solo_support::{GOOD_ANSWER, User, api, error_message, location, register, seed_bank};

/// A keyword dump the grader flags (`keyword_dump`).
const KEYWORD_DUMP: &str = "LRU, TTL, cache invalidation, replication, eviction policy, expiry";

/// The caller's ratings from `GET /api/v1/ratings` (the login cookie authenticates).
async fn ratings(user: &User) -> Value {
    let r = user.get("/api/v1/ratings").await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// The rating of `topic` in a ratings document, `Value::Null` when absent.
fn topic_rating(doc: &Value, topic: &str) -> Value {
    doc["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["topic"] == topic)
        .map_or(Value::Null, |t| t["rating"].clone())
}

/// A question's API document.
async fn question(app: &TestApp, id: &str) -> Value {
    let r = app.get(&format!("/api/v1/questions/{id}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn flags_of(app: &TestApp, item: Uuid) -> Vec<String> {
    sqlx::query_scalar("SELECT flags FROM answers WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Opens and submits `body` to every item of interview `id` in turn; returns the items.
async fn answer_all(user: &User, id: Uuid, body: &str) -> Vec<Uuid> {
    let mut items = Vec::new();
    loop {
        let r = user.get(&format!("/practice/interviews/{id}/next")).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let to = location(&r);
        let Some(item) = to.strip_prefix("/practice/items/") else {
            return items; // the summary: every item answered
        };
        let item: Uuid = item.parse().unwrap();
        user.open(item).await;
        assert_eq!(
            user.submit(item, body).await.status(),
            StatusCode::SEE_OTHER
        );
        items.push(item);
    }
}

/// Deals an interview through the start form and answers every question with `body`.
async fn play(user: &User, fields: &[(&str, &str)], body: &str) -> Vec<Uuid> {
    let r = user.post("/practice", fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "dealing succeeds");
    let id: Uuid = location(&r)
        .trim_start_matches("/practice/interviews/")
        .trim_end_matches("/next")
        .parse()
        .unwrap();
    answer_all(user, id, body).await
}

/// "Practise this question" on its page, answered with `body`; returns the item.
async fn practise(user: &User, question: &str, body: &str) -> Uuid {
    let r = user
        .post(
            &format!("/questions/{question}/practise"),
            &[("minutes", "5")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id: Uuid = location(&r)
        .trim_start_matches("/practice/interviews/")
        .trim_end_matches("/next")
        .parse()
        .unwrap();
    let items = answer_all(user, id, body).await;
    assert_eq!(items.len(), 1);
    items[0]
}

const DATABASES_EASY: &[(&str, &str)] = &[
    ("topic", "databases"),
    ("difficulty", "easy"),
    ("count", "2"),
    ("minutes", "5"),
];

#[tokio::test]
async fn ratings_move_only_on_first_solo_attempts() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let bob = register(&app, "bob").await;
    let before = ratings(&bob).await;
    assert_eq!(before["overall"], Value::Null, "no games yet: {before}");
    let label = question(&app, "d-e1").await;
    assert_eq!(label["learned"], Value::Null);

    // The two easy database questions, both first attempts.
    let items = play(&bob, DATABASES_EASY, GOOD_ANSWER).await;
    assert_eq!(items.len(), 2);
    let after = ratings(&bob).await;
    assert_eq!(after["overall"]["games"], 2, "{after}");
    assert!(
        after["overall"]["rating"].as_f64().unwrap() > 1500.0,
        "{after}"
    );
    let db = topic_rating(&after, "databases");
    assert_eq!(db["games"], 2, "{after}");
    assert_eq!(db["provisional"], true);
    for id in ["d-e1", "d-e2"] {
        let q = question(&app, id).await;
        assert_eq!(q["learned"]["games"], 1, "{q}");
        assert!(
            q["learned"]["rating"].as_f64().unwrap() < q["rating"].as_f64().unwrap(),
            "a good answer makes the question look easier: {q}"
        );
    }
    let questions_after = (question(&app, "d-e1").await, question(&app, "d-e2").await);
    // The pages show it: a line for databases on the history's rating chart, the learned
    // rating on the question's page.
    let (_, history) = bob.page("/history").await;
    assert!(history.contains("Your rating by topic"), "{history}");
    let chart = history
        .split("class=\"score-chart rating-chart\"")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .expect("the rating chart");
    assert_eq!(chart.matches("<polyline").count(), 1, "one topic: {chart}");
    assert_eq!(chart.matches("<circle").count(), 2, "two games: {chart}");
    assert!(
        history.contains("Databases &#38; storage <strong>"),
        "{history}"
    );
    let (_, page) = bob.page("/questions/d-e1").await;
    assert!(page.contains("Learned from attempts: "), "{page}");
    assert!(page.contains("from 1 first attempt by users"), "{page}");
    let (_, page) = bob.page("/questions/c-e1").await;
    assert!(
        page.contains("nobody&#39;s first attempt has rated it yet")
            || page.contains("nobody's first attempt"),
        "{page}"
    );

    // Dealt again (only two exist): second attempts move nothing.
    let again = play(&bob, DATABASES_EASY, "No idea, sorry.").await;
    assert_eq!(again.len(), 2);
    assert_eq!(
        ratings(&bob).await,
        after,
        "second attempts leave the user alone"
    );
    assert_eq!(
        (question(&app, "d-e1").await, question(&app, "d-e2").await),
        questions_after,
        "and the questions"
    );
    // And through a question's page too.
    practise(&bob, "d-e1", GOOD_ANSWER).await;
    assert_eq!(ratings(&bob).await, after);
    let games: i64 = sqlx::query_scalar("SELECT count(*) FROM rating_games")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(games, 2, "one game per first attempt");
}

#[tokio::test]
async fn flagged_answers_move_the_user_but_not_the_question() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let cat = register(&app, "cat").await;
    let items = play(
        &cat,
        &[
            ("topic", "databases"),
            ("difficulty", "hard"),
            ("count", "1"),
            ("minutes", "5"),
        ],
        KEYWORD_DUMP,
    )
    .await;
    assert_eq!(
        flags_of(&app, items[0]).await,
        vec!["keyword_dump".to_string()],
        "the grader flags it"
    );
    let mine = ratings(&cat).await;
    assert_eq!(mine["overall"]["games"], 1, "{mine}");
    assert!(
        topic_rating(&mine, "databases")["rating"].as_f64().unwrap() < 1500.0,
        "a keyword dump costs the user: {mine}"
    );
    let q = question(&app, "d-h1").await;
    assert_eq!(q["learned"]["games"], 0, "{q}");
    assert_eq!(q["learned"]["rating"], q["rating"].as_f64().unwrap(), "{q}");
}

#[tokio::test]
async fn practice_of_a_chosen_question_moves_the_user_but_not_the_question() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let dan = register(&app, "dan").await;
    practise(&dan, "c-h2", GOOD_ANSWER).await;
    let mine = ratings(&dan).await;
    assert_eq!(topic_rating(&mine, "caching")["games"], 1, "{mine}");
    let q = question(&app, "c-h2").await;
    assert_eq!(q["learned"]["games"], 0, "{q}");
}

#[tokio::test]
async fn interview_session_answers_move_nothing_and_use_up_the_first_attempt() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    // ivy interviews cat, who joins signed in and saves the answers to her account.
    app.register_and_log_in("ivy").await;
    let cat = register(&app, "cat").await;
    linked_candidate_submits(&app, &cat, "c-m1", GOOD_ANSWER).await;
    let saved: i64 =
        sqlx::query_scalar("SELECT count(*) FROM answers WHERE source = 'interview' AND score > 0")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        saved, 1,
        "the session answer is graded and saved to cat's account"
    );
    assert_eq!(ratings(&cat).await["overall"], Value::Null);
    assert_eq!(question(&app, "c-m1").await["learned"], Value::Null);

    // Solo, both medium caching questions: c-m1 is no first attempt any more.
    let items = play(
        &cat,
        &[
            ("topic", "caching"),
            ("difficulty", "medium"),
            ("count", "2"),
            ("minutes", "5"),
        ],
        GOOD_ANSWER,
    )
    .await;
    assert_eq!(items.len(), 2);
    assert_eq!(ratings(&cat).await["overall"]["games"], 1);
    assert_eq!(question(&app, "c-m1").await["learned"], Value::Null);
    assert_eq!(question(&app, "c-m2").await["learned"]["games"], 1);
}

/// Learned ratings for three caching questions: c-e1 1200, c-m1 1500, c-h1 1800 (the other
/// fixture questions keep their labels, about 1000).
async fn rate_caching(app: &TestApp) {
    for (id, rating) in [("c-e1", 1200.0), ("c-m1", 1500.0), ("c-h1", 1800.0)] {
        sqlx::query(
            "INSERT INTO question_ratings (question_id, rating, deviation, volatility, games)
             VALUES ($1, $2, 80, 0.06, 20)",
        )
        .bind(id)
        .bind(rating)
        .execute(&app.pool)
        .await
        .unwrap();
    }
}

/// The one question of interview `id`.
async fn dealt(app: &TestApp, id: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT question_id FROM interview_items WHERE interview_id = $1::uuid ORDER BY position",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn adaptive_dealing_aims_at_the_users_rating_through_the_page_and_the_api() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    rate_caching(&app).await;
    // A new user (1500): easier aims at 1200, at my level at 1400 (100 below), harder at 1800.
    let eve = register(&app, "eve").await;
    let (_, page) = eve.page("/practice").await;
    for value in ["adaptive-easier", "adaptive", "adaptive-harder"] {
        assert!(page.contains(&format!("value=\"{value}\"")), "{value}");
    }
    for (choice, want) in [
        ("adaptive-easier", "c-e1"),
        ("adaptive", "c-m1"),
        ("adaptive-harder", "c-h1"),
    ] {
        let r = eve
            .post(
                "/practice",
                &[
                    ("topic", "caching"),
                    ("difficulty", choice),
                    ("count", "1"),
                    ("minutes", "5"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{choice}");
        let id = location(&r)
            .trim_start_matches("/practice/interviews/")
            .trim_end_matches("/next")
            .to_owned();
        assert_eq!(dealt(&app, &id).await, vec![want], "{choice}");
        let (_, history) = eve.page("/history").await;
        assert!(history.contains(choice), "the history names the choice");
    }

    // Over the API, for a user rated 1500 in caching: harder is c-h1.
    let fay = api(&app, "fay").await;
    let (status, iv) = fay
        .post(
            "/api/v1/interviews",
            json!({"topics": ["caching"], "difficulty": "adaptive-harder", "count": 1, "minutes": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{iv}");
    assert_eq!(iv["difficulty"], "adaptive-harder");
    assert_eq!(iv["items"][0]["question_id"], "c-h1");
    // A user rated 1300 in caching gets c-e1 at their level (aimed at 1200), c-m1 when pushed
    // harder (aimed at 1600).
    sqlx::query(
        "INSERT INTO user_ratings (user_id, topic, rating, deviation, volatility)
         SELECT id, 'caching', 1300, 60, 0.06 FROM users WHERE username = 'fay'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    for (choice, want) in [("adaptive", "c-e1"), ("adaptive-harder", "c-m1")] {
        let (status, iv) = fay
            .post(
                "/api/v1/interviews",
                json!({"topics": ["caching"], "difficulty": choice, "count": 1, "minutes": 5}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{iv}");
        assert_eq!(iv["items"][0]["question_id"], want, "{choice}");
    }
}

#[tokio::test]
async fn bad_difficulty_choices_are_refused_with_the_choices_named() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let gus = register(&app, "gus").await;
    let r = gus
        .post(
            "/practice",
            &[
                ("difficulty", "adaptive-sideways"),
                ("count", "1"),
                ("minutes", "5"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Difficulty must be one of easy, medium, hard, mixed, adaptive-easier, adaptive, adaptive-harder"),
        "{page}"
    );
    assert!(page.contains("adaptive-sideways"));
    // Too many questions for an adaptive deal: the form again, with the reason.
    let r = gus
        .post(
            "/practice",
            &[
                ("topic", "databases"),
                ("difficulty", "adaptive"),
                ("count", "9"),
                ("minutes", "5"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Only 4 question(s) match"), "{page}");

    let hal = api(&app, "hal").await;
    let (status, e) = hal
        .post(
            "/api/v1/interviews",
            json!({"difficulty": "Adaptive!", "count": 1, "minutes": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_message(&e),
        "difficulty must be one of easy, medium, hard, mixed, adaptive-easier, adaptive, adaptive-harder, not \"Adaptive!\""
    );
    let (status, e) = hal
        .post(
            "/api/v1/interviews",
            json!({"topics": ["nope"], "difficulty": "adaptive", "count": 1, "minutes": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(error_message(&e).contains("nope"));
    let interviews: i64 = sqlx::query_scalar("SELECT count(*) FROM interviews")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(interviews, 0, "nothing dealt");
    // An unknown question's API document is a JSON 404.
    let r = app.get("/api/v1/questions/no-such").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let e: Value = r.json().await.unwrap();
    assert!(error_message(&e).contains("no-such"));
}

/// `whetstone ratings report` as a user runs it.
fn report_cli(database_url: Option<&str>, extra: &[&str]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_whetstone"));
    c.args(["ratings", "report"])
        .args(extra)
        .env_remove("DATABASE_URL")
        .env("WHETSTONE_DATA_DIR", std::env::temp_dir())
        .env("RUST_LOG", "warn");
    if let Some(url) = database_url {
        c.env("DATABASE_URL", url);
    }
    c.output().expect("running whetstone ratings report")
}

#[tokio::test]
async fn the_bank_report_lists_questions_far_from_their_label() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    // labels are 1000 + position: c-e1 1000, c-e2 1001, c-e3 1002, c-m1 1003
    for (id, rating, games) in [
        ("c-e1", 1400.0, 12), // +400
        ("c-e2", 1050.0, 30), // +49: close to its label
        ("c-e3", 1900.0, 2),  // too few attempts to say
        ("c-m1", 750.0, 9),   // -253
    ] {
        sqlx::query(
            "INSERT INTO question_ratings (question_id, rating, deviation, volatility, games)
             VALUES ($1, $2, 90, 0.06, $3)",
        )
        .bind(id)
        .bind(rating)
        .bind(games)
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let url = app
        .settings
        .database_url
        .as_ref()
        .unwrap()
        .expose()
        .to_string();
    let out = report_cli(Some(&url), &[]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[1].starts_with("c-e1 ") && lines[1].contains("+400"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("c-m1 ") && lines[2].contains("-253"),
        "{text}"
    );
    assert_eq!(
        lines.last().unwrap(),
        &"2 of 3 questions with at least 5 rated attempts moved more than 150 points from their label (4 of 14 questions played)"
    );
    let out = report_cli(
        Some(&url),
        &["--json", "--threshold", "300", "--min-games", "1"],
    );
    assert!(out.status.success(), "{out:?}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = doc["drifted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["c-e3", "c-e1"], "{doc}");

    // errors: no database, bad arguments
    let out = report_cli(None, &[]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL is not set"),
        "{out:?}"
    );
    let out = report_cli(Some(&url), &["--min-games", "0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--min-games must be at least 1, not 0"));
    let out = report_cli(Some(&url), &["--threshold=-5"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--threshold must be zero or more"));
}

#[tokio::test]
async fn a_first_answer_that_ran_out_of_time_is_rated_on_its_saved_draft() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let ida = register(&app, "ida").await;
    let (_, item) = ida
        .start_and_open(&[
            ("topic", "databases"),
            ("difficulty", "medium"),
            ("count", "1"),
            ("minutes", "1"),
        ])
        .await;
    assert_eq!(
        ida.save_draft(item, GOOD_ANSWER).await.status(),
        StatusCode::OK
    );
    crate::solo_support::expire(&app.pool, item).await;
    let r = ida.submit(item, "typed too late").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (score, result): (f32, f64) = sqlx::query_as(
        "SELECT a.score, g.result FROM answers a
         JOIN rating_games g ON g.item_id = a.item_id WHERE a.item_id = $1",
    )
    .bind(item)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(score > 5.0, "the saved good draft was graded: {score}");
    assert!(
        (result - f64::from(score) / 10.0).abs() < 1e-6,
        "{result} vs {score}"
    );
    assert_eq!(question(&app, "d-m1").await["learned"]["games"], 1);
    assert_eq!(ratings(&ida).await["overall"]["games"], 1);
}
