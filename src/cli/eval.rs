//! `whetstone eval <file.jsonl>`: compares the grader with human scores.
//!
//! Each line has `question`, `answer`, `score`, and optionally `reference` (rubric built on the
//! fly), `kind` and `id`. Prints Spearman and Pearson correlations, the mean absolute error after
//! scaling the grader's 0-10 to the human scale, the share of same-question answer pairs ordered
//! like the humans, the mean score per kind, and the ten worst disagreements.
//!
//! With `--verdicts GOLD.jsonl` (lines `{"id", "verdicts": {criterion: verdict}}`, labelled by
//! hand) it also reports verdict accuracy, the false-contradiction rate, a confusion table, and
//! the coherence of score and verdicts (Spearman between each judgment's net weighted coverage
//! and its score).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use serde::Deserialize;

use super::grade::RubricSource;
use super::progress::progress_bar;
use crate::grader::Verdict;
use crate::grader::eval::{mae, pair_agreement, pearson, spearman};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// JSON-lines file of graded answers.
    pub file: PathBuf,
    /// Rubric directory.
    #[arg(long, default_value = "rubrics")]
    pub rubrics: PathBuf,
    /// Corpus directory, used only to find a question asked by another of its wordings.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Human score scale maximum (default: 5 when every score is <= 5, else 10).
    #[arg(long)]
    pub scale: Option<f64>,
    /// Print every line's result as JSON (id, kind, human, grader score, measured features).
    #[arg(long)]
    pub dump: bool,
    /// Also report the figures per fold, splitting the questions (never one question's answers)
    /// into this many folds by order of first appearance: a check that constants are not overfit.
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=10))]
    pub folds: Option<u32>,
    /// Hand-labelled expected verdicts per answer id (see `tests/data/dev-verdicts.jsonl`).
    #[arg(long)]
    pub verdicts: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<String>,
    question: String,
    answer: String,
    score: f64,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    corpus_ref: Option<String>,
}

struct Row {
    id: String,
    kind: Option<String>,
    question: String,
    human: f64,
    grader: f64,
    features: crate::grader::Features,
    judgment: crate::grader::Judgment,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut source = RubricSource::open(&args.rubrics)?.with_corpus(&args.corpus);
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("opening {}", args.file.display()))?;
    let started = Instant::now();
    let lines = std::fs::read_to_string(&args.file)
        .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count())
        .unwrap_or(0);
    let bar = progress_bar(lines as u64, "grading");
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: bad JSON", args.file.display(), n + 1))?;
        let rubric = source
            .resolve(&l.question, l.reference.as_deref())
            .or_else(|e| match &l.corpus_ref {
                Some(r) => source.resolve(r, None),
                None => Err(e),
            });
        let rubric = match rubric {
            Ok(r) => r,
            Err(e) => {
                skipped.push(format!("line {}: {e}", n + 1));
                continue;
            }
        };
        let (j, features) = source.grader.grade_detailed(&rubric, &l.answer);
        rows.push(Row {
            id: l.id.unwrap_or_else(|| format!("line {}", n + 1)),
            kind: l.kind,
            question: l.question,
            human: l.score,
            grader: (f64::from(j.score) * 10.0).round() / 10.0,
            features,
            judgment: j,
        });
        bar.inc(1);
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    anyhow::ensure!(
        !rows.is_empty(),
        "no gradable lines in {} ({} skipped)",
        args.file.display(),
        skipped.len()
    );
    if args.dump {
        for r in &rows {
            crate::outln!(
                "{}",
                serde_json::json!({"id": r.id, "kind": r.kind, "human": r.human, "grader": r.grader, "features": r.features})
            );
        }
    }
    let scale = args.scale.unwrap_or_else(|| {
        if rows.iter().all(|r| r.human <= 5.0) {
            5.0
        } else {
            10.0
        }
    });
    let human: Vec<f64> = rows.iter().map(|r| r.human).collect();
    let grader: Vec<f64> = rows.iter().map(|r| r.grader).collect();
    let scaled: Vec<f64> = grader.iter().map(|g| g * scale / 10.0).collect();
    let mut qids: BTreeMap<&str, usize> = BTreeMap::new();
    let groups: Vec<usize> = rows
        .iter()
        .map(|r| {
            let n = qids.len();
            *qids.entry(r.question.as_str()).or_insert(n)
        })
        .collect();
    let (pairs, npairs) = pair_agreement(&groups, &grader, &human);
    crate::outln!("file: {}", args.file.display());
    crate::outln!(
        "graded: {} answers, {} questions ({} skipped) in {:.3} s",
        rows.len(),
        qids.len(),
        skipped.len(),
        elapsed.as_secs_f64()
    );
    for s in skipped.iter().take(5) {
        crate::outln!("  skipped {s}");
    }
    crate::outln!("spearman: {:.3}", spearman(&grader, &human));
    crate::outln!("pearson:  {:.3}", pearson(&grader, &human));
    crate::outln!(
        "mae:      {:.3} (grader scaled to 0-{scale})",
        mae(&scaled, &human)
    );
    crate::outln!(
        "pairs:    {:.3} of {npairs} same-question pairs ordered like the humans",
        pairs
    );
    let mut kinds: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    for r in &rows {
        if let Some(k) = &r.kind {
            let e = kinds.entry(k.as_str()).or_default();
            e.0 += r.grader;
            e.1 += r.human;
            e.2 += 1;
        }
    }
    if !kinds.is_empty() {
        let mut list: Vec<(&str, f64, f64, usize)> = kinds
            .into_iter()
            .map(|(k, (g, h, n))| (k, g / n as f64, h / n as f64, n))
            .collect();
        list.sort_by(|a, b| b.1.total_cmp(&a.1));
        crate::outln!("mean score per kind (grader / human, n):");
        for (k, g, h, n) in list {
            crate::outln!("  {k:<10} {g:>5.2} / {h:>5.2}  ({n})");
        }
    }
    if let Some(k) = args.folds {
        crate::outln!("split by question ({k} folds; no constant is fitted on any fold):");
        for fold in 0..k as usize {
            let pick: Vec<usize> = (0..rows.len())
                .filter(|&i| groups[i] % k as usize == fold)
                .collect();
            crate::outln!("  {}", fold_line(fold, &pick, &rows, &groups));
        }
    }
    if let Some(path) = &args.verdicts {
        verdict_report(path, &rows)?;
    }
    let mut worst: Vec<(f64, &Row)> = rows
        .iter()
        .zip(&scaled)
        .map(|(r, s)| ((s - r.human).abs(), r))
        .collect();
    worst.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    crate::outln!("worst disagreements (human vs grader on the human scale):");
    for (d, r) in worst.iter().take(10) {
        crate::outln!(
            "  {:<22} {:<9} human {:>4.2}  grader {:>4.2}  (|d| {:.2})  {}",
            r.id,
            r.kind.as_deref().unwrap_or("-"),
            r.human,
            r.grader * scale / 10.0,
            d,
            r.question.chars().take(60).collect::<String>()
        );
    }
    Ok(())
}

/// One fold's figures: answers, questions, Spearman, Pearson, pair agreement, kind means.
fn fold_line(fold: usize, pick: &[usize], rows: &[Row], groups: &[usize]) -> String {
    let human: Vec<f64> = pick.iter().map(|&i| rows[i].human).collect();
    let grader: Vec<f64> = pick.iter().map(|&i| rows[i].grader).collect();
    let g: Vec<usize> = pick.iter().map(|&i| groups[i]).collect();
    let mut distinct = g.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let (pairs, _) = pair_agreement(&g, &grader, &human);
    let mut kinds: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for &i in pick {
        if let Some(k) = &rows[i].kind {
            let e = kinds.entry(k.as_str()).or_default();
            e.0 += rows[i].grader;
            e.1 += 1;
        }
    }
    let mut kl: Vec<(&str, f64)> = kinds
        .into_iter()
        .map(|(k, (s, n))| (k, s / n as f64))
        .collect();
    kl.sort_by(|a, b| b.1.total_cmp(&a.1));
    let kinds: Vec<String> = kl.iter().map(|(k, m)| format!("{k} {m:.2}")).collect();
    format!(
        "fold {}: {} answers, {} questions, spearman {:.3}, pearson {:.3}, pairs {:.3}{}{}",
        fold + 1,
        pick.len(),
        distinct.len(),
        spearman(&grader, &human),
        pearson(&grader, &human),
        pairs,
        if kinds.is_empty() { "" } else { "; " },
        kinds.join(" > ")
    )
}

#[derive(Debug, Deserialize)]
struct GoldLine {
    id: String,
    verdicts: BTreeMap<String, Verdict>,
}

/// Verdict accuracy against hand labels, the false-contradiction rate, the confusion table and
/// score-verdict coherence.
fn verdict_report(path: &std::path::Path, rows: &[Row]) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut gold: BTreeMap<String, BTreeMap<String, Verdict>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldLine = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: bad JSON", path.display(), n + 1))?;
        gold.insert(g.id, g.verdicts);
    }
    // confusion[gold][grader]
    let mut confusion = [[0usize; 4]; 4];
    let index = |v: Verdict| Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0);
    let (mut total, mut right, mut false_contra, mut unlabelled) = (0usize, 0usize, 0usize, 0usize);
    let mut missing_criteria = Vec::new();
    for r in rows {
        let Some(expected) = gold.get(&r.id) else {
            unlabelled += 1;
            continue;
        };
        for c in &r.judgment.criteria {
            let Some(&want) = expected.get(&c.id) else {
                missing_criteria.push(format!("{}:{}", r.id, c.id));
                continue;
            };
            total += 1;
            confusion[index(want)][index(c.verdict)] += 1;
            if want == c.verdict {
                right += 1;
            }
            if c.verdict == Verdict::Contradicted && want != Verdict::Contradicted {
                false_contra += 1;
            }
        }
    }
    anyhow::ensure!(
        total > 0,
        "no labelled verdicts matched in {}",
        path.display()
    );
    crate::outln!(
        "verdicts: {} labelled in {} answers ({} answers unlabelled)",
        total,
        rows.len() - unlabelled,
        unlabelled
    );
    crate::outln!(
        "verdict accuracy:     {:.3} ({right} of {total})",
        right as f64 / total as f64
    );
    crate::outln!(
        "false contradictions: {:.3} of verdicts ({false_contra})",
        false_contra as f64 / total as f64
    );
    crate::outln!("confusion (rows: hand label, columns: grader):");
    crate::outln!(
        "  {:<13} {:>6} {:>8} {:>7} {:>13}",
        "",
        "met",
        "partial",
        "missed",
        "contradicted"
    );
    for (i, v) in Verdict::ALL.iter().enumerate() {
        let c = confusion[i];
        crate::outln!(
            "  {:<13} {:>6} {:>8} {:>7} {:>13}",
            v.as_str(),
            c[0],
            c[1],
            c[2],
            c[3]
        );
    }
    let net: Vec<f64> = rows
        .iter()
        .map(|r| {
            let b = &r.judgment.breakdown;
            let total: f32 = r.judgment.criteria.iter().map(|c| c.weight.max(0.0)).sum();
            let wrong: f32 = r
                .judgment
                .criteria
                .iter()
                .filter(|c| c.verdict == Verdict::Contradicted)
                .map(|c| c.weight.max(0.0))
                .sum();
            f64::from(b.coverage - if total > 0.0 { wrong / total } else { 0.0 })
        })
        .collect();
    let scores: Vec<f64> = rows.iter().map(|r| r.grader).collect();
    crate::outln!(
        "score-verdict coherence: spearman {:.3} (net weighted coverage vs score)",
        spearman(&net, &scores)
    );
    if !missing_criteria.is_empty() {
        crate::outln!(
            "  {} graded criteria have no label, e.g. {}",
            missing_criteria.len(),
            missing_criteria
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}
