//! Parsers for the corpus file formats. Each file is repaired first (see [`crate::text::repair`];
//! repair never adds or removes a line, so line numbers stay those of the file), its format is
//! detected from its content, and it is split into [`RawQuestion`]s: one per question heading,
//! before any merging.

mod chains;
mod expanded;
mod longform;
mod pending;
mod summary;

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::error::CorpusError;

/// The format of one corpus file. The order is the order of precedence when choosing a merged
/// question's primary source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `**Qn: text**` lines with short answers (file 001).
    Summary,
    /// `### Question n: text` + `**Answer:**`, expanding questions of the summary (000, 004).
    Expanded,
    /// `### Qn: text` roots with `#### Depth d` follow-ups (002).
    Chains,
    /// `## n. question` with long answers (003).
    LongForm,
}

/// One question heading of one file, with its answer, before merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawQuestion {
    /// File prefix, e.g. `"001"`.
    pub file: String,
    /// Source key, e.g. `"001-4"`, `"002-4-d16"`.
    pub key: String,
    /// 1-based line of the heading.
    pub line: usize,
    /// The number written in the heading (for chain follow-ups: the chain's root number).
    pub number: u32,
    pub prompt: String,
    /// Section heading the question sits under, without emoji, emphasis or numbering.
    pub section: String,
    /// The reference answer in markdown.
    pub answer: String,
    pub format: Format,
    /// For chain questions: 0 for the root, else the depth written in the file.
    pub depth: Option<u32>,
}

/// The questions of one file.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub name: String,
    pub prefix: String,
    pub format: Format,
    pub questions: Vec<RawQuestion>,
}

/// Parses one corpus file; `name` is its file name (the prefix before `_` or `.` names the
/// file in source keys).
pub fn parse_file(name: &str, content: &str) -> Result<ParsedFile, CorpusError> {
    let prefix: String = name
        .split(['_', '.'])
        .next()
        .unwrap_or_default()
        .to_string();
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(CorpusError::malformed(
            name,
            1,
            "file name must start with an alphanumeric prefix such as `001_`",
        ));
    }
    let repaired = crate::text::repair(content);
    let lines: Vec<&str> = repaired.lines().collect();
    let format = detect(&lines).ok_or_else(|| {
        CorpusError::malformed(
            name,
            1,
            "unknown corpus format: no `**Qn:`, `### Question n:`, `### Qn:` + `Depth`, or `## n.` question headings",
        )
    })?;
    let ctx = Ctx {
        name,
        prefix: &prefix,
    };
    let questions = match format {
        Format::Summary => summary::parse(&ctx, &lines)?,
        Format::Expanded => expanded::parse(&ctx, &lines)?,
        Format::Chains => chains::parse(&ctx, &lines)?,
        Format::LongForm => longform::parse(&ctx, &lines)?,
    };
    if questions.is_empty() {
        return Err(CorpusError::malformed(name, 1, "no questions found"));
    }
    Ok(ParsedFile {
        name: name.to_string(),
        prefix,
        format,
        questions,
    })
}

static DEPTH_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#{3,6}\s+Depth\s+(\d+)\s*$").expect("regex"));
static CHAIN_ROOT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^###\s+Q(\d+)\s*:(.*)$").expect("regex"));
static EXPANDED_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^###\s+Question\s+(\d+)\s*:(.*)$").expect("regex"));
static SUMMARY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\*Q(\d+)\b(.*)$").expect("regex"));
static LONGFORM_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^##\s+(\d+)\.(.*)$").expect("regex"));

fn detect(lines: &[&str]) -> Option<Format> {
    let any = |re: &Regex| lines.iter().any(|l| re.is_match(l));
    if any(&DEPTH_RE) && any(&CHAIN_ROOT_RE) {
        Some(Format::Chains)
    } else if any(&EXPANDED_RE) {
        Some(Format::Expanded)
    } else if any(&SUMMARY_RE) {
        Some(Format::Summary)
    } else if any(&LONGFORM_RE) {
        Some(Format::LongForm)
    } else {
        None
    }
}

/// What every format parser needs to know about its file.
pub(crate) struct Ctx<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
}

impl Ctx<'_> {
    fn err(&self, line: usize, reason: impl Into<String>) -> CorpusError {
        CorpusError::malformed(self.name, line, reason)
    }
}

static QUESTIONS_SUFFIX_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\(Questions?\s+\d+\s*[-–]\s*\d+\)\s*$").expect("regex"));
static LEADING_NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d+\s*(?:[.)]|[-–]\s*\d+\s*:)\s*").expect("regex"));

/// A heading's text without `#`s, emoji, emphasis, leading numbering (`1.`, `1–25:`) or a
/// `(Questions 401-410)` suffix.
pub(crate) fn clean_heading(line: &str) -> String {
    let text = line.trim_start_matches('#').replace("**", "");
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let text = QUESTIONS_SUFFIX_RE.replace(text, "");
    let text = LEADING_NUMBER_RE.replace(&text, "");
    text.trim().trim_end_matches(':').trim().to_string()
}

/// A prompt without emphasis markers (`**`, `__`) and surrounding whitespace; code spans stay.
pub(crate) fn clean_prompt(text: &str) -> String {
    let text = text.replace("**", "").replace("__", "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True for a markdown thematic break (`---`, `***`, `___`).
pub(crate) fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

/// Joins answer lines, dropping blank lines and thematic breaks at either end.
pub(crate) fn finish_answer(lines: &[&str]) -> String {
    let keep = |l: &&str| !l.trim().is_empty() && !is_rule(l);
    let Some(start) = lines.iter().position(keep) else {
        return String::new();
    };
    let end = lines.iter().rposition(keep).unwrap_or(start);
    lines[start..=end]
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Remembers where each question number was first seen, to reject duplicates.
#[derive(Default)]
pub(crate) struct Numbers(std::collections::HashMap<u32, usize>);

impl Numbers {
    fn check(
        &mut self,
        ctx: &Ctx<'_>,
        number: u32,
        line: usize,
        what: &str,
    ) -> Result<(), CorpusError> {
        if let Some(first) = self.0.insert(number, line) {
            return Err(ctx.err(
                line,
                format!("duplicate {what}{number} (first at line {first})"),
            ));
        }
        Ok(())
    }
}

fn parse_number(ctx: &Ctx<'_>, line: usize, digits: &str) -> Result<u32, CorpusError> {
    digits
        .parse()
        .map_err(|_| ctx.err(line, format!("question number `{digits}` is too large")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_cleaned_of_emoji_numbering_and_ranges() {
        assert_eq!(
            clean_heading("## 🔹 Basic System Design Concepts"),
            "Basic System Design Concepts"
        );
        assert_eq!(
            clean_heading("## 🔸 Advanced Distributed Systems (Questions 401-410)"),
            "Advanced Distributed Systems"
        );
        assert_eq!(
            clean_heading("### 🔹 **26–50: Real-World System Design Questions (HLD)**"),
            "Real-World System Design Questions (HLD)"
        );
        assert_eq!(
            clean_heading("## 1. API Design & Gateway Patterns"),
            "API Design & Gateway Patterns"
        );
        assert_eq!(
            clean_heading("## 🧑\u{200D}💼 Enterprise & SaaS-Oriented"),
            "Enterprise & SaaS-Oriented"
        );
    }

    #[test]
    fn prompts_lose_emphasis_but_keep_code() {
        assert_eq!(
            clean_prompt(" Compare **Raft** vs **Multi-Paxos**  for `log` replication.** "),
            "Compare Raft vs Multi-Paxos for `log` replication."
        );
    }

    #[test]
    fn answers_lose_surrounding_blank_lines_and_rules() {
        assert_eq!(
            finish_answer(&["", "a", "", "b  ", "", "---", ""]),
            "a\n\nb"
        );
        assert_eq!(finish_answer(&["", "---"]), "");
    }

    #[test]
    fn unknown_format_is_rejected_with_file_and_line() {
        let err = parse_file("007_notes.txt", "# Notes\n\nJust prose.\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "007_notes.txt:1: unknown corpus format: no `**Qn:`, `### Question n:`, `### Qn:` + `Depth`, or `## n.` question headings"
        );
    }

    #[test]
    fn bad_file_name_is_rejected() {
        let err = parse_file("_x.txt", "**Q1: a?**\nb\n").unwrap_err();
        assert!(err.to_string().starts_with("_x.txt:1: file name"), "{err}");
    }

    #[test]
    fn formats_are_detected_from_content() {
        let f = parse_file("009_x.txt", "**Q1: What?**\nThat.\n").unwrap();
        assert_eq!(f.format, Format::Summary);
        assert_eq!(f.prefix, "009");
        let f = parse_file("009_x.txt", "### Question 3: What?\n**Answer:**\nThat.\n").unwrap();
        assert_eq!(f.format, Format::Expanded);
        let f = parse_file("009_x.txt", "## 1. What?\nThat.\n").unwrap();
        assert_eq!(f.format, Format::LongForm);
        let f = parse_file(
            "009_x.txt",
            "### Q1: What?\n**Answer:**\nThat.\n#### Depth 1\n**Q:** Why?\n**A:** Because.\n",
        )
        .unwrap();
        assert_eq!(f.format, Format::Chains);
    }

    #[test]
    fn real_files_parse_to_the_expected_counts_without_mojibake() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        names.sort();
        let mut counts = Vec::new();
        for name in names {
            let content = std::fs::read_to_string(dir.join(&name)).unwrap();
            let f = parse_file(&name, &content).unwrap();
            for q in &f.questions {
                for text in [&q.prompt, &q.answer, &q.section] {
                    assert_eq!(crate::text::mojibake_count(text), 0, "{}: {text}", q.key);
                }
            }
            counts.push((f.prefix, f.format, f.questions.len()));
        }
        let want = [
            ("000", Format::Expanded, 50),
            ("001", Format::Summary, 893),
            ("002", Format::Chains, 101),
            ("003", Format::LongForm, 100),
            ("004", Format::Expanded, 50),
        ];
        let got: Vec<_> = counts
            .iter()
            .map(|(p, f, n)| (p.as_str(), *f, *n))
            .collect();
        assert_eq!(got, want);
    }
}
