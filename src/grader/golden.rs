//! The golden tests `rubrics check` runs on every curated rubric (see `rubrics/README.md`):
//!
//! 1. the criteria's `expects` sentences joined into one answer meet every criterion and score at
//!    least [`EXPECTS_MIN`];
//! 2. each `wrong` example put in place of its criterion's sentence contradicts that criterion and
//!    lowers the score by at least the criterion's share of the weight (of 10 points);
//! 3. each example negated ("It is not true that ...") contradicts nothing;
//! 4. a bare list of the terms is flagged as a keyword dump and scores below [`DUMP_MAX`];
//! 5. no `wrong` pattern fires on the question's reference answers.

use super::compiled::CompiledRubric;
use super::engine::Grader;
use super::judgment::{Flag, Judgment, Verdict};
use super::negation::{Cues, claim_asserted};
use super::patterns::{Answer, sentences};
use crate::rubric::Rubric;
use crate::rubric::pattern;
use crate::text::tokenize::tokenize;

/// Least score of the answer made of the `expects` sentences.
pub const EXPECTS_MIN: f32 = 8.5;
/// A bare term list must score below this.
pub const DUMP_MAX: f32 = 3.5;

/// One failed golden test.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The criterion it concerns, when one.
    pub criterion: Option<String>,
    pub message: String,
}

fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// The answer made of every criterion's `expects`, with criterion `swap`'s replaced.
fn expects_answer(rubric: &Rubric, swap: Option<(usize, &str)>) -> String {
    rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| match swap {
            Some((j, text)) if i == j => sentence(text),
            _ => sentence(&c.expects),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn negated(example: &str) -> String {
    let t = example.trim();
    let mut c = t.chars();
    let lowered = match c.next() {
        Some(f)
            if t.split_whitespace()
                .next()
                .is_some_and(|w| w.chars().skip(1).all(|x| !x.is_uppercase())) =>
        {
            f.to_lowercase().collect::<String>() + c.as_str()
        }
        _ => t.to_string(),
    };
    format!("It is not true that {lowered}")
}

fn verdicts(j: &Judgment) -> String {
    j.criteria
        .iter()
        .map(|c| format!("{} {}", c.id, c.verdict.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs the golden tests of one rubric; `references` are the question's reference answers.
pub fn check(grader: &Grader, rubric: &Rubric, references: &[&str]) -> Vec<Failure> {
    let mut out = Vec::new();
    let fail = |criterion: Option<&str>, message: String| Failure {
        criterion: criterion.map(str::to_string),
        message,
    };
    let total = rubric.total_weight();
    let base = grader.grade(rubric, &expects_answer(rubric, None));
    for c in &base.criteria {
        if c.verdict != Verdict::Met {
            out.push(fail(
                Some(&c.id),
                format!(
                    "the expects answer leaves it {} (its `expects` should state one of its terms)",
                    c.verdict.as_str()
                ),
            ));
        }
    }
    if base.score < EXPECTS_MIN {
        out.push(fail(
            None,
            format!(
                "the expects answer scores {:.1}, below {EXPECTS_MIN} ({}; flags {:?})",
                base.score,
                verdicts(&base),
                base.flags
            ),
        ));
    }
    for (i, c) in rubric.criteria.iter().enumerate() {
        let share = 10.0 * c.weight.max(0.0) / total.max(f32::EPSILON);
        for (k, w) in c.wrong.iter().enumerate() {
            let k = k + 1;
            let j = grader.grade(rubric, &expects_answer(rubric, Some((i, &w.example))));
            let v = j.criteria[i].verdict;
            if v != Verdict::Contradicted {
                out.push(fail(
                    Some(&c.id),
                    format!(
                        "wrong claim {k}: its example leaves the criterion {} (the pattern `{}` \
                         must match \u{201C}{}\u{201D})",
                        v.as_str(),
                        w.pattern,
                        w.example
                    ),
                ));
            } else if base.score - j.score < share - 0.05 {
                out.push(fail(
                    Some(&c.id),
                    format!(
                        "wrong claim {k}: its example lowers the score by {:.1}, less than the \
                         criterion's share {share:.1}",
                        base.score - j.score
                    ),
                ));
            }
            let denied = grader.grade(
                rubric,
                &expects_answer(rubric, Some((i, &negated(&w.example)))),
            );
            if let Some(x) = denied
                .criteria
                .iter()
                .find(|x| x.verdict == Verdict::Contradicted)
            {
                out.push(fail(
                    Some(&c.id),
                    format!(
                        "wrong claim {k}: \u{201C}{}\u{201D} still contradicts `{}`",
                        negated(&w.example),
                        x.id
                    ),
                ));
            }
        }
    }
    let dump: Vec<String> = rubric
        .criteria
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| pattern::plain(t)))
        .filter(|t| !t.is_empty())
        .collect();
    let dumped = grader.grade(rubric, &dump.join(", "));
    if !dumped.flags.contains(&Flag::KeywordDump) || dumped.score >= DUMP_MAX {
        out.push(fail(
            None,
            format!(
                "a bare list of the terms scores {:.1} with flags {:?}; it must be flagged as a \
                 keyword dump and score below {DUMP_MAX}",
                dumped.score, dumped.flags
            ),
        ));
    }
    let compiled = grader.compile(rubric);
    for text in references {
        for (c, k, quote) in wrong_claims_in(rubric, &compiled, text) {
            out.push(fail(
                Some(&c),
                format!(
                    "wrong claim {k} fires on the question's own reference answer: \u{201C}{quote}\u{201D}"
                ),
            ));
        }
    }
    out
}

/// Every asserted wrong claim in `text`: (criterion id, 1-based claim number, the words).
pub fn wrong_claims_in(
    rubric: &Rubric,
    compiled: &CompiledRubric,
    text: &str,
) -> Vec<(String, usize, String)> {
    let tokens = tokenize(text);
    let active = vec![true; tokens.len()];
    let words = compiled.vocab.words(&tokens, &active);
    let sents = sentences(&tokens);
    let a = Answer {
        tokens: &tokens,
        active: &active,
        sentences: &sents,
        words: &words,
    };
    let cues = Cues::of(text, &tokens);
    let mut out = Vec::new();
    for (c, cc) in rubric.criteria.iter().zip(&compiled.criteria) {
        for (k, w) in cc.wrong.iter().enumerate() {
            let Some(w) = w else { continue };
            if let Some(m) = w
                .find(&a)
                .into_iter()
                .find(|m| claim_asserted(&tokens, &cues, m.first, m.last, &m.tokens))
            {
                let quote = text[tokens[m.first].start..tokens[m.last].end].to_string();
                out.push((c.id.clone(), k + 1, quote));
            }
        }
    }
    out
}
