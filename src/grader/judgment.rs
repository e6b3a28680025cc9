//! The grader's output: a structured, interviewer-style judgment of one answer.

use serde::{Deserialize, Serialize};

/// Score band, from the 0-10 score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Excellent,
    Good,
    Adequate,
    Weak,
    Poor,
}

/// Verdict on one rubric criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Met,
    Partial,
    Missed,
    Contradicted,
}

/// Anti-gaming findings. Leaderboards give no points to answers flagged `KeywordDump`, `OffTopic`
/// or `CopiedQuestion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    KeywordDump,
    OffTopic,
    CopiedQuestion,
    Gibberish,
    Padding,
    Filler,
    Empty,
}

/// Where in the answer a criterion was evidenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte range `[start, end)` into the answer as given.
    pub start: usize,
    pub end: usize,
    /// The answer's words in that range.
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub id: String,
    pub label: String,
    pub weight: f32,
    pub verdict: Verdict,
    pub evidence: Vec<Evidence>,
    pub hint: String,
}

/// Something the answer missed, and why it matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub criterion: String,
    pub label: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Judgment {
    /// 0.0..=10.0, one decimal.
    pub score: f32,
    pub band: Band,
    pub criteria: Vec<CriterionResult>,
    pub strengths: Vec<String>,
    pub gaps: Vec<Gap>,
    pub flags: Vec<Flag>,
    pub followup: String,
    pub summary: String,
}
