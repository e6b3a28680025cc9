//! Answers from interviewer-led sessions on team leaderboards, through the real pages: they count
//! only when the candidate joined signed in and linked their account, the interviewer allows it,
//! and the question is from the bank; changing the setting later recomputes the candidate's rows.

use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::{TestApp, browser, spawn_app};
use crate::interviews_support::{
    add_own_question, add_question, answer_form, issue_link, location, start_as_candidate,
};
use crate::solo_support::{GOOD_ANSWER, User, register, seed_bank};

const OWN_REFERENCE: &str = "Put an LRU eviction policy in front of the database, give every \
    entry a TTL, invalidate keys on every write and replicate each cache node.";

/// A session of the interviewer logged in on `app.client`, with bank question `c-m1` (caching,
/// medium) and, if `own`, one own question, counting on leaderboards if `allow`. Returns (session
/// id, candidate token).
async fn session(app: &TestApp, allow: bool, own: bool) -> (String, String) {
    let mut fields = vec![("title", "Loop"), ("minutes", "5")];
    if allow {
        fields.push(("count_for_leaderboards", "on"));
    }
    let res = app.post_form("/interviews", "/interviews", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = location(&res).trim_start_matches("/interviews/").to_owned();
    if own {
        add_own_question(
            app,
            &id,
            "How would you cache a product page?",
            OWN_REFERENCE,
        )
        .await;
    } else {
        assert_eq!(add_question(app, &id, "c-m1").await.status(), 303);
    }
    let token = issue_link(app, &id).await;
    (id, token)
}

/// `candidate` joins with `token` (linking their account if `link`), starts, and submits the
/// good answer to the one question.
async fn answer(app: &TestApp, candidate: &reqwest::Client, token: &str, link: bool) {
    let join = format!("/join/{token}");
    let mut fields = vec![("display_name", "Cat")];
    if link {
        fields.push(("link_account", "on"));
    }
    let res = app.post_form_in(candidate, &join, &join, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "joining");
    let res = start_as_candidate(app, candidate, token).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "starting");
    let res = candidate
        .get(app.url(&format!("{join}/answer")))
        .send()
        .await
        .unwrap();
    let page = location(&res);
    let res = answer_form(app, candidate, &page, "submit", GOOD_ANSWER).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "submitting");
}

/// `user`'s all-time points and counted answers (0, 0 without a row).
async fn all_time(app: &TestApp, user: Uuid) -> (i64, i32) {
    sqlx::query_as(
        "SELECT coalesce(sum(points), 0)::bigint, coalesce(sum(counted), 0)::integer
         FROM leaderboard_points WHERE user_id = $1 AND span = 'all' AND topic = ''",
    )
    .bind(user)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn user_id(app: &TestApp, name: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(name)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// The session's one answer: its user and score.
async fn session_answer(app: &TestApp, session: &str) -> (Option<Uuid>, Option<f32>) {
    sqlx::query_as(
        "SELECT a.user_id, a.score FROM answers a
         JOIN interview_items i ON i.id = a.item_id
         JOIN interview_sessions s ON s.interview_id = i.interview_id
         WHERE s.id = $1::uuid",
    )
    .bind(session)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// An app with the fixture bank, an interviewer `ivy` on `app.client`, and candidate `cat`
/// signed in on her own browser, owning a team.
async fn arranged() -> (TestApp, User, String) {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    app.register_and_log_in("ivy").await;
    let cat = register(&app, "cat").await;
    let res = cat.post("/teams", &[("name", "Platform")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let team = location(&res);
    (app, cat, team)
}

#[tokio::test]
async fn an_allowed_session_counts_for_a_signed_in_candidate() {
    let (app, cat, team) = arranged().await;
    let (id, token) = session(&app, true, false).await;
    let (_, join_page) = cat.page(&format!("/join/{token}")).await;
    assert!(
        join_page.contains(r#"name="link_account""#) && join_page.contains("Save my answers"),
        "a signed-in candidate is offered to link the account: {join_page}"
    );
    answer(&app, &cat.b, &token, true).await;

    let cat_id = user_id(&app, "cat").await;
    let (owner, score) = session_answer(&app, &id).await;
    assert_eq!(owner, Some(cat_id), "the answer belongs to the candidate");
    let live = app.json(&format!("/interviews/{id}/live.json")).await;
    assert_eq!(
        live["candidate"]["signed_in"], true,
        "the interviewer sees it"
    );
    let page = app.html(&format!("/interviews/{id}/live")).await;
    assert!(page.contains("(signed in: answers saved to their account)"));
    let score = score.expect("a bank question with a rubric is graded");
    let expected = super::points_for(&app.pool, score, "medium").await;
    assert!(expected > 0);
    assert_eq!(all_time(&app, cat_id).await, (i64::from(expected), 1));
    let (status, board) = cat.page(&format!("{team}/leaderboard?window=all")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        board.contains(&format!("<td>{expected}</td><td>1</td>")),
        "{expected} points from one answer: {board}"
    );
    assert!(
        board.contains("interview answers count only if the interviewer allows it"),
        "the rule on the page names it"
    );
}

#[tokio::test]
async fn a_session_counts_only_while_the_interviewer_allows_it() {
    let (app, cat, _) = arranged().await;
    let (id, token) = session(&app, false, false).await;
    answer(&app, &cat.b, &token, true).await;
    let cat_id = user_id(&app, "cat").await;
    let (owner, score) = session_answer(&app, &id).await;
    assert_eq!(owner, Some(cat_id));
    assert_eq!(all_time(&app, cat_id).await, (0, 0), "not allowed: nothing");

    // Allowing it afterwards recomputes the candidate's rows; disallowing takes them back.
    let page = format!("/interviews/{id}");
    let toggle = format!("{page}/leaderboards");
    let res = app.post_form(&page, &toggle, &[("on", "true")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let expected = super::points_for(&app.pool, score.unwrap(), "medium").await;
    assert_eq!(all_time(&app, cat_id).await, (i64::from(expected), 1));
    let res = app.post_form(&page, &toggle, &[("on", "false")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(all_time(&app, cat_id).await, (0, 0));

    // Only the interviewer can change it: the candidate's account gets the session's 404.
    let res = cat.post(&toggle, &[("on", "true")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(all_time(&app, cat_id).await, (0, 0));
}

#[tokio::test]
async fn anonymous_and_unlinked_candidates_earn_nothing() {
    let (app, cat, _) = arranged().await;
    // Anonymous: told how to make it count, then joins without an account.
    let (id, token) = session(&app, true, false).await;
    let anonymous = browser();
    let join_page = app.html_in(&anonymous, &format!("/join/{token}")).await;
    assert!(
        join_page.contains(&format!(r#"href="/login?next=/join/{token}""#)),
        "{join_page}"
    );
    assert!(!join_page.contains("link_account"));
    answer(&app, &anonymous, &token, false).await;
    let (owner, score) = session_answer(&app, &id).await;
    assert_eq!(owner, None);
    assert!(score.is_some());
    let live = app.json(&format!("/interviews/{id}/live.json")).await;
    assert_eq!(live["candidate"]["signed_in"], false);

    // Signed in, but the candidate unticked "save my answers to my account".
    let (id, token) = session(&app, true, false).await;
    answer(&app, &cat.b, &token, false).await;
    assert_eq!(session_answer(&app, &id).await.0, None);
    let cat_id = user_id(&app, "cat").await;
    assert_eq!(all_time(&app, cat_id).await, (0, 0));
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM leaderboard_best")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(total, 0, "nobody earned anything");
}

#[tokio::test]
async fn an_interviewers_own_question_never_counts() {
    let (app, cat, _) = arranged().await;
    let (id, token) = session(&app, true, true).await;
    answer(&app, &cat.b, &token, true).await;
    let cat_id = user_id(&app, "cat").await;
    let (owner, score) = session_answer(&app, &id).await;
    assert_eq!(owner, Some(cat_id));
    assert!(
        score.unwrap() > 5.0,
        "graded by its own rubric, and well: {score:?}"
    );
    assert_eq!(all_time(&app, cat_id).await, (0, 0));
}

#[tokio::test]
async fn session_answers_stay_out_of_the_candidates_solo_progress() {
    let (app, cat, _) = arranged().await;
    let (_, token) = session(&app, true, false).await;
    answer(&app, &cat.b, &token, true).await;
    let cat_id = user_id(&app, "cat").await;
    let series = whetstone::db::answers::score_series(&app.pool, cat_id, 50)
        .await
        .unwrap();
    assert!(series.is_empty(), "{series:?}");
    let topics = whetstone::db::answers::average_by_topic(&app.pool, cat_id)
        .await
        .unwrap();
    assert!(topics.is_empty());
}
