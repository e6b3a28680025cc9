//! Small things a user meets: one time format (the viewer's local time, with a UTC fallback),
//! the favicon, the copy button for invite links, the leaderboard's current window marked and no
//! streak on a topic board for a member with no answers there, the API's 401 text.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;
use crate::solo_support::{GOOD_ANSWER, ONE_EASY, register, seed_bank};
use crate::teams::{Answer, User, row, team_of};

#[tokio::test]
async fn every_page_links_the_favicon_and_the_local_time_script() {
    let app = spawn_app().await;
    let page = app.html("/").await;
    assert!(page.contains(r#"<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">"#));
    assert!(page.contains(r#"<script src="/static/time.js" defer></script>"#));
    assert!(page.contains(r#"<script src="/static/copy.js" defer></script>"#));
    for (path, kind) in [
        ("/static/favicon.svg", "image/svg+xml"),
        ("/static/time.js", "javascript"),
        ("/static/copy.js", "javascript"),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.contains(kind), "{path}: {ct}");
    }
    let svg = app.get("/static/favicon.svg").await.text().await.unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<title>Whetstone</title>"));
}

/// `<time datetime="…Z" data-local="…">… UTC</time>`: what every page writes for a moment.
fn local_times(page: &str) -> Vec<String> {
    let re = regex::Regex::new(
        r#"<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" data-local="(date|datetime|time)">([^<]*)</time>"#,
    )
    .unwrap();
    re.captures_iter(page).map(|c| c[2].to_string()).collect()
}

#[tokio::test]
async fn solo_pages_write_every_time_one_way_for_the_browser_to_localise() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let u = register(&app, "times_user").await;
    let (interview, item) = u.start_and_open(ONE_EASY).await;
    assert_eq!(u.save_draft(item, "a first draft").await.status(), 200);
    let answer_page = u.open(item).await;
    let saved = local_times(&answer_page);
    assert_eq!(saved.len(), 1, "the draft's time: {answer_page}");
    assert!(saved[0].ends_with(" UTC"), "{saved:?}");
    assert_eq!(u.submit(item, GOOD_ANSWER).await.status(), 303);
    for path in [
        format!("/practice/items/{item}/feedback"),
        format!("/practice/interviews/{interview}"),
        "/history".to_string(),
        "/".to_string(),
    ] {
        let (status, page) = u.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let times = local_times(&page);
        assert!(!times.is_empty(), "{path} shows a time: {page}");
        assert!(
            times.iter().all(|t| t.ends_with(" UTC")),
            "{path}: {times:?}"
        );
        assert!(
            !page.contains(" AM") && !page.contains(" PM"),
            "{path} has no other time format"
        );
    }
}

#[tokio::test]
async fn the_api_401_names_the_header_and_its_token_placeholder() {
    let app = spawn_app().await;
    for auth in [None, Some("Bearer not-a-token")] {
        let mut req = reqwest::Client::new().get(app.url("/api/v1/me"));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: Value = res.json().await.unwrap();
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("send `Authorization: Bearer <token>`"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn a_topic_board_shows_no_streak_for_a_member_without_answers_there() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let team = team_of(&ann, &[&bob]).await;
    // both answered caching today; only bob answered databases
    Answer::new(ann.id, "c-1", 8.0).insert(&app.pool).await;
    Answer::new(bob.id, "c-1", 6.0).insert(&app.pool).await;
    Answer::new(bob.id, "d-1", 6.0)
        .topic("databases")
        .insert(&app.pool)
        .await;
    let all = ann.board(team, "window=week").await;
    assert_eq!(row(&all, "ann")["streak"], 1);
    let databases = ann.board(team, "window=week&topic=databases").await;
    assert_eq!(
        row(&databases, "ann")["streak"],
        0,
        "no answers on this topic: {databases}"
    );
    assert_eq!(row(&databases, "bob")["streak"], 1);

    // the page: the current window is marked, and ann's streak cell is empty
    let page = page_as(
        &app,
        "ann",
        &format!("/teams/{team}/leaderboard?window=month&topic=databases"),
    )
    .await;
    assert!(
        page.contains(&format!(
            r#"<a href="/teams/{team}/leaderboard?window=month&amp;topic=databases" aria-current="page">"#
        )),
        "{page}"
    );
    assert_eq!(last_cell(&page, "ann (you)"), "–");
    assert_eq!(last_cell(&page, ">bob<"), "1 day");
}

/// The text of the last cell of the board row containing `marker`.
fn last_cell(page: &str, marker: &str) -> String {
    let row = page
        .split("<tr")
        .find(|r| r.contains(marker))
        .unwrap_or_else(|| panic!("no row with {marker}"));
    let cell = row.rsplit("<td>").next().unwrap();
    cell[..cell.find("</td>").unwrap()].trim().to_string()
}

/// The page at `path` for `name` (registered with the harness's password), with their login
/// cookie.
async fn page_as(app: &crate::helpers::TestApp, name: &str, path: &str) -> String {
    let token = crate::accounts::api_token(app, name).await;
    let res = reqwest::Client::new()
        .get(app.url(path))
        .header("cookie", format!("wt_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}
