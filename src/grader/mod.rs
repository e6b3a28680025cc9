//! The grader: scores a free-text answer against a rubric, without a database.

mod judgment;

pub use judgment::{Band, CriterionResult, Evidence, Flag, Gap, Judgment, Verdict};
