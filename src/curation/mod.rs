//! Curation (issue 17): appeals of verdicts and flags of questions from candidates, the curator's
//! answers to them, labelled cases per question, the rubric's agreement with them, and rubrics
//! edited, tried and saved in the browser. Services here; the pure parts (`agreement`,
//! `upload`, `draft`) have no database and are unit-tested beside the code.

pub mod agreement;
pub mod appeals;
pub mod draft;
mod error;
pub mod flags;
pub mod quote;
pub mod upload;
pub mod workbench;

pub use error::CurationError;

/// Longest comment, reason or phrase a form takes, in characters.
pub const MAX_TEXT: usize = 2000;
/// Longest phrase added to a criterion's terms, in characters.
pub const MAX_PHRASE: usize = 120;

/// `text` trimmed, refused when longer than [`MAX_TEXT`] (`what` names the field).
pub fn bounded<'a>(text: &'a str, what: &str) -> Result<&'a str, CurationError> {
    let t = text.trim();
    if t.chars().count() > MAX_TEXT {
        return Err(CurationError::Invalid(format!(
            "The {what} is {} characters long; at most {MAX_TEXT} are kept.",
            t.chars().count()
        )));
    }
    Ok(t)
}
