//! After a session: the interviewer overrides the score of an answer or of one criterion with a
//! reason; the automatic score is kept; both appear in the live view and in the report and its
//! JSON/CSV export. Only the owner can override (404 for anyone else).

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::*;

const REFERENCE: &str = "A cache keeps hot data in memory so reads avoid the database. \
Use a TTL for expiry and an LRU eviction policy when memory is full.";

/// A session with one own question, answered by the candidate. Returns the session id.
async fn answered(app: &TestApp) -> String {
    app.register_and_log_in("interviewer").await;
    let id = create_session(app, "Loop").await;
    add_own_question(app, &id, "How would you cache reads?", REFERENCE).await;
    let token = issue_link(app, &id).await;
    let candidate = started_candidate(app, &token, "Ada").await;
    let join = format!("/join/{token}");
    let res = candidate
        .get(app.url(&format!("{join}/answer")))
        .send()
        .await
        .unwrap();
    let item = location(&res);
    let res = answer_form(
        app,
        &candidate,
        &item,
        "submit",
        "Keep hot data in memory with a TTL.",
    )
    .await;
    assert_eq!(res.status(), 303);
    id
}

#[tokio::test]
async fn overrides_keep_the_automatic_score_and_show_in_the_live_view_and_report() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let id = answered(&app).await;
    let live = format!("/interviews/{id}/live");
    let url = format!("/interviews/{id}/overrides");
    let state: Value = app.json(&format!("/interviews/{id}/live.json")).await;
    let auto = state["questions"][0]["score"].as_f64().expect("graded");
    let criterion = state["questions"][0]["criteria"][0][0]
        .as_str()
        .unwrap()
        .to_owned();

    // The second override of the overall score replaces the first; the third is a criterion's.
    for fields in [
        vec![("score", "8.5"), ("reason", "Explained TTLs well aloud")],
        vec![("score", "9"), ("reason", "On reflection, strong")],
        vec![
            ("criterion", criterion.as_str()),
            ("score", "7"),
            ("reason", "Partly covered"),
        ],
    ] {
        let mut form = vec![("position", "0")];
        form.extend(fields);
        let res = app.post_form(&live, &url, &form).await;
        assert_eq!(res.status(), 303, "{form:?}");
    }

    let state: Value = app.json(&format!("/interviews/{id}/live.json")).await;
    let q = &state["questions"][0];
    assert_eq!(
        q["score"].as_f64().unwrap(),
        auto,
        "the automatic score is kept"
    );
    let overrides = q["overrides"].as_array().unwrap();
    assert_eq!(overrides.len(), 2);
    assert_eq!(overrides[0]["score"], 9.0);
    assert_eq!(overrides[0]["reason"], "On reflection, strong");
    assert_eq!(overrides[1]["criterion"], criterion.as_str());
    let html = app.html(&live).await;
    assert!(html.contains("On reflection, strong") && html.contains("Partly covered"));
    // the criterion override is labelled by the criterion's label, not its id
    let label = q["criteria"][0][1].as_str().unwrap();
    assert!(
        html.contains(&format!("Human score for {label}:")),
        "{label}: {html}"
    );

    // The report and its exports carry the answer and both scores.
    let page = format!("/interviews/{id}/live");
    let res = app
        .post_form(&page, &format!("/interviews/{id}/report-link"), &[])
        .await;
    let body = res.text().await.unwrap();
    let re = regex::Regex::new(r"/report/([A-Za-z0-9_-]{43})").unwrap();
    let token = re.captures(&body).expect("report link shown")[1].to_owned();
    let report: Value = reqwest::get(app.url(&format!("/report/{token}/report.json")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rq = &report["questions"][0];
    assert_eq!(rq["answer"], "Keep hot data in memory with a TTL.");
    assert_eq!(rq["score"].as_f64().unwrap(), auto);
    assert_eq!(rq["human_score"], 9.0);
    let rc = rq["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == criterion.as_str())
        .expect("the overridden criterion");
    assert_eq!(rc["human_score"], 7.0);
    assert_eq!(rc["human_reason"], "Partly covered");
    assert_eq!(
        rc["counts_as"], "partial",
        "7 of 10 is nearest a partial's credit"
    );
    let csv = reqwest::get(app.url(&format!("/report/{token}/report.csv")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let sections = csv_sections(&csv);
    let row = &section(&sections, "Questions").rows[0];
    assert_eq!(row["answer"], "Keep hot data in memory with a TTL.");
    assert_eq!(row["human_score"], "9.0");
    assert_eq!(row["override_reason"], "On reflection, strong");
    let criteria = &section(&sections, "Criteria").rows;
    let overridden = criteria
        .iter()
        .find(|r| r["criterion_id"] == criterion)
        .expect("the overridden criterion has its row");
    assert_eq!(
        (
            overridden["human_score"].as_str(),
            overridden["override_reason"].as_str()
        ),
        ("7.0", "Partly covered")
    );
    let html = reqwest::get(app.url(&format!("/report/{token}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("class=\"human-score\">9.0<") && html.contains("class=\"auto-score\""),
        "{html}"
    );
    app.drop_database().await;
}

#[tokio::test]
async fn overrides_refuse_bad_input_and_non_owners() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let id = answered(&app).await;
    let live = format!("/interviews/{id}/live");
    let url = format!("/interviews/{id}/overrides");
    for (fields, status) in [
        (
            vec![("position", "0"), ("score", "11"), ("reason", "x")],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![("position", "0"), ("score", "abc"), ("reason", "x")],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![("position", "0"), ("score", "5"), ("reason", "  ")],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![
                ("position", "0"),
                ("criterion", "no-such"),
                ("score", "5"),
                ("reason", "x"),
            ],
            StatusCode::BAD_REQUEST,
        ),
        (
            vec![("position", "7"), ("score", "5"), ("reason", "x")],
            StatusCode::CONFLICT,
        ),
    ] {
        let res = app.post_form(&live, &url, &fields).await;
        assert_eq!(res.status(), status, "{fields:?}");
    }
    let other = app.another_browser();
    other.register_and_log_in("intruder").await;
    let res = app
        .post_form_in(
            &other.client,
            "/interviews",
            &url,
            &[("position", "0"), ("score", "1"), ("reason", "sabotage")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM score_overrides")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
    app.drop_database().await;
}
