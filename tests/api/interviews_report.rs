//! After the session: private notes (owner only), the scorecard, and the read-only report link
//! with its JSON and CSV exports, which never show the notes.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;
use crate::interviews_support::*;

const SECRET_NOTE: &str = "PRIVATE: hesitated on consistency <b>models</b>";

#[tokio::test]
async fn notes_stay_private_and_the_report_is_read_only() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token) = prepared(&app, "owner").await;
    let candidate = joined_candidate(&app, &token, "Ada, \"the\" candidate").await;
    let live = format!("/interviews/{id}/live");

    // Notes and the scorecard, as the owner.
    let res = app
        .post_form(
            &live,
            &format!("/interviews/{id}/notes/1"),
            &[("body", SECRET_NOTE)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &live,
            &format!("/interviews/{id}/scorecard"),
            &[
                ("recommendation", "hire"),
                ("summary", "=1+1 Solid on caching, weak on sharding"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let html = app.html(&live).await;
    assert!(
        html.contains("PRIVATE: hesitated on consistency &#60;b&#62;models&#60;/b&#62;"),
        "owner sees the note, escaped"
    );
    assert!(html.contains("value=\"hire\" checked"));

    // The report: scorecard yes, notes no, in every format, and nothing to post.
    let report = report_token(&app, &id).await;
    let reader = browser();
    let page = reader
        .get(app.url(&format!("/report/{report}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("class=\"recommendation\">Hire<"), "{html}");
    assert!(html.contains("How would you invalidate") || html.contains("What is a cache"));
    assert!(!html.contains("PRIVATE"), "no notes on the report");
    assert!(
        !html.contains("method=\"post\" action=\"/interviews"),
        "no owner controls"
    );
    let json: Value = app
        .json_in(&reader, &format!("/report/{report}/report.json"))
        .await;
    assert_eq!(json["scorecard"]["recommendation"], "hire");
    assert_eq!(json["candidate"], "Ada, \"the\" candidate");
    assert_eq!(json["questions"].as_array().unwrap().len(), 2);
    assert!(!json.to_string().contains("PRIVATE"));
    let csv = reader
        .get(app.url(&format!("/report/{report}/report.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let sections = csv_sections(&csv);
    let questions = &section(&sections, "Questions").rows;
    assert_eq!(
        questions.len(),
        2,
        "only questions in the question table: {csv}"
    );
    assert_eq!(
        (
            questions[0]["number"].as_str(),
            questions[0]["question_id"].as_str()
        ),
        ("1", "q-cache-1")
    );
    let scorecard = fields(section(&sections, "Scorecard"));
    assert_eq!(scorecard["recommendation"], "hire");
    assert_eq!(
        scorecard["summary"], "'=1+1 Solid on caching, weak on sharding",
        "formula defused: {csv}"
    );
    assert!(
        csv.contains("\"'=1+1 Solid on caching, weak on sharding\""),
        "quoted: {csv}"
    );
    assert!(!csv.contains("PRIVATE"));
    for path in [
        format!("/report/{report}"),
        format!("/interviews/{id}/notes/0"),
    ] {
        let res = app
            .post_form_in(&reader, "/login", &path, &[("body", "x")])
            .await;
        assert!(
            matches!(res.status().as_u16(), 303 | 404 | 405),
            "{path}: {}",
            res.status()
        );
    }
    let notes: i64 = sqlx::query_scalar("SELECT count(*) FROM session_notes")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(notes, 1, "the reader changed nothing");

    // The report link reaches no candidate page, the candidate link no report; the candidate
    // sees no note and no scorecard.
    assert_eq!(
        reader
            .get(app.url(&format!("/join/{report}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        reader
            .get(app.url(&format!("/report/{token}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let room = app
        .html_in(&candidate, &format!("/join/{token}/room"))
        .await;
    assert!(!room.contains("PRIVATE") && !room.contains("Solid on caching"));

    // Revoked: 410 in every format.
    let res = app
        .post_form(&live, &format!("/interviews/{id}/report-link/revoke"), &[])
        .await;
    assert_eq!(res.status(), 303);
    for path in ["", "/report.json", "/report.csv"] {
        let res = reader
            .get(app.url(&format!("/report/{report}{path}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::GONE, "{path}");
    }
}

#[tokio::test]
async fn notes_and_scorecards_are_the_owners_and_checked() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, _token) = prepared(&app, "owner").await;
    let live = format!("/interviews/{id}/live");
    let bad = [
        (
            format!("/interviews/{id}/scorecard"),
            vec![("recommendation", "maybe")],
            400,
        ),
        (
            format!("/interviews/{id}/notes/9"),
            vec![("body", "x")],
            404,
        ),
        (
            format!("/interviews/{id}/notes/first"),
            vec![("body", "x")],
            404,
        ),
    ];
    for (path, fields, status) in bad {
        let res = app.post_form(&live, &path, &fields).await;
        assert_eq!(res.status().as_u16(), status, "{path}");
    }
    let long = "n".repeat(20_001);
    let res = app
        .post_form(
            &live,
            &format!("/interviews/{id}/notes/0"),
            &[("body", long.as_str())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Someone else: 404 for every owner action.
    let intruder = browser();
    app.register_in(&intruder, "intruder").await;
    for (path, fields) in [
        (
            format!("/interviews/{id}/notes/0"),
            vec![("body", "mine now")],
        ),
        (
            format!("/interviews/{id}/scorecard"),
            vec![("recommendation", "strong_no_hire")],
        ),
        (format!("/interviews/{id}/report-link"), vec![]),
        (format!("/interviews/{id}/report-link/revoke"), vec![]),
    ] {
        let res = app
            .post_form_in(&intruder, "/interviews", &path, &fields)
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let (recommendation, notes, links): (Option<String>, i64, i64) = sqlx::query_as(
        "SELECT (SELECT recommendation FROM interview_sessions),
                (SELECT count(*) FROM session_notes),
                (SELECT count(*) FROM session_links WHERE kind = 'report')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((recommendation, notes, links), (None, 0, 0));
}

#[tokio::test]
async fn the_rubric_is_shown_to_the_owner_only() {
    use whetstone::corpus::Difficulty;
    use whetstone::rubric::{Criterion, Rubric};

    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let stored = Rubric {
        id: "q-cache-1".into(),
        prompt: "What is a cache and why use one?".into(),
        topic: "caching".into(),
        difficulty: Difficulty::Easy,
        sources: vec!["001-1".into()],
        origin: whetstone::rubric::Origin::Extracted,
        note: String::new(),
        criteria: vec![Criterion {
            id: "eviction-policy".into(),
            label: "Eviction policy".into(),
            weight: 1.0,
            terms: vec!["eviction policy".into(), "LRU".into()],
            phase: None,
            subject: None,
            expects: "Say what leaves the cache when it is full.".into(),
            wrong: Vec::new(),
            probe: String::new(),
        }],
        followup: String::new(),
    };
    sqlx::query("INSERT INTO rubrics (question_id, rubric) VALUES ('q-cache-1', $1)")
        .bind(serde_json::to_value(&stored).unwrap())
        .execute(&app.pool)
        .await
        .unwrap();
    let (id, token) = prepared(&app, "owner").await;
    let page = format!("/interviews/{id}");
    let res = app
        .post_form(
            &page,
            &format!("{page}/own"),
            &[
                ("prompt", "How would you rate-limit a multi-tenant API?"),
                (
                    "reference",
                    "Use a token bucket per tenant, kept in Redis so every instance shares it. \
                       Set a burst size and a refill rate per plan. When the bucket is empty, \
                       answer 429 Too Many Requests with a Retry-After header.",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    let live = app.html(&format!("{page}/live")).await;
    assert!(
        live.contains("<strong class=\"criterion\">Eviction policy</strong>"),
        "bank rubric"
    );
    assert!(live.contains("Say what leaves the cache when it is full."));
    assert_eq!(
        live.matches("class=\"rubric\"").count(),
        2,
        "bank and own question: {live}"
    );
    let own_rubric = &live[live.rfind("class=\"rubric\"").unwrap()..];
    let own_rubric = &own_rubric[..own_rubric.find("</details>").unwrap()];
    assert!(
        own_rubric.to_lowercase().contains("token bucket"),
        "built from the reference: {own_rubric}"
    );

    // Neither the candidate nor the report shows it.
    let candidate = joined_candidate(&app, &token, "Ada").await;
    let res = app.post_form(&page, &format!("{page}/start"), &[]).await;
    assert_eq!(res.status(), 303);
    let room = app
        .html_in(&candidate, &format!("/join/{token}/room"))
        .await;
    assert!(
        room.contains("What is a cache and why use one?"),
        "the prompts are there"
    );
    assert!(!room.contains("Eviction policy") && !room.contains("class=\"rubric\""));
    let report = report_token(&app, &id).await;
    let html = browser()
        .get(app.url(&format!("/report/{report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Eviction policy") && !html.contains("class=\"rubric\""));
}
