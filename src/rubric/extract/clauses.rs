//! Short references as claims. A reference of a few plain sentences ("The block inside a
//! do...while statement will execute at least once.") states one or a few claims; it is not a
//! list of concepts, and cutting it into noun phrases leaves fragments ("Block inside", "Least
//! once") that an answer in other words never meets. Each clause becomes one criterion: its label
//! and `expects` are the clause itself, and the grader meets it when an answer states enough of
//! the clause's specific words close together (the paraphrase rule of `expects`, see
//! `grader::verdicts`). Such a rubric may have fewer than three criteria: a one-line reference
//! makes one or two claims, and padding it with fragments only adds criteria nobody can meet.

use crate::text::is_generic;
use crate::text::tokenize::tokenize;

use super::markdown::{capitalise, clip, split_sentences, strip_md};
use super::{MAX_CRITERIA, pattern, unique_slug};
use crate::rubric::model::Criterion;

/// A reference of at most this many words and sentences, in plain text, is read as claims.
pub(super) const SHORT_WORDS: usize = 60;
pub(super) const SHORT_SENTENCES: usize = 3;
/// Specific words a clause needs to stand as a claim of its own rather than join its neighbour.
const CLAUSE_WORDS: usize = 2;
/// Characters of a clause shown as a label.
const MAX_LABEL: usize = 100;
/// Connectives that start a clause of their own after a comma ("…, whereas a function …").
/// Not "and" or "or" alone: after a comma they end a list ("images, CSS, and JS files").
const CONNECTIVES: &[&str] = &["and then", "but", "so", "then", "which", "whereas", "while"];

/// Whether the reference lines are a few plain sentences: no headings, tables, bullets or bold
/// terms (structure that names concepts), at most [`SHORT_WORDS`] words and
/// [`SHORT_SENTENCES`] sentences.
pub(super) fn is_short(lines: &[String]) -> bool {
    let structured = lines.iter().any(|l| {
        let t = l.trim_start();
        t.starts_with('#')
            || t.starts_with('|')
            || ["* ", "- ", "+ ", "*\t", "-\t"]
                .iter()
                .any(|m| t.starts_with(m))
            || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.contains(". ")
            || t.contains("**")
    });
    let text = lines.join(" ");
    !structured
        && !lines.is_empty()
        && text.split_whitespace().count() <= SHORT_WORDS
        && split_sentences(&protect(&text)).len() <= SHORT_SENTENCES
}

/// "e.g." and "i.e." end no sentence.
fn protect(text: &str) -> String {
    text.replace("e.g.", "eg").replace("i.e.", "ie")
}

/// The words of `text` that say something specific: not function words, not generic, not the
/// question's.
fn specific_words(text: &str, question: &[String]) -> usize {
    let mut seen: Vec<String> = Vec::new();
    for t in tokenize(text) {
        if t.stop || is_generic(&t.norm) || question.iter().any(|q| q == t.stem) {
            continue;
        }
        if !seen.iter().any(|s| s == t.stem) {
            seen.push(t.stem.to_string());
        }
    }
    seen.len()
}

/// A parenthesis in a one-line reference is an aside ("(attributes)", "(phase 5)"): no part
/// of the claim an answer must state.
fn drop_asides(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
        .replace(" .", ".")
}

/// The clauses of the reference: its sentences, cut again after a comma or semicolon before a
/// connective ("…, whereas …", "…, so …", "…; …") when both sides keep [`CLAUSE_WORDS`]
/// specific words.
pub(super) fn clauses(lines: &[String], question: &[String]) -> Vec<String> {
    let text = protect(&drop_asides(&strip_md(&lines.join(" "))));
    let mut out: Vec<String> = Vec::new();
    for sentence in split_sentences(&text) {
        let pieces = cut(sentence.trim_end_matches(['.', ';', '!', '?', ':']));
        let mut merged: Vec<String> = Vec::new();
        for p in pieces {
            let p = p.trim().trim_matches(',').trim().to_string();
            if p.is_empty() {
                continue;
            }
            match merged.last_mut() {
                Some(prev)
                    if specific_words(&p, question) < CLAUSE_WORDS
                        || specific_words(prev, question) < CLAUSE_WORDS =>
                {
                    prev.push_str(", ");
                    prev.push_str(&p);
                }
                _ => merged.push(p),
            }
        }
        out.extend(merged);
    }
    // more clauses than a rubric holds: the last ones join the last criterion
    while out.len() > MAX_CRITERIA {
        let last = out.pop().unwrap_or_default();
        if let Some(prev) = out.last_mut() {
            prev.push_str(", ");
            prev.push_str(&last);
        }
    }
    out
}

/// Splits a sentence after each semicolon and each comma that a connective follows (the
/// connective stays with its clause).
fn cut(sentence: &str) -> Vec<String> {
    let lower = sentence.to_lowercase();
    let mut cuts: Vec<usize> = Vec::new();
    for (i, c) in lower.char_indices() {
        if c != ',' && c != ';' {
            continue;
        }
        let rest = lower[i + 1..].trim_start();
        if c == ';'
            || CONNECTIVES.iter().any(|w| {
                rest.strip_prefix(w)
                    .is_some_and(|r| r.starts_with(char::is_whitespace))
            })
        {
            cuts.push(i);
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for i in cuts {
        out.push(sentence[start..i].to_string());
        start = i + 1;
    }
    out.push(sentence[start..].to_string());
    out
}

/// The criteria of a short reference, one per clause with specific words; `None` when no clause
/// has any (the reference only repeats the question), so the caller falls back to phrases.
pub(super) fn criteria(lines: &[String], question: &[String]) -> Option<Vec<Criterion>> {
    let mut criteria: Vec<Criterion> = Vec::new();
    for clause in clauses(lines, question) {
        if specific_words(&clause, question) == 0 {
            continue;
        }
        let label = capitalise(&clip(&clause, MAX_LABEL));
        let term = pattern::plain(&clause);
        if term.is_empty() {
            continue;
        }
        let slug: String = label
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        criteria.push(Criterion {
            id: unique_slug(&slug, &criteria),
            label,
            weight: 1.0,
            phase: None,
            subject: None,
            terms: vec![term],
            expects: format!("{}.", capitalise(&clause)),
            wrong: Vec::new(),
            probe: String::new(),
        });
    }
    (!criteria.is_empty()).then_some(criteria)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    fn stems(q: &str) -> Vec<String> {
        crate::text::tokenize::phrase_stems(q)
    }

    #[test]
    fn plain_short_references_are_claims_and_structured_ones_are_not() {
        assert!(is_short(&lines(
            "The block inside a do...while statement will execute at least once."
        )));
        assert!(is_short(&lines("Abstraction and reusability.")));
        assert!(!is_short(&lines("**Encryption:** at rest and in transit.")));
        assert!(!is_short(&[
            "* first point here".to_string(),
            "* second".to_string()
        ]));
        assert!(!is_short(&lines(
            "One claim. Two claims. Three claims. Four claims are too many."
        )));
        assert!(!is_short(&lines(&"word ".repeat(SHORT_WORDS + 1))));
        // abbreviations end no sentence
        assert!(is_short(&lines(
            "A prototype includes the signature, i.e. the name. It has a body. It compiles."
        )));
    }

    #[test]
    fn sentences_split_at_connectives_when_both_sides_say_something() {
        let q = stems("What is the difference between a constructor and a function?");
        let c = clauses(
            &lines(
                "A constructor is called whenever an object is created, whereas a function \
                 needs to be called explicitly. Constructors do not have return type, but \
                 functions have to indicate a return type.",
            ),
            &q,
        );
        assert_eq!(
            c,
            [
                "A constructor is called whenever an object is created",
                "whereas a function needs to be called explicitly",
                // "return type" is too generic to stand alone: one claim
                "Constructors do not have return type, but functions have to indicate a return type",
            ]
        );
        // a short list item stays with its clause; an aside is dropped
        let c = clauses(
            &lines("Traverse the left subtree, then the root, then the right subtree."),
            &stems("What is the inorder traversal of a binary tree?"),
        );
        assert_eq!(
            c,
            [
                "Traverse the left subtree, then the root",
                "then the right subtree"
            ]
        );
        let c = clauses(
            &lines("It caches static content like images, CSS, and JS files near users."),
            &stems("What is a CDN?"),
        );
        assert_eq!(c.len(), 1, "a list is one clause: {c:?}");
        let c = clauses(
            &lines("Data members (attributes) and member functions."),
            &stems("What is typically included in a class definition?"),
        );
        assert_eq!(c, ["Data members and member functions"]);
    }

    #[test]
    fn each_clause_is_one_criterion_named_by_itself_and_never_a_fragment() {
        let q = stems("What is the main difference between a while and a do...while statement?");
        let c = criteria(
            &lines("The block inside a do...while statement will execute at least once."),
            &q,
        )
        .expect("a claim");
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(
            c[0].label,
            "The block inside a do...while statement will execute at least once"
        );
        assert_eq!(
            c[0].expects,
            "The block inside a do...while statement will execute at least once."
        );
        // a reference that only repeats the question has no claim of its own
        assert!(criteria(&lines("A while statement."), &q).is_none());
    }
}
