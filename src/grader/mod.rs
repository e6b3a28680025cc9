//! The grader: scores a free-text answer against a rubric, without a database.

mod engine;
pub mod eval;
pub mod fasthash;
pub mod feedback;
pub mod gaming;
#[cfg(test)]
mod invariance;
mod judgment;
pub mod matching;
pub mod negation;
pub mod scoring;
pub mod tokenize;

pub use engine::{Grader, grade_compiled, grade_with_features};
pub use judgment::{Band, CriterionResult, Evidence, Flag, Gap, Judgment, Verdict};
pub use scoring::Features;
