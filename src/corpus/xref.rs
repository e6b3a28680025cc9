//! Cross references between answers: `(Same as Q291).`, `(See Q103).`, `(Similar to Q372)`,
//! `(See Q272 & Q310)`, `(Same as Q664/Zapier)`. Question numbers always use the summary file's
//! numbering (000 and 004 number their questions after it), so `Qn` resolves to the question
//! holding source `<summary prefix>-n`.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

static REF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((?:same as|see also|see|similar to|refer to|cf\.?)\s+(Q\d+(?:\s*(?:&|and|,|/)\s*Q?\d+)*)[^)]*\)")
        .expect("regex")
});
static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("regex"));

/// Question numbers referred to in an answer, in order of appearance, without repeats.
pub fn find_refs(answer: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for caps in REF_RE.captures_iter(answer) {
        for m in NUMBER_RE.find_iter(&caps[1]) {
            if let Ok(n) = m.as_str().parse::<u32>()
                && !out.contains(&n)
            {
                out.push(n);
            }
        }
    }
    out
}

/// The outcome of resolving one answer's references.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    /// Indices of the referenced questions.
    pub targets: Vec<usize>,
    /// References that name no known question, as `Qn`.
    pub unresolved: Vec<String>,
}

/// Resolves the references of `answer` through `by_source` (source key -> question index).
pub fn resolve(
    answer: &str,
    summary_prefix: Option<&str>,
    by_source: &HashMap<String, usize>,
) -> Resolved {
    let mut out = Resolved::default();
    for n in find_refs(answer) {
        let target = summary_prefix.and_then(|p| by_source.get(&format!("{p}-{n}")));
        match target {
            Some(&i) if !out.targets.contains(&i) => out.targets.push(i),
            Some(_) => {}
            None => out.unresolved.push(format!("Q{n}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_reference_form_of_the_corpus() {
        assert_eq!(
            find_refs("(Same as Q291). Centralized deletion orchestration."),
            vec![291]
        );
        assert_eq!(find_refs("(See Q103). Captures causality."), vec![103]);
        assert_eq!(find_refs("*   **Saga Pattern:** (See Q329)."), vec![329]);
        assert_eq!(
            find_refs("(See Q272 & Q310). OpenTelemetry."),
            vec![272, 310]
        );
        assert_eq!(find_refs("(Same as Q664/Zapier)."), vec![664]);
        assert_eq!(
            find_refs("(Similar to Q372). Return `202 Accepted`."),
            vec![372]
        );
        assert_eq!(
            find_refs("Q12 mentioned without a reference form (not a ref)."),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn resolves_through_the_summary_numbering_and_reports_the_rest() {
        let by_source: HashMap<String, usize> = [
            ("001-272".to_string(), 5),
            ("001-310".to_string(), 7),
            ("001-311".to_string(), 7),
        ]
        .into();
        let r = resolve(
            "(See Q272 & Q310) and (See Q311) and (Same as Q999)",
            Some("001"),
            &by_source,
        );
        assert_eq!(r.targets, vec![5, 7]);
        assert_eq!(r.unresolved, vec!["Q999"]);
        let r = resolve("(See Q272)", None, &by_source);
        assert_eq!(r.unresolved, vec!["Q272"]);
    }
}
