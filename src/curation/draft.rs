//! A rubric as the workbench's editor shows it and reads it back: per criterion the label,
//! weight, terms (one per line), `expects`, wrong claims (one per line, `pattern => example =>
//! correction`; `|` is the pattern language's "or") and probe. Criteria keep their ids, phase and subject; the rubric's other fields
//! are the current rubric's. A draft is checked like `rubrics check` checks a file. Pure.

use std::collections::HashMap;

use crate::rubric::Rubric;
use crate::rubric::check::rubric_problems;
use crate::rubric::model::Misconception;
use crate::rubric::pattern;
use crate::rubric::store::StoredRubric;

/// Separates the pattern, example and correction of a wrong claim on its line.
pub const WRONG_SEP: &str = "=>";

/// One criterion in the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionForm {
    pub index: usize,
    pub id: String,
    pub label: String,
    pub weight: String,
    pub terms: String,
    pub expects: String,
    pub wrong: String,
    pub probe: String,
}

/// The editor's fields of a rubric.
pub fn form_of(r: &Rubric) -> Vec<CriterionForm> {
    r.criteria
        .iter()
        .enumerate()
        .map(|(index, c)| CriterionForm {
            index,
            id: c.id.clone(),
            label: c.label.clone(),
            weight: format!("{}", c.weight),
            terms: c.terms.join("\n"),
            expects: c.expects.clone(),
            wrong: c
                .wrong
                .iter()
                .map(|w| {
                    format!(
                        "{} {WRONG_SEP} {} {WRONG_SEP} {}",
                        w.pattern, w.example, w.correction
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            probe: c.probe.clone(),
        })
        .collect()
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// Reads the editor's fields (`c{i}_label`, `c{i}_weight`, ...) over `current`: the draft, or
/// every problem found (a field that does not read, or what `rubrics check` says of it).
pub fn read(current: &Rubric, fields: &[(String, String)]) -> Result<Rubric, Vec<String>> {
    let f: HashMap<&str, &str> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut draft = current.clone();
    let mut errors = Vec::new();
    for (i, c) in draft.criteria.iter_mut().enumerate() {
        let get = |name: &str| f.get(format!("c{i}_{name}").as_str()).copied();
        if let Some(v) = get("label") {
            c.label = v.trim().to_string();
        }
        if let Some(v) = get("weight") {
            match v.trim().parse::<f32>() {
                Ok(w) if w.is_finite() && w > 0.0 && w <= 10.0 => c.weight = w,
                _ => errors.push(format!(
                    "criterion `{}`: the weight {v:?} is not a number above 0 and at most 10",
                    c.id
                )),
            }
        }
        if let Some(v) = get("terms") {
            c.terms = lines(v).map(str::to_string).collect();
            for t in &c.terms {
                if let Err(e) = pattern::parse(t) {
                    errors.push(format!(
                        "criterion `{}`: the term {t:?} does not read: {e}",
                        c.id
                    ));
                }
            }
        }
        if let Some(v) = get("expects") {
            c.expects = v.trim().to_string();
        }
        if let Some(v) = get("probe") {
            c.probe = v.trim().to_string();
        }
        if let Some(v) = get("wrong") {
            c.wrong.clear();
            for l in lines(v) {
                let parts: Vec<&str> = l.split(WRONG_SEP).map(str::trim).collect();
                match parts.as_slice() {
                    [p, example, correction] => c.wrong.push(Misconception {
                        pattern: p.to_string(),
                        example: example.to_string(),
                        correction: correction.to_string(),
                    }),
                    _ => errors.push(format!(
                        "criterion `{}`: the wrong claim {l:?} is not `pattern => example => correction`",
                        c.id
                    )),
                }
            }
        }
    }
    if errors.is_empty() {
        errors = rubric_problems(&StoredRubric::from_rubric(&draft), false);
    }
    if errors.is_empty() {
        Ok(draft)
    } else {
        Err(errors)
    }
}

/// `rubric` with `phrase` added to the terms of criterion `criterion` (unless there already).
pub fn with_term(rubric: &Rubric, criterion: &str, phrase: &str) -> Result<Rubric, Vec<String>> {
    let mut r = rubric.clone();
    let Some(c) = r.criteria.iter_mut().find(|c| c.id == criterion) else {
        return Err(vec![format!(
            "the rubric has no criterion `{criterion}` any more"
        )]);
    };
    if let Err(e) = pattern::parse(phrase) {
        return Err(vec![format!(
            "the phrase {phrase:?} does not read as a term: {e}"
        )]);
    }
    if !c.terms.iter().any(|t| t == phrase) {
        c.terms.push(phrase.to_string());
    }
    let problems = rubric_problems(&StoredRubric::from_rubric(&r), false);
    if problems.is_empty() {
        Ok(r)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::model::Criterion;

    fn rubric() -> Rubric {
        let mut r = Rubric::new(
            "q1",
            "How do you cache?",
            "caching",
            vec![
                Criterion::new(
                    "ttl",
                    "Expiry with a TTL",
                    2.0,
                    &["ttl", "time to live"],
                    "Set a TTL so stale data expires.",
                ),
                Criterion::new(
                    "evict",
                    "Eviction policy choice",
                    1.0,
                    &["lru"],
                    "Evict with LRU when the cache is full.",
                ),
                Criterion::new(
                    "inval",
                    "Invalidation on writes",
                    1.0,
                    &["invalidat*"],
                    "Invalidate entries when the source changes.",
                ),
            ],
        );
        r.criteria[2].wrong.push(Misconception {
            pattern: "cache (is|as) (the)? source of truth".into(),
            example: "The cache is the source of truth.".into(),
            correction: "The database is.".into(),
        });
        r
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_form_reads_back_to_the_same_rubric() {
        let r = rubric();
        let mut pairs = Vec::new();
        for c in form_of(&r) {
            let i = c.index;
            pairs.push((format!("c{i}_label"), c.label));
            pairs.push((format!("c{i}_weight"), c.weight));
            pairs.push((format!("c{i}_terms"), c.terms));
            pairs.push((format!("c{i}_expects"), c.expects));
            pairs.push((format!("c{i}_wrong"), c.wrong));
            pairs.push((format!("c{i}_probe"), c.probe));
        }
        assert_eq!(read(&r, &pairs).unwrap(), r);
    }

    #[test]
    fn edits_apply_and_bad_fields_are_named() {
        let r = rubric();
        let d = read(
            &r,
            &fields(&[
                ("c1_terms", "lru\n\nleast recently used\n"),
                ("c0_weight", "1.5"),
            ]),
        )
        .unwrap();
        assert_eq!(d.criteria[1].terms, vec!["lru", "least recently used"]);
        assert_eq!(d.criteria[0].weight, 1.5);
        let errs = read(
            &r,
            &fields(&[("c0_weight", "heavy"), ("c2_wrong", "just one part")]),
        )
        .unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("`ttl`") && errs[1].contains("`inval`"));
    }

    #[test]
    fn a_term_is_added_once() {
        let r = rubric();
        let d = with_term(&r, "evict", "least recently used").unwrap();
        assert_eq!(d.criteria[1].terms, vec!["lru", "least recently used"]);
        assert_eq!(with_term(&d, "evict", "least recently used").unwrap(), d);
        assert!(with_term(&r, "gone", "x").is_err());
    }
}
