//! `whetstone import` as a user runs it: the real corpus into a fresh database, again (nothing to
//! do), and a malformed corpus (refused with file:line, nothing written).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sqlx::PgPool;

use crate::helpers::create_database;

fn import(database_url: &str, corpus: &Path, rubrics: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whetstone"))
        .arg("import")
        .args(extra)
        .env("DATABASE_URL", database_url)
        .env("WHETSTONE_CORPUS_DIR", corpus)
        .env("WHETSTONE_RUBRICS_DIR", rubrics)
        .env("WHETSTONE_DATA_DIR", std::env::temp_dir())
        .env("RUST_LOG", "warn")
        .output()
        .expect("running whetstone import")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

async fn live_questions(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM questions WHERE NOT retired")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_corpus_imports_once_and_then_is_up_to_date() {
    let rubrics = root().join("rubrics");
    let (_name, url) = create_database().await;
    let corpus = root().join("corpus");

    let first = import(&url, &corpus, &rubrics, &["--json"]);
    assert!(first.status.success(), "{first:?}");
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(report["up_to_date"], false);
    let questions = report["report"]["questions"].as_u64().unwrap();
    assert!(questions > 1000, "{report}");
    assert_eq!(report["report"]["inserted"].as_u64().unwrap(), questions);
    assert_eq!(report["report"]["rubrics"].as_u64().unwrap(), questions);

    let pool = PgPool::connect(&url).await.unwrap();
    assert_eq!(live_questions(&pool).await as u64, questions);

    let second = import(&url, &corpus, &rubrics, &[]);
    assert!(second.status.success(), "{second:?}");
    assert_eq!(
        String::from_utf8_lossy(&second.stdout).trim(),
        "The question bank is up to date (use --force to import anyway)."
    );

    let forced = import(&url, &corpus, &rubrics, &["--force", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&forced.stdout).unwrap();
    assert_eq!(report["report"]["unchanged"].as_u64().unwrap(), questions);
    assert_eq!(report["report"]["inserted"], 0);
}

#[tokio::test]
async fn a_malformed_corpus_file_is_refused_with_its_line_and_nothing_changes() {
    let scratch = tempfile::tempdir().unwrap();
    let rubrics = root().join("rubrics");
    let (_name, url) = create_database().await;
    let good = import(&url, &root().join("corpus"), &rubrics, &[]);
    assert!(good.status.success(), "{good:?}");
    let pool = PgPool::connect(&url).await.unwrap();
    let before = live_questions(&pool).await;
    let hash_before: String = sqlx::query_scalar("SELECT content_hash FROM bank_meta")
        .fetch_one(&pool)
        .await
        .unwrap();

    let corpus = scratch.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        corpus.join("009_bad.txt"),
        "**Q1: What is a cache?**\nA fast copy.\n\n**Q1: Again?**\nDuplicate number.\n",
    )
    .unwrap();
    let bad = import(&url, &corpus, &rubrics, &[]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("009_bad.txt:4:"), "{stderr}");

    assert_eq!(live_questions(&pool).await, before);
    let hash_after: String = sqlx::query_scalar("SELECT content_hash FROM bank_meta")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(hash_after, hash_before);
}

#[tokio::test]
async fn import_without_database_url_says_so() {
    let out = Command::new(env!("CARGO_BIN_EXE_whetstone"))
        .arg("import")
        .env_remove("DATABASE_URL")
        .env("WHETSTONE_DATA_DIR", std::env::temp_dir())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL is not set"),
        "{out:?}"
    );
}

/// Copies a directory tree (the rubric directory has `curated/` and `extracted/`).
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, target).unwrap();
        }
    }
}

#[tokio::test]
async fn a_malformed_rubric_file_is_refused_with_its_line_and_nothing_changes() {
    let scratch = tempfile::tempdir().unwrap();
    let (_name, url) = create_database().await;
    let corpus = root().join("corpus");
    let good = import(&url, &corpus, &root().join("rubrics"), &[]);
    assert!(good.status.success(), "{good:?}");
    let pool = PgPool::connect(&url).await.unwrap();
    let rubric_before: String =
        sqlx::query_scalar("SELECT rubric::text FROM rubrics ORDER BY question_id LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();

    let rubrics = scratch.path().join("rubrics");
    copy_dir(&root().join("rubrics"), &rubrics);
    let caching = rubrics.join("curated").join("caching.toml");
    let mut text = std::fs::read_to_string(&caching).unwrap();
    let lines = text.lines().count();
    text.push_str("\n[[rubric]\nid = \"broken\n");
    std::fs::write(&caching, text).unwrap();

    let bad = import(&url, &corpus, &rubrics, &["--force"]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("caching.toml:"), "{stderr}");
    let line: usize = stderr
        .split("caching.toml:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no line number in {stderr}"));
    assert!(
        line > lines,
        "line {line} should point past the {lines} good lines"
    );

    let rubric_after: String =
        sqlx::query_scalar("SELECT rubric::text FROM rubrics ORDER BY question_id LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(rubric_after, rubric_before);
}
