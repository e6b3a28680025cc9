//! `whetstone rubrics ...`: `extract` regenerates `rubrics/` from `corpus/` (keeping hand edits
//! unless `--force`), `check` validates `rubrics/` and exits non-zero listing every problem.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::corpus;
use crate::rubric::lexicon::{Lexicon, SYNONYMS_FILE};
use crate::rubric::{bank, check, store};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Regenerate rubrics/ from corpus/ (hand-edited questions are kept unless --force).
    Extract(ExtractArgs),
    /// Validate rubrics/ and list every problem (exit status 1 when there is any).
    Check(Dirs),
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
        Command::Check(d) => {
            let report = check_report(&d.rubrics, &d.corpus)?;
            print!("{}", report.0);
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
    println!(
        "extracted {} rubrics ({} criteria) for {} questions into {} files; {} acronyms",
        report.written,
        generated.iter().map(|r| r.criteria.len()).sum::<usize>(),
        corpus.questions.len(),
        report.files.len(),
        lexicon.acronyms().len()
    );
    if !report.kept.is_empty() {
        println!(
            "kept {} hand-edited question(s) (use --force to overwrite): {}",
            report.kept.len(),
            report.kept.join(", ")
        );
    }
    if !report.overwritten.is_empty() {
        println!(
            "overwrote {} hand-edited question(s): {}",
            report.overwritten.len(),
            report.overwritten.join(", ")
        );
    }
    if !report.dropped.is_empty() {
        println!(
            "dropped {} question(s) no longer in the corpus: {}",
            report.dropped.len(),
            report.dropped.join(", ")
        );
    }
    Ok(())
}

/// The check's printable report and its number of problems.
pub fn check_report(rubrics: &Path, corpus_dir: &Path) -> anyhow::Result<(String, usize)> {
    let ids: Option<Vec<String>> = if corpus_dir.is_dir() {
        let corpus = corpus::load_dir(corpus_dir)
            .with_context(|| format!("loading corpus from {}", corpus_dir.display()))?;
        Some(corpus.questions.iter().map(|q| q.id.clone()).collect())
    } else {
        None
    };
    let report = check::check_dir(rubrics, ids.as_deref());
    let mut out = String::new();
    for p in &report.problems {
        out.push_str(&format!("{p}\n"));
    }
    out.push_str(&format!(
        "checked {} files, {} rubrics, {} criteria{}: {} problem(s)\n",
        report.files,
        report.rubrics,
        report.criteria,
        if ids.is_some() {
            " against the corpus"
        } else {
            " (no corpus)"
        },
        report.problems.len()
    ));
    Ok((out, report.problems.len()))
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
        let (text, n) = check_report(&rubrics, &corpus).unwrap();
        assert_eq!(n, 0, "{text}");
        let file = store::rubric_files(&rubrics).unwrap().remove(0);
        let t = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, t.replacen("weight = ", "weight = -", 1)).unwrap();
        let (text, n) = check_report(&rubrics, &corpus).unwrap();
        assert!(n >= 1 && text.contains("must be positive"), "{text}");
        // the hand edit survives a re-extraction, and --force restores the generated rubric
        extract(&rubrics, &corpus, false).unwrap();
        assert!(check_report(&rubrics, &corpus).unwrap().1 >= 1);
        extract(&rubrics, &corpus, true).unwrap();
        assert_eq!(check_report(&rubrics, &corpus).unwrap().1, 0);
    }

    #[test]
    fn missing_corpus_is_an_error() {
        let (_d, _corpus, rubrics) = setup();
        assert!(extract(&rubrics, Path::new("/nonexistent"), false).is_err());
    }
}
