//! A numbered question whose answer lines are still being read, and how it is closed into a
//! [`RawQuestion`]. Shared by the summary, expanded and long-form parsers, which differ only in
//! the [`Format`] they record and in how their errors name a question (`Q12` or `12`); chain
//! questions carry depths and are built by their own parser.

use super::{Ctx, Format, RawQuestion, finish_answer};
use crate::corpus::error::CorpusError;

/// A question heading read so far, with the answer lines after it.
pub(super) struct Pending<'a> {
    pub number: u32,
    /// 1-based line of the heading.
    pub line: usize,
    pub prompt: String,
    pub section: String,
    pub body: Vec<&'a str>,
}

impl Pending<'_> {
    /// A question whose heading at `line` was just read; no answer lines yet.
    pub fn new(number: u32, line: usize, prompt: String, section: &str) -> Self {
        Pending {
            number,
            line,
            prompt,
            section: section.to_owned(),
            body: Vec::new(),
        }
    }
}

/// What a file format records for its questions.
pub(super) struct Style {
    pub format: Format,
    /// How errors name a question, before its number: `"question "` or `"question Q"`.
    pub what: &'static str,
}

impl Style {
    /// Closes `open` (if a question is open) into `out`; a question without an answer is an
    /// error at its heading's line.
    pub fn close(
        &self,
        ctx: &Ctx<'_>,
        open: Option<Pending<'_>>,
        out: &mut Vec<RawQuestion>,
    ) -> Result<(), CorpusError> {
        let Some(q) = open else { return Ok(()) };
        let answer = finish_answer(&q.body);
        if answer.is_empty() {
            let reason = format!("{}{} has no answer", self.what, q.number);
            return Err(ctx.err(q.line, reason));
        }
        out.push(RawQuestion {
            file: ctx.prefix.to_string(),
            key: format!("{}-{}", ctx.prefix, q.number),
            line: q.line,
            number: q.number,
            prompt: q.prompt,
            section: q.section,
            answer,
            format: self.format,
            depth: None,
        });
        Ok(())
    }
}
