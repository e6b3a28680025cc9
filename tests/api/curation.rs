//! Issue 17: the curator role, appeals and flags from the feedback page, the curator's queue
//! (accept with a new term or a fixed verdict, reject; regrade; labelled cases), the workbench
//! (uploads, try without saving, saving versions) and `rubrics export`.

use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};
use crate::solo_support::{User, location, register, seed_bank};

/// Covers eviction, expiry and invalidation in the rubric's words, and replication only as
/// "a standby copy of every node", which the fixture rubric's terms do not know.
const ANSWER: &str = "Put an LRU eviction policy in front of the database so memory stays bounded, \
    give every entry a TTL so stale values age out, and invalidate the key on every write so \
    readers never see old data. Keep a standby copy of every node so a crash loses nothing.";

async fn scalar<T>(pool: &sqlx::PgPool, sql: &'static str, id: impl ToString) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql)
        .bind(id.to_string())
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn curator(app: &TestApp, name: &str) -> User {
    let u = register(app, name).await;
    whetstone::cli::users::set_curator(&app.pool, name, true)
        .await
        .unwrap();
    u
}

/// Alice answers one caching question; returns her browser, the item and its question.
async fn answered(app: &TestApp) -> (User, Uuid, String) {
    seed_bank(&app.pool).await;
    let alice = register(app, "alice").await;
    let (_, item) = alice
        .start_and_open(&[
            ("topic", "caching"),
            ("difficulty", "easy"),
            ("count", "1"),
            ("minutes", "5"),
        ])
        .await;
    assert_eq!(
        alice.submit(item, ANSWER).await.status(),
        StatusCode::SEE_OTHER
    );
    let q: String = scalar(
        &app.pool,
        "SELECT question_id FROM answers WHERE item_id = $1::uuid",
        item,
    )
    .await;
    (alice, item, q)
}

async fn verdict_of(app: &TestApp, item: Uuid, criterion: &str) -> String {
    let j: serde_json::Value = scalar(
        &app.pool,
        "SELECT judgment FROM answers WHERE item_id = $1::uuid",
        item,
    )
    .await;
    j["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == criterion)
        .unwrap()["verdict"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn score_of(app: &TestApp, item: Uuid) -> f32 {
    scalar(
        &app.pool,
        "SELECT score FROM answers WHERE item_id = $1::uuid",
        item,
    )
    .await
}

async fn appeal(alice: &User, item: Uuid, criterion: &str, kind: &str) -> reqwest::Response {
    alice
        .post(
            &format!("/practice/items/{item}/appeal"),
            &[
                ("criterion", criterion),
                ("kind", kind),
                ("comment", "I said a standby copy of every node"),
            ],
        )
        .await
}

async fn open_appeal_id(app: &TestApp) -> Uuid {
    sqlx::query_scalar("SELECT id FROM appeals WHERE state = 'open' ORDER BY created_at DESC")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Alice's answer and her open appeal that it meets `replication`, and carol, a curator:
/// (alice, item, question, score before, appeal id, carol).
async fn appealed(app: &TestApp) -> (User, Uuid, String, f32, Uuid, User) {
    let (alice, item, question) = answered(app).await;
    let before = score_of(app, item).await;
    assert_eq!(
        appeal(&alice, item, "replication", "right").await.status(),
        303
    );
    let id = open_appeal_id(app).await;
    let carol = curator(app, "carol").await;
    (alice, item, question, before, id, carol)
}

#[tokio::test]
async fn the_first_account_is_a_curator_and_the_command_grants_and_revokes() {
    let app = spawn_app().await;
    app.register_and_log_in("founder").await;
    let res = app.get("/curate?welcome=1").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("you are this install's curator"), "{html}");
    assert!(
        html.contains(r#"href="/curate""#),
        "the header links the queue"
    );

    let second = app.another_browser();
    second.register_and_log_in("second").await;
    assert_eq!(second.get("/curate").await.status(), StatusCode::NOT_FOUND);
    assert!(!second.html("/practice").await.contains(r#"href="/curate""#));
    whetstone::cli::users::set_curator(&app.pool, "SECOND", true)
        .await
        .unwrap();
    assert_eq!(second.get("/curate").await.status(), StatusCode::OK);
    whetstone::cli::users::set_curator(&app.pool, "second", false)
        .await
        .unwrap();
    assert_eq!(second.get("/curate").await.status(), StatusCode::NOT_FOUND);
    let err = whetstone::cli::users::set_curator(&app.pool, "nobody", true)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no account named \"nobody\""));
}

#[tokio::test]
async fn an_accepted_appeal_adds_the_phrase_regrades_and_tells_the_candidate() {
    let app = spawn_app().await;
    let (alice, item, q) = answered(&app).await;
    assert_eq!(verdict_of(&app, item, "replication").await, "missed");
    let before = score_of(&app, item).await;
    let (_, html) = alice.feedback(item).await;
    assert!(
        html.contains("I was right"),
        "the feedback page offers an appeal"
    );

    // appeals that do not apply, or of someone else's answer
    let bad = appeal(&alice, item, "eviction", "right").await;
    assert_eq!(
        bad.status(),
        StatusCode::BAD_REQUEST,
        "eviction is met already"
    );
    let bad = appeal(&alice, item, "replication", "misread").await;
    assert_eq!(
        bad.status(),
        StatusCode::BAD_REQUEST,
        "nothing was contradicted"
    );
    let bad = appeal(&alice, item, "no-such", "right").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let bad = appeal(&alice, item, "replication", "shout").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let mallory = register(&app, "mallory").await;
    assert_eq!(
        appeal(&mallory, item, "replication", "right")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let res = appeal(&alice, item, "replication", "right").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(location(&res).contains("appealed=1"));
    assert_eq!(
        appeal(&alice, item, "replication", "right").await.status(),
        StatusCode::CONFLICT,
        "one open appeal per verdict"
    );
    let (_, html) = alice.feedback(item).await;
    assert!(html.contains("Appeal open"));
    let snapshot: String = scalar(&app.pool, "SELECT answer_body FROM appeals WHERE answer_id IN (SELECT id FROM answers WHERE item_id = $1::uuid)", item).await;
    assert_eq!(snapshot, ANSWER, "the appeal keeps the answer as it was");

    // the curator's queue shows it with the criterion's evidence highlighted
    let cur = curator(&app, "carol").await;
    let (status, html) = cur.page("/curate").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Replicas of each cache node") && html.contains("I said a standby copy"));
    let id = open_appeal_id(&app).await;
    let (status, html) = cur.page(&format!("/curate/appeals/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Add a phrase to the criterion"));
    // the words the comment quotes are highlighted and offered as the phrase
    assert!(
        html.contains(r#"value="a standby copy of every node""#),
        "{html}"
    );
    assert!(html.contains(r#"<mark class="ev ev-1""#));

    // a phrase that does not read is refused and nothing changes
    let res = cur
        .post(
            &format!("/curate/appeals/{id}/accept"),
            &[("remedy", "terms"), ("phrase", ""), ("expected", "met")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = cur
        .post(
            &format!("/curate/appeals/{id}/accept"),
            &[
                ("remedy", "terms"),
                ("phrase", "standby copy"),
                ("expected", "sure"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(verdict_of(&app, item, "replication").await, "missed");

    let res = cur
        .post(
            &format!("/curate/appeals/{id}/accept"),
            &[
                ("remedy", "terms"),
                ("phrase", "standby copy"),
                ("expected", "met"),
                ("reason", "a standby is a replica"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap()
    );
    let regraded = verdict_of(&app, item, "replication").await;
    assert!(
        regraded == "met" || regraded == "partial",
        "regraded: {regraded}"
    );
    let after = score_of(&app, item).await;
    assert!(after > before, "{before} -> {after}");
    let rubric: serde_json::Value = scalar(
        &app.pool,
        "SELECT rubric FROM rubrics WHERE question_id = $1",
        &q,
    )
    .await;
    assert!(rubric.to_string().contains("standby copy"));
    let versions: i64 = scalar(
        &app.pool,
        "SELECT COUNT(*) FROM rubric_versions WHERE question_id = $1",
        &q,
    )
    .await;
    assert_eq!(versions, 2, "the imported rubric and the edit");
    let board: f32 = scalar(
        &app.pool,
        "SELECT score FROM leaderboard_best WHERE question_id = $1",
        &q,
    )
    .await;
    assert_eq!(board, after, "the leaderboard row was rebuilt");
    let case: serde_json::Value = scalar(
        &app.pool,
        "SELECT verdicts FROM rubric_cases WHERE question_id = $1 AND source = 'appeal'",
        &q,
    )
    .await;
    assert_eq!(case, serde_json::json!({"replication": "met"}));
    let (_, html) = cur.page(&format!("/curate/appeals/{id}")).await;
    assert!(
        html.contains(&format!("{before:.1} → <strong>{after:.1}</strong>")),
        "{html}"
    );

    // the candidate is told on the history page; the appeal cannot be answered twice
    let (_, html) = alice.page("/history").await;
    assert!(
        html.contains("Accepted: the rubric now credits your wording"),
        "{html}"
    );
    assert!(html.contains(&format!("from {before:.1} to {after:.1}")));
    let res = cur
        .post(
            &format!("/curate/appeals/{id}/reject"),
            &[("reason", "changed my mind")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_rejected_appeal_keeps_the_score_and_says_why() {
    let app = spawn_app().await;
    let (alice, item, q, before, id, cur) = appealed(&app).await;
    let res = cur
        .post(&format!("/curate/appeals/{id}/reject"), &[("reason", " ")])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "a rejection needs a reason"
    );
    let res = cur
        .post(
            &format!("/curate/appeals/{id}/reject"),
            &[("reason", "A standby is not a replica that serves reads.")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(score_of(&app, item).await, before);
    let case: serde_json::Value = scalar(
        &app.pool,
        "SELECT verdicts FROM rubric_cases WHERE question_id = $1",
        &q,
    )
    .await;
    assert_eq!(
        case,
        serde_json::json!({"replication": "missed"}),
        "labelled with the kept verdict"
    );
    let (_, html) = alice.page("/history").await;
    assert!(html.contains("Rejected: A standby is not a replica that serves reads."));
    let (_, html) = alice.feedback(item).await;
    assert!(html.contains("Appeal rejected"));
    // a new appeal may be filed once the old one is closed
    assert_eq!(
        appeal(&alice, item, "replication", "right").await.status(),
        303
    );
    let res = cur
        .get(&format!("/curate/appeals/{}", Uuid::new_v4()))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_fixed_verdict_changes_that_answer_only_and_survives_a_regrade() {
    let app = spawn_app().await;
    let (_, item, q, before, id, cur) = appealed(&app).await;
    let res = cur
        .post(
            &format!("/curate/appeals/{id}/accept"),
            &[("remedy", "verdict"), ("expected", "partial")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(verdict_of(&app, item, "replication").await, "partial");
    let fixed = score_of(&app, item).await;
    assert!(fixed > before);
    let versions: i64 = scalar(
        &app.pool,
        "SELECT COUNT(*) FROM rubric_versions WHERE question_id = $1",
        &q,
    )
    .await;
    assert_eq!(versions, 0, "the rubric is unchanged");
    let grader = whetstone::solo::load_grader(std::path::Path::new("rubrics"));
    whetstone::cli::regrade::regrade(&app.pool, &grader, None, None, true)
        .await
        .unwrap();
    assert_eq!(
        verdict_of(&app, item, "replication").await,
        "partial",
        "kept by a regrade"
    );
    assert_eq!(score_of(&app, item).await, fixed);
}

#[tokio::test]
async fn a_reported_question_reaches_the_queue_and_its_close_reaches_the_reporter() {
    let app = spawn_app().await;
    let (alice, item, _) = answered(&app).await;
    let path = format!("/practice/items/{item}/flag");
    let res = alice
        .post(&path, &[("kind", "unclear"), ("reason", "  ")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = alice
        .post(&path, &[("kind", "boring"), ("reason", "x")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let long = "x".repeat(2001);
    let res = alice
        .post(&path, &[("kind", "unclear"), ("reason", &long)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = alice
        .post(
            &path,
            &[
                ("kind", "wrong-reference"),
                ("reason", "The reference still says memcached has no TTL."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cur = curator(&app, "carol").await;
    let (_, html) = cur.page("/curate").await;
    assert!(
        html.contains("Wrong or outdated reference answer")
            && html.contains("memcached has no TTL")
    );
    let id: Uuid = sqlx::query_scalar("SELECT id FROM question_flags")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let res = cur
        .post(&format!("/curate/flags/{id}/close"), &[("state", "maybe")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = cur
        .post(
            &format!("/curate/flags/{id}/close"),
            &[("state", "resolved"), ("note", "Reference updated.")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = cur
        .post(
            &format!("/curate/flags/{id}/close"),
            &[("state", "resolved")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let (_, html) = alice.page("/history").await;
    assert!(html.contains("Reference updated."));
}

async fn cases(app: &TestApp, q: &str) -> i64 {
    scalar(
        &app.pool,
        "SELECT COUNT(*) FROM rubric_cases WHERE question_id = $1",
        q,
    )
    .await
}

#[tokio::test]
async fn uploads_import_every_row_or_none_with_line_numbers() {
    let app = spawn_app().await;
    let (_, _, q) = answered(&app).await;
    let cur = curator(&app, "carol").await;
    let path = format!("/curate/questions/{q}/cases");
    let bad = "answer,score\n\"LRU eviction, a TTL\",7,eviction=met\n,3\nTTL only,12\nreplicas,4,replication=great\n";
    let res = cur.post(&path, &[("cases", bad)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let html = res.text().await.unwrap();
    assert!(html.contains("Nothing was imported"));
    for line in ["line 3:", "line 4:", "line 5:"] {
        assert!(html.contains(line), "{line} in {html}");
    }
    assert_eq!(cases(&app, &q).await, 0, "nothing half-imported");
    let good = "answer,score\n\"LRU eviction, a TTL and invalidation on writes\",7,eviction=met,ttl=met\n\
                Replicas of every node,3,replication=met\n";
    let res = cur.post(&path, &[("cases", good)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let jsonl = "{\"answer\": \"Nothing about caches\", \"score\": 0}\n";
    assert_eq!(
        cur.post(&path, &[("cases", jsonl)]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(cases(&app, &q).await, 3);
    let (_, html) = cur.page(&format!("/curate/questions/{q}")).await;
    assert!(
        html.contains("3 labelled cases, 3 with a human score"),
        "{html}"
    );
    // the agreement table links each count to its answers
    // (the short answer gets eviction only in part: the rubric under-credits it)
    assert!(
        html.contains("?criterion=eviction&amp;outcome=under#cases"),
        "{html}"
    );
    let (_, html) = cur
        .page(&format!(
            "/curate/questions/{q}?criterion=eviction&outcome=under"
        ))
        .await;
    assert!(html.contains("LRU eviction, a TTL") && !html.contains("Nothing about caches"));
}

/// The editor's fields of the rubric as it is, with `changes` applied.
async fn editor_fields(cur: &User, q: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let (_, html) = cur.page(&format!("/curate/questions/{q}")).await;
    let re = regex::Regex::new(
        r#"(?s)name="(c\d+_[a-z]+)"(?: value="([^"]*)"|[^>]*>([^<]*)</textarea>)"#,
    )
    .unwrap();
    let mut out: Vec<(String, String)> = re
        .captures_iter(&html)
        .map(|c| {
            let v = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
            (
                c[1].to_string(),
                v.replace("&#34;", "\"")
                    .replace("&#39;", "'")
                    .replace("&#60;", "<")
                    .replace("&#62;", ">")
                    .replace("&#38;", "&")
                    .replace("&amp;", "&"),
            )
        })
        .collect();
    for (k, v) in changes {
        match out.iter_mut().find(|(n, _)| n == k) {
            Some(f) => f.1 = v.to_string(),
            None => out.push((k.to_string(), v.to_string())),
        }
    }
    out
}

async fn post_fields(cur: &User, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    cur.post(path, &f).await
}

#[tokio::test]
async fn a_draft_is_tried_without_saving_then_saved_as_a_version_and_exported() {
    let app = spawn_app().await;
    let (_, _, q) = answered(&app).await;
    let cur = curator(&app, "carol").await;
    let upload = "\"Keep a standby copy of every node.\",3,replication=met\n";
    assert_eq!(
        cur.post(
            &format!("/curate/questions/{q}/cases"),
            &[("cases", upload)]
        )
        .await
        .status(),
        303
    );
    let stored: serde_json::Value = scalar(
        &app.pool,
        "SELECT rubric FROM rubrics WHERE question_id = $1",
        &q,
    )
    .await;

    // terms are textareas: criterion 3 is replication
    let fields = editor_fields(
        &cur,
        &q,
        &[("c3_terms", "replication\nreplica\nstandby copy")],
    )
    .await;
    assert!(fields.len() >= 24, "{fields:?}");
    let res = post_fields(&cur, &format!("/curate/questions/{q}/try"), &fields).await;
    let status = res.status();
    let html = res.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Draft tried (not saved)"));
    assert!(html.contains("replication: missed → partial"), "{html}");
    let mae = regex::Regex::new(
        r#"mean absolute error ([0-9.]+) → <strong class="mae-after">([0-9.]+)<"#,
    )
    .unwrap();
    let m = mae.captures(&html).expect("before and after");
    assert!(
        m[2].parse::<f64>().unwrap() < m[1].parse::<f64>().unwrap(),
        "the draft is closer to the human score"
    );
    // the fixture's `expects` sentences name none of their terms: the golden tests say so
    assert!(
        html.contains("the expects answer leaves it missed"),
        "{html}"
    );
    let now: serde_json::Value = scalar(
        &app.pool,
        "SELECT rubric FROM rubrics WHERE question_id = $1",
        &q,
    )
    .await;
    assert_eq!(now, stored, "trying saves nothing");

    // bad drafts are refused with the problem named, the draft kept in the editor
    let bad = editor_fields(&cur, &q, &[("c0_weight", "heavy")]).await;
    let res = post_fields(&cur, &format!("/curate/questions/{q}/try"), &bad).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("the weight &#34;heavy&#34;")
    );
    let res = post_fields(&cur, &format!("/curate/questions/{q}/rubric"), &fields).await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "saving needs a reason"
    );
    assert!(
        res.text().await.unwrap().contains("standby copy"),
        "the draft stays in the editor"
    );

    let mut with_reason = fields.clone();
    with_reason.push(("reason".into(), "standby copies are replicas".into()));
    let res = post_fields(&cur, &format!("/curate/questions/{q}/rubric"), &with_reason).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = cur.page(&location(&res)).await;
    assert!(
        html.contains("standby copies are replicas") && html.contains("as imported from rubrics/")
    );
    let versions: i64 = scalar(
        &app.pool,
        "SELECT COUNT(*) FROM rubric_versions WHERE question_id = $1",
        &q,
    )
    .await;
    assert_eq!(versions, 2);
    let first: serde_json::Value = scalar(
        &app.pool,
        "SELECT rubric FROM rubric_versions WHERE question_id = $1 ORDER BY id LIMIT 1",
        &q,
    )
    .await;
    assert_eq!(first, stored, "the previous version is kept");

    // export writes the edit back into the curated file that holds the question, in place
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("curated")).unwrap();
    let original: whetstone::rubric::Rubric = serde_json::from_value(stored).unwrap();
    let other = crate::solo_support::rubric_for(&crate::solo_support::fixtures()[5]);
    let file = dir.path().join("curated/caching.toml");
    let text = format!(
        "# hand-written header\n\n{}\n# ---- next\n{}",
        whetstone::rubric::export::render_question(&original).unwrap(),
        whetstone::rubric::export::render_question(&other).unwrap()
    );
    std::fs::write(&file, text).unwrap();
    let (ids, files) = whetstone::cli::rubrics::export_db(&app.pool, dir.path())
        .await
        .unwrap();
    assert_eq!((ids, files), (vec![q.clone()], vec![file.clone()]));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# hand-written header\n") && written.contains("# ---- next\n"));
    let back = whetstone::rubric::store::parse_file(&file, &written).unwrap();
    let db: serde_json::Value = scalar(
        &app.pool,
        "SELECT rubric FROM rubrics WHERE question_id = $1",
        &q,
    )
    .await;
    let db: whetstone::rubric::Rubric = serde_json::from_value(db).unwrap();
    assert_eq!(
        back[0].to_rubric(),
        db,
        "the file reads back as the database's rubric"
    );
    assert_eq!(back[1].to_rubric(), other, "the next question is untouched");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rubrics WHERE edited_at IS NOT NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(left, 0, "exported edits are marked");
}

#[tokio::test]
async fn curator_pages_are_404_to_others_and_need_the_csrf_token() {
    let app = spawn_app().await;
    let (alice, item, q) = answered(&app).await;
    assert_eq!(
        appeal(&alice, item, "replication", "right").await.status(),
        303
    );
    let id = open_appeal_id(&app).await;
    for path in [
        "/curate".to_string(),
        format!("/curate/appeals/{id}"),
        format!("/curate/questions/{q}"),
    ] {
        assert_eq!(
            alice.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    for path in [
        format!("/curate/appeals/{id}/accept"),
        format!("/curate/appeals/{id}/reject"),
        format!("/curate/questions/{q}/try"),
        format!("/curate/questions/{q}/rubric"),
        format!("/curate/questions/{q}/cases"),
        format!("/curate/flags/{id}/close"),
    ] {
        let res = alice
            .post(
                &path,
                &[("reason", "x"), ("remedy", "verdict"), ("expected", "met")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let cur = curator(&app, "carol").await;
    let res = cur
        .b
        .post(cur.url(&format!("/curate/appeals/{id}/reject")))
        .form(&[("reason", "no token")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let state: String = sqlx::query_scalar("SELECT state FROM appeals")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(state, "open");
    assert_eq!(
        cur.get("/curate/questions/nope").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn what_cannot_be_appealed_or_reported_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (alice, item, q) = answered(&app).await;
    // a comment over the limit
    let long = "x".repeat(2001);
    let res = alice
        .post(
            &format!("/practice/items/{item}/appeal"),
            &[
                ("criterion", "replication"),
                ("kind", "right"),
                ("comment", &long),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // an item not answered yet
    let (_, open) = alice
        .start_and_open(&[
            ("topic", "caching"),
            ("difficulty", "medium"),
            ("count", "1"),
            ("minutes", "5"),
        ])
        .await;
    assert_eq!(
        appeal(&alice, open, "replication", "right").await.status(),
        StatusCode::BAD_REQUEST
    );
    let res = alice
        .post(
            &format!("/practice/items/{open}/flag"),
            &[("kind", "unclear"), ("reason", "What is asked?")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // an answer recorded without a judgment
    sqlx::query("UPDATE answers SET judgment = NULL WHERE item_id = $1")
        .bind(item)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        appeal(&alice, item, "replication", "right").await.status(),
        StatusCode::BAD_REQUEST
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appeals")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    // a new term for a question whose rubric is gone is refused; the appeal stays open
    let bob = register(&app, "bob").await;
    let r = bob
        .post(&format!("/questions/{q}/practise"), &[("minutes", "5")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let bob_item = bob.follow_to_item(&r).await;
    bob.open(bob_item).await;
    assert_eq!(
        bob.submit(bob_item, ANSWER).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        appeal(&bob, bob_item, "replication", "right")
            .await
            .status(),
        303
    );
    let id = open_appeal_id(&app).await;
    sqlx::query("DELETE FROM rubrics WHERE question_id = $1")
        .bind(&q)
        .execute(&app.pool)
        .await
        .unwrap();
    let cur = curator(&app, "carol").await;
    let res = cur
        .post(
            &format!("/curate/appeals/{id}/accept"),
            &[
                ("remedy", "terms"),
                ("phrase", "standby copy"),
                ("expected", "met"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = cur
        .post(
            &format!("/curate/appeals/{id}/accept"),
            &[("remedy", "shrug"), ("expected", "met")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let state: String = scalar(
        &app.pool,
        "SELECT state FROM appeals WHERE id = $1::uuid",
        id,
    )
    .await;
    assert_eq!(state, "open");
}
