//! `(Repeated).` answers. File 001 marks about ninety answers `(Repeated).` or `(Repeated
//! concept).`, meaning the question repeats an earlier one without saying which; 55 of them
//! say nothing else. Such an answer is an implicit cross reference: it is resolved to the
//! earlier questions of the same file (lower number) whose prompts are most alike, so the
//! referenced answers can stand in for the missing one.
//!
//! Likeness is an IDF-weighted Jaccard index over stemmed content words of the prompts (generic
//! words such as `design`, `system`, `build`, `platform` left out): shared rare words
//! (`leaderboard`, `plagiarism`) weigh more than shared common ones (`real-time`). Candidates
//! scoring at least [`MIN_SIMILARITY`] and within [`MARGIN`] of the best are kept, at most
//! [`MAX_TARGETS`]; with none, the marker stays unresolved and is reported.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::normalize_text;

/// Lowest likeness accepted as the repeated question.
pub const MIN_SIMILARITY: f64 = 0.45;
/// At most this many earlier questions per marker.
pub const MAX_TARGETS: usize = 2;
/// A second match is kept only when it scores within this margin of the best.
pub const MARGIN: f64 = 0.15;

const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "what",
    "is",
    "how",
    "would",
    "you",
    "design",
    "do",
    "to",
    "of",
    "in",
    "for",
    "and",
    "explain",
    "are",
    "can",
    "it",
    "does",
    "when",
    "use",
    "build",
    "with",
    "on",
    "at",
    "by",
    "from",
    "your",
    "we",
    "should",
    "handle",
    "implement",
    "create",
    "system",
    "systems",
    "service",
    "platform",
    "engine",
    "backend",
    "app",
    "support",
    "using",
    "based",
    "that",
    "this",
    "or",
    "be",
    "s",
];

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Whether an answer is a `(Repeated)` marker (possibly followed by more text).
pub fn is_marker(answer: &str) -> bool {
    answer
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("(repeated")
}

/// Whether an answer is nothing but a `(Repeated)` marker.
pub fn is_marker_only(answer: &str) -> bool {
    is_marker(answer)
        && answer.trim().split_once(')').is_some_and(|(_, rest)| {
            rest.trim_matches(|c: char| c == '.' || c.is_whitespace())
                .is_empty()
        })
}

/// The stemmed content words of a prompt, without repeats.
pub fn content_words(prompt: &str) -> Vec<String> {
    let stemmer = &*STEMMER;
    let mut out: Vec<String> = Vec::new();
    for w in normalize_text(prompt).split(' ') {
        if w.is_empty() || STOPWORDS.contains(&w) {
            continue;
        }
        let stem = stemmer.stem(w).into_owned();
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// Inverse document frequencies of content words over a set of prompts.
#[derive(Debug, Clone)]
pub struct Idf {
    weights: HashMap<String, f64>,
    unseen: f64,
}

impl Idf {
    pub fn new(documents: &[Vec<String>]) -> Idf {
        let mut df: HashMap<&str, usize> = HashMap::new();
        for doc in documents {
            for w in doc.iter().collect::<HashSet<_>>() {
                *df.entry(w.as_str()).or_insert(0) += 1;
            }
        }
        let n = documents.len().max(1) as f64;
        Idf {
            weights: df
                .into_iter()
                .map(|(w, d)| (w.to_string(), (n / (1.0 + d as f64)).ln() + 1.0))
                .collect(),
            unseen: n.ln() + 1.0,
        }
    }

    fn weight(&self, w: &str) -> f64 {
        self.weights.get(w).copied().unwrap_or(self.unseen)
    }

    /// IDF-weighted Jaccard index of two word sets.
    pub fn similarity(&self, a: &[String], b: &[String]) -> f64 {
        let shared: f64 = a
            .iter()
            .filter(|w| b.contains(w))
            .map(|w| self.weight(w))
            .sum();
        let all: f64 = a
            .iter()
            .chain(b.iter().filter(|w| !a.contains(w)))
            .map(|w| self.weight(w))
            .sum();
        if all == 0.0 { 0.0 } else { shared / all }
    }
}

/// The best matches among `candidates` (index, content words) for `words`, best first.
pub fn best_matches(
    idf: &Idf,
    words: &[String],
    candidates: &[(usize, &[String])],
) -> Vec<(usize, f64)> {
    let mut scored: Vec<(usize, f64)> = candidates
        .iter()
        .map(|(i, c)| (*i, idf.similarity(words, c)))
        .filter(|(_, s)| *s >= MIN_SIMILARITY)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let best = scored.first().map_or(0.0, |m| m.1);
    scored.retain(|m| m.1 >= best - MARGIN);
    scored.truncate(MAX_TARGETS);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_markers() {
        assert!(is_marker("(Repeated)."));
        assert!(is_marker(
            "(Repeated concept, depth added). A dedicated layer."
        ));
        assert!(!is_marker("Repeated lookups are cached (see above)."));
        assert!(is_marker_only(" (Repeated). "));
        assert!(is_marker_only("(Repeated concept)"));
        assert!(!is_marker_only("(Repeated). Vault."));
    }

    #[test]
    fn content_words_are_stemmed_without_generic_words() {
        assert_eq!(
            content_words("Design a secure file upload service."),
            vec!["secur", "file", "upload"]
        );
        assert_eq!(
            content_words("How to design secure file uploads?"),
            vec!["secur", "file", "upload"]
        );
    }

    #[test]
    fn rare_shared_words_decide_the_match() {
        let prompts = [
            "Design a leaderboard system.",
            "Design a real-time chat system.",
            "Design a real-time sports score platform.",
            "Design a real-time fire alert system.",
            "Design a secure file sharing system.",
            "Design a real-time bidding system.",
            "Design real-time analytics.",
            "Design a real-time feed.",
        ];
        let docs: Vec<Vec<String>> = prompts.iter().map(|p| content_words(p)).collect();
        let idf = Idf::new(&docs);
        let query = content_words("Design a real-time leaderboard system.");
        let candidates: Vec<(usize, &[String])> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d.as_slice()))
            .collect();
        assert_eq!(
            best_matches(&idf, &query, &candidates).first().map(|m| m.0),
            Some(0)
        );
        let unrelated = content_words("Design a geofencing service for IoT-enabled vehicles.");
        assert!(best_matches(&idf, &unrelated, &candidates).is_empty());
    }
}
