//! The rubric model: what `rubrics/*.toml` holds and what the grader reads.
//!
//! A [`Rubric`] belongs to one question and lists 3-12 [`Criterion`]s. A criterion is evidenced by
//! any of its `terms` (canonical phrase first, then aliases); the grader expands terms further with
//! the [`crate::rubric::Lexicon`] (synonyms and acronyms).

use serde::{Deserialize, Serialize};

use crate::corpus::Difficulty;

/// One gradable concept of a reference answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Unique within its rubric, a slug such as `consistent-hashing`.
    pub id: String,
    /// Short human label, e.g. "Consistent hashing".
    pub label: String,
    /// Positive weight; the score is weighted coverage.
    pub weight: f32,
    /// Phrases that evidence the criterion: the canonical phrase first, then aliases.
    pub terms: Vec<String>,
    /// One line on why the criterion matters, drawn from the reference answer.
    pub hint: String,
}

/// The rubric of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    /// The question id (see `corpus::Question::id`).
    pub id: String,
    pub prompt: String,
    pub topic: String,
    pub difficulty: Difficulty,
    /// Source keys, primary first (`001-4`, `001-31`, ...).
    pub sources: Vec<String>,
    pub criteria: Vec<Criterion>,
    /// Follow-up question text when the question belongs to a chain (the next link), else empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub followup: String,
}
