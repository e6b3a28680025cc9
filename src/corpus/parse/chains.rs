//! File 002: deep-dive chains. `## n. Section` headings; a root `### Qn: text` with a
//! `**Answer:**` block, then follow-ups `#### Depth 1` ... `###### Depth 27` (the number of `#`
//! varies, some depths are skipped), each with a `**Q:** text` line and a `**A:** text` answer
//! that may continue over several lines. Keys: `002-4` for a root, `002-4-d16` for depth 16.

use super::{
    CHAIN_ROOT_RE, Ctx, DEPTH_RE, Format, Numbers, RawQuestion, clean_heading, clean_prompt,
    finish_answer, is_rule, parse_number,
};
use crate::corpus::error::CorpusError;

struct Open<'a> {
    root: u32,
    depth: u32,
    line: usize,
    prompt: Option<String>,
    section: String,
    body: Vec<&'a str>,
    /// For follow-ups: whether the `**A:**` line was seen.
    answering: bool,
}

pub(super) fn parse(ctx: &Ctx<'_>, lines: &[&str]) -> Result<Vec<RawQuestion>, CorpusError> {
    let mut out = Vec::new();
    let mut roots = Numbers::default();
    let mut section = String::new();
    let mut chain: Option<(u32, u32)> = None; // (root number, last depth)
    let mut open: Option<Open<'_>> = None;
    for (idx, raw) in lines.iter().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim_end();
        if let Some(caps) = CHAIN_ROOT_RE.captures(line) {
            close(ctx, open.take(), &mut out)?;
            let root = parse_number(ctx, line_no, &caps[1])?;
            let prompt = clean_prompt(&caps[2]);
            if prompt.is_empty() {
                return Err(ctx.err(line_no, format!("question Q{root} has no text")));
            }
            roots.check(ctx, root, line_no, "chain Q")?;
            chain = Some((root, 0));
            open = Some(Open {
                root,
                depth: 0,
                line: line_no,
                prompt: Some(prompt),
                section: section.clone(),
                body: Vec::new(),
                answering: true,
            });
        } else if let Some(caps) = DEPTH_RE.captures(line) {
            close(ctx, open.take(), &mut out)?;
            let depth = parse_number(ctx, line_no, &caps[1])?;
            let Some((root, last)) = chain else {
                return Err(ctx.err(
                    line_no,
                    format!("follow-up Depth {depth} before any `### Qn:` question"),
                ));
            };
            if depth <= last {
                return Err(ctx.err(
                    line_no,
                    format!(
                        "follow-up Depth {depth} of Q{root} does not go deeper than Depth {last}"
                    ),
                ));
            }
            chain = Some((root, depth));
            open = Some(Open {
                root,
                depth,
                line: line_no,
                prompt: None,
                section: section.clone(),
                body: Vec::new(),
                answering: false,
            });
        } else if line.starts_with('#') {
            close(ctx, open.take(), &mut out)?;
            if line.starts_with("## ") {
                section = clean_heading(line);
                chain = None;
            }
        } else if is_rule(line) {
            close(ctx, open.take(), &mut out)?;
        } else if let Some(q) = open.as_mut() {
            if q.depth == 0 {
                if !(q.body.is_empty() && line.trim() == "**Answer:**") {
                    q.body.push(line);
                }
            } else if let Some(text) = line.strip_prefix("**Q:**") {
                if q.prompt.is_some() {
                    return Err(ctx.err(
                        line_no,
                        format!("second `**Q:**` line in Depth {}", q.depth),
                    ));
                }
                let prompt = clean_prompt(text);
                if prompt.is_empty() {
                    return Err(ctx.err(
                        line_no,
                        format!("follow-up Depth {} has no question text", q.depth),
                    ));
                }
                q.prompt = Some(prompt);
            } else if let Some(text) = line.strip_prefix("**A:**") {
                if q.prompt.is_none() {
                    return Err(ctx.err(
                        line_no,
                        format!("`**A:**` before `**Q:**` in Depth {}", q.depth),
                    ));
                }
                q.answering = true;
                q.body.push(text.trim_start());
            } else if q.answering {
                q.body.push(line);
            } else if !line.trim().is_empty() {
                return Err(ctx.err(
                    line_no,
                    format!("text before the `**Q:**` line of Depth {}", q.depth),
                ));
            }
        }
    }
    close(ctx, open, &mut out)?;
    Ok(out)
}

fn close(
    ctx: &Ctx<'_>,
    open: Option<Open<'_>>,
    out: &mut Vec<RawQuestion>,
) -> Result<(), CorpusError> {
    let Some(q) = open else { return Ok(()) };
    let what = if q.depth == 0 {
        format!("question Q{}", q.root)
    } else {
        format!("follow-up Depth {} of Q{}", q.depth, q.root)
    };
    let Some(prompt) = q.prompt else {
        return Err(ctx.err(q.line, format!("{what} has no `**Q:**` line")));
    };
    let answer = finish_answer(&q.body);
    if answer.is_empty() {
        return Err(ctx.err(q.line, format!("{what} has no answer")));
    }
    let key = if q.depth == 0 {
        format!("{}-{}", ctx.prefix, q.root)
    } else {
        format!("{}-{}-d{}", ctx.prefix, q.root, q.depth)
    };
    out.push(RawQuestion {
        file: ctx.prefix.to_string(),
        key,
        line: q.line,
        number: q.root,
        prompt,
        section: q.section,
        answer,
        format: Format::Chains,
        depth: Some(q.depth),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::corpus::parse::parse_file;

    const REAL: &str = "# Design & Architecture Patterns â€“ APIs, Event-Driven, Batch, Messaging\n\nExpert-level architecture interview questions for 16+ years of experience.\n\n---\n\n## 2. Event-Driven & Messaging Architecture\n\n### Q2: You need to process financial transactions with \"Exactly-Once\" semantics using Kafka. Deep dive into the implementation and failure scenarios.\n**Answer:**\nUse Kafka's **Transactional API** (EOS).\n1. **Idempotent Producer**: `enable.idempotence=true`.\n\n#### Depth 1\n**Q:** How does the Transaction Coordinator know a transaction is complete?\n**A:** Producer sends `EndTxnRequest`.\n\n###### Depth 8\n**Q:** What is the difference between Choreography and Orchestration in Sagas?\n**A:** **Choreography**: Event-based, decentralized.\n**Orchestration**: Central coordinator.\n\n---\n\n*Use this guide to validate profound architectural understanding.*\n";

    #[test]
    fn parses_real_lines_of_file_002() {
        let f = parse_file("002_9ed6c5e17cbd2794.txt", REAL).unwrap();
        let q = &f.questions;
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].key, "002-2");
        assert_eq!(q[0].depth, Some(0));
        assert_eq!(q[0].section, "Event-Driven & Messaging Architecture");
        assert!(
            q[0].prompt
                .starts_with("You need to process financial transactions")
        );
        assert_eq!(
            q[0].answer,
            "Use Kafka's **Transactional API** (EOS).\n1. **Idempotent Producer**: `enable.idempotence=true`."
        );
        assert_eq!(q[1].key, "002-2-d1");
        assert_eq!(q[1].line, 14);
        assert_eq!(q[1].answer, "Producer sends `EndTxnRequest`.");
        assert_eq!(q[2].key, "002-2-d8");
        assert_eq!(q[2].depth, Some(8));
        assert_eq!(
            q[2].answer,
            "**Choreography**: Event-based, decentralized.\n**Orchestration**: Central coordinator."
        );
    }

    #[test]
    fn rejects_malformed_follow_ups() {
        let head = "### Q1: Root?\n**Answer:**\nroot answer\n";
        let cases = [
            (
                "#### Depth 1\n**Q:** A?\n**A:** a\n#### Depth 1\n**Q:** B?\n**A:** b\n",
                "002_x.txt:7: follow-up Depth 1 of Q1 does not go deeper than Depth 1",
            ),
            (
                "#### Depth 1\n**A:** a\n",
                "002_x.txt:5: `**A:**` before `**Q:**` in Depth 1",
            ),
            (
                "#### Depth 1\n**Q:** A?\n",
                "002_x.txt:4: follow-up Depth 1 of Q1 has no answer",
            ),
            (
                "#### Depth 1\n**Q:**  \n**A:** a\n",
                "002_x.txt:5: follow-up Depth 1 has no question text",
            ),
            (
                "#### Depth 1\nstray text\n",
                "002_x.txt:5: text before the `**Q:**` line of Depth 1",
            ),
        ];
        for (tail, want) in cases {
            let err = parse_file("002_x.txt", &format!("{head}{tail}")).unwrap_err();
            assert_eq!(err.to_string(), want);
        }
        let err = parse_file(
            "002_x.txt",
            "## 1. S\n#### Depth 1\n**Q:** A?\n**A:** a\n### Q1: R?\nr\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "002_x.txt:2: follow-up Depth 1 before any `### Qn:` question"
        );
        let err = parse_file(
            "002_x.txt",
            &format!("{head}### Q1: Again?\nx\n#### Depth 1\n**Q:** A?\n**A:** a\n"),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "002_x.txt:4: duplicate chain Q1 (first at line 1)"
        );
    }
}
