//! Rubrics: the per-question concept checklists the grader judges against (format v2, see
//! `rubrics/README.md`): the model, its pattern language, reading and writing the rubric
//! directory, the format check, and extraction of draft rubrics from reference answers.

pub mod bank;
pub mod check;
mod error;
pub mod export;
pub mod extract;
pub mod followup;
pub mod hint;
pub mod lexicon;
pub mod model;
pub mod pattern;
pub mod stats;
pub mod store;

pub use error::RubricError;
pub use lexicon::{AcronymEntry, Lexicon, SynonymEntry};
pub use model::{Criterion, Misconception, Origin, Phase, Rubric};
pub use store::{RubricBank, StoredRubric};
