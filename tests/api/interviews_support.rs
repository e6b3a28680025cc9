//! Shared arrangements for the interviewer-session tests: a few bank questions, an interviewer
//! with a prepared session and its candidate link, candidate browsers, a second app instance on
//! the same database, and reading server-sent events.

#![allow(dead_code)] // Each test file uses a different subset.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use sqlx::PgPool;
use whetstone::startup::Application;

use crate::helpers::TestApp;
pub use crate::helpers::browser;
use crate::solo_support::User;

/// Five bank questions: `q-cache-1` .. `q-cache-3` (caching), `q-db-1`, `q-db-2` (databases).
pub async fn seed_questions(pool: &PgPool) {
    let rows = [
        (
            "q-cache-1",
            "caching",
            "easy",
            "What is a cache and why use one?",
        ),
        (
            "q-cache-2",
            "caching",
            "medium",
            "How would you invalidate a distributed cache?",
        ),
        (
            "q-cache-3",
            "caching",
            "hard",
            "Design a globally replicated cache with bounded staleness.",
        ),
        ("q-db-1", "databases", "easy", "What is a database index?"),
        (
            "q-db-2",
            "databases",
            "medium",
            "When would you shard a relational database?",
        ),
    ];
    for (id, topic, difficulty, prompt) in rows {
        sqlx::query(
            "INSERT INTO questions (id, prompt, section, topic, difficulty, rating)
             VALUES ($1, $2, 'Test section', $3, $4, 3)",
        )
        .bind(id)
        .bind(prompt)
        .bind(topic)
        .bind(difficulty)
        .execute(pool)
        .await
        .unwrap();
    }
}

/// Puts `q-cache-2` after `q-cache-1` in a follow-up chain.
pub async fn chain_cache_questions(pool: &PgPool) {
    sqlx::query("UPDATE questions SET chain_next = 'q-cache-2' WHERE id = 'q-cache-1'")
        .execute(pool)
        .await
        .unwrap();
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()[LOCATION].to_str().unwrap().to_owned()
}

/// Creates a session as `app.client`'s user; returns its id.
pub async fn create_session(app: &TestApp, title: &str) -> String {
    let res = app
        .post_form(
            "/interviews",
            "/interviews",
            &[
                ("title", title),
                ("candidate_name", "Ada"),
                ("minutes", "5"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res).trim_start_matches("/interviews/").to_owned()
}

/// Adds bank question `question_id` to session `id`.
pub async fn add_question(app: &TestApp, id: &str, question_id: &str) -> reqwest::Response {
    let page = format!("/interviews/{id}");
    app.post_form(
        &page,
        &format!("{page}/questions"),
        &[("question_id", question_id)],
    )
    .await
}

/// Issues (or regenerates) the candidate link of session `id`; returns the token.
pub async fn issue_link(app: &TestApp, id: &str) -> String {
    let page = format!("/interviews/{id}");
    let res = app.post_form(&page, &format!("{page}/link"), &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let re =
        regex::Regex::new(r#"class="candidate-link">[^<]*/join/([A-Za-z0-9_-]{43})<"#).unwrap();
    re.captures(&html).expect("the new link is shown")[1].to_owned()
}

/// An interviewer (`app.client`, logged in as `owner`) with a session holding two bank
/// questions and a candidate link. Returns (session id, token).
pub async fn prepared(app: &TestApp, owner: &str) -> (String, String) {
    app.register_and_log_in(owner).await;
    let id = create_session(app, "Backend loop").await;
    assert_eq!(add_question(app, &id, "q-cache-1").await.status(), 303);
    assert_eq!(add_question(app, &id, "q-db-2").await.status(), 303);
    let token = issue_link(app, &id).await;
    (id, token)
}

/// A fresh candidate browser that joined with `token` as `name`.
pub async fn joined_candidate(app: &TestApp, token: &str, name: &str) -> reqwest::Client {
    let candidate = browser();
    let join = format!("/join/{token}");
    let res = app
        .post_form_in(&candidate, &join, &join, &[("display_name", name)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "joining as {name}");
    assert_eq!(location(&res), format!("{join}/room"));
    candidate
}

/// Adds the interviewer's own question with its reference answer to session `id`.
pub async fn add_own_question(app: &TestApp, id: &str, prompt: &str, reference: &str) {
    let page = format!("/interviews/{id}");
    let res = app
        .post_form(
            &page,
            &format!("{page}/own"),
            &[("prompt", prompt), ("reference", reference)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "adding own question");
}

/// The candidate (who joined with `token`) presses Start in the waiting room.
pub async fn start_as_candidate(
    app: &TestApp,
    candidate: &reqwest::Client,
    token: &str,
) -> reqwest::Response {
    let join = format!("/join/{token}");
    app.post_form_in(
        candidate,
        &format!("{join}/room"),
        &format!("{join}/start"),
        &[],
    )
    .await
}

/// A fresh candidate browser that joined with `token` as `name` and started the session.
pub async fn started_candidate(app: &TestApp, token: &str, name: &str) -> reqwest::Client {
    let candidate = joined_candidate(app, token, name).await;
    let res = start_as_candidate(app, &candidate, token).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "starting as {name}");
    candidate
}

/// The candidate's answer form on the item page `page` (`/join/<token>/items/<id>`): `action`
/// is `draft` (autosave) or `submit`.
pub async fn answer_form(
    app: &TestApp,
    candidate: &reqwest::Client,
    page: &str,
    action: &str,
    body: &str,
) -> reqwest::Response {
    let path = format!("{page}/{action}");
    app.post_form_in(candidate, page, &path, &[("body", body)])
        .await
}

/// The interviewer signed in on `app.client` makes a session ("Loop", 5 minutes) with bank
/// question `question_id` and issues its link; `candidate`, signed in in their own browser,
/// joins from it as "Cat" keeping the answers on their account, starts, and submits `body`.
pub async fn linked_candidate_submits(
    app: &TestApp,
    candidate: &User,
    question_id: &str,
    body: &str,
) {
    let res = app
        .post_form(
            "/interviews",
            "/interviews",
            &[("title", "Loop"), ("minutes", "5")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let id = location(&res).trim_start_matches("/interviews/").to_owned();
    assert_eq!(add_question(app, &id, question_id).await.status(), 303);
    let token = issue_link(app, &id).await;
    let join = format!("/join/{token}");
    let res = app
        .post_form_in(
            &candidate.b,
            &join,
            &join,
            &[("display_name", "Cat"), ("link_account", "on")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        start_as_candidate(app, &candidate.b, &token).await.status(),
        StatusCode::SEE_OTHER
    );
    let res = candidate.get(&format!("{join}/answer")).await;
    let page = location(&res);
    let res = answer_form(app, &candidate.b, &page, "submit", body).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// A second app instance on `app`'s database (same secret, so logins work on both).
pub async fn second_instance(app: &TestApp) -> TestApp {
    let built = Application::build(app.settings.clone())
        .await
        .expect("building the second instance");
    let port = built.port();
    let pool = built.pool().clone();
    tokio::spawn(built.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        pool,
        client: browser(),
        db_name: app.db_name.clone(),
        settings: app.settings.clone(),
    }
}

/// Reads a server-sent event stream until an event's data contains `needle`; returns that
/// event's data. Panics after `within`.
pub async fn next_event_with(
    res: &mut reqwest::Response,
    buffer: &mut String,
    needle: &str,
    within: Duration,
) -> String {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: "))
                && data.contains(needle)
            {
                return data.to_owned();
            }
        }
        let chunk = tokio::time::timeout_at(deadline, res.chunk())
            .await
            .unwrap_or_else(|_| panic!("no event with {needle:?} in time; have {buffer:?}"))
            .expect("reading the event stream")
            .expect("the event stream ended");
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
}

/// Parses CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks)
/// into records; a blank line is an empty record.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                if !(record.is_empty() && field.is_empty()) {
                    record.push(std::mem::take(&mut field));
                }
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "the CSV ends inside a quoted field");
    if !(record.is_empty() && field.is_empty()) {
        record.push(field);
        records.push(record);
    }
    records
}

/// One section of the report's CSV: its name, header and rows keyed by the header.
#[derive(Debug)]
pub struct CsvSection {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<std::collections::HashMap<String, String>>,
}

/// Splits the report's CSV into its sections (a one-field row naming the section, a header row,
/// rows, a blank line), checking that every row has its header's width.
pub fn csv_sections(text: &str) -> Vec<CsvSection> {
    let mut sections = Vec::new();
    let mut records = parse_csv(text).into_iter();
    while let Some(title) = records.next() {
        if title.is_empty() {
            continue;
        }
        assert_eq!(
            title.len(),
            1,
            "a section starts with its name alone: {title:?}"
        );
        let header = records
            .next()
            .expect("a header row follows the section name");
        let mut rows = Vec::new();
        for record in records.by_ref() {
            if record.is_empty() {
                break;
            }
            assert_eq!(
                record.len(),
                header.len(),
                "a row of {} as wide as its header: {record:?}",
                title[0]
            );
            rows.push(header.iter().cloned().zip(record).collect());
        }
        sections.push(CsvSection {
            name: title[0].clone(),
            header,
            rows,
        });
    }
    sections
}

/// The section `name` of parsed CSV sections.
pub fn section<'a>(sections: &'a [CsvSection], name: &str) -> &'a CsvSection {
    sections
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no section {name}"))
}

/// The `field,value` rows of a key-value section as a map.
pub fn fields(section: &CsvSection) -> std::collections::HashMap<String, String> {
    section
        .rows
        .iter()
        .map(|r| (r["field"].clone(), r["value"].clone()))
        .collect()
}

/// Issues the report link of session `id` as its owner (`app.client`); returns the token.
pub async fn report_token(app: &TestApp, id: &str) -> String {
    let live = format!("/interviews/{id}/live");
    let res = app
        .post_form(&live, &format!("/interviews/{id}/report-link"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let re = regex::Regex::new(r#"class="report-link">[^<]*/report/([A-Za-z0-9_-]{43})<"#).unwrap();
    re.captures(&html).expect("the report link is shown")[1].to_owned()
}
