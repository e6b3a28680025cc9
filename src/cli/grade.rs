//! `whetstone grade`: grade one answer (`--question`, `--answer-file`) or a JSON-lines batch on
//! stdin (`--batch`). No database: rubrics come from `--rubrics` (default `rubrics/`), or are built
//! on the fly from a `reference` given with the answer.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use serde::Deserialize;

use crate::grader::{Grader, Judgment, Verdict};
use crate::rubric::{Lexicon, Rubric, RubricBank, extract};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Question id, source key (`001-4`) or question text.
    #[arg(long, required_unless_present = "batch")]
    pub question: Option<String>,
    /// File holding the answer text.
    #[arg(long, required_unless_present = "batch")]
    pub answer_file: Option<PathBuf>,
    /// Reference answer file: build the rubric from it instead of the bank.
    #[arg(long)]
    pub reference_file: Option<PathBuf>,
    /// Print the judgment as JSON.
    #[arg(long)]
    pub json: bool,
    /// Read JSON lines from stdin, write one JSON line per input line.
    #[arg(long, conflicts_with_all = ["question", "answer_file"])]
    pub batch: bool,
    /// Rubric directory.
    #[arg(long, default_value = "rubrics")]
    pub rubrics: PathBuf,
    /// Corpus directory, used only to find a question asked by another of its wordings.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
}

/// Where rubrics come from: the bank, and rubrics built on the fly from references (cached).
pub struct RubricSource {
    pub bank: Option<RubricBank>,
    pub grader: Grader,
    adhoc: HashMap<(String, String), Arc<Rubric>>,
    corpus_dir: Option<PathBuf>,
    corpus: Option<Option<crate::corpus::Corpus>>,
}

impl RubricSource {
    /// Loads the bank of `dir`. A directory without rubric files still serves on-the-fly rubrics;
    /// a missing directory falls back to the built-in synonyms.
    pub fn open(dir: &Path) -> anyhow::Result<RubricSource> {
        let (bank, lexicon) = if dir.is_dir() {
            let bank = RubricBank::load(dir)
                .with_context(|| format!("loading rubrics from {}", dir.display()))?;
            let lex = bank.lexicon().clone();
            (Some(bank), lex)
        } else {
            tracing::warn!(dir = %dir.display(), "rubric directory missing; only on-the-fly rubrics available");
            (None, Lexicon::builtin())
        };
        let grader = match &bank {
            Some(b) => Grader::new(lexicon).with_topics(b.rubrics()),
            None => Grader::new(lexicon),
        };
        Ok(RubricSource {
            bank,
            grader,
            adhoc: HashMap::new(),
            corpus_dir: None,
            corpus: None,
        })
    }

    /// Also look questions up in the corpus at `dir` (loaded on the first miss), so that every
    /// wording of a merged question finds its rubric.
    pub fn with_corpus(mut self, dir: &Path) -> RubricSource {
        self.corpus_dir = Some(dir.to_path_buf());
        self
    }

    fn corpus_id(&mut self, question: &str) -> Option<String> {
        if self.corpus.is_none() {
            let loaded = self.corpus_dir.as_deref().filter(|d| d.is_dir()).and_then(|d| {
                crate::corpus::load_dir(d)
                    .map_err(|e| tracing::warn!(error = %e, "corpus not loaded; questions are looked up in rubrics only"))
                    .ok()
            });
            self.corpus = Some(loaded);
        }
        self.corpus
            .as_ref()?
            .as_ref()?
            .find(question)
            .map(|q| q.id.clone())
    }

    /// The rubric for a question given by id/text, or built from `reference` when present.
    pub fn resolve(
        &mut self,
        question: &str,
        reference: Option<&str>,
    ) -> Result<Arc<Rubric>, String> {
        if let Some(reference) = reference.filter(|r| !r.trim().is_empty()) {
            let key = (question.to_string(), reference.to_string());
            if let Some(r) = self.adhoc.get(&key) {
                return Ok(r.clone());
            }
            let r = Arc::new(extract::from_reference(
                question,
                reference,
                self.grader.lexicon(),
            ));
            if self.adhoc.len() > 10_000 {
                self.adhoc.clear();
            }
            self.adhoc.insert(key, r.clone());
            return Ok(r);
        }
        if question.trim().is_empty() {
            return Err("empty question".into());
        }
        if let Some(r) = self.bank.as_ref().and_then(|b| b.find(question)) {
            return Ok(Arc::new(r.clone()));
        }
        if self.bank.is_some()
            && let Some(id) = self.corpus_id(question)
            && let Some(r) = self.bank.as_ref().and_then(|b| b.get(&id))
        {
            return Ok(Arc::new(r.clone()));
        }
        Err(format!("unknown question: {}", truncate(question, 80)))
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "\u{2026}"
    }
}

#[derive(Debug, Deserialize)]
struct BatchLine {
    question: String,
    answer: String,
    #[serde(default)]
    reference: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut source = RubricSource::open(&args.rubrics)?.with_corpus(&args.corpus);
    if args.batch {
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        batch(&mut source, stdin.lock(), &mut out)?;
        out.flush()?;
        return Ok(());
    }
    let question = args.question.context("--question is required")?;
    let path = args.answer_file.context("--answer-file is required")?;
    let answer =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let reference = match &args.reference_file {
        Some(p) => {
            Some(std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?)
        }
        None => None,
    };
    let rubric = source
        .resolve(&question, reference.as_deref())
        .map_err(anyhow::Error::msg)?;
    let judgment = source.grader.grade(&rubric, &answer);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        writeln!(out, "{}", judgment_json(&rubric, &judgment))?;
    } else {
        write!(out, "{}", report(&rubric, &judgment))?;
    }
    Ok(())
}

/// The JSON object of one judgment (the judgment plus the question id).
pub fn judgment_json(rubric: &Rubric, j: &Judgment) -> serde_json::Value {
    let mut v = serde_json::to_value(j).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "question_id".into(),
            serde_json::Value::String(rubric.id.clone()),
        );
        // f32 -> JSON would print 3.200000047683716; the score has one decimal
        let score = (f64::from(j.score) * 10.0).round() / 10.0;
        o.insert("score".into(), serde_json::json!(score));
    }
    v
}

/// Grades every input line; bad lines get `{"error": ...}` and the batch goes on.
pub fn batch(
    source: &mut RubricSource,
    input: impl BufRead,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    for (n, line) in input.lines().enumerate() {
        let line = line.context("reading stdin")?;
        let value = match serde_json::from_str::<BatchLine>(&line) {
            Err(e) => serde_json::json!({ "error": format!("line {}: bad JSON: {e}", n + 1) }),
            Ok(b) => match source.resolve(&b.question, b.reference.as_deref()) {
                Ok(r) => judgment_json(&r, &source.grader.grade(&r, &b.answer)),
                Err(e) => serde_json::json!({ "error": format!("line {}: {e}", n + 1) }),
            },
        };
        writeln!(out, "{value}")?;
    }
    Ok(())
}

/// A readable report for the terminal.
pub fn report(rubric: &Rubric, j: &Judgment) -> String {
    let mut s = String::new();
    let band = serde_json::to_value(j.band)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    s.push_str(&format!("Question {}: {}\n", rubric.id, rubric.prompt));
    s.push_str(&format!(
        "Score: {:.1}/10 ({band}): {}\n",
        j.score,
        j.breakdown.describe()
    ));
    if !j.flags.is_empty() {
        let flags: Vec<String> = j
            .flags
            .iter()
            .filter_map(|f| serde_json::to_value(f).ok())
            .map(|v| v.as_str().unwrap_or("").to_string())
            .collect();
        s.push_str(&format!("Flags: {}\n", flags.join(", ")));
    }
    s.push_str(&format!("\n{}\n\nCriteria:\n", j.summary));
    for c in &j.criteria {
        let mark = match c.verdict {
            Verdict::Met => "[met]         ",
            Verdict::Partial => "[partial]     ",
            Verdict::Missed => "[missed]      ",
            Verdict::Contradicted => "[contradicted]",
        };
        s.push_str(&format!("  {mark} {} (weight {})", c.label, c.weight));
        if let Some(e) = c.evidence.first() {
            s.push_str(&format!(
                " \u{2014} \"{}\" @{}..{}",
                e.quote, e.start, e.end
            ));
        }
        s.push('\n');
        if !c.correction.is_empty() {
            s.push_str(&format!("                 correction: {}\n", c.correction));
        } else if c.verdict != Verdict::Met && !c.expects.is_empty() {
            s.push_str(&format!("                 why: {}\n", c.expects));
        }
    }
    if !j.strengths.is_empty() {
        s.push_str("\nStrengths:\n");
        for x in &j.strengths {
            s.push_str(&format!("  + {x}\n"));
        }
    }
    if !j.gaps.is_empty() {
        s.push_str("\nGaps:\n");
        for g in &j.gaps {
            s.push_str(&format!("  - {}: {}\n", g.label, g.why));
        }
    }
    s.push_str(&format!("\nFollow-up: {}\n", j.followup));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> RubricSource {
        RubricSource {
            bank: None,
            grader: Grader::new(Lexicon::builtin()),
            adhoc: HashMap::new(),
            corpus_dir: None,
            corpus: None,
        }
    }

    #[test]
    fn bank_questions_are_found_by_id_source_and_text_and_unknown_ones_fail() {
        let lex = Lexicon::builtin();
        let mut r = extract::from_reference(
            "What is sharding?",
            "Sharding splits data by a **shard key**.",
            &lex,
        );
        r.id = "001-9".into();
        r.sources = vec!["001-9".into(), "003-21".into()];
        let mut src = source().with_corpus(Path::new("/nonexistent/corpus"));
        src.bank = Some(RubricBank::from_rubrics(vec![r], lex));
        assert_eq!(src.resolve("001-9", None).unwrap().id, "001-9");
        assert_eq!(src.resolve("003-21", None).unwrap().id, "001-9");
        assert_eq!(
            src.resolve("  what is SHARDING ", None).unwrap().id,
            "001-9"
        );
        assert!(
            src.resolve("What is a bloom filter?", None)
                .unwrap_err()
                .contains("unknown question")
        );
        assert!(src.resolve("   ", None).is_err());
    }

    #[test]
    fn batch_keeps_order_and_reports_bad_lines() {
        let input = concat!(
            "{\"question\": \"What is a CDN?\", \"reference\": \"A Content Delivery Network (CDN) is a group of geographically distributed servers that cache static content close to users.\", \"answer\": \"A CDN is a set of geographically distributed edge servers that cache static content near users to cut latency.\"}\n",
            "not json\n",
            "{\"question\": \"no such question\", \"answer\": \"x\"}\n",
            "{\"question\": \"What is a CDN?\", \"reference\": \"A Content Delivery Network (CDN) is a group of geographically distributed servers that cache static content close to users.\", \"answer\": \"I like turtles.\"}\n",
        );
        let mut out = Vec::new();
        batch(&mut source(), input.as_bytes(), &mut out).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        let good = lines[0]["score"].as_f64().unwrap();
        assert!(lines[1]["error"].as_str().unwrap().contains("bad JSON"));
        assert!(
            lines[2]["error"]
                .as_str()
                .unwrap()
                .contains("unknown question")
        );
        let bad = lines[3]["score"].as_f64().unwrap();
        assert!(good > bad + 3.0, "{good} vs {bad}");
        for k in ["band", "criteria", "summary", "followup"] {
            assert!(lines[0].get(k).is_some(), "missing {k}");
        }
    }

    #[test]
    fn report_is_readable() {
        let mut src = source();
        let r = src
            .resolve("What is sharding?", Some("Sharding splits data across databases by a **shard key**, with a routing layer."))
            .unwrap();
        let j = src.grader.grade(&r, "We split data across many databases using a shard key, and a router sends each query to its shard.");
        let text = report(&r, &j);
        assert!(
            text.contains("Score:") && text.contains("Criteria:") && text.contains("Follow-up:"),
            "{text}"
        );
    }
}
