//! `whetstone import`, and the bank synchronisation `whetstone serve` runs at start: load
//! `corpus/` and `rubrics/`, and import them when the database holds an older version.
//!
//! "Older" is decided by a content hash of every file under both directories (paths and bytes),
//! stored in `bank_meta` by the import; the files are parsed only when the hash differs.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::corpus::Question;
use crate::db::bank::{self, ImportReport};
use crate::rubric::Rubric;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Import even when the database already holds these exact files.
    #[arg(long)]
    pub force: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// SHA-256 over every regular file under `dirs` (relative path, length, bytes; sorted by path).
/// Hidden files (names starting with `.`) are skipped. A missing directory is an error.
pub fn content_hash(dirs: &[&Path]) -> anyhow::Result<String> {
    let mut hasher = Sha256::new();
    for dir in dirs {
        let mut files = Vec::new();
        collect_files(dir, &mut files).with_context(|| format!("reading {}", dir.display()))?;
        files.sort();
        hasher.update(b"dir\0");
        for file in files {
            let relative = file.strip_prefix(dir).unwrap_or(&file);
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            hasher.update(relative.to_string_lossy().as_bytes());
            hasher.update(b"\0");
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(&bytes);
        }
    }
    Ok(hex::encode(hasher.finalize()))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// What [`sync_bank_with`] did.
#[derive(Debug)]
pub enum SyncOutcome {
    /// The database already holds these files.
    UpToDate { hash: String },
    /// The files were imported.
    Imported {
        hash: String,
        report: ImportReport,
        /// Reading and parsing the files.
        load_seconds: f64,
        /// The database import alone.
        import_seconds: f64,
    },
}

/// Imports the files when `force` is set, the bank is empty, or its stored hash differs from the
/// files'. `load` parses the files (it runs only when an import is needed).
pub async fn sync_bank_with(
    pool: &PgPool,
    corpus_dir: &Path,
    rubrics_dir: &Path,
    force: bool,
    load: impl FnOnce() -> anyhow::Result<(Vec<Question>, Vec<Rubric>)>,
) -> anyhow::Result<SyncOutcome> {
    let hash = content_hash(&[corpus_dir, rubrics_dir])?;
    let status = bank::status(pool)
        .await
        .context("reading the bank status")?;
    if !force
        && let Some(status) = status
        && status.content_hash == hash
        && status.questions > 0
    {
        tracing::info!(questions = status.questions, "question bank is up to date");
        return Ok(SyncOutcome::UpToDate { hash });
    }
    let started = Instant::now();
    let (questions, rubrics) = load()?;
    let load_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let report = bank::import(pool, &questions, &rubrics, &hash)
        .await
        .context("importing the question bank")?;
    Ok(SyncOutcome::Imported {
        hash,
        report,
        load_seconds,
        import_seconds: started.elapsed().as_secs_f64(),
    })
}

/// Parses `corpus/` and `rubrics/`.
pub fn load_files(
    corpus_dir: &Path,
    rubrics_dir: &Path,
) -> anyhow::Result<(Vec<Question>, Vec<Rubric>)> {
    let corpus = crate::corpus::load_dir(corpus_dir)?;
    let mut rubrics = crate::rubric::RubricBank::load(rubrics_dir)?
        .rubrics()
        .to_vec();
    // the follow-up of a chain question is the corpus's next link, whoever wrote the rubric
    for r in &mut rubrics {
        if let Some(next) = corpus
            .get(&r.id)
            .and_then(|q| q.chain.as_ref())
            .and_then(|c| c.next.as_deref())
            .and_then(|id| corpus.get(id))
        {
            r.followup = next.prompt.clone();
        }
    }
    Ok((corpus.questions, rubrics))
}

/// [`sync_bank_with`] with the real loaders, unless forced only when the files changed.
pub async fn sync_bank(
    pool: &PgPool,
    corpus_dir: &Path,
    rubrics_dir: &Path,
) -> anyhow::Result<SyncOutcome> {
    let outcome = sync_bank_with(pool, corpus_dir, rubrics_dir, false, || {
        load_files(corpus_dir, rubrics_dir)
    })
    .await?;
    if let SyncOutcome::Imported {
        report,
        load_seconds,
        import_seconds,
        ..
    } = &outcome
    {
        tracing::info!(
            questions = report.questions,
            inserted = report.inserted,
            updated = report.updated,
            retired = report.retired,
            load_seconds,
            import_seconds,
            "question bank imported"
        );
    }
    Ok(outcome)
}

/// `whetstone import`: loads the files into `DATABASE_URL`'s database (migrating it first).
pub fn run(args: Args) -> anyhow::Result<()> {
    let settings = crate::config::Settings::from_env()?;
    crate::telemetry::init_tracing(&settings.log_filter, settings.log_format);
    let url = settings
        .database_url
        .as_ref()
        .map(|u| u.expose().to_string())
        .context("DATABASE_URL is not set: `whetstone import` needs the database to load into")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let pool = crate::startup::connect_migrated(&url).await?;
        let (corpus, rubrics) = (&settings.corpus_dir, &settings.rubrics_dir);
        let outcome = sync_bank_with(&pool, corpus, rubrics, args.force, || {
            load_files(corpus, rubrics)
        })
        .await?;
        print_outcome(&outcome, args.json);
        Ok(())
    })
}

fn print_outcome(outcome: &SyncOutcome, json: bool) {
    match outcome {
        SyncOutcome::UpToDate { hash } if json => {
            println!(
                "{}",
                serde_json::json!({"up_to_date": true, "content_hash": hash})
            );
        }
        SyncOutcome::UpToDate { .. } => {
            println!("The question bank is up to date (use --force to import anyway).");
        }
        SyncOutcome::Imported {
            hash,
            report,
            load_seconds,
            import_seconds,
        } if json => {
            println!(
                "{}",
                serde_json::json!({
                    "up_to_date": false,
                    "content_hash": hash,
                    "load_seconds": load_seconds,
                    "import_seconds": import_seconds,
                    "report": report,
                })
            );
        }
        SyncOutcome::Imported {
            report,
            load_seconds,
            import_seconds,
            ..
        } => {
            println!(
                "Imported {} questions ({} new, {} updated, {} unchanged, {} retired), {} rubrics \
                 ({} changed), {} sources, {} reference answers: files read in {:.3} s, database \
                 import in {:.3} s.",
                report.questions,
                report.inserted,
                report.updated,
                report.unchanged,
                report.retired,
                report.rubrics,
                report.rubrics_changed,
                report.sources,
                report.answers,
                load_seconds,
                import_seconds
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_changes_with_content_and_names_but_not_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let rubrics = dir.path().join("rubrics");
        std::fs::create_dir_all(rubrics.join("topic")).unwrap();
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::write(corpus.join("001.txt"), "Q1").unwrap();
        std::fs::write(rubrics.join("topic/a.toml"), "x = 1").unwrap();
        let first = content_hash(&[&corpus, &rubrics]).unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(first, content_hash(&[&corpus, &rubrics]).unwrap(), "stable");

        std::fs::write(corpus.join(".swp"), "editor junk").unwrap();
        assert_eq!(first, content_hash(&[&corpus, &rubrics]).unwrap());

        std::fs::write(rubrics.join("topic/a.toml"), "x = 2").unwrap();
        let edited = content_hash(&[&corpus, &rubrics]).unwrap();
        assert_ne!(first, edited);

        std::fs::rename(rubrics.join("topic/a.toml"), rubrics.join("topic/b.toml")).unwrap();
        assert_ne!(edited, content_hash(&[&corpus, &rubrics]).unwrap());

        // Moving a file from one directory to the other changes the hash too.
        std::fs::rename(corpus.join("001.txt"), rubrics.join("001.txt")).unwrap();
        assert_ne!(first, content_hash(&[&corpus, &rubrics]).unwrap());
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = content_hash(&[&dir.path().join("nope")]).unwrap_err();
        assert!(format!("{err:#}").contains("nope"), "{err:#}");
    }
}
