//! The question bank: parsing and repairing the corpus files into distinct questions.

pub mod error;
mod model;
pub mod parse;

pub use error::CorpusError;
pub use model::{ChainLink, Difficulty, Question, ReferenceAnswer, SourceRef};
