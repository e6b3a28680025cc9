//! The home page (marketing for visitors; for a signed-in user the interview to resume, recent
//! scores and the weakest topic to practise next) and the question bank's markers (answered,
//! best score, "try again", the rating in plain words).

use reqwest::StatusCode;

use crate::helpers::spawn_app;
use crate::solo_support::{GOOD_ANSWER, location, register, seed_bank};

#[tokio::test]
async fn visitors_get_the_marketing_page_and_new_users_a_way_to_start() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let page = app.html("/").await;
    assert!(
        page.contains("Sharpen your system-design answers"),
        "{page}"
    );
    assert!(!page.contains("Welcome"));

    let u = register(&app, "home_new").await;
    let (status, page) = u.page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Welcome, home_new</h1>"), "{page}");
    assert!(!page.contains("Sharpen your system-design answers"));
    assert!(page.contains("No interview in progress."), "{page}");
    assert!(page.contains(r#"href="/practice">Start a mock interview"#));
    assert!(page.contains("No answers yet"), "{page}");
    assert!(page.contains("Answer a few questions and the topic where you score lowest"));
}

#[tokio::test]
async fn the_signed_in_home_resumes_lists_recent_scores_and_picks_the_weakest_topic() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = register(&app, "home_user").await;
    // a good caching answer, a poor databases answer
    let (_, item) = u
        .start_and_open(&[
            ("topic", "caching"),
            ("count", "1"),
            ("difficulty", "easy"),
            ("minutes", "5"),
        ])
        .await;
    assert_eq!(u.submit(item, GOOD_ANSWER).await.status(), 303);
    let (_, weak_item) = u
        .start_and_open(&[
            ("topic", "databases"),
            ("count", "1"),
            ("difficulty", "easy"),
            ("minutes", "5"),
        ])
        .await;
    let weak = "An index makes lookups faster, I think, by keeping things in order somehow.";
    assert_eq!(u.submit(weak_item, weak).await.status(), 303);
    // and an interview of two questions, one answered
    let (interview, first) = u
        .start_and_open(&[
            ("topic", "caching"),
            ("count", "2"),
            ("difficulty", "medium"),
            ("minutes", "5"),
        ])
        .await;
    assert_eq!(u.submit(first, GOOD_ANSWER).await.status(), 303);

    let (status, page) = u.page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Welcome back, home_user</h1>"), "{page}");
    assert!(
        page.contains("1 of 2 questions answered"),
        "the interview in progress: {page}"
    );
    assert!(page.contains(&format!(
        r#"href="/practice/interviews/{interview}/next">Resume the interview"#
    )));
    // recent scores, newest first, each linked to its feedback
    let newest = page
        .find(&format!("/practice/items/{first}/feedback"))
        .unwrap();
    let oldest = page
        .find(&format!("/practice/items/{item}/feedback"))
        .unwrap();
    assert!(newest < oldest, "newest first");
    assert!(
        page.contains("What is an index in a database?") || page.contains("What is a primary key?"),
        "the databases question is listed: {page}"
    );
    assert!(page.contains("3 answers"), "{page}");
    // the weakest topic, with a one-click interview on it
    assert!(
        page.contains(r#"<strong class="next-topic">Databases &#38; storage</strong>"#),
        "{page}"
    );
    assert!(page.contains(r#"<input type="hidden" name="topic" value="databases">"#));
    let r = u
        .post(
            "/practice",
            &[
                ("topic", "databases"),
                ("difficulty", "mixed"),
                ("count", "3"),
                ("minutes", "10"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "the practise-next form deals"
    );
    assert!(location(&r).ends_with("/next"));
}

#[tokio::test]
async fn the_question_bank_marks_answered_questions_with_the_best_score_and_try_again() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = register(&app, "bank_user").await;
    // answer c-e1 twice through "practise this question": a weak answer, then a good one
    for body in ["A cache stores things.", GOOD_ANSWER] {
        let r = u
            .post("/questions/c-e1/practise", &[("minutes", "5")])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let item = u.follow_to_item(&r).await;
        u.open(item).await;
        assert_eq!(u.submit(item, body).await.status(), 303);
    }
    let best: (uuid::Uuid, f32) = sqlx::query_as(
        "SELECT a.item_id, a.score FROM answers a WHERE a.question_id = 'c-e1'
         ORDER BY a.score DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();

    let (status, list) = u.page("/questions?topic=caching").await;
    assert_eq!(status, StatusCode::OK);
    let row = list
        .split("<li class=\"card")
        .find(|r| r.contains("/questions/c-e1\""))
        .expect("c-e1 listed");
    assert!(row.contains("Answered twice"), "{row}");
    assert!(
        row.contains(&format!(
            r#"<a href="/practice/items/{}/feedback">best {:.1} / 10</a>"#,
            best.0, best.1
        )),
        "the best score links to its feedback: {row}"
    );
    assert!(row.contains(r#"action="/questions/c-e1/practise""#));
    assert!(row.contains(">Try again</button>"));
    let other = list
        .split("<li class=\"card")
        .find(|r| r.contains("/questions/c-e2\""))
        .expect("c-e2 listed");
    assert!(!other.contains("Answered"), "unanswered: {other}");

    let (_, page) = u.page("/questions/c-e1").await;
    assert!(page.contains("You answered this twice."), "{page}");
    assert!(page.contains(">Try again</button>"));
    // the rating in plain words (the fixture's c-e1 has rating 1000)
    assert!(
        page.contains("Rating 1000, one of the easiest in the bank: ratings run from 800"),
        "{page}"
    );
    let (_, fresh) = u.page("/questions/c-e2").await;
    assert!(fresh.contains(">Practise this question</button>"));
    assert!(!fresh.contains("You answered this"));

    // a visitor sees no markers
    let list = app.html("/questions?topic=caching").await;
    assert!(!list.contains("Answered"), "{list}");
    assert!(!list.contains("Try again"));
}
