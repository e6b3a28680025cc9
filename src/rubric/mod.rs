//! Rubrics: the per-question concept checklists the grader scores against.

pub mod bank;
pub mod check;
mod error;
pub mod extract;
pub mod hint;
pub mod lexicon;
mod model;
pub mod store;

pub use error::RubricError;
pub use lexicon::{AcronymEntry, Lexicon, SynonymEntry};
pub use model::{Criterion, Rubric};
pub use store::{RubricBank, StoredRubric};
