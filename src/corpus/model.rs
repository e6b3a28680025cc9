//! The question bank's data model: what the parser produces and every other part consumes.
//!
//! A [`Question`] is one *distinct* question. The same question found in several corpus files (or
//! twice in one file) is merged into one `Question` that keeps every [`SourceRef`] and every
//! [`ReferenceAnswer`].

use serde::{Deserialize, Serialize};

/// How hard a question is. Serialised as `easy` / `medium` / `hard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }

    pub fn parse(s: &str) -> Option<Difficulty> {
        match s.trim().to_ascii_lowercase().as_str() {
            "easy" => Some(Difficulty::Easy),
            "medium" => Some(Difficulty::Medium),
            "hard" => Some(Difficulty::Hard),
            _ => None,
        }
    }
}

impl std::fmt::Display for Difficulty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One occurrence of a question in a corpus file.
///
/// `key` is the stable name of the occurrence, the same scheme the eval files use in `corpus_ref`:
/// `001-4` (file 001, Q4), `000-432` (file 000, Question 432), `003-19` (file 003, `## 19.`),
/// `002-4` (file 002, chain Q4 root) and `002-4-d16` (chain Q4, depth 16).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// File stem prefix, e.g. `"001"`.
    pub file: String,
    /// Occurrence key, e.g. `"001-4"` or `"002-4-d16"`.
    pub key: String,
    /// 1-based line of the question heading in the file.
    pub line: usize,
}

/// A reference answer as written in one source, repaired (no mojibake), in markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceAnswer {
    /// The `SourceRef::key` this answer came from.
    pub source: String,
    pub markdown: String,
}

/// Position of a question in a follow-up chain of file 002.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    /// Chain id, the root's key, e.g. `"002-4"`.
    pub chain: String,
    /// 0 for the root question, then the depth number written in the file (some depths are skipped).
    pub depth: u32,
    /// Question id of the previous link, if any.
    pub parent: Option<String>,
    /// Question id of the next (harder) follow-up, if any.
    pub next: Option<String>,
}

/// One distinct question of the bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id: the key of its primary source (first in file order 001, 000, 004, 002, 003).
    pub id: String,
    /// The question text, repaired, without markdown emphasis or numbering.
    pub prompt: String,
    /// The section heading it first appeared under, repaired, without emoji or numbering.
    pub section: String,
    /// Topic slug from the taxonomy (see `corpus::topics`).
    pub topic: String,
    pub tags: Vec<String>,
    pub difficulty: Difficulty,
    /// Starting rating (Elo-like scale, roughly 800..=2000) derived with difficulty.
    pub rating: i32,
    /// Every occurrence, primary first.
    pub sources: Vec<SourceRef>,
    /// Every reference answer, primary first.
    pub answers: Vec<ReferenceAnswer>,
    /// Ids of questions whose answers this one refers to (`(Same as Q291).`, `(See Q103).`).
    pub see_also: Vec<String>,
    pub chain: Option<ChainLink>,
}
