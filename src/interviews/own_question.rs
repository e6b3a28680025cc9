//! Own questions: the questions on an item that are not in the bank (an interviewer's own
//! question or a free-text follow-up, `own-<position>`; a solo probe follow-up,
//! `own-<question>#<criterion>`). The one place in Rust that writes and reads their ids (the
//! leaderboard trigger in SQL also knows the prefix: an own question never counts there), and
//! the one place that builds an interviewer's own question's rubric: from the reference answer
//! they typed, with the grader's lexicon (the curated synonyms and acronyms). The candidate's item
//! stores that rubric when the question starts and is graded by it, and the live view shows that
//! stored rubric (or this one, before the candidate reaches it).

use std::fmt::Display;

use crate::rubric::{Lexicon, Rubric, extract};

/// What the question id of every own question starts with.
const PREFIX: &str = "own-";

/// The question id of own question `key`: its position in an interviewer's session, or for a
/// solo probe `<question>#<criterion>`.
pub fn id(key: impl Display) -> String {
    format!("{PREFIX}{key}")
}

/// Whether `question_id` is an own question's (not a bank question's).
pub fn is_own(question_id: &str) -> bool {
    question_id.starts_with(PREFIX)
}

/// The key of own question `question_id` (what follows the prefix); `None` for a bank question.
pub fn key(question_id: &str) -> Option<&str> {
    question_id.strip_prefix(PREFIX)
}

/// The rubric for own question `prompt` with reference answer `reference`.
pub fn rubric(prompt: &str, reference: &str, lexicon: &Lexicon) -> Rubric {
    extract::from_reference(prompt, reference, lexicon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_ids_are_told_from_bank_ids() {
        assert_eq!(id(3), "own-3");
        assert!(is_own(&id("001-1#redirect")));
        assert_eq!(key(&id(3)), Some("3"));
        assert!(!is_own("001-1"));
        assert_eq!(key("001-1"), None);
    }
}
