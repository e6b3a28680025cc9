//! Rubrics: the per-question concept checklists the grader scores against.

mod model;

pub use model::{Criterion, Rubric};
