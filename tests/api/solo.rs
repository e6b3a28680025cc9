//! Solo timed mock interviews end to end: dealing, the answer page, autosave, submitting once,
//! the deadline (refused late submissions and the background sweeper), feedback, follow-ups,
//! summary, history and the question browser.

use std::time::Duration;

use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::spawn_app;
use crate::solo_support::{
    GOOD_ANSWER, ONE_EASY, answer_count, expire, fixtures, location, register, seed_bank,
};

async fn item_questions(pool: &sqlx::PgPool, interview: Uuid) -> Vec<(String, String, String)> {
    sqlx::query_as(
        "SELECT q.id, q.topic, q.difficulty FROM interview_items i
         JOIN questions q ON q.id = i.question_id
         WHERE i.interview_id = $1 ORDER BY i.position",
    )
    .bind(interview)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn start_page_needs_login_and_lists_topics() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let r = app.get("/practice").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));

    let alice = register(&app, "alice").await;
    let (status, html) = alice.page("/practice").await;
    assert_eq!(status, StatusCode::OK);
    for name in ["Caching", "Databases", "Reliability"] {
        assert!(html.contains(name), "{name} missing");
    }
    assert!(html.contains(r#"name="difficulty" value="mixed""#));
}

#[tokio::test]
async fn dealing_matches_topic_and_difficulty_and_opens_the_first_question() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (interview, item) = alice
        .start(&[
            ("topic", "caching"),
            ("difficulty", "easy"),
            ("count", "3"),
            ("minutes", "5"),
        ])
        .await;
    let dealt = item_questions(&app.pool, interview).await;
    assert_eq!(dealt.len(), 3);
    let mut ids: Vec<&str> = dealt.iter().map(|d| d.0.as_str()).collect();
    ids.sort();
    assert_eq!(ids, vec!["c-e1", "c-e2", "c-e3"]);
    assert!(dealt.iter().all(|d| d.1 == "caching" && d.2 == "easy"));

    // The first question's page shows its prompt and a running clock of 5 minutes.
    let html = alice.open(item).await;
    let first = fixtures().into_iter().find(|f| f.id == dealt[0].0).unwrap();
    assert!(
        html.contains(&first.prompt.replace('\'', "&#39;")),
        "{html}"
    );
    let left: i64 = regex::Regex::new(r#"data-seconds-left="(\d+)""#)
        .unwrap()
        .captures(&html)
        .unwrap()[1]
        .parse()
        .unwrap();
    assert!((290..=300).contains(&left), "{left}");
    let state: String = sqlx::query_scalar("SELECT state FROM interview_items WHERE id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(state, "active");
    // The second question's clock has not started.
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM interview_items WHERE interview_id = $1 AND state = 'pending'",
    )
    .bind(interview)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(pending, 2);
}

#[tokio::test]
async fn mixed_deals_spread_levels_and_no_topic_means_all() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (interview, _) = alice
        .start(&[("difficulty", "mixed"), ("count", "9"), ("minutes", "5")])
        .await;
    let dealt = item_questions(&app.pool, interview).await;
    assert_eq!(dealt.len(), 9);
    for level in ["easy", "medium", "hard"] {
        assert_eq!(
            dealt.iter().filter(|d| d.2 == level).count(),
            3,
            "{dealt:?}"
        );
    }
    let topics: std::collections::HashSet<&str> = dealt.iter().map(|d| d.1.as_str()).collect();
    assert!(topics.len() >= 2);
    // Never two links of the follow-up chain.
    assert!(dealt.iter().filter(|d| d.0.starts_with("r-")).count() <= 1);
}

#[tokio::test]
async fn too_few_questions_show_the_form_again_with_the_reason() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    // Three chain links exist but only one may be dealt.
    let r = alice
        .post(
            "/practice",
            &[
                ("topic", "reliability"),
                ("difficulty", "medium"),
                ("count", "2"),
                ("minutes", "5"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Only 1 question(s) match"), "{html}");
    assert!(html.contains(r#"value="reliability" checked"#));
    // A question without a rubric cannot be graded, so it is never dealt.
    sqlx::query(
        "INSERT INTO questions (id, prompt, section, topic, difficulty, rating)
         VALUES ('o-1', 'An ungradable question', 'Extra', 'orphans', 'easy', 1000)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let r = alice
        .post(
            "/practice",
            &[
                ("topic", "orphans"),
                ("difficulty", "easy"),
                ("count", "1"),
                ("minutes", "5"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Only 0 question(s) match"));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM interviews")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn recently_answered_questions_are_dealt_last() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    // Answer two of the three easy caching questions, then deal two: the fresh one comes first.
    let mut answered = Vec::new();
    for _ in 0..2 {
        let (interview, item) = alice
            .start_and_open(&[
                ("topic", "caching"),
                ("difficulty", "easy"),
                ("count", "1"),
                ("minutes", "5"),
            ])
            .await;
        let r = alice.submit(item, GOOD_ANSWER).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        answered.push(item_questions(&app.pool, interview).await[0].0.clone());
    }
    assert_ne!(
        answered[0], answered[1],
        "the second deal avoids the first answer"
    );
    let (interview, _) = alice
        .start(&[
            ("topic", "caching"),
            ("difficulty", "easy"),
            ("count", "1"),
            ("minutes", "5"),
        ])
        .await;
    let third = &item_questions(&app.pool, interview).await[0].0;
    assert!(!answered.contains(third), "{third} was answered recently");
}

#[tokio::test]
async fn drafts_autosave_and_survive_a_reload() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (_, item) = alice
        .start_and_open(&[("count", "1"), ("difficulty", "hard"), ("minutes", "5")])
        .await;
    let r = alice.save_draft(item, "first thoughts").await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved: serde_json::Value = r.json().await.unwrap();
    assert!(saved["saved_at"].is_string());
    let r = alice.save_draft(item, "second thoughts").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = alice.open(item).await;
    assert!(html.contains(">second thoughts</textarea>"), "{html}");
    assert!(html.contains("Draft saved at"));
}

#[tokio::test]
async fn submitting_grades_and_shows_feedback_with_highlights() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (interview, item) = alice
        .start_and_open(&[
            ("topic", "databases"),
            ("difficulty", "easy"),
            ("count", "2"),
            ("minutes", "5"),
        ])
        .await;
    let r = alice.submit(item, GOOD_ANSWER).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/practice/items/{item}/feedback"));

    let (status, html) = alice.feedback(item).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Eviction policy"));
    assert!(
        html.contains("<mark class=\"ev ev-"),
        "evidence is highlighted"
    );
    assert!(
        html.contains("<strong>LRU</strong>"),
        "reference answer HTML is rendered"
    );
    assert!(html.contains(&format!("/practice/interviews/{interview}/next")));

    let (score, band, judgment): (Option<f32>, Option<String>, Option<serde_json::Value>) =
        sqlx::query_as("SELECT score, band, judgment FROM answers WHERE item_id = $1")
            .bind(item)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let score = score.expect("graded");
    assert!(score > 5.0, "a complete answer scores well: {score}");
    assert!(band.is_some());
    assert!(html.contains(&format!("{score:.1}")));
    assert_eq!(judgment.unwrap()["criteria"].as_array().unwrap().len(), 4);
    let metrics = app.html("/metrics").await;
    assert!(
        metrics.contains("whetstone_grading_seconds"),
        "grading time is recorded"
    );

    // The item is done: its answer page now leads to the feedback.
    let r = alice.get(&format!("/practice/items/{item}")).await;
    assert_eq!(location(&r), format!("/practice/items/{item}/feedback"));
    // The interview continues with the second question.
    let r = alice
        .get(&format!("/practice/interviews/{interview}/next"))
        .await;
    assert_ne!(location(&r), format!("/practice/items/{item}"));
}

#[tokio::test]
async fn submitting_twice_records_one_answer() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (_, item) = alice.start_and_open(ONE_EASY).await;
    let (a, b) = tokio::join!(
        alice.submit(item, "first click"),
        alice.submit(item, "second click")
    );
    assert_eq!(a.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&b), format!("/practice/items/{item}/feedback"));
    let r = alice.submit(item, "a retry later").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer_count(&app.pool, item).await, 1);
    let body: String = sqlx::query_scalar("SELECT body FROM answers WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(body == "first click" || body == "second click");
}

#[tokio::test]
async fn a_late_submission_is_refused_and_the_saved_draft_is_graded() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (_, item) = alice
        .start_and_open(&[("count", "1"), ("difficulty", "easy"), ("minutes", "1")])
        .await;
    let r = alice.save_draft(item, "saved in time").await;
    assert_eq!(r.status(), StatusCode::OK);
    expire(&app.pool, item).await;

    let r = alice.submit(item, "typed too late").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("Time ran out"), "{html}");
    assert!(html.contains(&format!("/practice/items/{item}/feedback")));

    let (body, timed_out): (String, bool) =
        sqlx::query_as("SELECT body, timed_out FROM answers WHERE item_id = $1")
            .bind(item)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(body, "saved in time");
    assert!(timed_out);
    let draft: String = sqlx::query_scalar("SELECT body FROM drafts WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(draft, "saved in time");
    // A late autosave is refused too, and changes nothing.
    let r = alice.save_draft(item, "even later").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let (_, html) = alice.feedback(item).await;
    assert!(html.contains("time ran out: your last saved draft was graded"));
}

#[tokio::test]
async fn the_background_task_submits_abandoned_answers_at_the_deadline() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (interview, item) = alice
        .start_and_open(&[("count", "1"), ("difficulty", "easy"), ("minutes", "1")])
        .await;
    alice.save_draft(item, GOOD_ANSWER).await;
    // The browser is gone; the deadline passes.
    expire(&app.pool, item).await;
    let mut found = false;
    for _ in 0..50 {
        if answer_count(&app.pool, item).await == 1 {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(found, "the sweeper graded the draft within 10 s");
    let (body, timed_out, score): (String, bool, Option<f32>) =
        sqlx::query_as("SELECT body, timed_out, score FROM answers WHERE item_id = $1")
            .bind(item)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(body, GOOD_ANSWER);
    assert!(timed_out);
    assert!(score.unwrap() > 5.0);
    let (state, finished): (String, bool) = sqlx::query_as(
        "SELECT i.state, iv.finished_at IS NOT NULL FROM interview_items i
         JOIN interviews iv ON iv.id = i.interview_id WHERE i.id = $1",
    )
    .bind(item)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(state, "timed_out");
    assert!(finished);
    let (status, html) = alice
        .page(&format!("/practice/interviews/{interview}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("timed out"));
}

#[tokio::test]
async fn the_follow_up_button_starts_the_next_link_of_the_chain() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let r = alice
        .post("/questions/r-1/practise", &[("minutes", "7")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let item = alice.follow_to_item(&r).await;
    alice.open(item).await;
    alice.submit(item, GOOD_ANSWER).await;
    let (_, html) = alice.feedback(item).await;
    assert!(
        html.contains("Now the primary region fails"),
        "follow-up prompt shown: {html}"
    );
    assert!(html.contains("Answer the follow-up now"));

    let r = alice.item_post(item, "followup", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let next_item: Uuid = location(&r)
        .trim_start_matches("/practice/items/")
        .parse()
        .unwrap();
    let html = alice.open(next_item).await;
    assert!(html.contains("Now the primary region fails"));
    let (qid, minutes): (String, i32) =
        sqlx::query_as("SELECT question_id, minutes FROM interview_items WHERE id = $1")
            .bind(next_item)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(qid, "r-2");
    assert_eq!(minutes, 7);
}

#[tokio::test]
async fn summary_and_history_show_scores_chart_topics_and_weak_criteria() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (_, html) = alice.page("/history").await;
    assert!(html.contains("No interviews yet"));

    let (interview, item) = alice
        .start_and_open(&[
            ("topic", "caching"),
            ("difficulty", "easy"),
            ("count", "2"),
            ("minutes", "5"),
        ])
        .await;
    alice.submit(item, GOOD_ANSWER).await;
    let r = alice
        .get(&format!("/practice/interviews/{interview}/next"))
        .await;
    let second: Uuid = location(&r)
        .trim_start_matches("/practice/items/")
        .parse()
        .unwrap();
    alice.open(second).await;
    alice
        .submit(second, "I would use an LRU eviction policy.")
        .await;

    let (status, html) = alice
        .page(&format!("/practice/interviews/{interview}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Average score"), "finished interview: {html}");
    assert_eq!(html.matches("/feedback\"").count(), 2);

    let (status, html) = alice.page("/history").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg class=\"score-chart\""));
    let scores = html
        .split("<svg class=\"score-chart\"")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .unwrap();
    assert_eq!(scores.matches("<circle").count(), 2, "one dot per answer");
    assert!(html.contains("Caching"));
    assert!(
        html.contains("Replicas of each cache node"),
        "a criterion missed in the second answer is listed"
    );
    assert!(html.contains(&format!("/practice/interviews/{interview}")));
}

#[tokio::test]
async fn the_question_browser_searches_filters_paginates_and_opens_questions() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let (status, html) = {
        let r = app.get("/questions?q=stampede").await;
        (r.status(), r.text().await.unwrap())
    };
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("How do you avoid a cache stampede?"));
    assert!(html.contains("1 question"));
    assert!(!html.contains("What is a primary key?"));

    let html = app.html("/questions?topic=databases&difficulty=easy").await;
    assert!(html.contains("What is an index in a database?"));
    assert!(html.contains("What is a primary key?"));
    assert!(!html.contains("When would you shard"));

    // Substring search works for words full-text search would not stem.
    let html = app.html("/questions?q=write-thro").await;
    assert!(
        html.contains("Compare write-through and write-back caching."),
        "{html}"
    );

    // Pagination: 20 per page; add enough questions for two pages.
    for n in 0..15 {
        sqlx::query(
            "INSERT INTO questions (id, prompt, section, topic, difficulty, rating)
             VALUES ($1, $2, 'Extra', 'messaging', 'easy', 1000)",
        )
        .bind(format!("m-{n}"))
        .bind(format!("Messaging question number {n}"))
        .execute(&app.pool)
        .await
        .unwrap();
    }
    let html = app.html("/questions").await;
    assert!(html.contains("29 questions"));
    assert!(html.contains("page 1 of 2"));
    assert!(html.contains("rel=\"next\""));
    let html = app.html("/questions?page=2").await;
    assert!(html.contains("page 2 of 2"));
    assert_eq!(html.matches("<li class=\"card\">").count(), 9);
    // a page past the last (a stale link, an edited address) goes to the last page; it used to
    // say "0 questions" with no way back
    let r = app.get("/questions?page=7").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/questions?page=2");
    let r = app.get("/questions?q=stampede&page=3").await;
    assert_eq!(r.headers()["location"], "/questions?q=stampede&page=1");
    // nothing matches at all: page 1 says so
    let r = app.get("/questions?q=zzzqqq&page=2").await;
    assert_eq!(r.headers()["location"], "/questions?q=zzzqqq&page=1");
    assert!(
        app.html("/questions?q=zzzqqq&page=1")
            .await
            .contains("0 questions")
    );

    let r = app.get("/questions/c-h2").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("How do you avoid a cache stampede?"));
    assert!(html.contains("<strong>LRU</strong>"));
    assert!(
        html.contains("Log in"),
        "anonymous visitors are asked to log in to practise"
    );

    let alice = register(&app, "alice").await;
    let (_, html) = alice.page("/questions/c-h2").await;
    assert!(html.contains("Practise this question"));
    let r = alice
        .post("/questions/c-h2/practise", &[("minutes", "3")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let item = alice.follow_to_item(&r).await;
    let html = alice.open(item).await;
    assert!(html.contains("How do you avoid a cache stampede?"));
}

#[tokio::test]
async fn concurrent_sweepers_time_out_each_item_exactly_once() {
    use std::sync::Arc;
    use whetstone::grader::Grader;
    use whetstone::rubric::Lexicon;

    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let user: Uuid = sqlx::query_scalar(
        "INSERT INTO users (username, email, password_hash) VALUES ('sweep', 'sweep@example.com', 'x')
         RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let mut items = Vec::new();
    for n in 0..12 {
        let qid = fixtures()[n % 11].id;
        let interview = whetstone::solo::start_single(&app.pool, user, qid, 1)
            .await
            .unwrap();
        let item = whetstone::solo::current_item(&app.pool, interview)
            .await
            .unwrap()
            .unwrap();
        whetstone::solo::open_item(&app.pool, item.clone())
            .await
            .unwrap();
        whetstone::db::interviews::save_draft(&app.pool, item.id, &format!("draft {n} LRU"))
            .await
            .unwrap()
            .expect("saved while the clock runs");
        items.push(item.id);
    }
    sqlx::query("UPDATE interview_items SET deadline = now() - interval '1 second'")
        .execute(&app.pool)
        .await
        .unwrap();
    // Two more sweepers race the app's own one.
    let grader = Arc::new(Grader::new(Lexicon::builtin()));
    let (a, b) = tokio::join!(
        whetstone::solo::sweep_once(&app.pool, &grader),
        whetstone::solo::sweep_once(&app.pool, &grader)
    );
    let swept = a.unwrap() + b.unwrap();
    assert!(swept <= items.len());
    for (n, item) in items.iter().enumerate() {
        let mut done = false;
        for _ in 0..50 {
            if answer_count(&app.pool, *item).await == 1 {
                done = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(done, "item {n} was timed out");
        let body: String = sqlx::query_scalar("SELECT body FROM answers WHERE item_id = $1")
            .bind(item)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(body, format!("draft {n} LRU"));
    }
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM answers")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(total, items.len() as i64);
}
