//! File 003: long-form answers. Questions are `## n. question` headings numbered 1, 2, 3, ...;
//! answers contain their own headings, tables, diagrams and code blocks, and some reuse
//! `## 1.`, `## 2.` for their sub-sections (questions 86 and 87). So a heading is a question only
//! when its number is the next expected one; a *smaller* number is a sub-section, and a *larger*
//! one means a question is missing or misnumbered, which is an error. Group headings
//! `### <emoji> **26–50: Real-World ...**` name the section of the questions that follow and must
//! start at the next expected number. Headings inside code fences are ignored; an unterminated
//! fence is an error.

use std::sync::LazyLock;

use regex::Regex;

use super::pending::{Pending, Style};
use super::{
    Ctx, Format, LONGFORM_RE, RawQuestion, clean_heading, clean_prompt, is_rule, parse_number,
};
use crate::corpus::error::CorpusError;

const STYLE: Style = Style {
    format: Format::LongForm,
    what: "question ",
};

/// A closing offer of a chat assistant ("Want me to explain ...?", "If you want, I can also
/// ..."), which some long-form answers end with: not part of the answer.
static OFFER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(want me to|would you like|if you(?:'d| would)? (?:want|like),? i can|let me know if|shall i)\b")
        .expect("regex")
});

static GROUP_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)\s*[-–]\s*(\d+)\s*:\s*(.+)$").expect("regex"));

pub(super) fn parse(ctx: &Ctx<'_>, lines: &[&str]) -> Result<Vec<RawQuestion>, CorpusError> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut expected: u32 = 1;
    let mut fence: Option<usize> = None;
    let mut open: Option<Pending<'_>> = None;
    for (idx, raw) in lines.iter().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = if fence.is_some() { None } else { Some(line_no) };
        } else if fence.is_none() {
            if let Some(caps) = LONGFORM_RE.captures(line) {
                let number = parse_number(ctx, line_no, &caps[1])?;
                if number == expected {
                    close(ctx, open.take(), &mut out)?;
                    let prompt = clean_prompt(&caps[2]);
                    if prompt.is_empty() {
                        return Err(ctx.err(line_no, format!("question {number} has no text")));
                    }
                    expected += 1;
                    open = Some(Pending::new(number, line_no, prompt, &section));
                    continue;
                }
                if number > expected {
                    return Err(ctx.err(
                        line_no,
                        format!("question heading `## {number}.` skips question {expected}"),
                    ));
                }
            } else if line.starts_with("### ")
                && let Some(caps) = GROUP_RE.captures(&group_text(line))
            {
                let first = parse_number(ctx, line_no, &caps[1])?;
                if first != expected {
                    return Err(ctx.err(
                        line_no,
                        format!(
                            "group {first}-{} starts at question {first}, expected {expected}",
                            &caps[2]
                        ),
                    ));
                }
                close(ctx, open.take(), &mut out)?;
                section = clean_heading(line);
                continue;
            }
        }
        if let Some(q) = open.as_mut() {
            q.body.push(line);
        }
    }
    if let Some(start) = fence {
        return Err(ctx.err(start, "code fence is never closed"));
    }
    close(ctx, open, &mut out)?;
    Ok(out)
}

/// A `###` heading's text without `#`s, emoji and emphasis, keeping its leading numbers.
fn group_text(line: &str) -> String {
    let text = line.trim_start_matches('#').replace("**", "");
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim()
        .to_string()
}

/// Drops a trailing assistant offer (the rules and blank lines before it go with
/// [`super::finish_answer`]).
fn drop_offer(body: &mut Vec<&str>) {
    let last = body
        .iter()
        .rposition(|l| !l.trim().is_empty() && !is_rule(l));
    if let Some(i) = last
        && OFFER_RE.is_match(body[i].trim())
    {
        body.truncate(i);
    }
}

/// Closes `open` into `out` without a trailing assistant offer.
fn close(
    ctx: &Ctx<'_>,
    mut open: Option<Pending<'_>>,
    out: &mut Vec<RawQuestion>,
) -> Result<(), CorpusError> {
    if let Some(q) = open.as_mut() {
        drop_offer(&mut q.body);
    }
    STYLE.close(ctx, open, out)
}

#[cfg(test)]
mod tests {
    use crate::corpus::parse::parse_file;

    const REAL: &str = "## ‚úÖ Top 100 System Design Interview Questions\n**[HLD + LLD Combined ‚Äì Architecture]**\n\n---\n\n### \u{f8ff}üîπ **1‚Äì25: High-Level Design Fundamentals**\n\n## 1. What is system design and why is it important?\n\n### ‚úÖ **What is System Design?**\n```java\n## 2. not a heading inside code\n```\n\n---\n\n### \u{f8ff}üîπ **2‚Äì3: Advanced Topics, Patterns, and Trade-Offs**\n\n## 2. How would you design a zero-downtime deployment pipeline?\n\n## 1. **Use Blue-Green or Canary Deployment Strategies**\n\n## 2. **Load Balancer with Health Checks**\n\n## 3. How do you handle monitoring and alerting in large-scale systems?\n\nUse ‚Üí metrics.\n";

    #[test]
    fn parses_real_lines_of_file_003_with_reused_numbers() {
        let f = parse_file("003_1f0b86906efcc2ce.txt", REAL).unwrap();
        let q = &f.questions;
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].key, "003-1");
        assert_eq!(q[0].line, 8);
        assert_eq!(q[0].section, "High-Level Design Fundamentals");
        assert_eq!(
            q[0].answer,
            "### ✅ **What is System Design?**\n```java\n## 2. not a heading inside code\n```"
        );
        assert_eq!(q[1].key, "003-2");
        assert_eq!(q[1].section, "Advanced Topics, Patterns, and Trade-Offs");
        assert_eq!(
            q[1].answer,
            "## 1. **Use Blue-Green or Canary Deployment Strategies**\n\n## 2. **Load Balancer with Health Checks**"
        );
        assert_eq!(
            q[2].prompt,
            "How do you handle monitoring and alerting in large-scale systems?"
        );
        assert_eq!(q[2].answer, "Use → metrics.");
    }

    #[test]
    fn a_closing_assistant_offer_is_not_part_of_the_answer() {
        let text = "## 1. A?\nReal answer.\n\n---\n\nWant me to explain security design for a specific system type (e.g., payment system)?\n\n---\n\n## 2. B?\nOther.\n\nIf you want, I can also help you with a detailed **sequence diagram**!\n";
        let f = parse_file("003_x.txt", text).unwrap();
        assert_eq!(f.questions[0].answer, "Real answer.");
        assert_eq!(f.questions[1].answer, "Other.");
        let kept = parse_file(
            "003_x.txt",
            "## 1. A?\n* If you want strong consistency, set `ConsistentRead=True`.\n",
        )
        .unwrap();
        assert_eq!(
            kept.questions[0].answer,
            "* If you want strong consistency, set `ConsistentRead=True`."
        );
    }

    #[test]
    fn rejects_skipped_numbers_bad_groups_empty_text_and_open_fences() {
        let err = parse_file("003_x.txt", "## 1. A?\na\n## 3. C?\nc\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "003_x.txt:3: question heading `## 3.` skips question 2"
        );
        let err = parse_file(
            "003_x.txt",
            "## 1. A?\na\n### **5-9: Later**\n## 2. B?\nb\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "003_x.txt:3: group 5-9 starts at question 5, expected 2"
        );
        let err = parse_file("003_x.txt", "## 1. \na\n").unwrap_err();
        assert_eq!(err.to_string(), "003_x.txt:1: question 1 has no text");
        let err = parse_file("003_x.txt", "## 1. A?\na\n```\n## 2. B?\n").unwrap_err();
        assert_eq!(err.to_string(), "003_x.txt:3: code fence is never closed");
        let err = parse_file("003_x.txt", "## 1. A?\n\n---\n## 2. B?\nb\n").unwrap_err();
        assert_eq!(err.to_string(), "003_x.txt:1: question 1 has no answer");
    }
}
