//! The rubric of an interviewer's own question: built from the reference answer they typed, with
//! the grader's lexicon (the curated synonyms and acronyms). The one place that builds it: the
//! candidate's item stores what this returns when the question starts and is graded by it, and
//! the live view shows that stored rubric (or this one, before the candidate reaches it).

use crate::rubric::{Lexicon, Rubric, extract};

/// The rubric for own question `prompt` with reference answer `reference`.
pub fn build(prompt: &str, reference: &str, lexicon: &Lexicon) -> Rubric {
    extract::from_reference(prompt, reference, lexicon)
}
