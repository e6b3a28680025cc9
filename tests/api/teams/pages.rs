//! The HTML pages: create and join through forms, the team page (members, activity, weakest
//! topics with a "practise this topic" form), the invite shown once, the board page.

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use super::{Answer, User};
use crate::helpers::{TestApp, spawn_app};

async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf_token("/teams").await;
    let mut form = vec![("csrf_token", csrf.as_str())];
    form.extend_from_slice(fields);
    app.client
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .unwrap()
}

fn location(res: &reqwest::Response) -> String {
    res.headers()[LOCATION].to_str().unwrap().to_string()
}

/// Another browser on the same app.
fn second_browser(app: &TestApp) -> TestApp {
    TestApp {
        address: app.address.clone(),
        port: app.port,
        pool: app.pool.clone(),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap(),
        db_name: app.db_name.clone(),
        settings: app.settings.clone(),
    }
}

async fn user_id(app: &TestApp, name: &str) -> uuid::Uuid {
    sqlx::query_scalar!("SELECT id FROM users WHERE username = $1", name)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn create_invite_and_join_through_the_pages() {
    let app = spawn_app().await;
    app.register_and_log_in("ann").await;
    let res = post_form(&app, "/teams", &[("name", "<b>Platform</b>")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let team_path = location(&res);

    let page = app.get(&team_path).await.text().await.unwrap();
    assert!(
        page.contains("&#60;b&#62;Platform&#60;/b&#62;"),
        "names are escaped"
    );
    assert!(page.contains("Make invite"));

    let res = post_form(&app, &format!("{team_path}/invite"), &[("days", "7")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().await.unwrap();
    let re = regex::Regex::new(r#"class="invite-code">([0-9A-Z-]+)<"#).unwrap();
    let code = re.captures(&page).expect("the new code is shown")[1].to_string();
    assert!(page.contains(&format!("/teams/join/{code}")));
    let again = app.get(&team_path).await.text().await.unwrap();
    assert!(!again.contains(&code), "shown once");
    assert!(again.contains("An invite is active"));

    // Bob opens the join link, sees the team, and joins with the form.
    let bob_app = second_browser(&app);
    bob_app.register_and_log_in("bob").await;
    let link = bob_app.get(&format!("/teams/join/{code}")).await;
    assert_eq!(link.status(), StatusCode::OK);
    assert!(
        link.text()
            .await
            .unwrap()
            .contains("Join &#60;b&#62;Platform")
    );
    let res = post_form(&bob_app, "/teams/join", &[("code", &code)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), team_path);
    let res = post_form(&bob_app, "/teams/join", &[("code", &code)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("already a member"));
    let res = post_form(&bob_app, "/teams/join", &[("code", "nope")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let link = bob_app.get("/teams/join/ABCDE-FGHJK-MNPQR-STVWX").await;
    assert_eq!(link.status(), StatusCode::NOT_FOUND);

    // Ann removes Bob from the team page's form.
    let bob_id = user_id(&app, "bob").await;
    let res = post_form(&app, &format!("{team_path}/members/{bob_id}/remove"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        bob_app.get(&team_path).await.status(),
        StatusCode::NOT_FOUND
    );

    // Bad names show the form again with the message.
    let res = post_form(&app, "/teams", &[("name", "   ")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().await.unwrap().contains("A team needs a name."));
}

#[tokio::test]
async fn the_team_page_shows_activity_weakest_topics_and_practise_buttons() {
    let app = spawn_app().await;
    app.register_and_log_in("ann").await;
    let ann = user_id(&app, "ann").await;
    let res = post_form(&app, "/teams", &[("name", "Platform")]).await;
    let team_path = location(&res);
    Answer::new(ann, "q1", 8.0).insert(&app.pool).await;
    Answer::new(ann, "q2", 2.5)
        .topic("databases")
        .insert(&app.pool)
        .await;
    Answer::new(ann, "q3", 6.0)
        .topic("apis")
        .difficulty("easy")
        .insert(&app.pool)
        .await;

    let page = app.get(&team_path).await.text().await.unwrap();
    assert!(page.contains("scored 6.0 on an easy"), "{page}");
    assert!(page.contains("scored 8.0 on a medium"), "{page}");
    let weak = page.find("weak-topics").expect("weakest topics listed");
    let databases = page[weak..].find("average 2.5").unwrap();
    let caching = page[weak..].find("average 8.0").unwrap();
    assert!(databases < caching, "lowest average first");
    assert!(page.contains(r#"action="/practice""#));
    assert!(page.contains(r#"name="topic" value="databases""#));
    assert!(page.contains("Practise this topic"));
    assert!(page.contains("scored 8.0"), "recent activity");

    let board = app
        .get(&format!("{team_path}/leaderboard?window=all"))
        .await;
    assert_eq!(board.status(), StatusCode::OK);
    let board = board.text().await.unwrap();
    assert!(board.contains("board-me"));
    assert!(
        board.contains("<td>270</td>"),
        "160 + 50 + 60 points: {board}"
    );
    assert!(board.contains(whetstone::leaderboard::RULE.split('×').next().unwrap()));
    let bad = app
        .get(&format!("{team_path}/leaderboard?window=year"))
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_api_document_lists_the_team_endpoints() {
    let app = spawn_app().await;
    let _ = User::register(&app, "ann").await;
    let doc: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/teams/{id}/leaderboard"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/teams/join"]["post"].is_object());
    assert!(doc["components"]["schemas"]["BoardView"].is_object());
    assert!(
        doc["paths"]["/api/v1/auth/token"]["post"].is_object(),
        "merged with the rest"
    );
}
