//! `rubrics check`, the format half: validates a rubric directory and lists every problem with
//! file, line, question and criterion. (The golden tests, which grade answers made from each
//! rubric, live in `grader::golden`; the CLI runs both.)
//!
//! Checked for every rubric: TOML parses (lexicon files too); question ids unique; 3-8 criteria
//! with unique ids, positive finite weights, terms and `wrong` patterns that parse, an `expects`
//! of at most 200 characters that differs from its label and from its siblings'. Curated rubrics
//! also need a label that is more than one word and does not sit inside a sibling's label, a
//! `probe` that is a question, an example and a correction for every `wrong` claim, and a `note`
//! when the question has no reference answer. Given the corpus ids, every corpus question must
//! have a rubric and every rubric a question.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use super::error::RubricError;
use super::lexicon::Lexicon;
use super::model::{Criterion, Origin};
use super::pattern;
use super::store::{StoredRubric, parse_file, rubric_files};
use crate::text::words;

/// Criteria a rubric must have, at least and at most.
pub const MIN_CRITERIA: usize = 3;
pub const MAX_CRITERIA: usize = 8;
/// Longest `expects`, in characters.
pub const MAX_EXPECTS: usize = 200;

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

/// A rubric as read, with where it was read from.
#[derive(Debug, Clone)]
pub struct Located {
    pub rubric: StoredRubric,
    pub file: PathBuf,
    pub line: Option<usize>,
}

/// What a check run found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub files: usize,
    pub rubrics: usize,
    pub criteria: usize,
    pub problems: Vec<Problem>,
    /// Every rubric read, curated ones first (for the golden tests and stats).
    pub read: Vec<Located>,
}

/// What the corpus says about the questions, for the checks that need it.
#[derive(Debug, Clone, Default)]
pub struct CorpusFacts {
    pub ids: Vec<String>,
    /// Questions without any reference answer.
    pub without_reference: HashSet<String>,
}

fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle)
        .map(|i| text[..i].bytes().filter(|&b| b == b'\n').count() + 1)
}

/// Checks the rubric directory against the corpus, when known.
pub fn check_dir(dir: &Path, corpus: Option<&CorpusFacts>) -> Report {
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
    // question id -> (origin, file)
    let mut seen: HashMap<String, (Origin, PathBuf)> = HashMap::new();
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
        for r in rubrics {
            let line = line_of(&text, &format!("id = \"{}\"", r.id));
            match seen.get(&r.id) {
                Some((Origin::Curated, _)) if r.origin == Origin::Extracted => continue,
                Some((_, other)) => {
                    report.problems.push(problem(
                        path,
                        line,
                        format!("question `{}` is also defined in {}", r.id, other.display()),
                    ));
                    continue;
                }
                None => {
                    seen.insert(r.id.clone(), (r.origin, path.clone()));
                }
            }
            report.rubrics += 1;
            report.criteria += r.criteria.len();
            let no_reference = corpus.is_some_and(|c| c.without_reference.contains(&r.id));
            for m in rubric_problems(&r, no_reference) {
                report.problems.push(problem(path, line, m));
            }
            report.read.push(Located {
                rubric: r,
                file: path.clone(),
                line,
            });
        }
    }
    if let Some(facts) = corpus {
        for id in &facts.ids {
            if !seen.contains_key(id) {
                report.problems.push(problem(
                    dir,
                    None,
                    format!("corpus question `{id}` has no rubric"),
                ));
            }
        }
        let known: HashSet<&String> = facts.ids.iter().collect();
        let mut extra: Vec<(&String, &PathBuf)> = seen
            .iter()
            .filter(|(id, _)| !known.contains(id))
            .map(|(id, (_, p))| (id, p))
            .collect();
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

/// The words of a text, normalised, for comparing labels and sentences.
fn norm_words(text: &str) -> Vec<String> {
    words(text)
}

/// Whether `inner`'s words appear as a contiguous run in `outer`'s.
fn contains_run(outer: &[String], inner: &[String]) -> bool {
    !inner.is_empty() && inner.len() < outer.len() && outer.windows(inner.len()).any(|w| w == inner)
}

/// Share of `a`'s distinct words that `b` also has.
fn overlap(a: &[String], b: &[String]) -> f32 {
    let a: HashSet<&String> = a.iter().collect();
    let b: HashSet<&String> = b.iter().collect();
    if a.is_empty() {
        return 0.0;
    }
    a.intersection(&b).count() as f32 / a.len() as f32
}

/// Whether a label is a single word (an acronym or a common word: neither names a concept the
/// way an interviewer would).
pub fn is_single_word_label(label: &str) -> bool {
    norm_words(label).len() <= 1
}

/// Problems of one rubric, as messages naming the question and criterion.
pub fn rubric_problems(r: &StoredRubric, no_reference: bool) -> Vec<String> {
    let mut out = Vec::new();
    let q = &r.id;
    let curated = r.origin == Origin::Curated;
    if r.id.trim().is_empty() {
        out.push("question with an empty id".to_string());
    }
    if r.prompt.trim().is_empty() {
        out.push(format!("question `{q}`: empty prompt"));
    }
    if curated && no_reference && r.note.trim().is_empty() {
        out.push(format!(
            "question `{q}`: the corpus has no reference answer for it, so the rubric needs a \
             `note` saying what it was written from"
        ));
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
        if ids.contains(&c.id.as_str()) {
            out.push(format!(
                "question `{q}`: criterion id `{}` is used twice",
                c.id
            ));
        }
        ids.push(&c.id);
        criterion_problems(r, c, curated, &mut out);
    }
    out
}

fn criterion_problems(r: &StoredRubric, c: &Criterion, curated: bool, out: &mut Vec<String>) {
    let at = format!("question `{}`, criterion `{}`", r.id, c.id);
    if c.id.trim().is_empty() {
        out.push(format!("question `{}`: a criterion has an empty id", r.id));
    }
    if !(c.weight.is_finite() && c.weight > 0.0) {
        out.push(format!("{at}: weight {} must be positive", c.weight));
    }
    let label = norm_words(&c.label);
    if label.is_empty() {
        out.push(format!("{at}: empty label"));
    } else if curated && label.len() == 1 {
        out.push(format!(
            "{at}: label `{}` is a single word; name the concept as an interviewer would",
            c.label
        ));
    }
    if c.terms.is_empty() {
        out.push(format!("{at}: no terms"));
    }
    for t in &c.terms {
        if let Err(e) = pattern::parse(t) {
            out.push(format!("{at}: term `{t}` does not parse: {e}"));
        }
    }
    if let Some(subject) = &c.subject
        && let Err(e) = pattern::parse(subject)
    {
        out.push(format!("{at}: subject `{subject}` does not parse: {e}"));
    }
    let expects = c.expects.trim();
    let expects_words = norm_words(expects);
    if expects.is_empty() {
        out.push(format!("{at}: empty `expects`"));
    } else {
        if expects.chars().count() > MAX_EXPECTS {
            out.push(format!(
                "{at}: `expects` has {} characters, at most {MAX_EXPECTS}",
                expects.chars().count()
            ));
        }
        if curated && overlap(&expects_words, &label) >= 0.9 {
            out.push(format!("{at}: `expects` only repeats the label"));
        }
    }
    for s in &r.criteria {
        if s.id == c.id {
            continue;
        }
        let other = norm_words(&s.label);
        if curated && contains_run(&other, &label) {
            out.push(format!(
                "{at}: label `{}` sits inside the label of `{}` (`{}`)",
                c.label, s.id, s.label
            ));
        }
        let theirs = norm_words(&s.expects);
        if curated
            && !expects_words.is_empty()
            && s.id > c.id
            && overlap(&expects_words, &theirs).min(overlap(&theirs, &expects_words)) >= 0.8
        {
            out.push(format!("{at}: `expects` is the same as `{}`'s", s.id));
        }
    }
    if curated {
        let probe = c.probe.trim();
        if probe.is_empty() {
            out.push(format!("{at}: no `probe`"));
        } else if !probe.ends_with('?') {
            out.push(format!("{at}: `probe` is not a question (end it with `?`)"));
        }
    }
    for (k, w) in c.wrong.iter().enumerate() {
        let k = k + 1;
        if let Err(e) = pattern::parse(&w.pattern) {
            out.push(format!(
                "{at}: wrong claim {k}: pattern `{}` does not parse: {e}",
                w.pattern
            ));
        }
        if w.example.trim().is_empty() {
            out.push(format!("{at}: wrong claim {k} has no `example`"));
        }
        if w.correction.trim().is_empty() {
            out.push(format!("{at}: wrong claim {k} has no `correction`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Difficulty;
    use crate::rubric::model::Misconception;

    fn criterion(id: &str, label: &str, expects: &str) -> Criterion {
        Criterion {
            id: id.into(),
            label: label.into(),
            weight: 1.0,
            phase: None,
            subject: None,
            terms: vec![format!("{id} term")],
            expects: expects.into(),
            wrong: vec![Misconception {
                pattern: format!("{id} (is|are) useless"),
                example: format!("The {id} is useless."),
                correction: "It is not.".into(),
            }],
            probe: format!("Why does {id} matter?"),
        }
    }

    fn good() -> StoredRubric {
        StoredRubric {
            id: "q1".into(),
            prompt: "How do caches stay fresh?".into(),
            topic: "caching".into(),
            difficulty: Difficulty::Easy,
            sources: vec!["q1".into()],
            origin: Origin::Curated,
            note: String::new(),
            followup: String::new(),
            fingerprint: String::new(),
            criteria: vec![
                criterion(
                    "ttl",
                    "Expiry with a TTL",
                    "A TTL bounds how stale an entry can get, so readers see fresh data eventually.",
                ),
                criterion(
                    "invalidation",
                    "Invalidation on write",
                    "Deleting the cached entry when the source changes keeps readers from stale values.",
                ),
                criterion(
                    "stampede",
                    "Protection against a stampede",
                    "When a hot key expires, request coalescing stops thousands of misses hitting the database.",
                ),
            ],
        }
    }

    #[test]
    fn a_well_formed_curated_rubric_has_no_problems() {
        assert_eq!(rubric_problems(&good(), false), Vec::<String>::new());
    }

    #[test]
    fn each_rule_is_reported_with_question_and_criterion() {
        let mut r = good();
        r.criteria[0].label = "Purpose".into();
        r.criteria[1].label = "Stampede".into(); // a single word, and inside a sibling's label
        r.criteria[2].weight = 0.0;
        r.criteria[0].expects = "x".repeat(201);
        r.criteria[1].expects = "Stampede.".into();
        r.criteria[2].probe = "Tell me about stampedes.".into();
        r.criteria[2].terms.push("(unclosed".into());
        r.criteria[0].wrong[0].correction = String::new();
        r.criteria[1].wrong[0].pattern = "!nothing".into();
        let p = rubric_problems(&r, true);
        for needle in [
            "criterion `ttl`: label `Purpose` is a single word",
            "criterion `invalidation`: label `Stampede` sits inside the label of `stampede`",
            "criterion `stampede`: weight 0 must be positive",
            "criterion `ttl`: `expects` has 201 characters",
            "criterion `invalidation`: `expects` only repeats the label",
            "criterion `stampede`: `probe` is not a question",
            "criterion `stampede`: term `(unclosed` does not parse",
            "criterion `ttl`: wrong claim 1 has no `correction`",
            "criterion `invalidation`: wrong claim 1: pattern `!nothing` does not parse",
            "question `q1`: the corpus has no reference answer",
        ] {
            assert!(
                p.iter().any(|m| m.contains(needle)),
                "{needle} not in {p:#?}"
            );
        }
    }

    #[test]
    fn counts_ids_and_twin_expects() {
        let mut r = good();
        r.criteria.truncate(2);
        r.criteria[1].id = "ttl".into();
        r.criteria[1].expects = r.criteria[0].expects.clone();
        let p = rubric_problems(&r, false);
        assert!(
            p.iter().any(|m| m.contains("2 criteria, at least 3")),
            "{p:?}"
        );
        assert!(p.iter().any(|m| m.contains("`ttl` is used twice")), "{p:?}");
        let mut r = good();
        r.criteria[2].expects = r.criteria[1].expects.to_uppercase();
        let p = rubric_problems(&r, false);
        assert!(p.iter().any(|m| m.contains("the same as")), "{p:?}");
        let mut r = good();
        while r.criteria.len() < 9 {
            let mut c = r.criteria[0].clone();
            c.id = format!("extra-{}", r.criteria.len());
            c.label = format!("Extra concept number {}", r.criteria.len());
            c.expects = format!(
                "Entirely different sentence {} about other things.",
                r.criteria.len()
            );
            r.criteria.push(c);
        }
        assert!(
            rubric_problems(&r, false)
                .iter()
                .any(|m| m.contains("at most 8"))
        );
    }

    #[test]
    fn drafts_are_held_to_the_format_only() {
        let mut r = good();
        r.origin = Origin::Extracted;
        r.criteria[0].label = "Purpose".into();
        r.criteria[0].probe = String::new();
        r.criteria[1].expects = r.criteria[0].expects.clone();
        r.criteria[2].expects = "Protection against a stampede.".into();
        assert_eq!(rubric_problems(&r, true), Vec::<String>::new());
    }
}
