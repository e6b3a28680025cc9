//! The question bank: parsing and repairing the corpus files into distinct questions.

mod model;

pub use model::{ChainLink, Difficulty, Question, ReferenceAnswer, SourceRef};
