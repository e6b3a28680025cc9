//! Files 000 and 004: `## <emoji> Section (Questions 401-410)` headings, `### Question n: text`
//! headings and a `**Answer:**` line; the answer runs until the next question, a `---` rule or a
//! `#`/`##` heading. Numbers are those of the summary file's questions they expand.

use super::pending::{Pending, Style};
use super::{
    Ctx, EXPANDED_RE, Format, Numbers, RawQuestion, clean_heading, clean_prompt, is_rule,
    parse_number,
};
use crate::corpus::error::CorpusError;

const STYLE: Style = Style {
    format: Format::Expanded,
    what: "question ",
};

pub(super) fn parse(ctx: &Ctx<'_>, lines: &[&str]) -> Result<Vec<RawQuestion>, CorpusError> {
    let mut out = Vec::new();
    let mut numbers = Numbers::default();
    let mut section = String::new();
    let mut open: Option<Pending<'_>> = None;
    // Whether the open question's `**Answer:**` line was seen.
    let mut seen_marker = false;
    for (idx, raw) in lines.iter().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim_end();
        if let Some(caps) = EXPANDED_RE.captures(line) {
            STYLE.close(ctx, open.take(), &mut out)?;
            let number = parse_number(ctx, line_no, &caps[1])?;
            let prompt = clean_prompt(&caps[2]);
            if prompt.is_empty() {
                return Err(ctx.err(line_no, format!("question {number} has no text")));
            }
            numbers.check(ctx, number, line_no, STYLE.what)?;
            open = Some(Pending::new(number, line_no, prompt, &section));
            seen_marker = false;
        } else if line.starts_with("# ") || line.starts_with("## ") {
            STYLE.close(ctx, open.take(), &mut out)?;
            if line.starts_with("## ") {
                section = clean_heading(line);
            }
        } else if is_rule(line) {
            STYLE.close(ctx, open.take(), &mut out)?;
        } else if let Some(q) = open.as_mut() {
            if !seen_marker && line.trim() == "**Answer:**" {
                seen_marker = true;
            } else {
                q.body.push(line);
            }
        }
    }
    STYLE.close(ctx, open, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::corpus::parse::{Format, parse_file};

    const REAL_000: &str = "## ðŸ”¸ Advanced Distributed Systems (Questions 401-410)\n\n### Question 404: Explain vector clocks and how youâ€™d use them.\n\n**Answer:**\n(See Q103). Captures causality.\n*   `[A:1, B:0]` happens before `[A:1, B:1]`.\n\n### Question 405: How to detect split-brain scenarios?\n\n**Answer:**\n(See Q106).\n";

    const REAL_004: &str = "## ðŸ”¸ Real-World Inspired Challenges (Questions 591-600)\n\n### Question 596: Design a system for online multiplayer quiz games.\n\n**Answer:**\n*   **Sync:** WebSockets.\n\n---\n\nTrailing prose is not an answer.\n";

    #[test]
    fn parses_real_lines_of_file_000() {
        let f = parse_file("000_813ac89a0a01745c.txt", REAL_000).unwrap();
        assert_eq!(f.format, Format::Expanded);
        let q = &f.questions;
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].key, "000-404");
        assert_eq!(q[0].line, 3);
        assert_eq!(
            q[0].prompt,
            "Explain vector clocks and how you\u{2019}d use them."
        );
        assert_eq!(q[0].section, "Advanced Distributed Systems");
        assert_eq!(
            q[0].answer,
            "(See Q103). Captures causality.\n*   `[A:1, B:0]` happens before `[A:1, B:1]`."
        );
        assert_eq!(q[1].answer, "(See Q106).");
    }

    #[test]
    fn parses_real_lines_of_file_004() {
        let f = parse_file("004_75af41b91423d3b7.txt", REAL_004).unwrap();
        let q = &f.questions[0];
        assert_eq!(q.key, "004-596");
        assert_eq!(q.section, "Real-World Inspired Challenges");
        assert_eq!(q.answer, "*   **Sync:** WebSockets.");
    }

    #[test]
    fn rejects_empty_text_duplicates_and_missing_answers() {
        let err = parse_file("000_x.txt", "### Question 401:   \n**Answer:**\na\n").unwrap_err();
        assert_eq!(err.to_string(), "000_x.txt:1: question 401 has no text");
        let err = parse_file(
            "000_x.txt",
            "### Question 401: A?\n**Answer:**\na\n### Question 401: B?\n**Answer:**\nb\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "000_x.txt:4: duplicate question 401 (first at line 1)"
        );
        let err = parse_file(
            "000_x.txt",
            "### Question 401: A?\n**Answer:**\n\n## Next\n",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "000_x.txt:1: question 401 has no answer");
    }
}
