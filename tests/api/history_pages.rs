//! History that stays fast however long it gets: `/history` and `GET /api/v1/interviews` a page
//! at a time, the per-user aggregates the triggers keep (compared with a recomputation from
//! `answers` after inserts, a regrade and deletions), and question pages cached until the bank
//! changes.

use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::spawn_app;
use crate::solo_support::{api, error_message, register, seed_bank};

/// A judgment as the grader stores it, with the given (label, verdict) criteria.
fn judgment(criteria: &[(&str, &str)]) -> serde_json::Value {
    json!({
        "score": 5.0,
        "band": "adequate",
        "criteria": criteria
            .iter()
            .map(|(label, verdict)| json!({"id": label, "label": label, "weight": 1.0,
                                          "verdict": verdict, "evidence": []}))
            .collect::<Vec<_>>(),
    })
}

async fn user_id(pool: &PgPool, name: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(name)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// `count` finished one-question solo interviews of `user`, one a minute apart (the newest first
/// in lists), each answered on `question` with score `i % 10`; returns the answer ids, oldest
/// first.
async fn seed_interviews(pool: &PgPool, user: Uuid, count: i32, question: &str) -> Vec<Uuid> {
    let mut answers = Vec::new();
    for i in 0..count {
        let interview = Uuid::new_v4();
        let item = Uuid::new_v4();
        let answer = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO interviews (id, user_id, kind, difficulty, minutes_per_question,
                                     created_at, finished_at)
             VALUES ($1, $2, 'solo', 'easy', 10, now() - ($3 || ' minutes')::interval, now())",
        )
        .bind(interview)
        .bind(user)
        .bind((count - i).to_string())
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO interview_items (id, interview_id, position, question_id, minutes, state,
                                          started_at, deadline)
             VALUES ($1, $2, 0, $3, 10, 'submitted', now(), now())",
        )
        .bind(item)
        .bind(interview)
        .bind(question)
        .execute(pool)
        .await
        .unwrap();
        let criteria: &[(&str, &str)] = if i % 2 == 0 {
            &[("TTL", "missed"), ("Eviction", "met")]
        } else {
            &[("TTL", "met"), ("Eviction", "contradicted")]
        };
        sqlx::query(
            "INSERT INTO answers (id, item_id, source, user_id, question_id, topic, difficulty,
                                  body, score, judgment, grader_version)
             VALUES ($1, $2, 'solo', $3, $4, 'caching', 'easy', 'an answer', $5, $6, 'test')",
        )
        .bind(answer)
        .bind(item)
        .bind(user)
        .bind(question)
        .bind((i % 10) as f32)
        .bind(judgment(criteria))
        .execute(pool)
        .await
        .unwrap();
        answers.push(answer);
    }
    answers
}

fn interview_links(html: &str) -> usize {
    html.matches("<td><a href=\"/practice/interviews/").count()
}

#[tokio::test]
async fn history_shows_interviews_a_page_at_a_time() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let uid = user_id(&app.pool, "alice").await;
    seed_interviews(&app.pool, uid, 25, "c-e1").await;

    let (status, first) = alice.page("/history").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(interview_links(&first), 20, "{first}");
    assert!(
        first.contains(r##"href="/history?page=2#interviews""##),
        "{first}"
    );
    assert!(!first.contains("Newer"), "{first}");
    // the aggregates cover every answer, not just the page: 25 answers on one topic
    assert!(
        first.contains("Caching <span class=\"muted\">(25)</span>"),
        "{first}"
    );

    let (status, second) = alice.page("/history?page=2").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(interview_links(&second), 5, "{second}");
    assert!(
        second.contains(r##"href="/history?page=1#interviews""##),
        "{second}"
    );
    assert!(!second.contains("Older"), "{second}");

    let (status, beyond) = alice.page("/history?page=9").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(interview_links(&beyond), 0);
    assert!(beyond.contains("No interviews on this page."), "{beyond}");

    let r = alice.get("/history?page=first").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_interview_list_api_is_paginated() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let bob = api(&app, "bob").await;
    let uid = user_id(&app.pool, "bob").await;
    seed_interviews(&app.pool, uid, 25, "c-e1").await;

    let r = bob
        .c
        .get(app.url("/api/v1/interviews?per_page=10&page=2"))
        .bearer_auth(&bob.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["link"].to_str().unwrap(),
        r#"</api/v1/interviews?page=3&per_page=10>; rel="next""#
    );
    let page: Vec<serde_json::Value> = r.json().await.unwrap();
    assert_eq!(page.len(), 10);
    assert!(page.iter().all(|e| e["items"] == 1 && e["answered"] == 1));

    let r = bob
        .c
        .get(app.url("/api/v1/interviews?per_page=10&page=3"))
        .bearer_auth(&bob.token)
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("link").is_none());
    let last: Vec<serde_json::Value> = r.json().await.unwrap();
    assert_eq!(last.len(), 5);
    // the oldest interview comes last, with its own average (the first seeded scored 0)
    assert_eq!(last[4]["average_score"], 0.0);

    let (status, all) = bob.get("/api/v1/interviews").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        all.as_array().unwrap().len(),
        25,
        "the default page holds 50"
    );

    for bad in ["per_page=0", "per_page=201", "page=0"] {
        let (status, body) = bob.get(&format!("/api/v1/interviews?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(!error_message(&body).is_empty());
    }
}

/// The aggregates as `/history` used to compute them, from every answer.
async fn recomputed(
    pool: &PgPool,
    user: Uuid,
) -> (Vec<(String, i64, f64)>, Vec<(String, i64, i64)>) {
    let topics = sqlx::query_as(
        "SELECT topic, COUNT(*), SUM(score)::float8 FROM answers
         WHERE user_id = $1 AND source = 'solo' AND score IS NOT NULL
         GROUP BY topic ORDER BY topic",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .unwrap();
    let criteria = sqlx::query_as(
        "SELECT c->>'label', COUNT(*),
                COUNT(*) FILTER (WHERE c->>'verdict' IN ('missed', 'contradicted'))
         FROM answers a, jsonb_array_elements(a.judgment->'criteria') c
         WHERE a.user_id = $1 AND a.source = 'solo' AND a.judgment IS NOT NULL
         GROUP BY c->>'label' ORDER BY c->>'label'",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .unwrap();
    (topics, criteria)
}

async fn kept(pool: &PgPool, user: Uuid) -> (Vec<(String, i64, f64)>, Vec<(String, i64, i64)>) {
    let topics = sqlx::query_as(
        "SELECT topic, answers, score_sum FROM user_topic_stats
         WHERE user_id = $1 AND answers > 0 ORDER BY topic",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .unwrap();
    let criteria = sqlx::query_as(
        "SELECT label, judged, missed FROM user_criterion_stats
         WHERE user_id = $1 AND judged > 0 ORDER BY label",
    )
    .bind(user)
    .fetch_all(pool)
    .await
    .unwrap();
    (topics, criteria)
}

#[tokio::test]
async fn history_aggregates_follow_inserts_regrades_and_deletions() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let _carol = register(&app, "carol").await;
    let uid = user_id(&app.pool, "carol").await;
    let answers = seed_interviews(&app.pool, uid, 6, "c-e1").await;
    let (topics, criteria) = kept(&app.pool, uid).await;
    assert_eq!(topics, vec![("caching".to_string(), 6, 15.0)]);
    assert_eq!(
        criteria,
        vec![("Eviction".to_string(), 6, 3), ("TTL".to_string(), 6, 3)]
    );

    // a regrade changes a score and a judgment; another answer moves to another topic
    sqlx::query("UPDATE answers SET score = 9.5, judgment = $2 WHERE id = $1")
        .bind(answers[0])
        .bind(judgment(&[("TTL", "met"), ("Sharding", "missed")]))
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE answers SET topic = 'databases' WHERE id = $1")
        .bind(answers[1])
        .execute(&app.pool)
        .await
        .unwrap();
    // an answer without a score or judgment, and one removed with its item
    sqlx::query("UPDATE answers SET score = NULL, judgment = NULL WHERE id = $1")
        .bind(answers[2])
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "DELETE FROM interview_items WHERE id = (SELECT item_id FROM answers WHERE id = $1)",
    )
    .bind(answers[3])
    .execute(&app.pool)
    .await
    .unwrap();
    let (want_topics, want_criteria) = recomputed(&app.pool, uid).await;
    assert_eq!(kept(&app.pool, uid).await, (want_topics, want_criteria));
    let (_, criteria) = kept(&app.pool, uid).await;
    assert!(
        criteria.contains(&("Sharding".to_string(), 1, 1)),
        "{criteria:?}"
    );

    // deleting the account deletes its statistics (and the answers' triggers do not fail)
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(uid)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(kept(&app.pool, uid).await, (vec![], vec![]));
}

#[tokio::test]
async fn a_cached_question_page_and_search_follow_changes_to_the_bank() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let before = app.html("/questions/c-e1").await;
    assert!(
        before.contains("What is a cache and why use one?"),
        "{before}"
    );
    assert!(app.html("/questions").await.contains("Caching"));
    let searched = app.html("/questions?q=passwords").await;
    assert!(
        !searched.contains("How do you store passwords?"),
        "{searched}"
    );

    sqlx::query("UPDATE questions SET prompt = 'What does a cache buy you?' WHERE id = 'c-e1'")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO questions (id, prompt, section, topic, difficulty, rating)
         VALUES ('s-1', 'How do you store passwords?', 'Fixtures', 'security', 'easy', 1)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    // the change reaches the cache as a notice, a moment after the commit
    let mut page = String::new();
    let mut topics = String::new();
    let mut searched = String::new();
    for _ in 0..300 {
        page = app.html("/questions/c-e1").await;
        topics = app.html("/questions").await;
        searched = app.html("/questions?q=passwords").await;
        if page.contains("What does a cache buy you?")
            && topics.contains("Security")
            && searched.contains("How do you store passwords?")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(page.contains("What does a cache buy you?"), "{page}");
    assert!(topics.contains("Security"), "{topics}");
    // a cached search result (it found nothing) is dropped with the rest
    assert!(
        searched.contains("How do you store passwords?"),
        "{searched}"
    );
    // a question that appears after a 404 is found
    assert_eq!(
        app.get("/questions/s-2").await.status(),
        StatusCode::NOT_FOUND
    );
    sqlx::query(
        "INSERT INTO questions (id, prompt, section, topic, difficulty, rating)
         VALUES ('s-2', 'How do you rotate keys?', 'Fixtures', 'security', 'easy', 2)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(app.get("/questions/s-2").await.status(), StatusCode::OK);
}
