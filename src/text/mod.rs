//! Text utilities shared by the corpus importer, the rubrics and the grader: mojibake repair,
//! normalisation, tokenisation (words, stems, sentences, clauses) and generic words.

pub mod fasthash;
pub mod generic;
pub mod mojibake;
pub mod normalize;
pub mod phrases;
pub mod tokenize;

pub use generic::{is_generic, is_generic_phrase};
pub use mojibake::{mojibake_count, repair};
pub use normalize::{fold_typography, normalize_question, normalize_text};
pub use phrases::PhraseSet;

/// The words of a text (letters and digits), normalised as the tokenizer does: for comparing
/// labels and sentences by their words.
pub fn words(text: &str) -> Vec<String> {
    tokenize::tokenize(text)
        .into_iter()
        .map(|t| t.norm.into())
        .collect()
}
