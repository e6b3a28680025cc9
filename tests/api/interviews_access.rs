//! Access rules of interviewer-led sessions, one test each: owner-only pages, candidate links
//! reach only their session's candidate pages, one candidate per session, expired and revoked
//! links (410), token guessing (429).

use reqwest::StatusCode;

use crate::helpers::spawn_app;
use crate::interviews_support::*;

#[tokio::test]
async fn only_the_owner_sees_the_owner_pages() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, _token) = prepared(&app, "owner").await;
    let page = format!("/interviews/{id}");
    let owner_pages = [
        page.clone(),
        format!("{page}/live"),
        format!("{page}/live.json"),
        format!("{page}/events"),
    ];

    // Another logged-in user: 404 everywhere, and no state changes.
    let intruder = browser();
    app.register_in(&intruder, "intruder").await;
    for path in &owner_pages {
        let res = intruder.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    for action in [
        "start",
        "finish",
        "link",
        "link/revoke",
        "copy",
        "questions/0/remove",
    ] {
        let res = app
            .post_form_in(&intruder, "/interviews", &format!("{page}/{action}"), &[])
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{action}");
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM session_questions")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(n, 2, "nothing removed");
    let html = app.html_in(&intruder, "/interviews").await;
    assert!(
        !html.contains(">Backend loop</a>"),
        "not on the intruder's dashboard"
    );

    // Anonymous visitors are sent to log in.
    let anon = browser();
    for path in &owner_pages {
        let res = anon.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&res).starts_with("/login"), "{path}");
    }
}

#[tokio::test]
async fn the_candidate_link_reaches_only_its_sessions_candidate_pages() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id_a, token_a) = prepared(&app, "owner").await;
    let id_b = create_session(&app, "Other loop").await;
    add_question(&app, &id_b, "q-db-1").await;
    let token_b = issue_link(&app, &id_b).await;

    let candidate = joined_candidate(&app, &token_a, "Ada").await;
    // Owner pages of either session: the candidate is not logged in.
    for id in [&id_a, &id_b] {
        for path in [
            format!("/interviews/{id}"),
            format!("/interviews/{id}/live.json"),
        ] {
            let res = candidate.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        }
    }
    // Acting on session B with A's candidate cookie: B's pages want their own join; its start
    // does nothing; the owner start route needs a login.
    let res = candidate
        .get(app.url(&format!("/join/{token_b}/room")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/join/{token_b}"));
    let res = app
        .post_form_in(
            &candidate,
            &format!("/join/{token_a}/room"),
            &format!("/join/{token_b}/start"),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/join/{token_b}"));
    let res = candidate
        .get(app.url(&format!("/join/{token_b}/status")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post_form_in(
            &candidate,
            &format!("/join/{token_a}/room"),
            &format!("/interviews/{id_b}/start"),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).starts_with("/login"));
    let state: String =
        sqlx::query_scalar("SELECT state FROM interview_sessions WHERE id = $1::uuid")
            .bind(&id_b)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(state, "scheduled", "session B untouched");
    // Session ids in place of tokens lead nowhere.
    let res = candidate
        .get(app.url(&format!("/join/{id_a}/room")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_candidate_holds_a_session_and_can_resume() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (_id, token) = prepared(&app, "owner").await;
    let join = format!("/join/{token}");
    let first = joined_candidate(&app, &token, "Ada").await;
    // The same browser comes back: straight to the room, joining again is harmless.
    let res = first.get(app.url(&join)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("{join}/room"));
    let again = app
        .post_form_in(
            &first,
            &format!("{join}/room"),
            &join,
            &[("display_name", "Ada")],
        )
        .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    // A second browser is told clearly.
    let second = browser();
    let res = second.get(app.url(&join)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("already joined this interview")
    );
    let res = second
        .get(app.url(&format!("{join}/room")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let name: String = sqlx::query_scalar("SELECT display_name FROM session_candidates")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "Ada");
}

#[tokio::test]
async fn revoked_regenerated_and_expired_links_are_gone() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token) = prepared(&app, "owner").await;
    let page = format!("/interviews/{id}");
    let candidate = joined_candidate(&app, &token, "Ada").await;

    // Regenerating revokes the old link, even for the browser that joined with it.
    let fresh = issue_link(&app, &id).await;
    assert_ne!(fresh, token);
    for path in [format!("/join/{token}"), format!("/join/{token}/room")] {
        let res = candidate.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::GONE, "{path}");
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("This link is no longer valid")
        );
    }
    let res = candidate
        .get(app.url(&format!("/join/{fresh}/room")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the candidate resumes with the new link"
    );

    // Revoking.
    let res = app
        .post_form(&page, &format!("{page}/link/revoke"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let res = candidate
        .get(app.url(&format!("/join/{fresh}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::GONE);

    // Expiry.
    let third = issue_link(&app, &id).await;
    assert_eq!(
        browser()
            .get(app.url(&format!("/join/{third}")))
            .send()
            .await
            .unwrap()
            .status(),
        409
    );
    sqlx::query("UPDATE session_links SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL")
        .execute(&app.pool).await.unwrap();
    let res = browser()
        .get(app.url(&format!("/join/{third}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("This link is no longer valid")
    );
}

#[tokio::test]
async fn guessing_tokens_is_rate_limited() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (_id, token) = prepared(&app, "owner").await;
    let guesser = browser();
    let mut statuses = Vec::new();
    for i in 0..12 {
        let guess = format!("{:0>43}", i);
        let res = guesser
            .get(app.url(&format!("/join/{guess}")))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(res.headers().contains_key("retry-after"));
        }
    }
    assert_eq!(&statuses[..10], &[404; 10]);
    assert_eq!(&statuses[10..], &[429, 429]);
    // Malformed tokens count too; the real link still works.
    let res = guesser.get(app.url("/join/short")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = guesser
        .get(app.url(&format!("/join/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
