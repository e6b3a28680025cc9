//! The grader: judges a free-text answer against a rubric, without a database.
//!
//! `vocab` and `patterns` match a rubric's words and patterns in an answer; `verdicts` decides
//! each criterion; `relevance` measures what the answer is about; `scoring` turns verdicts into a
//! score with its arithmetic; `feedback` writes what the candidate reads; `engine` ties them
//! together behind [`Grader`]. `golden` runs the golden tests of `rubrics check`.

mod cache;
#[cfg(test)]
mod claims;
mod compiled;
mod engine;
pub mod eval;
pub mod feedback;
pub mod gaming;
pub mod golden;
#[cfg(test)]
mod invariance;
mod judgment;
pub mod negation;
pub mod patterns;
mod relevance;
pub mod scoring;
pub mod topics;
pub mod verdicts;
pub mod vocab;

pub use compiled::CompiledRubric;
pub use engine::{Grader, grade_compiled};
pub use judgment::{Band, Breakdown, Cap, CriterionResult, Evidence, Flag, Gap, Judgment, Verdict};
pub use scoring::Features;
