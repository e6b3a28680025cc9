//! The results of a session (issue 12, items 4, 10 and 11): the candidate's results page once
//! released (and a clear refusal before), the strengths and weaknesses across answers on the
//! live view, the report and the results page, and the report's JSON and CSV exports (parsed
//! here) with the overall score, per-criterion verdicts and overrides, follow-ups numbered under
//! their parent and the recommendation in its own section.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};
use crate::interviews_support::*;
use crate::solo_support::{GOOD_ANSWER, WRONG_CLAIM, seed_bank};

/// Only the eviction criterion of the fixture rubric.
const EVICTION_ONLY: &str = "Use an LRU eviction policy so memory stays bounded.";
const PRIVATE_NOTE: &str = "PRIVATE: do not show the candidate";

/// The candidate answers their current question with `body`; returns its item page.
async fn answer_current(
    app: &TestApp,
    candidate: &reqwest::Client,
    token: &str,
    body: &str,
) -> String {
    let res = candidate
        .get(app.url(&format!("/join/{token}/answer")))
        .send()
        .await
        .unwrap();
    let item = location(&res);
    assert!(item.contains("/items/"), "a question is waiting: {item}");
    let res = answer_form(app, candidate, &item, "submit", body).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    item
}

/// A session of three bank questions (c-e1, r-1 with a chain, d-e1) whose candidate answered
/// all of them and the chain follow-up pushed to r-1; the interviewer overrode r-1's score and
/// one of its criteria, wrote a private note and the scorecard. Returns (session id, candidate
/// token, candidate browser).
async fn interviewed(app: &TestApp) -> (String, String, reqwest::Client) {
    seed_bank(&app.pool).await;
    app.register_and_log_in("interviewer").await;
    let id = create_session(app, "Results loop").await;
    for q in ["c-e1", "r-1", "d-e1"] {
        assert_eq!(add_question(app, &id, q).await.status(), 303);
    }
    let token = issue_link(app, &id).await;
    let candidate = started_candidate(app, &token, "Ada").await;
    let live = format!("/interviews/{id}/live");
    let res = app
        .post_form(
            &live,
            &format!("/interviews/{id}/followups"),
            &[("of", "1"), ("kind", "chain")],
        )
        .await;
    assert_eq!(res.status(), 303, "the chain's next question is pushed");
    // positions 0 c-e1, 1 r-1, 2 d-e1, 3 r-2 (the follow-up of r-1), answered in the
    // numbering's order: 1 c-e1, 2 r-1, 2.1 r-2, 3 d-e1
    for body in [GOOD_ANSWER, EVICTION_ONLY, EVICTION_ONLY, WRONG_CLAIM] {
        answer_current(app, &candidate, &token, body).await;
    }
    for fields in [
        vec![
            ("position", "1"),
            ("score", "6"),
            ("reason", "Explained more aloud"),
        ],
        vec![
            ("position", "1"),
            ("criterion", "ttl"),
            ("score", "8"),
            ("reason", "Covered expiry when asked"),
        ],
    ] {
        let res = app
            .post_form(&live, &format!("/interviews/{id}/overrides"), &fields)
            .await;
        assert_eq!(res.status(), 303, "{fields:?}");
    }
    let res = app
        .post_form(
            &live,
            &format!("/interviews/{id}/notes/0"),
            &[("body", PRIVATE_NOTE)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(
            &live,
            &format!("/interviews/{id}/scorecard"),
            &[
                ("recommendation", "hire"),
                ("summary", "Knows caching; practise invalidation."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    (id, token, candidate)
}

/// The grader's stored scores by session position.
async fn stored_scores(app: &TestApp, session: &str) -> Vec<f32> {
    let session: uuid::Uuid = session.parse().unwrap();
    sqlx::query_scalar(
        "SELECT a.score FROM answers a JOIN interview_items i ON i.id = a.item_id
         JOIN interview_sessions s ON s.interview_id = i.interview_id
         WHERE s.id = $1 ORDER BY i.position",
    )
    .bind(session)
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

fn tenth(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

#[tokio::test]
async fn the_exports_carry_the_overall_score_verdicts_overrides_and_numbering() {
    let app = spawn_app().await;
    let (id, _token, _candidate) = interviewed(&app).await;
    let scores = stored_scores(&app, &id).await;
    assert_eq!(scores.len(), 4);
    let automatic = tenth(scores.iter().sum::<f32>() / 4.0);
    let with_overrides = tenth((scores[0] + 6.0 + scores[2] + scores[3]) / 4.0);
    let report = report_token(&app, &id).await;
    let reader = crate::helpers::browser();

    // JSON
    let json: Value = app
        .json_in(&reader, &format!("/report/{report}/report.json"))
        .await;
    let questions = json["questions"].as_array().unwrap();
    let listed: Vec<(&str, Option<&str>, &str)> = questions
        .iter()
        .map(|q| {
            (
                q["number"].as_str().unwrap(),
                q["follows"].as_str(),
                q["question_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            ("1", None, "c-e1"),
            ("2", None, "r-1"),
            ("2.1", Some("2"), "r-2"),
            ("3", None, "d-e1")
        ],
        "follow-ups right after their parent, numbered under it"
    );
    assert_eq!(json["scorecard"]["recommendation"], "hire");
    assert_eq!(json["scorecard"]["recommendation_label"], "Hire");
    assert_eq!(json["overall"]["answered"], 4);
    assert_eq!(
        json["overall"]["automatic"].as_f64().unwrap() as f32,
        automatic
    );
    assert_eq!(
        json["overall"]["with_overrides"].as_f64().unwrap() as f32,
        with_overrides
    );
    let r1 = &questions[1];
    assert_eq!(r1["human_score"], 6.0);
    assert_eq!(r1["human_reason"], "Explained more aloud");
    let criteria = |q: &Value| -> HashMap<String, Value> {
        q["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].as_str().unwrap().to_owned(), c.clone()))
            .collect()
    };
    let r1_criteria = criteria(r1);
    assert_eq!(r1_criteria.len(), 4, "every criterion of the rubric");
    assert_eq!(r1_criteria["eviction"]["verdict"], "met");
    assert_eq!(
        r1_criteria["ttl"]["verdict"], "missed",
        "the grader's verdict is kept"
    );
    assert_eq!(r1_criteria["ttl"]["human_score"], 8.0);
    assert_eq!(
        r1_criteria["ttl"]["human_reason"],
        "Covered expiry when asked"
    );
    assert_eq!(r1_criteria["ttl"]["counts_as"], "met");
    assert_eq!(criteria(&questions[0])["ttl"]["verdict"], "met");
    assert_eq!(
        criteria(&questions[3])["invalidation"]["verdict"],
        "contradicted"
    );
    assert!(
        r1["gaps"].as_array().unwrap().len() >= 2,
        "gaps: {}",
        r1["gaps"]
    );
    // Strengths and weaknesses across the answers.
    let concept = |list: &str, name: &str| -> Value {
        json["summary"][list]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["concept"] == name)
            .unwrap_or_else(|| panic!("{name} in {list}: {}", json["summary"]))
            .clone()
    };
    assert_eq!(
        concept("strengths", "Eviction policy")["questions"],
        serde_json::json!(["1", "2", "2.1"])
    );
    // expiry: met in 1, missed in 2 but the interviewer scored it 8, missed in 2.1 and 3
    assert_eq!(
        concept("strengths", "Expiry (TTL)")["questions"],
        serde_json::json!(["1", "2"])
    );
    let wrong = &json["summary"]["weaknesses"][0];
    assert_eq!(wrong["concept"], "Invalidation on write");
    assert_eq!(wrong["wrong"], true, "a wrong claim comes first");
    assert!(
        wrong["questions"]
            .as_array()
            .unwrap()
            .contains(&Value::from("3"))
    );
    assert_eq!(
        json["summary"]["verdicts"]["contradicted"], 1,
        "{}",
        json["summary"]
    );
    assert!(!json.to_string().contains("PRIVATE"));

    // CSV, parsed: the same numbers, scores, verdicts and overrides, in sections.
    let res = reader
        .get(app.url(&format!("/report/{report}/report.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    let sections = csv_sections(&csv);
    let names: Vec<&str> = sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, whetstone::interviews::export::SECTIONS.to_vec());
    let scorecard = fields(section(&sections, "Scorecard"));
    assert_eq!(scorecard["recommendation"], "hire");
    assert_eq!(
        scorecard["summary"],
        "Knows caching; practise invalidation."
    );
    let overall = fields(section(&sections, "Overall"));
    assert_eq!(overall["automatic_score"], format!("{automatic:.1}"));
    assert_eq!(
        overall["score_with_overrides"],
        format!("{with_overrides:.1}")
    );
    assert_eq!(overall["answered"], "4");
    assert_eq!(overall["criteria_contradicted"], "1");
    let rows = &section(&sections, "Questions").rows;
    let numbered: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["number"].as_str(),
                r["follows"].as_str(),
                r["question_id"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        numbered,
        vec![
            ("1", "", "c-e1"),
            ("2", "", "r-1"),
            ("2.1", "2", "r-2"),
            ("3", "", "d-e1")
        ],
        "no recommendation row among the questions"
    );
    assert_eq!(rows[1]["answer"], EVICTION_ONLY);
    assert_eq!(rows[1]["score"], format!("{:.1}", scores[1]));
    assert_eq!(rows[1]["human_score"], "6.0");
    assert_eq!(rows[1]["override_reason"], "Explained more aloud");
    assert_eq!(rows[3]["answer"], WRONG_CLAIM);
    let criteria_rows = &section(&sections, "Criteria").rows;
    assert_eq!(criteria_rows.len(), 16, "4 criteria of each of 4 answers");
    let ttl = criteria_rows
        .iter()
        .find(|r| r["number"] == "2" && r["criterion_id"] == "ttl")
        .unwrap();
    assert_eq!(
        (
            ttl["verdict"].as_str(),
            ttl["human_score"].as_str(),
            ttl["override_reason"].as_str(),
            ttl["counts_as"].as_str()
        ),
        ("missed", "8.0", "Covered expiry when asked", "met")
    );
    let contradicted = criteria_rows
        .iter()
        .find(|r| r["verdict"] == "contradicted")
        .unwrap();
    assert_eq!(contradicted["number"], "3");
    let sw = &section(&sections, "Strengths and weaknesses").rows;
    assert!(sw.iter().any(|r| r["kind"] == "strength"
        && r["concept"] == "Eviction policy"
        && r["questions"] == "1 2 2.1"));
    assert!(
        sw.iter()
            .any(|r| r["kind"] == "weakness (wrong claim)"
                && r["concept"] == "Invalidation on write")
    );
    assert!(!csv.contains("PRIVATE"));

    // The report page shows the same: the overall score, verdicts, overrides, the summary.
    let html = app.html_in(&reader, &format!("/report/{report}")).await;
    assert!(
        html.contains(&format!("id=\"overall-score\">{with_overrides:.1}</span>")),
        "{html}"
    );
    assert!(html.contains("<h2>Strengths</h2>") && html.contains("<h2>To work on</h2>"));
    assert!(html.contains("class=\"criteria-table\""));
    assert!(html.contains("Covered expiry when asked"));
    assert!(html.contains("Follow-up to question 2</strong>"));
    assert!(html.contains("class=\"recommendation\">Hire<"));
    assert!(!html.contains("PRIVATE"));
    app.drop_database().await;
}

#[tokio::test]
async fn released_results_give_the_candidate_a_results_page_linked_from_the_room() {
    let app = spawn_app().await;
    let (id, token, candidate) = interviewed(&app).await;
    let room = format!("/join/{token}/room");
    let results = format!("/join/{token}/results");
    let live = format!("/interviews/{id}/live");

    // Not released: the room has no link, the page says why (403), the live view says so.
    let html = app.html_in(&candidate, &room).await;
    assert!(!html.contains("See your results"), "{html}");
    let res = candidate.get(app.url(&results)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("has not released the results yet")
    );
    let status: Value = app
        .json_in(&candidate, &format!("/join/{token}/status"))
        .await;
    assert_eq!(status["released"], false);
    let html = app.html(&live).await;
    assert!(
        html.contains("id=\"live-released\">not released<"),
        "{html}"
    );
    assert!(html.contains("Release results to the candidate"));

    // Released.
    let res = app
        .post_form(
            &live,
            &format!("/interviews/{id}/release"),
            &[("released", "on")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let state: Value = app.json(&format!("/interviews/{id}/live.json")).await;
    assert_eq!(state["results_released"], true);
    let html = app.html(&live).await;
    assert!(html.contains("id=\"live-released\">released to the candidate<"));
    assert!(html.contains("Withhold results"));
    let status: Value = app
        .json_in(&candidate, &format!("/join/{token}/status"))
        .await;
    assert_eq!(status["released"], true);
    let html = app.html_in(&candidate, &room).await;
    assert!(
        html.contains(&format!("href=\"{results}\">See your results</a>")),
        "{html}"
    );
    let res = candidate.get(app.url(&results)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for shown in [
        "Your results: Results loop",
        "id=\"overall-score\">",
        "<h2>Strengths</h2>",
        "Eviction policy",
        "<span class=\"verdict\">contradicted</span>",
        "class=\"gaps\"",
        // the interviewer's released comments: overrides with reasons, the scorecard
        "Explained more aloud",
        "Covered expiry when asked",
        "Knows caching; practise invalidation.",
        "class=\"recommendation\">Hire<",
        "Follow-up to question 2</strong>",
    ] {
        assert!(html.contains(shown), "{shown}: {html}");
    }
    assert!(!html.contains("PRIVATE"), "never the private notes");

    // Only the browser that joined: another gets 409, one that never joined goes to the join
    // form.
    let stranger = crate::helpers::browser();
    let res = stranger.get(app.url(&results)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);

    // Withheld again: 403 again.
    let res = app
        .post_form(
            &live,
            &format!("/interviews/{id}/release"),
            &[("released", "off")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = candidate.get(app.url(&results)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.drop_database().await;
}

#[tokio::test]
async fn the_results_page_needs_a_joined_browser_and_a_usable_link() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    app.register_and_log_in("interviewer").await;
    let id = create_session(&app, "Nobody yet").await;
    assert_eq!(add_question(&app, &id, "c-e1").await.status(), 303);
    let token = issue_link(&app, &id).await;
    let page = format!("/interviews/{id}");
    let res = app
        .post_form(&page, &format!("{page}/release"), &[("released", "on")])
        .await;
    assert_eq!(res.status(), 303);
    // Not joined: sent to the join form.
    let res = crate::helpers::browser()
        .get(app.url(&format!("/join/{token}/results")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/join/{token}"));
    // A wrong token: 404; a revoked one: 410.
    let res = crate::helpers::browser()
        .get(app.url(&format!("/join/{}/results", "A".repeat(43))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let candidate = joined_candidate(&app, &token, "Ada").await;
    let res = app
        .post_form(&page, &format!("{page}/link/revoke"), &[])
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let res = candidate
        .get(app.url(&format!("/join/{token}/results")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::GONE);
    app.drop_database().await;
}

#[tokio::test]
async fn the_live_view_shows_the_summary_across_answers_on_the_scorecard() {
    let app = spawn_app().await;
    let (id, _token, _candidate) = interviewed(&app).await;
    let html = app.html(&format!("/interviews/{id}/live")).await;
    let scorecard = &html[html.find("<h2>Scorecard</h2>").expect("the scorecard")..];
    assert!(scorecard.contains("id=\"overall-score\">"), "{scorecard}");
    assert!(
        scorecard.contains("4 of 4 questions answered"),
        "{scorecard}"
    );
    assert!(scorecard.contains("<h2>Strengths</h2>"));
    let weak = &scorecard[scorecard.find("<h2>To work on</h2>").unwrap()..];
    assert!(
        weak.contains(
            "<strong>Invalidation on write</strong> <span class=\"tag tag-flag\">wrong claim</span>"
        ),
        "{weak}"
    );
    // Questions fold: one <details> per question, follow-ups numbered under their question.
    assert_eq!(html.matches("<details class=\"live-q\"").count(), 4);
    assert!(html.contains("<span class=\"q-number\">2.1.</span>"));
    // An answered question shows its answer, not the draft again.
    assert!(
        !html.contains("class=\"q-draft\""),
        "all answered: no draft boxes"
    );
    app.drop_database().await;
}
