//! File 001's format: `## <emoji> Section` headings and one `**Qn: text**` line per question;
//! the answer runs until the next question, a `---` rule or a heading.

use super::pending::{Pending, Style};
use super::{
    Ctx, Format, Numbers, RawQuestion, SUMMARY_RE, clean_heading, clean_prompt, is_rule,
    parse_number,
};
use crate::corpus::error::CorpusError;

const STYLE: Style = Style {
    format: Format::Summary,
    what: "question Q",
};

pub(super) fn parse(ctx: &Ctx<'_>, lines: &[&str]) -> Result<Vec<RawQuestion>, CorpusError> {
    let mut out = Vec::new();
    let mut numbers = Numbers::default();
    let mut section = String::new();
    let mut open: Option<Pending<'_>> = None;
    for (idx, raw) in lines.iter().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim_end();
        if let Some(caps) = SUMMARY_RE.captures(line) {
            STYLE.close(ctx, open.take(), &mut out)?;
            let number = parse_number(ctx, line_no, &caps[1])?;
            let rest = caps[2].trim();
            let Some(text) = rest.strip_prefix(':') else {
                return Err(ctx.err(
                    line_no,
                    format!("question heading Q{number} lacks `:` after its number"),
                ));
            };
            if !text.trim_end().ends_with("**") {
                return Err(ctx.err(
                    line_no,
                    format!("question heading Q{number} is not closed with `**`"),
                ));
            }
            let prompt = clean_prompt(text);
            if prompt.is_empty() {
                return Err(ctx.err(line_no, format!("question Q{number} has no text")));
            }
            numbers.check(ctx, number, line_no, STYLE.what)?;
            open = Some(Pending::new(number, line_no, prompt, &section));
        } else if line.starts_with('#') {
            STYLE.close(ctx, open.take(), &mut out)?;
            if line.starts_with("## ") {
                section = clean_heading(line);
            }
        } else if is_rule(line) {
            STYLE.close(ctx, open.take(), &mut out)?;
        } else if let Some(q) = open.as_mut() {
            q.body.push(line);
        }
    }
    STYLE.close(ctx, open, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::corpus::parse::parse_file;

    const REAL: &str = "# System Design Interview Questions & Answers (Summary Version)\n\n> **Quick reference guide**\n\n---\n\n## ðŸ”¹ Basic System Design Concepts\n\n**Q3: What is scalability? Types of scalability?**\nScalability is the capability of a system to handle a growing amount of work.\n*   **Vertical Scalability (Scaling Up):** Adding resources (CPU, RAM) to a single server.\n\n**Q4: What is a load balancer?**\nA load balancer is a device or software that distributes network traffic.\n\n---\n\n## ðŸ”¹ Privacy, Compliance & Governance\n\n**Q298: How to implement â€œRight to be forgottenâ€?**\n(Same as Q291). Centralized deletion orchestration.\n";

    #[test]
    fn parses_real_lines_of_file_001() {
        let f = parse_file("001_9195ea300d9dd3ee.txt", REAL).unwrap();
        let q = &f.questions;
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].key, "001-3");
        assert_eq!(q[0].line, 9);
        assert_eq!(q[0].prompt, "What is scalability? Types of scalability?");
        assert_eq!(q[0].section, "Basic System Design Concepts");
        assert_eq!(
            q[0].answer,
            "Scalability is the capability of a system to handle a growing amount of work.\n*   **Vertical Scalability (Scaling Up):** Adding resources (CPU, RAM) to a single server."
        );
        assert_eq!(q[1].key, "001-4");
        assert_eq!(
            q[1].answer,
            "A load balancer is a device or software that distributes network traffic."
        );
        assert_eq!(
            q[2].prompt,
            "How to implement \u{201C}Right to be forgotten\u{201D}?"
        );
        assert_eq!(q[2].section, "Privacy, Compliance & Governance");
        assert_eq!(
            q[2].answer,
            "(Same as Q291). Centralized deletion orchestration."
        );
    }

    #[test]
    fn rejects_a_question_without_text() {
        let err = parse_file("001_x.txt", "## S\n\n**Q1: **\nanswer\n").unwrap_err();
        assert_eq!(err.to_string(), "001_x.txt:3: question Q1 has no text");
    }

    #[test]
    fn rejects_a_duplicate_number() {
        let err = parse_file(
            "001_x.txt",
            "**Q1: A?**\na\n\n**Q2: B?**\nb\n\n**Q1: C?**\nc\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "001_x.txt:7: duplicate question Q1 (first at line 1)"
        );
    }

    #[test]
    fn rejects_an_unclosed_heading_a_missing_colon_and_a_missing_answer() {
        let err = parse_file("001_x.txt", "**Q1: A?**\na\n**Q2: B?\nb\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "001_x.txt:3: question heading Q2 is not closed with `**`"
        );
        let err = parse_file("001_x.txt", "**Q1 A?**\na\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "001_x.txt:1: question heading Q1 lacks `:` after its number"
        );
        let err = parse_file("001_x.txt", "**Q1: A?**\n\n---\n**Q2: B?**\nb\n").unwrap_err();
        assert_eq!(err.to_string(), "001_x.txt:1: question Q1 has no answer");
    }
}
