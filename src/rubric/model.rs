//! The rubric model, format v2: what `rubrics/**/*.toml` holds and what the grader reads.
//!
//! A [`Rubric`] belongs to one question and lists 3-8 [`Criterion`]s, each a concept a senior
//! interviewer expects: evidenced by any of its `terms` (patterns, see [`super::pattern`]),
//! explained by `expects`, contradicted by its `wrong` claims, and probed by `probe` when missed.
//! `rubrics/README.md` is the format's documentation and the curators' style guide.

use serde::{Deserialize, Serialize};

use crate::corpus::Difficulty;

/// Who wrote a rubric: a person who read the references (curated) or a script (extracted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Curated,
    #[default]
    Extracted,
}

/// The phase of a design interview a criterion belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Requirements,
    ApiAndData,
    HighLevel,
    DeepDive,
    TradeOffs,
    Operations,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Requirements,
        Phase::ApiAndData,
        Phase::HighLevel,
        Phase::DeepDive,
        Phase::TradeOffs,
        Phase::Operations,
    ];

    /// How a page names the phase.
    pub fn title(self) -> &'static str {
        match self {
            Phase::Requirements => "Requirements and scale",
            Phase::ApiAndData => "API and data model",
            Phase::HighLevel => "High-level design",
            Phase::DeepDive => "Deep dives",
            Phase::TradeOffs => "Trade-offs",
            Phase::Operations => "Operations",
        }
    }
}

/// A misconception candidates state about a criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Misconception {
    /// Matches the claim when the answer asserts it (see [`super::pattern`]).
    pub pattern: String,
    /// A sentence a candidate might say, which `pattern` must match.
    pub example: String,
    /// One line shown with the candidate's words: what is true instead.
    pub correction: String,
}

/// One concept a good answer conveys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Unique within its rubric, a slug such as `consistent-hashing`.
    pub id: String,
    /// The concept as an interviewer names it, e.g. "Fan-out on write vs on read".
    pub label: String,
    /// Importance: about 2 core, 1 supporting, 0.5 nice to have.
    pub weight: f32,
    /// Design-interview phase, for design questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// In a question that compares things, the thing this criterion defines (a pattern, e.g.
    /// `debounc*`): its terms stated about a sibling's subject are a swapped definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Any-of evidence patterns: canonical phrase first, then aliases, shorthand, examples.
    pub terms: Vec<String>,
    /// One sentence: what a good answer says about it and why it matters. Older files call it
    /// `hint`.
    #[serde(alias = "hint")]
    pub expects: String,
    /// Misconceptions that contradict the criterion when asserted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wrong: Vec<Misconception>,
    /// The follow-up question to ask when the criterion is missed or wrong.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub probe: String,
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
    #[serde(default)]
    pub origin: Origin,
    /// What a later curator must know (e.g. that the question has no reference answer).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub criteria: Vec<Criterion>,
    /// Follow-up question text when the question belongs to a chain (the next link), else empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub followup: String,
}

impl Criterion {
    /// A criterion with terms and `expects` only (no phase, wrong claims or probe).
    pub fn new(id: &str, label: &str, weight: f32, terms: &[&str], expects: &str) -> Criterion {
        Criterion {
            id: id.into(),
            label: label.into(),
            weight,
            phase: None,
            subject: None,
            terms: terms.iter().map(|t| t.to_string()).collect(),
            expects: expects.into(),
            wrong: Vec::new(),
            probe: String::new(),
        }
    }
}

impl Rubric {
    /// An extracted rubric of `criteria` for a question with no sources, note or follow-up.
    pub fn new(id: &str, prompt: &str, topic: &str, criteria: Vec<Criterion>) -> Rubric {
        Rubric {
            id: id.into(),
            prompt: prompt.into(),
            topic: topic.into(),
            difficulty: Difficulty::Medium,
            sources: vec![id.into()],
            origin: Origin::Extracted,
            note: String::new(),
            criteria,
            followup: String::new(),
        }
    }

    /// Sum of the criteria's (positive) weights.
    pub fn total_weight(&self) -> f32 {
        self.criteria.iter().map(|c| c.weight.max(0.0)).sum()
    }
}
