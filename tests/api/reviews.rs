//! Reviews of missed concepts (issue 16): cards from graded solo answers, the "Due today" page,
//! reviewing a card through the pages and the JSON API, the desired retention, and every error.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::linked_candidate_submits;
use crate::solo_support::{Api, ONE_EASY, User, api, error_message, location, register, seed_bank};

/// Names eviction and expiry; says nothing of invalidation or replicas.
const HALF_ANSWER: &str = "Put an LRU eviction policy in front of the database and give every \
    entry a TTL so stale data ages out after a while.";

/// A complete answer to the invalidation criterion's probe.
const INVALIDATION_ANSWER: &str = "On every write we invalidate the cache key (cache \
    invalidation on write), so the old value cannot be served after the database changed.";

/// A user who answered one fixture question with [`HALF_ANSWER`] through the pages.
async fn answered_half(app: &TestApp, name: &str) -> User {
    let u = register(app, name).await;
    let (_, item) = u.start_and_open(ONE_EASY).await;
    let r = u.submit(item, HALF_ANSWER).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    u
}

/// The user's cards: (criterion, due now, id).
async fn cards(pool: &PgPool, name: &str) -> Vec<(String, bool, Uuid)> {
    sqlx::query_as(
        "SELECT c.criterion_id, c.due_at <= now(), c.id FROM review_cards c
         JOIN users u ON u.id = c.user_id WHERE u.username = $1 ORDER BY c.criterion_id",
    )
    .bind(name)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn card_of(pool: &PgPool, name: &str, criterion: &str) -> Uuid {
    cards(pool, name)
        .await
        .into_iter()
        .find(|c| c.0 == criterion)
        .unwrap_or_else(|| panic!("no {criterion} card"))
        .2
}

async fn review_count(pool: &PgPool, card: Uuid) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM review_log WHERE card_id = $1 AND source = 'review'")
        .bind(card)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_miss_makes_a_due_card_and_a_good_review_takes_it_off_for_the_day() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = answered_half(&app, "ann").await;

    // every criterion became a card: the missed ones are due now, the met ones later
    let all = cards(&app.pool, "ann").await;
    let due: Vec<&str> = all.iter().filter(|c| c.1).map(|c| c.0.as_str()).collect();
    assert_eq!(due, ["invalidation", "replication"], "{all:?}");
    assert_eq!(all.len(), 4, "met criteria are cards too: {all:?}");

    let (status, page) = u.page("/reviews").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<strong>2</strong> cards due"), "{page}");
    assert!(page.contains("Invalidation on write") && page.contains("Replicas of each cache node"));
    assert!(
        !page.contains("Eviction policy"),
        "a met concept is not due today"
    );
    assert!(
        page.contains("aria-current=\"page\">Reviews"),
        "the header marks Reviews"
    );
    let (_, home) = u.page("/").await;
    assert!(
        home.contains("<strong class=\"reviews-due-count\">2</strong>")
            && home.contains("href=\"/reviews\""),
        "the home page shows the due count with a link"
    );

    // the review asks the criterion's probe under a timer
    let card = card_of(&app.pool, "ann", "invalidation").await;
    let (status, review) = u.page(&format!("/reviews/{card}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(review.contains("A value changes in the database. How does the cache find out?"));
    assert!(
        review.contains("id=\"countdown\" data-seconds-left=\"1"),
        "{review}"
    );

    let r = u
        .post(
            &format!("/reviews/{card}/answer"),
            &[("body", INVALIDATION_ANSWER)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/reviews/{card}/result"));
    let (status, result) = u.page(&location(&r)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        result.contains("<span class=\"verdict\">met</span>"),
        "{result}"
    );
    assert!(
        result.contains("Writes must not leave old values behind."),
        "the expected point is shown"
    );
    assert!(result.contains("Next review:"));

    // off the list, and not shown again today: opening it shows the result, answering again
    // records nothing
    let (_, page) = u.page("/reviews").await;
    assert!(page.contains("<strong>1</strong> card due"), "{page}");
    assert!(!page.contains(&format!("/reviews/{card}\"")));
    let r = u.get(&format!("/reviews/{card}")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/reviews/{card}/result"));
    let r = u
        .post(
            &format!("/reviews/{card}/answer"),
            &[("body", INVALIDATION_ANSWER)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(review_count(&app.pool, card).await, 1);
    let due_at: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT due_at FROM review_cards WHERE id = $1")
            .bind(card)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(due_at >= chrono::Utc::now() + chrono::Duration::hours(23));

    // missed again in a solo answer of the same question the same day: still not due before
    // a day has passed since the review
    let question: String = sqlx::query_scalar("SELECT question_id FROM review_cards WHERE id = $1")
        .bind(card)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let r = u
        .post(
            &format!("/questions/{question}/practise"),
            &[("minutes", "5")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let item = u.follow_to_item(&r).await;
    u.open(item).await;
    assert_eq!(
        u.submit(item, HALF_ANSWER).await.status(),
        StatusCode::SEE_OTHER
    );
    let (still, solo_events): (bool, i64) = sqlx::query_as(
        "SELECT c.due_at > now(), (SELECT COUNT(*) FROM review_log l
                                    WHERE l.card_id = c.id AND l.source = 'solo')
         FROM review_cards c WHERE c.id = $1",
    )
    .bind(card)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(solo_events, 2, "the second miss is logged");
    assert!(still, "a card reviewed today is not due again today");
}

#[tokio::test]
async fn review_page_errors_keep_the_answer_and_record_nothing() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = answered_half(&app, "ben").await;
    let card = card_of(&app.pool, "ben", "replication").await;
    u.page(&format!("/reviews/{card}")).await;

    // empty answer: 400, the form again with the error
    let r = u
        .post(&format!("/reviews/{card}/answer"), &[("body", "   ")])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Write an answer before submitting it"),
        "{html}"
    );
    assert!(html.contains("id=\"review-form\""));
    // too long: 413, the text kept in the box
    let long = "replica ".repeat(2600);
    let r = u
        .post(&format!("/reviews/{card}/answer"), &[("body", &long)])
        .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("replica replica replica"));
    assert_eq!(review_count(&app.pool, card).await, 0);

    // unknown card and another user's card: 404
    let (status, _) = u.page(&format!("/reviews/{}", Uuid::new_v4())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let eve = register(&app, "eve").await;
    let (status, html) = eve.page(&format!("/reviews/{card}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
    let r = eve
        .post(
            &format!("/reviews/{card}/answer"),
            &[("body", "Each node has a replica.")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (status, _) = eve.page(&format!("/reviews/{card}/result")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(review_count(&app.pool, card).await, 0);
    // the other user sees nothing due
    let (_, page) = eve.page("/reviews").await;
    assert!(page.contains("Nothing is due."), "{page}");
}

#[tokio::test]
async fn the_desired_retention_is_set_on_the_account_page_within_its_range() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = answered_half(&app, "cat").await;
    let met = card_of(&app.pool, "cat", "eviction").await;
    let due = |pool: PgPool| async move {
        sqlx::query_scalar::<_, chrono::DateTime<chrono::Utc>>(
            "SELECT due_at FROM review_cards WHERE id = $1",
        )
        .bind(met)
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let before = due(app.pool.clone()).await;

    let (status, page) = u.page("/account/reviews").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("value=\"0.90\""), "{page}");
    for bad in ["0.5", "0.98", "lots", ""] {
        let r = u
            .post("/account/reviews", &[("desired_retention", bad)])
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
        let html = r.text().await.unwrap();
        assert!(html.contains("The desired retention must be"), "{html}");
    }
    assert_eq!(
        due(app.pool.clone()).await,
        before,
        "a refused value changes nothing"
    );

    let r = u
        .post("/account/reviews", &[("desired_retention", "0.97")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/account/reviews?done=saved");
    let (_, page) = u.page("/account/reviews?done=saved").await;
    assert!(page.contains("value=\"0.97\"") && page.contains("rescheduled"));
    assert!(
        due(app.pool.clone()).await < before,
        "a higher retention reviews a known concept sooner"
    );
}

async fn due_json(a: &Api<'_>) -> Value {
    let (status, body) = a.get("/api/v1/reviews/due").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn reviews_over_the_json_api() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let dan = api(&app, "dan").await;
    assert_eq!(due_json(&dan).await["total"], 0);

    let (_, iv) = dan
        .post(
            "/api/v1/interviews",
            json!({"topics": ["caching"], "difficulty": "easy", "count": 1, "minutes": 5}),
        )
        .await;
    let id = iv["id"].as_str().unwrap().to_owned();
    let (_, cur) = dan.get(&format!("/api/v1/interviews/{id}/current")).await;
    let item = cur["item_id"].as_str().unwrap().to_owned();
    let (status, _) = dan
        .post(
            &format!("/api/v1/items/{item}/submit"),
            json!({ "body": HALF_ANSWER }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let due = due_json(&dan).await;
    assert_eq!(due["total"], 2, "{due}");
    let cards = due["cards"].as_array().unwrap();
    let card = cards
        .iter()
        .find(|c| c["criterion_id"] == "invalidation")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(cards[0]["question"], cur["prompt"]);

    let (status, review) = dan.get(&format!("/api/v1/reviews/{card}")).await;
    assert_eq!(status, StatusCode::OK, "{review}");
    assert_eq!(
        review["asks"],
        "A value changes in the database. How does the cache find out?"
    );
    assert_eq!(review["seconds"], 180);

    // bad input: empty, malformed, too long, unknown card, another user's card
    let path = format!("/api/v1/reviews/{card}/answer");
    let (status, e) = dan.post(&path, json!({ "body": "" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error_message(&e).contains("Write an answer"), "{e}");
    let (status, _) = dan.post(&path, json!({ "text": "no body field" })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = dan.post(&path, json!({ "body": "x".repeat(20_001) })).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let unknown = format!("/api/v1/reviews/{}/answer", Uuid::new_v4());
    let (status, e) = dan.post(&unknown, json!({ "body": "anything" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_message(&e), "There is no such review card.");
    let eve = api(&app, "eve").await;
    let (status, _) = eve.get(&format!("/api/v1/reviews/{card}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = eve
        .post(&path, json!({ "body": INVALIDATION_ANSWER }))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, done) = dan
        .post(&path, json!({ "body": INVALIDATION_ANSWER }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{done}");
    assert_eq!(done["verdict"], "met");
    assert!(["good", "easy"].contains(&done["rating"].as_str().unwrap()));
    assert_eq!(done["expects"], "Writes must not leave old values behind.");
    assert_eq!(
        due_json(&dan).await["total"],
        1,
        "the reviewed card left the due list"
    );

    // not twice the same day
    let (status, e) = dan
        .post(&path, json!({ "body": INVALIDATION_ANSWER }))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(error_message(&e).contains("not due until"), "{e}");
    let (status, _) = dan.get(&format!("/api/v1/reviews/{card}")).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // the desired retention
    let (status, s) = dan.get("/api/v1/review-settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!((s["desired_retention"].as_f64().unwrap() - 0.9).abs() < 1e-6);
    for bad in [
        json!({"desired_retention": 0.74}),
        json!({"desired_retention": 1.5}),
        json!({"retention": 0.8}),
    ] {
        let (status, e) = dan.put("/api/v1/review-settings", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad} {e}");
    }
    let (status, s) = dan
        .put("/api/v1/review-settings", json!({"desired_retention": 0.8}))
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert!((s["desired_retention"].as_f64().unwrap() - 0.8).abs() < 1e-6);

    let (_, doc) = dan.get("/api/openapi.json").await;
    for p in [
        "/api/v1/reviews/due",
        "/api/v1/reviews/{card}",
        "/api/v1/reviews/{card}/answer",
        "/api/v1/review-settings",
    ] {
        assert!(doc["paths"][p].is_object(), "{p} is documented");
    }
}

#[tokio::test]
async fn recomputing_replays_the_log_into_the_schedule() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = answered_half(&app, "fay").await;
    let card = card_of(&app.pool, "fay", "replication").await;
    u.page(&format!("/reviews/{card}")).await;
    let r = u
        .post(
            &format!("/reviews/{card}/answer"),
            &[(
                "body",
                "Each cache node has a replica, so a node that dies loses nothing.",
            )],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    type Schedule = (f32, f32, i32, chrono::DateTime<chrono::Utc>);
    let schedule = |pool: PgPool| async move {
        sqlx::query_as::<_, Schedule>(
            "SELECT stability, difficulty, reps, due_at FROM review_cards WHERE id = $1",
        )
        .bind(card)
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let kept = schedule(app.pool.clone()).await;
    assert_eq!(kept.2, 2, "a solo event and a review");

    // a lost schedule is rebuilt from the log alone
    sqlx::query(
        "UPDATE review_cards SET stability = 99, difficulty = 1, reps = 0, due_at = now()
         WHERE id = $1",
    )
    .bind(card)
    .execute(&app.pool)
    .await
    .unwrap();
    let n = whetstone::reviews::service::recompute(&app.pool, None)
        .await
        .unwrap();
    assert_eq!(n, 4, "every card of the answer");
    let rebuilt = schedule(app.pool.clone()).await;
    assert!((rebuilt.0 - kept.0).abs() < 1e-4 && (rebuilt.1 - kept.1).abs() < 1e-4);
    assert_eq!(rebuilt.2, kept.2);
    assert_eq!(
        rebuilt.3.timestamp_micros(),
        kept.3.timestamp_micros(),
        "the same due time"
    );
}

#[tokio::test]
async fn interview_session_answers_make_no_review_cards() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    app.register_and_log_in("ivy").await;
    // a signed-in candidate who links the account: the answer is theirs, but no card
    let cat = register(&app, "cat").await;
    linked_candidate_submits(&app, &cat, "c-m1", HALF_ANSWER).await;
    let owner: Option<Uuid> =
        sqlx::query_scalar("SELECT user_id FROM answers WHERE source = 'interview'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(
        owner.is_some(),
        "the session answer belongs to the candidate"
    );
    assert!(cards(&app.pool, "cat").await.is_empty());
    let (_, due) = cat.page("/reviews").await;
    assert!(due.contains("Nothing is due."));
}

#[tokio::test]
async fn a_probe_followup_reviews_the_concept_of_its_parent_question() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = register(&app, "gus").await;
    let (_, first) = u.start_and_open(ONE_EASY).await;
    u.submit(first, HALF_ANSWER).await;
    let r = u.item_post(first, "followup", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let followup: Uuid = location(&r)
        .trim_start_matches("/practice/items/")
        .parse()
        .unwrap();
    u.open(followup).await;
    let r = u
        .submit(
            followup,
            "On every write we invalidate the cache key so no stale value is served, and each \
             cache node has a replica, so a node that dies loses none of its keys.",
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let all = cards(&app.pool, "gus").await;
    assert_eq!(
        all.len(),
        4,
        "no card of its own for the follow-up: {all:?}"
    );
    let twice: Vec<(String, i16)> = sqlx::query_as(
        "SELECT c.criterion_id, c.last_rating FROM review_cards c
         WHERE (SELECT COUNT(*) FROM review_log l WHERE l.card_id = c.id) = 2",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(twice.len(), 1, "the probed concept's card: {twice:?}");
    assert!(twice[0].1 >= 3, "answered well: Good or Easy ({twice:?})");
    assert_eq!(
        all.iter().filter(|c| c.1).count(),
        1,
        "the probed concept is no longer due: {all:?}"
    );
}

#[tokio::test]
async fn a_keyword_dump_earns_no_credit_on_any_card() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = register(&app, "hal").await;
    let (_, item) = u.start_and_open(ONE_EASY).await;
    u.submit(
        item,
        "LRU, TTL, eviction policy, expiry, cache invalidation, invalidate, replication, replica.",
    )
    .await;
    let flags: Vec<String> = sqlx::query_scalar("SELECT flags FROM answers WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(flags.iter().any(|f| f == "keyword_dump"), "{flags:?}");
    let all = cards(&app.pool, "hal").await;
    assert_eq!(all.len(), 4);
    assert!(
        all.iter().all(|c| c.1),
        "every concept is due at once: {all:?}"
    );
}

#[tokio::test]
async fn a_card_whose_criterion_left_the_rubric_is_gone() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = answered_half(&app, "ida").await;
    let card = card_of(&app.pool, "ida", "replication").await;
    sqlx::query(
        "UPDATE rubrics SET rubric = jsonb_set(rubric, '{criteria}',
             (SELECT jsonb_agg(c) FROM jsonb_array_elements(rubric->'criteria') c
              WHERE c->>'id' <> 'replication'))
         WHERE question_id = (SELECT question_id FROM review_cards WHERE id = $1)",
    )
    .bind(card)
    .execute(&app.pool)
    .await
    .unwrap();
    let (status, html) = u.page(&format!("/reviews/{card}")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("no longer in the question"), "{html}");
    let r = u
        .post(
            &format!("/reviews/{card}/answer"),
            &[("body", "Each node has a replica.")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(review_count(&app.pool, card).await, 0);
}

#[tokio::test]
async fn review_cards_are_in_the_data_download_and_go_with_the_account() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = answered_half(&app, "joe").await;
    let r = u.get("/account/data.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let data: Value = r.json().await.unwrap();
    let cards = data["review_cards"].as_array().expect("review_cards");
    assert_eq!(cards.len(), 4, "{data}");
    assert!(cards.iter().any(|c| c["label"] == "Invalidation on write"
        && c["log"][0]["source"] == "solo"
        && c["log"][0]["verdict"] == "missed"));

    sqlx::query("DELETE FROM users WHERE username = 'joe'")
        .execute(&app.pool)
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM review_cards")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM review_log")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!((left, logged), (0, 0));
}
