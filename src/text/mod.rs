//! Text utilities shared by the corpus importer and the grader: mojibake repair and
//! normalisation for matching.

pub mod mojibake;
pub mod normalize;
pub mod phrases;

pub use mojibake::{mojibake_count, repair};
pub use normalize::{fold_typography, normalize_question, normalize_text};
pub use phrases::PhraseSet;
