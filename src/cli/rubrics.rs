//! `whetstone rubrics ...`: `extract` regenerates `rubrics/` from `corpus/` (keeping hand edits
//! unless `--force`), `check` validates `rubrics/` and exits non-zero listing every problem.

use std::path::{Path, PathBuf};

use anyhow::Context;

use std::collections::HashMap;

use crate::corpus;
use crate::grader::{Grader, golden};
use crate::rubric::check::CorpusFacts;
use crate::rubric::lexicon::{Lexicon, SYNONYMS_FILE};
use crate::rubric::{Origin, Rubric, bank, check, store};

use super::progress::progress_bar;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Regenerate rubrics/ from corpus/ (hand-edited questions are kept unless --force).
    Extract(ExtractArgs),
    /// Validate rubrics/: the format of every rubric and the golden tests of every curated one;
    /// lists every problem (exit status 1 when there is any).
    Check(CheckArgs),
    /// Print what the bank holds: curated and extracted counts, criteria per question, wrong
    /// claims and probes, and the defects a curated bank must not have.
    Stats(StatsArgs),
    /// Write the rubrics curators edited in the browser (the database of DATABASE_URL) back to
    /// rubrics/curated/*.toml, so they can be committed.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Rubric directory.
    #[arg(long, default_value = "rubrics")]
    pub rubrics: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Rubric directory.
    #[arg(long, default_value = "rubrics")]
    pub rubrics: PathBuf,
    /// Print the counts as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct Dirs {
    /// Rubric directory.
    #[arg(long, default_value = "rubrics")]
    pub rubrics: PathBuf,
    /// Corpus directory.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    /// Only report on rubric files whose path ends with this (e.g. `curated/caching.toml`).
    #[arg(long)]
    pub file: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    /// Overwrite hand-edited questions too.
    #[arg(long)]
    pub force: bool,
}

pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Extract(a) => extract(&a.dirs.rubrics, &a.dirs.corpus, a.force),
        Command::Stats(a) => {
            let bank = store::RubricBank::load(&a.rubrics)
                .with_context(|| format!("loading rubrics from {}", a.rubrics.display()))?;
            let s = crate::rubric::stats::stats(bank.rubrics());
            if a.json {
                crate::outln!("{}", serde_json::to_string(&s)?);
            } else {
                crate::outln!("{s}");
            }
            Ok(())
        }
        Command::Export(a) => {
            let settings = crate::config::Settings::from_env()?;
            let url = settings.database_url.clone().context(
                "DATABASE_URL is not set: `rubrics export` reads the edited rubrics from the database",
            )?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let pool = crate::startup::connect_migrated(url.expose()).await?;
                let (ids, files) = export_db(&pool, &a.rubrics).await?;
                crate::outln!(
                    "exported {} edited rubric(s) into {} file(s): {}",
                    ids.len(),
                    files.len(),
                    files
                        .iter()
                        .map(|f| f.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                Ok(())
            })
        }
        Command::Check(a) => {
            let d = &a.dirs;
            let report = check_report(&d.rubrics, &d.corpus, a.file.as_deref())?;
            crate::out!("{}", report.0);
            if report.1 > 0 {
                anyhow::bail!("{} problem(s) in {}", report.1, d.rubrics.display());
            }
            Ok(())
        }
    }
}

fn extract(rubrics: &Path, corpus_dir: &Path, force: bool) -> anyhow::Result<()> {
    let corpus = corpus::load_dir(corpus_dir)
        .with_context(|| format!("loading corpus from {}", corpus_dir.display()))?;
    let syn_path = rubrics.join(SYNONYMS_FILE);
    let syn_text = std::fs::read_to_string(&syn_path)
        .with_context(|| format!("reading {}", syn_path.display()))?;
    let synonyms = Lexicon::from_toml(&syn_text, None)
        .with_context(|| format!("parsing {}", syn_path.display()))?;
    let (generated, lexicon) = bank::extract_all(&corpus, &synonyms);
    let report = store::write_bank(rubrics, &generated, &lexicon, force)?;
    crate::outln!(
        "extracted {} draft rubric(s) ({} criteria) into {} file(s) for {} questions, {} of them \
         curated; {} acronyms",
        report.written,
        report.criteria,
        report.files.len(),
        corpus.questions.len(),
        report.curated,
        lexicon.acronyms().len()
    );
    if !report.superseded.is_empty() {
        crate::outln!(
            "removed {} draft(s) of questions curated since the last extraction",
            report.superseded.len()
        );
    }
    if !report.kept.is_empty() {
        crate::outln!(
            "kept {} hand-edited question(s) (use --force to overwrite): {}",
            report.kept.len(),
            report.kept.join(", ")
        );
    }
    if !report.overwritten.is_empty() {
        crate::outln!(
            "overwrote {} hand-edited question(s): {}",
            report.overwritten.len(),
            report.overwritten.join(", ")
        );
    }
    if !report.dropped.is_empty() {
        crate::outln!(
            "dropped {} question(s) no longer in the corpus: {}",
            report.dropped.len(),
            report.dropped.join(", ")
        );
    }
    Ok(())
}

/// Reference answers by question id.
type References = HashMap<String, Vec<String>>;

/// What the check needs from the corpus: its question ids, which have no reference answer, and
/// each question's reference answers (for the golden test that no wrong claim fires on them).
fn corpus_facts(corpus_dir: &Path) -> anyhow::Result<Option<(CorpusFacts, References)>> {
    if !corpus_dir.is_dir() {
        return Ok(None);
    }
    let corpus = corpus::load_dir(corpus_dir)
        .with_context(|| format!("loading corpus from {}", corpus_dir.display()))?;
    let mut facts = CorpusFacts::default();
    let mut references = HashMap::new();
    for q in &corpus.questions {
        facts.ids.push(q.id.clone());
        let answers: Vec<String> = corpus
            .answer_content(q)
            .iter()
            .map(|a| a.markdown.clone())
            .collect();
        if answers.is_empty() {
            facts.without_reference.insert(q.id.clone());
        }
        references.insert(q.id.clone(), answers);
    }
    Ok(Some((facts, references)))
}

/// The check's printable report and its number of problems: the format of every rubric, the
/// golden tests of every curated one, and (given the corpus) that every question has a rubric.
/// `only` restricts the report to rubric files whose path ends with it.
pub fn check_report(
    rubrics: &Path,
    corpus_dir: &Path,
    only: Option<&str>,
) -> anyhow::Result<(String, usize)> {
    let facts = corpus_facts(corpus_dir)?;
    let mut report = check::check_dir(rubrics, facts.as_ref().map(|(f, _)| f));
    let lexicon = Lexicon::load(rubrics).unwrap_or_else(|_| Lexicon::builtin());
    let all: Vec<Rubric> = report.read.iter().map(|l| l.rubric.to_rubric()).collect();
    let grader = Grader::new(lexicon).with_topics(&all);
    let wanted = |file: &Path| only.is_none_or(|o| file.to_string_lossy().ends_with(o));
    let curated: Vec<&check::Located> = report
        .read
        .iter()
        .filter(|l| l.rubric.origin == Origin::Curated && wanted(&l.file))
        .collect();
    let bar = progress_bar(curated.len() as u64, "golden tests");
    let mut golden_problems = Vec::new();
    for l in &curated {
        let rubric = l.rubric.to_rubric();
        let refs: Vec<&str> = facts
            .as_ref()
            .and_then(|(_, r)| r.get(&rubric.id))
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default();
        for f in golden::check(&grader, &rubric, &refs) {
            let at = match &f.criterion {
                Some(c) => format!("question `{}`, criterion `{c}`", rubric.id),
                None => format!("question `{}`", rubric.id),
            };
            golden_problems.push(check::Problem {
                file: l.file.clone(),
                line: l.line,
                message: format!("{at}: {}", f.message),
            });
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    report.problems.extend(golden_problems);
    report
        .problems
        .retain(|p| only.is_none() || wanted(&p.file));
    let mut out = String::new();
    for p in &report.problems {
        out.push_str(&format!("{p}\n"));
    }
    let n_curated = report
        .read
        .iter()
        .filter(|l| l.rubric.origin == Origin::Curated)
        .count();
    out.push_str(&format!(
        "checked {} files, {} rubrics ({} curated, {} extracted), {} criteria{}; golden tests on \
         {} curated: {} problem(s)\n",
        report.files,
        report.rubrics,
        n_curated,
        report.rubrics - n_curated,
        report.criteria,
        if facts.is_some() {
            " against the corpus"
        } else {
            " (no corpus)"
        },
        curated.len(),
        report.problems.len()
    ));
    Ok((out, report.problems.len()))
}

/// Writes every rubric edited in the browser and not exported yet into `dir`'s curated files and
/// marks them exported (so `whetstone import` follows the files again); returns the question ids
/// and the files written.
pub async fn export_db(
    pool: &sqlx::PgPool,
    dir: &Path,
) -> anyhow::Result<(Vec<String>, Vec<PathBuf>)> {
    let edited = crate::db::rubric_versions::unexported(pool).await?;
    let mut ids = Vec::new();
    let mut rubrics = Vec::new();
    for (id, json) in edited {
        let r: Rubric = serde_json::from_value(json)
            .with_context(|| format!("the stored rubric of {id} does not read"))?;
        ids.push(id);
        rubrics.push(r);
    }
    let files = crate::rubric::export::export(dir, &rubrics)
        .with_context(|| format!("writing rubrics into {}", dir.display()))?;
    crate::db::rubric_versions::mark_exported(pool, &ids).await?;
    Ok((ids, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CORPUS: &str = "## Basics\n\n**Q1: What is a CDN?**\nA Content Delivery Network (CDN) is a group of \
        geographically distributed servers that cache static content like images close to users.\n\n\
        **Q2: What is sharding?**\nSharding splits one logical dataset across multiple databases by a \
        **shard key**, with a routing layer and rebalancing when nodes are added.\n";

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let rubrics = dir.path().join("rubrics");
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::create_dir_all(&rubrics).unwrap();
        std::fs::write(corpus.join("001_t.txt"), CORPUS).unwrap();
        std::fs::write(
            rubrics.join(SYNONYMS_FILE),
            include_str!("../../rubrics/synonyms.toml"),
        )
        .unwrap();
        (dir, corpus, rubrics)
    }

    #[test]
    fn extract_then_check_passes_and_a_broken_edit_fails() {
        let (_d, corpus, rubrics) = setup();
        extract(&rubrics, &corpus, false).unwrap();
        let (text, n) = check_report(&rubrics, &corpus, None).unwrap();
        assert_eq!(n, 0, "{text}");
        let file = store::rubric_files(&rubrics).unwrap().remove(0);
        let t = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, t.replacen("weight = ", "weight = -", 1)).unwrap();
        let (text, n) = check_report(&rubrics, &corpus, None).unwrap();
        assert!(n >= 1 && text.contains("must be positive"), "{text}");
        // the hand edit survives a re-extraction, and --force restores the generated rubric
        extract(&rubrics, &corpus, false).unwrap();
        assert!(check_report(&rubrics, &corpus, None).unwrap().1 >= 1);
        extract(&rubrics, &corpus, true).unwrap();
        assert_eq!(check_report(&rubrics, &corpus, None).unwrap().1, 0);
    }

    /// The bank as committed: every rubric well formed, every curated one passing its golden
    /// tests, every corpus question with a rubric.
    #[test]
    fn the_committed_bank_passes_rubrics_check() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (text, n) = check_report(&root.join("rubrics"), &root.join("corpus"), None).unwrap();
        assert_eq!(n, 0, "{text}");
    }

    #[test]
    fn missing_corpus_is_an_error() {
        let (_d, _corpus, rubrics) = setup();
        assert!(extract(&rubrics, Path::new("/nonexistent"), false).is_err());
    }
}
