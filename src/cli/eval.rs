//! `whetstone eval <file.jsonl>`: compares the grader with human scores.
//!
//! Each line has `question`, `answer`, `score`, and optionally `reference` (rubric built on the
//! fly), `kind` and `id`. Prints Spearman and Pearson correlations, the mean absolute error after
//! scaling the grader's 0-10 to the human scale, the share of same-question answer pairs ordered
//! like the humans, the mean score per kind, and the ten worst disagreements.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use serde::Deserialize;

use super::grade::RubricSource;
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
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut source = RubricSource::open(&args.rubrics)?.with_corpus(&args.corpus);
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("opening {}", args.file.display()))?;
    let started = Instant::now();
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
        });
    }
    let elapsed = started.elapsed();
    anyhow::ensure!(
        !rows.is_empty(),
        "no gradable lines in {} ({} skipped)",
        args.file.display(),
        skipped.len()
    );
    if args.dump {
        for r in &rows {
            println!(
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
    println!("file: {}", args.file.display());
    println!(
        "graded: {} answers, {} questions ({} skipped) in {:.3} s",
        rows.len(),
        qids.len(),
        skipped.len(),
        elapsed.as_secs_f64()
    );
    for s in skipped.iter().take(5) {
        println!("  skipped {s}");
    }
    println!("spearman: {:.3}", spearman(&grader, &human));
    println!("pearson:  {:.3}", pearson(&grader, &human));
    println!(
        "mae:      {:.3} (grader scaled to 0-{scale})",
        mae(&scaled, &human)
    );
    println!(
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
        println!("mean score per kind (grader / human, n):");
        for (k, g, h, n) in list {
            println!("  {k:<10} {g:>5.2} / {h:>5.2}  ({n})");
        }
    }
    let mut worst: Vec<(f64, &Row)> = rows
        .iter()
        .zip(&scaled)
        .map(|(r, s)| ((s - r.human).abs(), r))
        .collect();
    worst.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    println!("worst disagreements (human vs grader on the human scale):");
    for (d, r) in worst.iter().take(10) {
        println!(
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
