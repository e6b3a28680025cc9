//! `whetstone regrade`: answers keep the judgment they were given until regraded; a regrade
//! grades them with the rubric the database holds now, records its version, and rebuilds the
//! users' leaderboard rows.

use reqwest::StatusCode;
use whetstone::cli::regrade::regrade;
use whetstone::grader::Grader;
use whetstone::rubric::{Lexicon, Rubric};

use crate::helpers::spawn_app;
use crate::solo_support::{GOOD_ANSWER, register, seed_bank};

async fn answer_row(
    pool: &sqlx::PgPool,
    item: uuid::Uuid,
) -> (f32, Option<String>, serde_json::Value) {
    sqlx::query_as("SELECT score, rubric_version, judgment FROM answers WHERE item_id = $1")
        .bind(item)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn answers_keep_their_judgment_until_regraded_with_the_new_rubric() {
    let app = spawn_app().await;
    seed_bank(&app.pool).await;
    let alice = register(&app, "alice").await;
    let (_, item) = alice
        .start_and_open(&[
            ("topic", "databases"),
            ("difficulty", "easy"),
            ("count", "1"),
            ("minutes", "5"),
        ])
        .await;
    assert_eq!(
        alice.submit(item, GOOD_ANSWER).await.status(),
        StatusCode::SEE_OTHER
    );
    let (score, version, judgment) = answer_row(&app.pool, item).await;
    let version = version.expect("the grading rubric's version is recorded");
    assert_eq!(judgment["criteria"].as_array().unwrap().len(), 4);

    // Nothing changed: nothing to regrade.
    let grader = Grader::new(Lexicon::builtin());
    let o = regrade(&app.pool, &grader, None, None, false)
        .await
        .unwrap();
    assert_eq!((o.selected, o.regraded), (1, 0));

    // A curator rewrites the rubric: one of its criteria now asks for something the answer lacks.
    let question: String = sqlx::query_scalar("SELECT question_id FROM answers WHERE item_id = $1")
        .bind(item)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let json: serde_json::Value =
        sqlx::query_scalar("SELECT rubric FROM rubrics WHERE question_id = $1")
            .bind(&question)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let mut rubric: Rubric = serde_json::from_value(json).unwrap();
    rubric.criteria[0].label = "Write-ahead log for durability".into();
    rubric.criteria[0].terms = vec!["write-ahead log".into(), "wal".into()];
    rubric.criteria[0].expects = "A write-ahead log makes committed writes survive a crash.".into();
    sqlx::query("UPDATE rubrics SET rubric = $2 WHERE question_id = $1")
        .bind(&question)
        .bind(serde_json::to_value(&rubric).unwrap())
        .execute(&app.pool)
        .await
        .unwrap();
    // The answer keeps the judgment it was given ...
    let (kept, kept_version, _) = answer_row(&app.pool, item).await;
    assert_eq!(
        (kept, kept_version.as_deref()),
        (score, Some(version.as_str()))
    );

    // ... until it is regraded.
    let o = regrade(&app.pool, &grader, Some(&question), None, false)
        .await
        .unwrap();
    assert_eq!((o.selected, o.regraded, o.users), (1, 1, 1));
    let (new_score, new_version, judgment) = answer_row(&app.pool, item).await;
    assert!(new_score < score, "{score} -> {new_score}");
    assert_ne!(new_version.as_deref(), Some(version.as_str()));
    assert_eq!(judgment["criteria"][0]["verdict"], "missed");
    assert_eq!(o.scores_changed, 1);

    // Regrading again changes nothing; --all regrades anyway, with the same result.
    let o = regrade(&app.pool, &grader, None, None, false)
        .await
        .unwrap();
    assert_eq!(o.regraded, 0);
    let o = regrade(&app.pool, &grader, None, None, true).await.unwrap();
    assert_eq!((o.regraded, o.scores_changed), (1, 0));

    // Answers before --since are left alone; an unknown question selects nothing.
    let later = chrono::Utc::now() + chrono::Duration::days(1);
    let o = regrade(&app.pool, &grader, None, Some(later), true)
        .await
        .unwrap();
    assert_eq!(o.selected, 0);
    let o = regrade(&app.pool, &grader, Some("no-such-question"), None, true)
        .await
        .unwrap();
    assert_eq!(o.selected, 0);
}
