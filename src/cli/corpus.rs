//! `whetstone corpus ...` subcommands: inspect the question corpus without a database.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;

use crate::corpus::{self, Corpus, CorpusStats, topics};

/// Where the corpus files are.
#[derive(Debug, Clone, clap::Args)]
pub struct CorpusDir {
    /// Directory of corpus `*.txt` files.
    #[arg(
        long = "corpus",
        env = "WHETSTONE_CORPUS_DIR",
        default_value = "corpus"
    )]
    pub corpus: PathBuf,
}

impl CorpusDir {
    pub fn load(&self) -> anyhow::Result<Corpus> {
        corpus::load_dir(&self.corpus)
            .with_context(|| format!("loading the corpus from {}", self.corpus.display()))
    }
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print counts: questions, sources, merges, chains, topics, difficulties, mojibake left.
    Stats {
        /// One JSON object instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        dir: CorpusDir,
    },
    /// Print one question, found by id, source key (`002-4-d16`) or prompt text.
    Show {
        /// Question id, source key or prompt text.
        query: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        dir: CorpusDir,
    },
    /// List every question, one per line: id, topic, difficulty, rating, prompt (tab-separated).
    List {
        #[command(flatten)]
        dir: CorpusDir,
    },
    /// List every merge (which occurrence went into which question), for review.
    Merges {
        #[command(flatten)]
        dir: CorpusDir,
    },
    /// List the topic taxonomy with question counts.
    Topics {
        #[command(flatten)]
        dir: CorpusDir,
    },
}

pub fn run(command: Command) -> anyhow::Result<()> {
    let out = match command {
        Command::Stats { json, dir } => {
            let stats = dir.load()?.stats();
            if json {
                serde_json::to_string(&stats)?
            } else {
                stats_table(&stats)
            }
        }
        Command::Show { query, json, dir } => {
            let corpus = dir.load()?;
            let q = corpus
                .find(&query)
                .with_context(|| format!("no question matches `{query}`"))?;
            if json {
                serde_json::to_string_pretty(q)?
            } else {
                show(&corpus, q)
            }
        }
        Command::List { dir } => {
            let corpus = dir.load()?;
            let mut s = String::new();
            for q in &corpus.questions {
                let _ = writeln!(
                    s,
                    "{}\t{}\t{}\t{}\t{}",
                    q.id, q.topic, q.difficulty, q.rating, q.prompt
                );
            }
            s
        }
        Command::Merges { dir } => {
            let corpus = dir.load()?;
            let mut s = String::new();
            for m in &corpus.merges {
                let _ = writeln!(
                    s,
                    "{:<13} {:<8} <- {:<8} {} <= {}",
                    m.kind, m.into, m.from, m.into_prompt, m.from_prompt
                );
            }
            s
        }
        Command::Topics { dir } => {
            let stats = dir.load()?.stats();
            let mut s = String::new();
            for t in &topics::TOPICS {
                let n = stats.by_topic.get(t.slug).copied().unwrap_or(0);
                let _ = writeln!(s, "{:<13} {:>4}  {} — {}", t.slug, n, t.name, t.description);
            }
            s
        }
    };
    emit(&out)
}

/// Prints to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{}", text.trim_end()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn stats_table(s: &CorpusStats) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "questions        {:>6}", s.questions);
    let _ = writeln!(t, "sources          {:>6}", s.sources);
    let _ = writeln!(t, "merged           {:>6}", s.merged);
    for (kind, n) in &s.merges_by_kind {
        let _ = writeln!(t, "  {kind:<14} {n:>6}");
    }
    let _ = writeln!(
        t,
        "followup_chains  {:>6}  ({} questions)",
        s.followup_chains, s.chain_questions
    );
    let _ = writeln!(t, "answers          {:>6}", s.answers);
    let _ = writeln!(t, "tagged           {:>6}", s.tagged);
    let _ = writeln!(t, "resolved_refs    {:>6}", s.resolved_refs);
    let _ = writeln!(t, "unresolved_refs  {:>6}", s.unresolved_refs.len());
    let _ = writeln!(t, "resolved_repeats {:>6}", s.resolved_repeats);
    let _ = writeln!(t, "unresolved_repeats {:>4}", s.unresolved_repeats.len());
    let _ = writeln!(t, "without_answer   {:>6}", s.without_answer.len());
    let _ = writeln!(t, "mojibake         {:>6}", s.mojibake);
    let _ = writeln!(
        t,
        "\nby difficulty (rating {}..{}, mean {})",
        s.rating_min, s.rating_max, s.rating_mean
    );
    for (d, n) in &s.by_difficulty {
        let _ = writeln!(t, "  {d:<14} {n:>6}");
    }
    let _ = writeln!(t, "\nby topic");
    for (topic, n) in &s.by_topic {
        let _ = writeln!(t, "  {topic:<14} {n:>6}");
    }
    let _ = writeln!(t, "\nfiles");
    for f in &s.files {
        let _ = writeln!(
            t,
            "  {:<28} {:<10} {:>5}",
            f.name,
            format!("{:?}", f.format),
            f.questions
        );
    }
    t
}

fn show(corpus: &Corpus, q: &corpus::Question) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{}  {}", q.id, q.prompt);
    let _ = writeln!(t, "section: {}", q.section);
    let topic = topics::topic(&q.topic).map_or(q.topic.as_str(), |t| t.name);
    let _ = writeln!(
        t,
        "topic: {topic}   difficulty: {} ({})",
        q.difficulty, q.rating
    );
    if !q.tags.is_empty() {
        let _ = writeln!(t, "tags: {}", q.tags.join(", "));
    }
    let sources: Vec<String> = q
        .sources
        .iter()
        .map(|s| format!("{} (line {})", s.key, s.line))
        .collect();
    let _ = writeln!(t, "sources: {}", sources.join(", "));
    if let Some(c) = &q.chain {
        let _ = writeln!(
            t,
            "chain: {} depth {} (parent {}, next {})",
            c.chain,
            c.depth,
            c.parent.as_deref().unwrap_or("-"),
            c.next.as_deref().unwrap_or("-")
        );
    }
    if !q.see_also.is_empty() {
        let _ = writeln!(t, "see also: {}", q.see_also.join(", "));
    }
    for a in &q.answers {
        let _ = writeln!(t, "\n--- answer from {} ---\n{}", a.source, a.markdown);
    }
    for a in corpus.referenced_answers(q) {
        let _ = writeln!(
            t,
            "\n--- referenced answer from {} ---\n{}",
            a.source, a.markdown
        );
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(path: &std::path::Path) -> CorpusDir {
        CorpusDir {
            corpus: path.to_path_buf(),
        }
    }

    #[test]
    fn a_missing_or_empty_corpus_dir_is_an_error_naming_the_dir() {
        let tmp = tempfile::tempdir().unwrap();
        let err = run(Command::Stats {
            json: true,
            dir: dir(tmp.path()),
        })
        .unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains("loading the corpus from") && msg.contains("no corpus files"),
            "{msg}"
        );
    }

    #[test]
    fn a_malformed_file_is_reported_with_file_and_line() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("001_x.txt"),
            "**Q1: A?**\na\n**Q1: B?**\nb\n",
        )
        .unwrap();
        let err = run(Command::Stats {
            json: false,
            dir: dir(tmp.path()),
        })
        .unwrap_err();
        assert!(
            format!("{err:#}").contains("001_x.txt:3: duplicate question Q1 (first at line 1)"),
            "{err:#}"
        );
    }

    #[test]
    fn show_reports_an_unknown_question() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("001_x.txt"),
            "**Q1: What is a queue?**\nA buffer.\n",
        )
        .unwrap();
        let err = run(Command::Show {
            query: "001-2".to_string(),
            json: false,
            dir: dir(tmp.path()),
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "no question matches `001-2`");
        let corpus = dir(tmp.path()).load().unwrap();
        let text = show(&corpus, corpus.find("what is a queue").unwrap());
        assert!(text.starts_with("001-1  What is a queue?\n"), "{text}");
        assert!(
            text.contains("--- answer from 001-1 ---\nA buffer."),
            "{text}"
        );
    }

    #[test]
    fn the_stats_table_names_every_count() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("001_x.txt"),
            "**Q1: What is a queue?**\nA buffer.\n",
        )
        .unwrap();
        let table = stats_table(&dir(tmp.path()).load().unwrap().stats());
        for label in [
            "questions",
            "sources",
            "merged",
            "followup_chains",
            "mojibake",
            "by difficulty",
            "by topic",
        ] {
            assert!(table.contains(label), "{label} missing in\n{table}");
        }
    }
}
