//! Difficulty and starting rating of a question, derived from evidence in the corpus.
//!
//! The rule adds up a score `s` (0 is an ordinary question):
//!
//! | evidence | contribution |
//! | --- | --- |
//! | section says `basic` | −1.0 |
//! | section says `fundamentals` | −0.5 |
//! | section says `advanced`, `expert` or `deep` | +0.75 |
//! | section is about trade-offs | +0.25 |
//! | prompt asks for a definition (`what is`, `explain`, `define`, `difference between`, `X vs Y`) | −0.75 |
//! | prompt asks to design or build something | +0.5 |
//! | file 002 (expert-level, 16+ years): a chain root | +1.25 |
//! | file 002: a follow-up at depth `d` | +0.75 + 1.0 × d / 27 |
//! | answer length: words of each answer against the median of its file format, `log2(words / median)` clamped to ±1, the largest over the answers (none when the question has no answer content) | × 0.5 |
//! | answer structure: bullets, bold terms and table rows, same scaling | × 0.25 |
//! | specialised terms ([`SPECIALISED`]) in the prompt | +0.5 each, at most +1.0 |
//! | specialised terms in the answers | +0.1 each distinct, at most +0.5 |
//!
//! The starting rating is `1400 + 250 × s`, rounded and clamped to 800..=2000. The class
//! follows the rating: below 1400 (`s < 0`) easy, below 1550 (`s < 0.6`) medium, else hard. On
//! the shipped corpus this gives about 21% easy, 51% medium and 28% hard; nearly all of file
//! 002 is hard, and definitions in "Basic" sections are the easiest.

use std::collections::HashMap;

use super::model::Difficulty;
use super::parse::Format;
use std::sync::LazyLock;

use crate::text::{PhraseSet, normalize_text};

/// Terms whose presence marks specialised, senior-level knowledge: each entry is one concept
/// and its spellings (whole words of normalised text).
pub const SPECIALISED: &[&[&str]] = &[
    &["consensus"],
    &["raft"],
    &["paxos"],
    &["quorum", "quorums"],
    &["vector clock", "vector clocks"],
    &["crdt", "crdts"],
    &["linearizability", "linearizable"],
    &["serializability", "serializable"],
    &["byzantine"],
    &["gossip"],
    &["merkle"],
    &["lsm"],
    &["bloom filter", "bloom filters"],
    &["hyperloglog"],
    &["consistent hashing"],
    &["two phase commit", "2pc"],
    &["saga", "sagas"],
    &["cqrs"],
    &["event sourcing"],
    &["exactly once"],
    &["idempotency", "idempotent", "idempotence"],
    &["split brain"],
    &["leader election"],
    &["mvcc"],
    &["snapshot isolation"],
    &["write skew"],
    &["lamport"],
    &["hybrid logical clock", "hlc"],
    &["tla"],
    &["formal verification"],
    &["backpressure", "back pressure"],
    &["tail latency"],
    &["p99"],
    &["erasure coding"],
    &["differential privacy"],
    &["zero knowledge"],
    &["homomorphic"],
    &["fencing token", "fencing tokens"],
    &["lease", "leases"],
    &["watermark", "watermarks"],
    &["anti entropy"],
    &["hinted handoff"],
    &["read repair"],
    &["sloppy quorum"],
    &["causal", "causality"],
    &["write ahead log", "wal"],
    &["change data capture", "cdc"],
    &["outbox"],
    &["tiered storage"],
    &["speculative execution"],
    &["ebpf"],
    &["mtls"],
    &["zero trust"],
    &["sharding"],
    &["multi region"],
    &["geo distributed"],
    &["clock skew"],
    &["cap theorem"],
    &["pacelc"],
    &["compaction"],
    &["gcra"],
    &["wait free"],
    &["lock free"],
    &["cache coherence"],
    &["thundering herd"],
    &["hot partition", "hot partitions"],
    &["hot key", "hot keys"],
    &["head of line"],
];

static SPECIALISED_SET: LazyLock<(PhraseSet, Vec<usize>)> = LazyLock::new(|| {
    let mut phrases = Vec::new();
    let mut owner = Vec::new();
    for (i, list) in SPECIALISED.iter().enumerate() {
        for p in *list {
            phrases.push(*p);
            owner.push(i);
        }
    }
    (PhraseSet::new(phrases), owner)
});

/// Distinct specialised terms in normalised text.
fn specialised_terms(normalized: &str) -> usize {
    let (set, owner) = &*SPECIALISED_SET;
    let mut seen = vec![false; SPECIALISED.len()];
    for (i, n) in set.count(normalized).into_iter().enumerate() {
        if n > 0 {
            seen[owner[i]] = true;
        }
    }
    seen.into_iter().filter(|s| *s).count()
}

/// How much an answer covers: its words and its structural marks (bullets, bold terms, table
/// rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub words: usize,
    pub marks: usize,
}

pub fn coverage(markdown: &str) -> Coverage {
    let words = markdown.split_whitespace().count();
    let mut marks = markdown.matches("**").count() / 2;
    for line in markdown.lines() {
        let t = line.trim_start();
        let bullet = t.starts_with("* ") || t.starts_with("- ") || t.starts_with("+ ");
        let numbered = t
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let row = t.starts_with('|') && !t.contains("---");
        if bullet || numbered || row {
            marks += 1;
        }
    }
    Coverage { words, marks }
}

/// Median coverage per file format, the yardstick for answer length.
#[derive(Debug, Clone, Default)]
pub struct Baseline(HashMap<Format, (f64, f64)>);

impl Baseline {
    pub fn new(samples: &[(Format, Coverage)]) -> Baseline {
        let mut by_format: HashMap<Format, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (f, c) in samples {
            let e = by_format.entry(*f).or_default();
            e.0.push(c.words);
            e.1.push(c.marks);
        }
        let median = |v: &mut Vec<usize>| {
            v.sort_unstable();
            v.get(v.len() / 2).copied().unwrap_or(1).max(1) as f64
        };
        Baseline(
            by_format
                .into_iter()
                .map(|(f, (mut w, mut m))| (f, (median(&mut w), median(&mut m))))
                .collect(),
        )
    }

    fn relative(&self, format: Format, c: Coverage) -> (f64, f64) {
        let (mw, mm) = self.0.get(&format).copied().unwrap_or((1.0, 1.0));
        let scale = |x: usize, m: f64| ((x.max(1) as f64) / m).log2().clamp(-1.0, 1.0);
        (scale(c.words, mw), scale(c.marks, mm))
    }
}

/// What the rule looks at for one question.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    pub section: &'a str,
    pub prompt: &'a str,
    /// Chain depth for questions of file 002 (0 for a root).
    pub depth: Option<u32>,
    /// Every reference answer with content (own and referenced) with the format of its file.
    pub answers: Vec<(Format, &'a str)>,
    /// All answers together, normalised ([`normalize_text`]).
    pub answers_normalized: &'a str,
}

/// The assessed difficulty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    pub difficulty: Difficulty,
    pub rating: i32,
    pub score: f64,
}

/// Applies the rule in the module docs.
pub fn assess(e: &Evidence<'_>, base: &Baseline) -> Assessment {
    let mut s = 0.0;
    let section = e.section.to_lowercase();
    if section.contains("basic") {
        s -= 1.0;
    }
    if section.contains("fundamentals") {
        s -= 0.5;
    }
    if ["advanced", "expert", "deep"]
        .iter()
        .any(|w| section.contains(w))
    {
        s += 0.75;
    }
    if section.contains("trade") {
        s += 0.25;
    }
    let canonical = crate::text::normalize_question(e.prompt);
    let prompt = normalize_text(e.prompt);
    if canonical.starts_with("what is") || prompt.split(' ').any(|w| w == "vs") {
        s -= 0.75;
    } else if canonical.starts_with("design") {
        s += 0.5;
    }
    match e.depth {
        Some(0) => s += 1.25,
        Some(d) => s += 0.75 + f64::from(d.min(27)) / 27.0,
        None => {}
    }
    if !e.answers.is_empty() {
        let (mut words, mut marks) = (-1.0f64, -1.0f64);
        for (format, answer) in &e.answers {
            let (w, m) = base.relative(*format, coverage(answer));
            words = words.max(w);
            marks = marks.max(m);
        }
        s += 0.5 * words + 0.25 * marks;
    }
    s += (0.5 * specialised_terms(&prompt) as f64).min(1.0);
    s += (0.1 * specialised_terms(e.answers_normalized) as f64).min(0.5);
    let rating = (1400.0 + 250.0 * s).round().clamp(800.0, 2000.0) as i32;
    let difficulty = if rating < 1400 {
        Difficulty::Easy
    } else if rating < 1550 {
        Difficulty::Medium
    } else {
        Difficulty::Hard
    };
    Assessment {
        difficulty,
        rating,
        score: s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Baseline {
        Baseline::new(&[
            (
                Format::Summary,
                Coverage {
                    words: 30,
                    marks: 1,
                },
            ),
            (
                Format::Summary,
                Coverage {
                    words: 40,
                    marks: 2,
                },
            ),
            (
                Format::Summary,
                Coverage {
                    words: 50,
                    marks: 3,
                },
            ),
        ])
    }

    #[test]
    fn coverage_counts_words_bullets_bold_terms_and_rows() {
        let c = coverage("Intro **bold** text.\n*   **A:** x\n- y\n1. z\n| a | b |\n| --- | --- |");
        assert_eq!(c.words, 20);
        assert_eq!(c.marks, 2 + 4);
    }

    fn assess_one(section: &str, prompt: &str, depth: Option<u32>, answer: &str) -> Assessment {
        let norm = normalize_text(answer);
        let e = Evidence {
            section,
            prompt,
            depth,
            answers: vec![(Format::Summary, answer)],
            answers_normalized: &norm,
        };
        assess(&e, &base())
    }

    #[test]
    fn basic_definitions_are_easy() {
        let a = assess_one(
            "Basic System Design Concepts",
            "What is a load balancer?",
            None,
            "A load balancer distributes traffic across servers to improve availability.",
        );
        assert_eq!(a.difficulty, Difficulty::Easy);
        assert!(a.rating < 1200, "{a:?}");
    }

    #[test]
    fn specialised_designs_and_deep_follow_ups_are_hard() {
        let answer = "*   **Raft** consensus with a quorum.\n*   **Leases** and fencing tokens.\n*   Vector clocks for causal order, read repair, hinted handoff and anti-entropy with Merkle trees.";
        let a = assess_one(
            "Advanced Distributed Systems",
            "Design a system using Raft consensus algorithm.",
            None,
            answer,
        );
        assert_eq!(a.difficulty, Difficulty::Hard);
        let registry =
            "Through a registry such as Consul or etcd, queried by clients or by a load balancer.";
        let prompt = "How do clients find services?";
        let shallow = assess_one("Distributed Systems Primitives", prompt, Some(1), registry);
        let deep = assess_one("Distributed Systems Primitives", prompt, Some(27), registry);
        assert!(deep.rating > shallow.rating, "{shallow:?} {deep:?}");
        assert_eq!(deep.difficulty, Difficulty::Hard);
    }

    #[test]
    fn a_missing_answer_is_no_evidence_either_way() {
        let e = Evidence {
            section: "Miscellaneous",
            prompt: "How do you handle retries?",
            depth: None,
            answers: Vec::new(),
            answers_normalized: "",
        };
        assert_eq!(assess(&e, &base()).rating, 1400);
    }

    #[test]
    fn longer_answers_than_usual_raise_the_rating() {
        let short = assess_one(
            "Miscellaneous",
            "How do you handle retries?",
            None,
            "Retry with backoff.",
        );
        let long_answer = "Retry with exponential backoff and jitter. ".repeat(20);
        let long = assess_one(
            "Miscellaneous",
            "How do you handle retries?",
            None,
            &long_answer,
        );
        assert!(long.rating > short.rating, "{short:?} {long:?}");
    }
}
