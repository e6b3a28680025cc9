//! `rubrics check`: validates a rubric directory and lists every problem with file and line.
//!
//! Checked: every TOML file parses (synonyms, acronyms, rubric files); question ids are unique
//! across files; each rubric has 3-12 criteria with unique ids, positive finite weights, a label,
//! at least one term, a hint, and a canonical term that is not made only of generic words; and,
//! when the corpus ids are given, every corpus question has a rubric and every rubric a question.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::error::RubricError;
use super::extract::{MAX_CRITERIA, MIN_CRITERIA, is_generic_phrase};
use super::lexicon::Lexicon;
use super::store::{StoredRubric, parse_file, rubric_files};

/// One problem found in the rubric directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file.display(), l, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// What a check run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: usize,
    pub rubrics: usize,
    pub criteria: usize,
    pub problems: Vec<Problem>,
}

fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle)
        .map(|i| text[..i].bytes().filter(|&b| b == b'\n').count() + 1)
}

/// Checks the rubric directory; `expected_ids` are the corpus question ids, when known.
pub fn check_dir(dir: &Path, expected_ids: Option<&[String]>) -> Report {
    let mut report = Report::default();
    let problem = |file: &Path, line: Option<usize>, message: String| Problem {
        file: file.to_path_buf(),
        line,
        message,
    };
    if let Err(e) = Lexicon::load(dir) {
        let p = match e {
            RubricError::Parse {
                path,
                line,
                message,
            } => problem(&path, Some(line), message),
            other => problem(dir, None, other.to_string()),
        };
        report.problems.push(p);
    }
    let files = match rubric_files(dir) {
        Ok(f) => f,
        Err(e) => {
            report.problems.push(problem(dir, None, e.to_string()));
            return report;
        }
    };
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for path in &files {
        report.files += 1;
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                report.problems.push(problem(path, None, e.to_string()));
                continue;
            }
        };
        let rubrics = match parse_file(path, &text) {
            Ok(r) => r,
            Err(RubricError::Parse { line, message, .. }) => {
                report.problems.push(problem(path, Some(line), message));
                continue;
            }
            Err(e) => {
                report.problems.push(problem(path, None, e.to_string()));
                continue;
            }
        };
        for r in &rubrics {
            report.rubrics += 1;
            report.criteria += r.criteria.len();
            let line = line_of(&text, &format!("id = \"{}\"", r.id));
            if let Some(other) = seen.get(&r.id) {
                report.problems.push(problem(
                    path,
                    line,
                    format!("question `{}` is also defined in {}", r.id, other.display()),
                ));
            } else {
                seen.insert(r.id.clone(), path.clone());
            }
            for m in rubric_problems(r) {
                report.problems.push(problem(path, line, m));
            }
        }
    }
    if let Some(ids) = expected_ids {
        for id in ids {
            if !seen.contains_key(id) {
                report.problems.push(problem(
                    dir,
                    None,
                    format!("corpus question `{id}` has no rubric"),
                ));
            }
        }
        let known: std::collections::HashSet<&String> = ids.iter().collect();
        let mut extra: Vec<(&String, &PathBuf)> =
            seen.iter().filter(|(id, _)| !known.contains(id)).collect();
        extra.sort();
        for (id, path) in extra {
            report.problems.push(problem(
                path,
                None,
                format!("rubric `{id}` matches no corpus question"),
            ));
        }
    }
    report
}

/// Problems of one rubric, as messages naming the question and criterion.
pub fn rubric_problems(r: &StoredRubric) -> Vec<String> {
    let mut out = Vec::new();
    let q = &r.id;
    if r.id.trim().is_empty() {
        out.push("question with an empty id".to_string());
    }
    if r.prompt.trim().is_empty() {
        out.push(format!("question `{q}`: empty prompt"));
    }
    let n = r.criteria.len();
    if n < MIN_CRITERIA {
        out.push(format!(
            "question `{q}`: {n} criteria, at least {MIN_CRITERIA} required"
        ));
    }
    if n > MAX_CRITERIA {
        out.push(format!(
            "question `{q}`: {n} criteria, at most {MAX_CRITERIA} allowed"
        ));
    }
    let mut ids: Vec<&str> = Vec::new();
    for c in &r.criteria {
        let cid = &c.id;
        if ids.contains(&cid.as_str()) {
            out.push(format!(
                "question `{q}`: criterion id `{cid}` is used twice"
            ));
        }
        ids.push(cid);
        if cid.trim().is_empty() {
            out.push(format!("question `{q}`: a criterion has an empty id"));
        }
        if !(c.weight.is_finite() && c.weight > 0.0) {
            out.push(format!(
                "question `{q}`: criterion `{cid}` has weight {}, must be positive",
                c.weight
            ));
        }
        if c.label.trim().is_empty() {
            out.push(format!(
                "question `{q}`: criterion `{cid}` has an empty label"
            ));
        }
        if c.hint.trim().is_empty() {
            out.push(format!(
                "question `{q}`: criterion `{cid}` has an empty hint"
            ));
        }
        match c.terms.first() {
            None => out.push(format!("question `{q}`: criterion `{cid}` has no terms")),
            Some(t) if t.trim().is_empty() => out.push(format!(
                "question `{q}`: criterion `{cid}` has an empty term"
            )),
            Some(t) if is_generic_phrase(t) => out.push(format!(
                "question `{q}`: criterion `{cid}` is made only of generic words (`{t}`)"
            )),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::SYNONYMS_FILE;
    use super::*;

    const GOOD: &str = r#"
[[question]]
id = "001-1"
prompt = "What is a CDN?"
topic = "caching"
difficulty = "easy"
sources = ["001-1"]
fingerprint = ""

[[question.criterion]]
id = "edge-servers"
label = "Edge servers"
weight = 2.0
terms = ["edge servers"]
hint = "Content is served close to users."

[[question.criterion]]
id = "static-content"
label = "Static content"
weight = 1.0
terms = ["static content"]
hint = "Images, CSS and JS are cached."

[[question.criterion]]
id = "origin-offload"
label = "Origin offload"
weight = 1.0
terms = ["origin offload"]
hint = "Fewer requests reach the origin."
"#;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SYNONYMS_FILE),
            include_str!("../../rubrics/synonyms.toml"),
        )
        .unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn a_good_directory_has_no_problems() {
        let dir = dir_with(&[("caching.toml", GOOD)]);
        let r = check_dir(dir.path(), Some(&["001-1".to_string()]));
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!((r.files, r.rubrics, r.criteria), (1, 1, 3));
    }

    #[test]
    fn each_rule_is_reported_with_file_and_line() {
        let bad = GOOD
            .replace("weight = 2.0", "weight = 0.0")
            .replace("id = \"static-content\"", "id = \"edge-servers\"")
            .replace(
                "terms = [\"origin offload\"]",
                "terms = [\"the system design data\"]",
            );
        let dir = dir_with(&[("caching.toml", &bad), ("other.toml", GOOD)]);
        let r = check_dir(
            dir.path(),
            Some(&["001-1".to_string(), "001-2".to_string()]),
        );
        let text: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        let has = |s: &str| text.iter().any(|t| t.contains(s));
        assert!(has("must be positive"), "{text:?}");
        assert!(has("used twice"), "{text:?}");
        assert!(has("only of generic words"), "{text:?}");
        assert!(has("also defined in"), "{text:?}");
        assert!(has("`001-2` has no rubric"), "{text:?}");
        assert!(
            text.iter().any(|t| t.contains("caching.toml:3:")),
            "line of the question: {text:?}"
        );
    }

    #[test]
    fn too_few_criteria_and_parse_errors() {
        let short = GOOD
            .split("[[question.criterion]]\nid = \"static-content\"")
            .next()
            .unwrap()
            .to_string();
        let dir = dir_with(&[
            ("a.toml", &short),
            ("b.toml", "[[question]]\nid = \"x\nprompt = 1\n"),
        ]);
        let r = check_dir(dir.path(), None);
        let text: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter().any(|t| t.contains("1 criteria, at least 3")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("b.toml:2:")), "{text:?}");
    }

    #[test]
    fn missing_directory_is_a_problem() {
        let r = check_dir(Path::new("/nonexistent/rubrics"), None);
        assert!(!r.problems.is_empty());
    }
}
