//! `db::bank::import`: idempotent, batched, atomic, retiring instead of deleting.

use sqlx::PgPool;
use whetstone::corpus::{ChainLink, Difficulty, Question, ReferenceAnswer, SourceRef};
use whetstone::db::bank::{self, ImportError};
use whetstone::rubric::{Criterion, Rubric};

use crate::helpers::migrated_pool;

fn question(id: &str, prompt: &str) -> Question {
    let file = id.split('-').next().unwrap().to_string();
    Question {
        id: id.to_string(),
        prompt: prompt.to_string(),
        section: "Caching Basics".into(),
        topic: "caching".into(),
        tags: vec!["cache".into(), "latency".into()],
        difficulty: Difficulty::Easy,
        rating: 1000,
        sources: vec![SourceRef {
            file,
            key: id.to_string(),
            line: 10,
        }],
        answers: vec![ReferenceAnswer {
            source: id.to_string(),
            markdown: format!(
                "**Answer** to {id}:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x()</script>"
            ),
        }],
        see_also: vec![],
        chain: None,
    }
}

fn rubric(q: &Question) -> Rubric {
    Rubric {
        id: q.id.clone(),
        prompt: q.prompt.clone(),
        topic: q.topic.clone(),
        difficulty: q.difficulty,
        sources: q.sources.iter().map(|s| s.key.clone()).collect(),
        origin: whetstone::rubric::Origin::Extracted,
        note: String::new(),
        criteria: vec![Criterion {
            id: "cache-invalidation".into(),
            label: "Cache invalidation".into(),
            weight: 2.0,
            terms: vec!["cache invalidation".into(), "invalidate".into()],
            phase: None,
            subject: None,
            expects: "Stale data is the classic cache bug.".into(),
            wrong: Vec::new(),
            probe: String::new(),
        }],
        followup: String::new(),
    }
}

/// Three questions: two plain, one a chain of two with a merged second source.
fn bank() -> (Vec<Question>, Vec<Rubric>) {
    let mut questions = vec![
        question("001-1", "What is a write-through cache?"),
        question("001-2", "How do you shard a relational database?"),
        question("002-4", "Design a rate limiter."),
        question("002-4-d1", "How does the limiter work across regions?"),
    ];
    questions[1].difficulty = Difficulty::Hard;
    questions[1].topic = "databases-storage".into();
    questions[1].see_also = vec!["001-1".into()];
    questions[1].sources.push(SourceRef {
        file: "003".into(),
        key: "003-19".into(),
        line: 400,
    });
    questions[1].answers.push(ReferenceAnswer {
        source: "003-19".into(),
        markdown: "Use a *shard key*.".into(),
    });
    questions[2].chain = Some(ChainLink {
        chain: "002-4".into(),
        depth: 0,
        parent: None,
        next: Some("002-4-d1".into()),
    });
    questions[3].chain = Some(ChainLink {
        chain: "002-4".into(),
        depth: 1,
        parent: Some("002-4".into()),
        next: None,
    });
    let rubrics = questions.iter().map(rubric).collect();
    (questions, rubrics)
}

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn first_import_writes_everything() {
    let pool = migrated_pool().await;
    assert_eq!(bank::status(&pool).await.unwrap(), None);
    let (questions, rubrics) = bank();
    let report = bank::import(&pool, &questions, &rubrics, "hash-1")
        .await
        .unwrap();
    assert_eq!(report.questions, 4);
    assert_eq!(report.inserted, 4);
    assert_eq!(
        (report.updated, report.unchanged, report.retired),
        (0, 0, 0)
    );
    assert_eq!((report.rubrics, report.rubrics_changed), (4, 4));
    assert_eq!((report.sources, report.answers), (5, 5));

    let status = bank::status(&pool).await.unwrap().unwrap();
    assert_eq!(status.content_hash, "hash-1");
    assert_eq!(status.questions, 4);

    let (tags, see_also, difficulty, topic): (Vec<String>, Vec<String>, String, String) =
        sqlx::query_as(
            "SELECT tags, see_also, difficulty, topic FROM questions WHERE id = '001-2'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(tags, ["cache", "latency"]);
    assert_eq!(see_also, ["001-1"]);
    assert_eq!(
        (difficulty.as_str(), topic.as_str()),
        ("hard", "databases-storage")
    );

    type ChainRow = (String, Option<i32>, Option<String>, Option<String>);
    let chain: Vec<ChainRow> = sqlx::query_as(
        "SELECT id, chain_depth, chain_parent, chain_next FROM questions
         WHERE chain_id = '002-4' ORDER BY chain_depth",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        chain,
        [
            ("002-4".into(), Some(0), None, Some("002-4-d1".into())),
            ("002-4-d1".into(), Some(1), Some("002-4".into()), None)
        ]
    );
    let plain: (Option<String>, Option<i32>) =
        sqlx::query_as("SELECT chain_id, chain_depth FROM questions WHERE id = '001-1'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(plain, (None, None));

    let sources: Vec<(String, i32, String, i32)> = sqlx::query_as(
        "SELECT key, position, file, line FROM question_sources WHERE question_id = '001-2'
         ORDER BY position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        sources,
        [
            ("001-2".into(), 0, "001".into(), 10),
            ("003-19".into(), 1, "003".into(), 400)
        ]
    );

    // Reference answers are stored as markdown and as sanitised HTML.
    let (markdown, html): (String, String) = sqlx::query_as(
        "SELECT markdown, html FROM reference_answers WHERE question_id = '001-1' AND position = 0",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(markdown.contains("<script>"));
    assert!(html.contains("<strong>Answer</strong>"), "{html}");
    assert!(html.contains("<table>"), "{html}");
    assert!(!html.contains("<script"), "{html}");

    let rubric: serde_json::Value =
        sqlx::query_scalar("SELECT rubric FROM rubrics WHERE question_id = '002-4'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(rubric["criteria"][0]["id"], "cache-invalidation");
    assert_eq!(rubric["difficulty"], "easy");

    // The full-text column serves the question browser.
    let found: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM questions WHERE search @@ websearch_to_tsquery('english', 'sharding')",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(found, ["001-2"]);
}

#[tokio::test]
async fn importing_the_same_bank_again_changes_nothing() {
    let pool = migrated_pool().await;
    let (questions, rubrics) = bank();
    bank::import(&pool, &questions, &rubrics, "hash-1")
        .await
        .unwrap();
    let stamps = |pool: PgPool| async move {
        sqlx::query_as::<_, (String, chrono::DateTime<chrono::Utc>)>(
            "SELECT id, updated_at FROM questions ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let before = stamps(pool.clone()).await;

    let report = bank::import(&pool, &questions, &rubrics, "hash-1")
        .await
        .unwrap();
    assert_eq!(report.inserted, 0);
    assert_eq!(report.updated, 0);
    assert_eq!(report.unchanged, 4);
    assert_eq!(report.retired, 0);
    assert_eq!(report.rubrics_changed, 0);
    assert_eq!(
        stamps(pool.clone()).await,
        before,
        "ids and rows stay as they were"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM question_sources").await,
        5
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM reference_answers").await,
        5
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM rubrics").await, 4);
}

#[tokio::test]
async fn changed_questions_update_in_place_and_vanished_ones_are_retired_not_deleted() {
    let pool = migrated_pool().await;
    let (mut questions, mut rubrics) = bank();
    bank::import(&pool, &questions, &rubrics, "hash-1")
        .await
        .unwrap();

    questions[0].prompt = "What is a write-through cache, and when is it worth it?".into();
    rubrics[0].criteria[0].weight = 3.0;
    let gone = questions.remove(1);
    rubrics.remove(1);
    let report = bank::import(&pool, &questions, &rubrics, "hash-2")
        .await
        .unwrap();
    assert_eq!(report.inserted, 0);
    assert_eq!(report.updated, 1);
    assert_eq!(report.unchanged, 2);
    assert_eq!(report.retired, 1);
    assert_eq!(report.rubrics_changed, 1);

    let prompt: String = sqlx::query_scalar("SELECT prompt FROM questions WHERE id = '001-1'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(prompt, questions[0].prompt);
    let retired: bool = sqlx::query_scalar("SELECT retired FROM questions WHERE id = '001-2'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(retired, "the vanished question is kept, marked retired");
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM reference_answers WHERE question_id = '001-2'"
        )
        .await,
        2,
        "a retired question keeps its reference answers"
    );
    let status = bank::status(&pool).await.unwrap().unwrap();
    assert_eq!(
        (status.content_hash.as_str(), status.questions),
        ("hash-2", 3)
    );

    // Retiring again is not counted twice; bringing it back un-retires it.
    let report = bank::import(&pool, &questions, &rubrics, "hash-2")
        .await
        .unwrap();
    assert_eq!(report.retired, 0);
    questions.push(gone.clone());
    rubrics.push(rubric(&gone));
    let report = bank::import(&pool, &questions, &rubrics, "hash-3")
        .await
        .unwrap();
    assert_eq!((report.inserted, report.updated, report.retired), (0, 1, 0));
    assert_eq!(
        count(&pool, "SELECT count(*) FROM questions WHERE retired").await,
        0
    );
}

/// Imports the base bank, then asserts that `bad` fails with `check` and leaves it untouched.
async fn assert_refused(
    bad: impl FnOnce(&mut Vec<Question>, &mut Vec<Rubric>),
    check: impl FnOnce(&ImportError) -> bool,
) {
    let pool = migrated_pool().await;
    let (mut questions, mut rubrics) = bank();
    bank::import(&pool, &questions, &rubrics, "good")
        .await
        .unwrap();
    let snapshot = |pool: PgPool| async move {
        sqlx::query_as::<_, (String, String, bool)>(
            "SELECT id, prompt, retired FROM questions ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let before = snapshot(pool.clone()).await;

    questions[0].prompt = "A changed prompt that must not be written".into();
    questions.pop(); // would retire a question
    rubrics.pop();
    bad(&mut questions, &mut rubrics);
    let err = bank::import(&pool, &questions, &rubrics, "bad")
        .await
        .unwrap_err();
    assert!(check(&err), "unexpected error: {err}");
    assert_eq!(
        snapshot(pool.clone()).await,
        before,
        "nothing half-imported"
    );
    let status = bank::status(&pool).await.unwrap().unwrap();
    assert_eq!(status.content_hash, "good");
    assert_eq!(
        count(&pool, "SELECT count(*) FROM reference_answers").await,
        5
    );
}

#[tokio::test]
async fn a_database_error_midway_rolls_everything_back() {
    // PostgreSQL refuses NUL characters in text: the answers insert fails after the questions
    // upsert and the retirement already ran inside the transaction.
    assert_refused(
        |questions, _| questions[1].answers[0].markdown = "bad \u{0} byte".into(),
        |e| matches!(e, ImportError::Database(_)),
    )
    .await;
}

#[tokio::test]
async fn a_rubric_for_an_unknown_question_is_refused() {
    assert_refused(
        |questions, rubrics| {
            let mut stray = rubric(&questions[0]);
            stray.id = "999-1".into();
            rubrics.push(stray);
        },
        |e| matches!(e, ImportError::OrphanRubric(id) if id == "999-1"),
    )
    .await;
}

#[tokio::test]
async fn duplicate_ids_rubrics_and_sources_are_refused() {
    assert_refused(
        |questions, _| questions.push(question("001-1", "again")),
        |e| matches!(e, ImportError::DuplicateQuestion(id) if id == "001-1"),
    )
    .await;
    assert_refused(
        |questions, rubrics| rubrics.push(rubric(&questions[0])),
        |e| matches!(e, ImportError::DuplicateRubric(id) if id == "001-1"),
    )
    .await;
    assert_refused(
        |questions, _| {
            let stolen = questions[0].sources[0].clone();
            questions[1].sources.push(stolen);
        },
        |e| e.to_string() == r#"source "001-1" is claimed by both "001-1" and "001-2""#,
    )
    .await;
    assert_refused(
        |questions, _| questions[0].prompt = "  ".into(),
        |e| e.to_string().contains("the prompt is empty"),
    )
    .await;
}

/// Issue 17: a rubric a curator saved in the browser survives an import of changed files until
/// `rubrics export` marked it written back; then the files win again.
#[tokio::test]
async fn an_unexported_browser_edit_survives_an_import_until_exported() {
    let pool = migrated_pool().await;
    let (questions, mut rubrics) = bank();
    bank::import(&pool, &questions, &rubrics, "hash-1")
        .await
        .unwrap();
    let curator: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO users (username, email, password_hash) VALUES ('cur', 'c@x.io', 'x')
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let mut edited = rubrics[0].clone();
    edited.criteria[0].terms.push("purge".into());
    let mut tx = pool.begin().await.unwrap();
    whetstone::db::rubric_versions::save(
        &mut tx,
        "001-1",
        &serde_json::to_value(&edited).unwrap(),
        curator,
        "purge means invalidate",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let stored = || async {
        let v: serde_json::Value =
            sqlx::query_scalar("SELECT rubric FROM rubrics WHERE question_id = '001-1'")
                .fetch_one(&pool)
                .await
                .unwrap();
        serde_json::from_value::<Rubric>(v).unwrap()
    };
    rubrics[0].criteria[0].weight = 3.0;
    let report = bank::import(&pool, &questions, &rubrics, "hash-2")
        .await
        .unwrap();
    assert_eq!(report.rubrics_changed, 0);
    assert_eq!(stored().await, edited, "the browser edit is kept");

    whetstone::db::rubric_versions::mark_exported(&pool, &["001-1".to_string()])
        .await
        .unwrap();
    let report = bank::import(&pool, &questions, &rubrics, "hash-3")
        .await
        .unwrap();
    assert_eq!(report.rubrics_changed, 1);
    assert_eq!(
        stored().await,
        rubrics[0],
        "after the export the files win again"
    );
}
