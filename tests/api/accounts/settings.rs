//! The account page: linked from the header; change the password; delete the account and its
//! answers (confirmed by the password; teams handed over; leaderboard rows rebuilt); download
//! my data. Every error path leaves the account as it was.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, LOCATION, SET_COOKIE};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use super::{
    PASSWORD, account_with_cookie, api_token, assert_redirects_to_login, browser,
    logged_in_browser, login_form, me_with_bearer, session_cookie, url,
};
use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::solo_support::{GOOD_ANSWER, ONE_EASY, User as SoloUser, seed_bank};

const NEW_PASSWORD: &str = "an even longer new password";

async fn user_id(pool: &PgPool, name: &str) -> Option<Uuid> {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(name)
        .fetch_optional(pool)
        .await
        .unwrap()
}

async fn count(pool: &PgPool, sql: &'static str, id: Uuid) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Posts the change-password form from the account page.
async fn change(
    app: &TestApp,
    b: &reqwest::Client,
    current: &str,
    new: &str,
    confirm: &str,
) -> reqwest::Response {
    app.post_form_in(
        b,
        "/account",
        "/account/password",
        &[
            ("current_password", current),
            ("new_password", new),
            ("new_password_confirm", confirm),
        ],
    )
    .await
}

/// Answers one easy question in `b` (logged in as `name`) through the solo pages.
async fn answer_one(app: &TestApp, b: &reqwest::Client, name: &str) -> Uuid {
    let u = SoloUser {
        name: name.into(),
        b: b.clone(),
        address: app.address.clone(),
    };
    let (_, item) = u.start_and_open(ONE_EASY).await;
    let r = u.submit(item, GOOD_ANSWER).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    item
}

#[tokio::test]
async fn the_account_page_is_linked_from_the_header_and_offers_every_change() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "acct_page").await;
    let home = app.html_in(&b, "/").await;
    assert!(home.contains(r#"<a href="/account""#), "{home}");
    let res = b.get(url(&app, "/account")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    for needle in [
        r#"action="/account/password""#,
        r#"action="/logout/everywhere""#,
        r#"href="/account/data.json""#,
        r#"action="/account/delete""#,
        r#"<label for="delete_password">Type your password to confirm</label>"#,
        r#"<a href="/account" aria-current="page">Account</a>"#,
        // member since, in the viewer's zone
        r#"<time datetime=""#,
    ] {
        assert!(page.contains(needle), "{needle} missing from {page}");
    }
}

#[tokio::test]
async fn changing_the_password_logs_out_every_other_session_and_keeps_this_one() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "acct_pw").await;
    let other = browser();
    assert_eq!(
        login_form(&app, &other, "acct_pw", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let token = api_token(&app, "acct_pw").await;

    let res = change(&app, &b, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/account?done=password");
    let fresh = session_cookie(&res);
    assert_eq!(account_with_cookie(&app, &fresh).await.status(), 200);
    let page = app.html_in(&b, "/account?done=password").await;
    assert!(page.contains("Your password was changed"), "{page}");

    // the other browser and the API token are logged out
    let res = other.get(url(&app, "/account")).send().await.unwrap();
    assert_redirects_to_login(&res);
    assert_eq!(me_with_bearer(&app, &token).await.status(), 401);
    // only the new password logs in
    let c = browser();
    assert_eq!(
        login_form(&app, &c, "acct_pw", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_form(&app, &c, "acct_pw", NEW_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_refused_password_change_says_why_and_changes_nothing() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "acct_pw_bad").await;
    let cases = [
        (
            "wrong current password",
            change(
                &app,
                &b,
                "not my password at all",
                NEW_PASSWORD,
                NEW_PASSWORD,
            )
            .await,
            "That is not your current password.",
        ),
        (
            "no current password",
            change(&app, &b, "", NEW_PASSWORD, NEW_PASSWORD).await,
            "Type your current password.",
        ),
        (
            "new password too short",
            change(&app, &b, PASSWORD, "short", "short").await,
            "at least 10 characters",
        ),
        (
            "confirmation differs",
            change(&app, &b, PASSWORD, NEW_PASSWORD, "something else entirely").await,
            "The two passwords do not match.",
        ),
    ];
    for (what, res, message) in cases {
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{what}");
        assert!(
            res.headers().get(SET_COOKIE).is_none(),
            "{what}: no new login"
        );
        let page = res.text().await.unwrap();
        assert!(page.contains(message), "{what}: {page}");
        assert!(page.contains(r#"aria-invalid="true""#), "{what}");
    }
    // no CSRF token, and a wrong one
    let res = b
        .post(url(&app, "/account/password"))
        .form(&[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
            ("new_password_confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = b
        .post(url(&app, "/account/password"))
        .form(&[
            ("csrf_token", "forged"),
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
            ("new_password_confirm", NEW_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // the old password still works and this browser is still logged in
    assert_eq!(
        login_form(&app, &browser(), "acct_pw_bad", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let res = b.get(url(&app, "/account")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn deleting_the_account_needs_its_password_and_the_csrf_token() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "acct_keep").await;
    let item = answer_one_seeded(&app, &b, "acct_keep").await;
    let delete = |fields: Vec<(&'static str, &'static str)>| {
        let b = b.clone();
        let app = &app;
        async move {
            app.post_form_in(&b, "/account", "/account/delete", &fields)
                .await
        }
    };
    let cases = [
        (
            "wrong password",
            delete(vec![("password", "not my password at all")]).await,
            "That is not your password. Nothing was deleted.",
        ),
        (
            "empty confirmation",
            delete(vec![("password", "")]).await,
            "Type your password to confirm",
        ),
        (
            "no confirmation field",
            delete(vec![]).await,
            "Type your password to confirm",
        ),
    ];
    for (what, res, message) in cases {
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{what}");
        let page = res.text().await.unwrap();
        assert!(page.contains(message), "{what}: {page}");
        assert!(page.contains(r#"role="alert" id="delete-error""#), "{what}");
    }
    for csrf in [None, Some("forged")] {
        let mut form = vec![("password", PASSWORD)];
        if let Some(t) = csrf {
            form.push(("csrf_token", t));
        }
        let res = b
            .post(url(&app, "/account/delete"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "csrf {csrf:?}");
    }
    // still there, answers and all, and still logged in
    let id = user_id(&app.pool, "acct_keep").await.expect("account kept");
    assert_eq!(
        count(
            &app.pool,
            "SELECT COUNT(*) FROM answers WHERE user_id = $1",
            id
        )
        .await,
        1
    );
    let res = b
        .get(url(&app, &format!("/practice/items/{item}/feedback")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

async fn answer_one_seeded(app: &TestApp, b: &reqwest::Client, name: &str) -> Uuid {
    seed_bank(&app.pool).await;
    answer_one(app, b, name).await
}

/// A team with `owner` as owner and `members` (user id, role) joined in that order.
async fn team(pool: &PgPool, name: &str, owner: Uuid, members: &[(Uuid, &str)]) -> Uuid {
    let team: Uuid = sqlx::query_scalar("INSERT INTO teams (name) VALUES ($1) RETURNING id")
        .bind(name)
        .fetch_one(pool)
        .await
        .unwrap();
    let all = std::iter::once((owner, "owner")).chain(members.iter().copied());
    for (n, (user, role)) in all.enumerate() {
        sqlx::query(
            "INSERT INTO team_members (team_id, user_id, role, joined_at)
             VALUES ($1, $2, $3, now() - make_interval(days => 10 - $4))",
        )
        .bind(team)
        .bind(user)
        .bind(role)
        .bind(n as i32)
        .execute(pool)
        .await
        .unwrap();
    }
    team
}

async fn role_of(pool: &PgPool, team: Uuid, user: Uuid) -> Option<String> {
    sqlx::query_scalar("SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2")
        .bind(team)
        .bind(user)
        .fetch_optional(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn deleting_the_account_removes_it_its_answers_and_its_board_rows_and_hands_teams_over() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "acct_gone").await;
    answer_one_seeded(&app, &b, "acct_gone").await;
    let me = user_id(&app.pool, "acct_gone").await.unwrap();
    let member = logged_in_browser(&app, "acct_member").await;
    logged_in_browser(&app, "acct_admin").await;
    let member_id = user_id(&app.pool, "acct_member").await.unwrap();
    let admin_id = user_id(&app.pool, "acct_admin").await.unwrap();
    answer_one(&app, &member, "acct_member").await;
    // the member joined first, the admin later: the admin still inherits
    let shared = team(
        &app.pool,
        "Shared",
        me,
        &[(member_id, "member"), (admin_id, "admin")],
    )
    .await;
    let alone = team(&app.pool, "Alone", me, &[]).await;
    assert!(
        count(
            &app.pool,
            "SELECT COUNT(*) FROM leaderboard_points WHERE user_id = $1",
            me
        )
        .await
            > 0,
        "the answer counted on the boards"
    );
    let member_rows = count(
        &app.pool,
        "SELECT COUNT(*) FROM leaderboard_points WHERE user_id = $1",
        member_id,
    )
    .await;

    let res = app
        .post_form_in(&b, "/account", "/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/account/deleted");
    assert!(
        res.headers()
            .get_all(SET_COOKIE)
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("wt_session=;")),
        "the login cookie is removed"
    );
    let page = app.html_in(&b, "/account/deleted").await;
    assert!(page.contains("Your account is deleted"), "{page}");
    assert!(
        page.contains(r#"href="/login""#),
        "shown logged out: {page}"
    );

    assert!(user_id(&app.pool, "acct_gone").await.is_none());
    for (sql, what) in [
        ("SELECT COUNT(*) FROM answers WHERE user_id = $1", "answers"),
        (
            "SELECT COUNT(*) FROM interviews WHERE user_id = $1",
            "interviews",
        ),
        (
            "SELECT COUNT(*) FROM leaderboard_points WHERE user_id = $1",
            "board points",
        ),
        (
            "SELECT COUNT(*) FROM leaderboard_best WHERE user_id = $1",
            "board bests",
        ),
        (
            "SELECT COUNT(*) FROM team_members WHERE user_id = $1",
            "memberships",
        ),
    ] {
        assert_eq!(count(&app.pool, sql, me).await, 0, "{what} left behind");
    }
    assert_eq!(
        role_of(&app.pool, shared, admin_id).await.as_deref(),
        Some("owner")
    );
    assert_eq!(
        role_of(&app.pool, shared, member_id).await.as_deref(),
        Some("member")
    );
    let alone_left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM teams WHERE id = $1")
        .bind(alone)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(alone_left, 0, "a team with nobody else is deleted");
    // others keep what is theirs
    assert_eq!(
        count(
            &app.pool,
            "SELECT COUNT(*) FROM leaderboard_points WHERE user_id = $1",
            member_id
        )
        .await,
        member_rows
    );
    assert_eq!(
        login_form(&app, &browser(), "acct_gone", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

/// An interview of kind 'session' run by `interviewer` that counts for leaderboards, with one
/// graded answer by `candidate` (or by nobody) on a bank question.
async fn session_answer(pool: &PgPool, interviewer: Uuid, candidate: Option<Uuid>) -> Uuid {
    let interview = Uuid::new_v4();
    let item = Uuid::new_v4();
    let answer = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO interviews (id, user_id, kind, difficulty, minutes_per_question)
         VALUES ($1, $2, 'session', 'custom', 10)",
    )
    .bind(interview)
    .bind(interviewer)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO interview_sessions (id, owner_id, title, minutes_per_question, state,
                                         count_for_leaderboards, started_at, interview_id)
         VALUES ($1, $2, 'Loop', 10, 'live', true, now(), $3)",
    )
    .bind(Uuid::new_v4())
    .bind(interviewer)
    .bind(interview)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO interview_items (id, interview_id, position, question_id, minutes, state,
                                      started_at, deadline)
         VALUES ($1, $2, 0, 'd-m1', 10, 'submitted', now(), now() + interval '10 minutes')",
    )
    .bind(item)
    .bind(interview)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO answers (id, item_id, source, user_id, question_id, topic, difficulty, body,
                              score, grader_version)
         VALUES ($1, $2, 'interview', $3, 'd-m1', 'databases', 'medium', 'a session answer',
                 7.0, 'test')",
    )
    .bind(answer)
    .bind(item)
    .bind(candidate)
    .execute(pool)
    .await
    .unwrap();
    answer
}

#[tokio::test]
async fn deleting_an_interviewer_rebuilds_their_candidates_boards_and_a_candidate_leaves_the_record_whole()
 {
    let app = spawn_app().await;
    let interviewer = logged_in_browser(&app, "acct_interviewer").await;
    let candidate = logged_in_browser(&app, "acct_candidate").await;
    let interviewer_id = user_id(&app.pool, "acct_interviewer").await.unwrap();
    let candidate_id = user_id(&app.pool, "acct_candidate").await.unwrap();
    // the candidate's answer in the interviewer's session counts on the candidate's boards
    session_answer(&app.pool, interviewer_id, Some(candidate_id)).await;
    let points = "SELECT COALESCE(SUM(points), 0)::bigint FROM leaderboard_points
                  WHERE user_id = $1 AND span = 'all' AND topic = ''";
    assert_eq!(count(&app.pool, points, candidate_id).await, 140);

    let res = app
        .post_form_in(
            &interviewer,
            "/account",
            "/account/delete",
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(user_id(&app.pool, "acct_interviewer").await.is_none());
    // the session went with its interviewer, and the candidate's rows were rebuilt without it
    assert_eq!(count(&app.pool, points, candidate_id).await, 0);
    assert_eq!(
        count(
            &app.pool,
            "SELECT COUNT(*) FROM leaderboard_best WHERE user_id = $1",
            candidate_id
        )
        .await,
        0
    );

    // now a candidate deletes their account: the interviewer's record keeps the answer, anonymous
    logged_in_browser(&app, "acct_interviewer2").await;
    let interviewer2_id = user_id(&app.pool, "acct_interviewer2").await.unwrap();
    let kept = session_answer(&app.pool, interviewer2_id, Some(candidate_id)).await;
    let res = app
        .post_form_in(
            &candidate,
            "/account",
            "/account/delete",
            &[("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let owner: Option<Option<Uuid>> =
        sqlx::query_scalar("SELECT user_id FROM answers WHERE id = $1")
            .bind(kept)
            .fetch_optional(&app.pool)
            .await
            .unwrap();
    assert_eq!(owner, Some(None), "the answer stays, without its author");
}

#[tokio::test]
async fn download_my_data_is_one_json_file_of_everything_but_the_password() {
    let app = spawn_app().await;
    let b = logged_in_browser(&app, "acct_export").await;
    answer_one_seeded(&app, &b, "acct_export").await;
    let res = b.get(url(&app, "/account/data.json")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"whetstone-acct_export-"),
        "{disposition}"
    );
    let text = res.text().await.unwrap();
    assert!(!text.contains("argon2"), "no password hash in {text}");
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["account"]["username"], "acct_export");
    assert_eq!(data["account"]["email"], "acct_export@example.com");
    let interviews = data["solo_interviews"].as_array().unwrap();
    assert_eq!(interviews.len(), 1);
    let q = &interviews[0]["questions"][0];
    assert_eq!(q["number"], 1);
    assert_eq!(q["state"], "submitted");
    assert_eq!(q["answer"]["body"], GOOD_ANSWER);
    assert!(q["answer"]["score"].as_f64().unwrap() > 5.0, "{q}");
    assert!(q["answer"]["judgment"]["criteria"].is_array(), "{q}");
    assert!(q["prompt"].as_str().unwrap().ends_with('?'), "{q}");
    assert_eq!(data["teams"], serde_json::json!([]));
    assert_eq!(data["sessions_run"], serde_json::json!([]));
    // the answer was a first solo attempt: it rated the account, overall and in its topic
    let current = data["ratings"]["current"].as_array().unwrap();
    assert_eq!(current.len(), 2, "{data}");
    assert_eq!(current[0]["topic"], Value::Null, "overall first: {data}");
    assert_eq!(current[0]["games"], 1);
    let rated = data["ratings"]["rated_answers"].as_array().unwrap();
    assert_eq!(rated.len(), 1, "{data}");
    assert_eq!(rated[0]["question_id"], q["question_id"]);

    // logged out: to the login page
    let res = browser()
        .get(url(&app, "/account/data.json"))
        .send()
        .await
        .unwrap();
    assert_redirects_to_login(&res);
}

#[tokio::test]
async fn password_confirmations_are_rate_limited_like_logins() {
    // no refill during the test, however slow the machine
    let app = spawn_app_with(|s| {
        s.auth_limits = s
            .auth_limits
            .with_refill_every(std::time::Duration::from_secs(3600))
    })
    .await;
    let b = logged_in_browser(&app, "acct_guess").await;
    // guessing through the delete form: refused, then limited with Retry-After
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let res = app
            .post_form_in(
                &b,
                "/account",
                "/account/delete",
                &[("password", "a wrong guess")],
            )
            .await;
        let status = res.status();
        statuses.push(status);
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert!(res.headers().contains_key("retry-after"));
            let page = res.text().await.unwrap();
            assert!(page.contains("Too many password attempts"), "{page}");
            break;
        }
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // the change-password form shares the limit: even the right password waits now
    let res = change(&app, &b, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    assert!(user_id(&app.pool, "acct_guess").await.is_some());
    assert_eq!(
        login_form(&app, &browser(), "acct_guess", NEW_PASSWORD)
            .await
            .status(),
        StatusCode::TOO_MANY_REQUESTS,
        "and so does a login to the account"
    );
}
