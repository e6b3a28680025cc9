//! A rubric compiled once for fast grading: its vocabulary, each criterion's term, wrong-claim
//! and antonym patterns, the words of each `expects` (for own-words credit), the question's words
//! and the reference vocabulary the similarity signal counts.

use std::sync::Arc;

use super::patterns::Compiled;
use super::vocab::Vocab;
use crate::rubric::pattern;
use crate::rubric::{Lexicon, Rubric};
use crate::text::fasthash::FastSet;
use crate::text::is_generic;
use crate::text::tokenize::{phrase_stems, tokenize};

/// Longest term (in content words) whose antonym variants are checked.
const ANTONYM_TERM_WORDS: usize = 3;

#[derive(Debug, Clone)]
pub struct CompiledCriterion {
    pub terms: Vec<Compiled>,
    /// Aligned with the criterion's `wrong`; `None` for a pattern that does not parse.
    pub wrong: Vec<Option<Compiled>>,
    /// The criterion's short plain terms with one word swapped for its antonym ("CP" for "AP").
    pub antonyms: Vec<Compiled>,
    /// Specific words of `expects` (not generic, not the question's): stating several of them
    /// close together explains the concept without naming it.
    pub explanation: Vec<u32>,
    /// Words of `expects` the question states too: part of a reference's claim ("measure the
    /// running time"), never enough on their own (see `verdicts::own_words`).
    pub context: Vec<u32>,
    /// The thing the criterion defines, in a question comparing several (see `Criterion::subject`).
    pub subject: Option<Compiled>,
    /// Every term is made of the question's own words: naming it repeats the question.
    pub in_question: bool,
    /// A claim of a short reference (see `rubric::extract::clauses`): an extracted criterion
    /// whose one term is its whole `expects`, met by that sentence in other words.
    pub claim: bool,
    /// `expects` states a negation ("A node that has no children."): its words stand negated in
    /// an answer that states it.
    pub negative: bool,
}

#[derive(Debug, Clone)]
pub struct CompiledRubric {
    pub vocab: Vocab,
    pub criteria: Vec<CompiledCriterion>,
    /// Per criterion, its weight.
    pub weights: Vec<f32>,
    /// Whether half of a multi-word term counts as a partial mention: for extracted rubrics,
    /// whose terms are phrases lifted from the reference; a curated rubric lists the phrasings
    /// that count, and half of one ("based" of "hash based", "service" of "order service") is
    /// noise.
    pub partial_terms: bool,
    /// Ids of the question's content words.
    pub prompt_ids: Vec<u32>,
    pub prompt_words: usize,
    /// Reference vocabulary (terms, labels, `expects`, minus the question) with a weight per id.
    pub reference: Vec<(u32, f32)>,
    /// Distinctive stems of the rubric's topic across the bank (see `grader::topics`), if known.
    pub topic_stems: Option<Arc<FastSet<String>>>,
}

impl CompiledRubric {
    pub fn build(rubric: &Rubric, lexicon: &Lexicon) -> CompiledRubric {
        let mut vocab = Vocab::default();
        let prompt: Vec<String> = phrase_stems(&rubric.prompt);
        let mut prompt_ids: Vec<u32> = Vec::new();
        for s in &prompt {
            let id = vocab.intern(s);
            if !prompt_ids.contains(&id) {
                prompt_ids.push(id);
            }
        }
        let mut criteria = Vec::with_capacity(rubric.criteria.len());
        let mut reference: Vec<(u32, f32)> = Vec::new();
        let mut add_reference = |vocab: &mut Vocab, text: &str| {
            for t in tokenize(text).iter().filter(|t| !t.stop) {
                let id = vocab.intern_word(&t.norm, &t.stem);
                if prompt_ids.contains(&id) || reference.iter().any(|&(r, _)| r == id) {
                    continue;
                }
                reference.push((id, if is_generic(&t.norm) { 0.6 } else { 1.0 }));
            }
        };
        // words the rubric itself uses anywhere (any criterion's terms, labels, `expects`, the
        // question) are never a criterion's antonyms: "horizontal pod autoscaler" is no wrong
        // claim about "vertical pod autoscaler" when the rubric credits both
        let own: FastSet<String> = rubric
            .criteria
            .iter()
            .flat_map(|c| c.terms.iter().chain([&c.label, &c.expects]))
            .chain([&rubric.prompt])
            .flat_map(|t| crate::text::words(&pattern::plain(t)))
            .collect();
        for c in &rubric.criteria {
            let parsed: Vec<pattern::Pattern> = c
                .terms
                .iter()
                .filter_map(|t| pattern::parse(t).ok())
                .collect();
            let terms: Vec<Compiled> = parsed
                .iter()
                .map(|p| Compiled::build(p, &mut vocab, lexicon))
                .collect();
            let wrong = c
                .wrong
                .iter()
                .map(|w| Compiled::parse(&w.pattern, &mut vocab, lexicon))
                .collect();

            let mut antonyms = Vec::new();
            for p in &parsed {
                let Some(words) = p.plain_words() else {
                    continue;
                };
                let toks: Vec<crate::text::tokenize::Token> = words
                    .iter()
                    .flat_map(|w| tokenize(w))
                    .filter(|t| !t.stop)
                    .collect();
                if toks.is_empty() || toks.len() > ANTONYM_TERM_WORDS {
                    continue;
                }
                let stems: Vec<String> = toks.iter().map(|t| t.stem.to_string()).collect();
                for (i, t) in toks.iter().enumerate() {
                    for o in lexicon.opposites(&t.norm) {
                        if own.contains(o) {
                            continue;
                        }
                        antonyms.push(Compiled::from_stems(&stems, Some((i, o)), &mut vocab));
                    }
                }
            }
            let mut explanation: Vec<u32> = Vec::new();
            let mut context: Vec<u32> = Vec::new();
            for t in tokenize(&c.expects).iter().filter(|t| !t.stop) {
                if is_generic(&t.norm) {
                    continue;
                }
                let id = vocab.intern_word(&t.norm, &t.stem);
                let list = if prompt_ids.contains(&id) {
                    &mut context
                } else {
                    &mut explanation
                };
                if !list.contains(&id) {
                    list.push(id);
                }
            }
            add_reference(&mut vocab, &c.label);
            add_reference(&mut vocab, &c.expects);
            for t in &c.terms {
                add_reference(&mut vocab, &pattern::plain(t));
            }
            let subject = c
                .subject
                .as_deref()
                .and_then(|p| Compiled::parse(p, &mut vocab, lexicon));
            criteria.push(CompiledCriterion {
                terms,
                wrong,
                antonyms,
                explanation,
                context,
                subject,
                in_question: false,
                negative: tokenize(&c.expects).iter().any(|t| {
                    matches!(
                        t.norm.as_str(),
                        "no" | "not"
                            | "never"
                            | "without"
                            | "none"
                            | "nothing"
                            | "cannot"
                            | "can't"
                            | "don't"
                            | "doesn't"
                            | "isn't"
                            | "aren't"
                            | "neither"
                            | "nor"
                    )
                }),
                claim: rubric.origin == crate::rubric::Origin::Extracted
                    && matches!(c.terms.as_slice(), [t] if pattern::plain(t)
                        == pattern::plain(c.expects.trim_end_matches(['.', '!', '?']))),
            });
        }
        // a criterion one of whose terms the question itself states is named by repeating it
        let prompt_tokens = tokenize(&rubric.prompt);
        let active = vec![true; prompt_tokens.len()];
        let words = vocab.words(&prompt_tokens, &active);
        let sentences = super::patterns::sentences(&prompt_tokens);
        let question = super::patterns::Answer {
            tokens: &prompt_tokens,
            active: &active,
            sentences: &sentences,
            words: &words,
        };
        for c in &mut criteria {
            c.in_question = c.terms.iter().any(|t| !t.find(&question).is_empty());
        }
        CompiledRubric {
            vocab,
            criteria,
            weights: rubric.criteria.iter().map(|c| c.weight.max(0.0)).collect(),
            partial_terms: rubric.origin == crate::rubric::Origin::Extracted,
            prompt_ids,
            prompt_words: prompt.len(),
            reference,
            topic_stems: None,
        }
    }

    /// Too weak to anchor a partial mention: a generic word, a word of the question (repeating
    /// the question's subject is no evidence) or a short one ("once" of "at most once").
    pub fn is_weak(&self, id: u32) -> bool {
        self.vocab.is_generic(id)
            || self.prompt_ids.contains(&id)
            || self.vocab.stem(id).chars().count() < 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Difficulty;
    use crate::rubric::model::{Criterion, Origin};

    fn rubric(terms: &[&str], expects: &str) -> Rubric {
        Rubric {
            id: "q".into(),
            prompt: "What is the CAP trade-off for a social media feed?".into(),
            topic: "distributed".into(),
            difficulty: Difficulty::Easy,
            sources: vec![],
            origin: Origin::Curated,
            note: String::new(),
            criteria: vec![Criterion {
                id: "ap".into(),
                label: "Favour availability (AP)".into(),
                weight: 2.0,
                phase: None,
                subject: None,
                terms: terms.iter().map(|t| t.to_string()).collect(),
                expects: expects.into(),
                wrong: vec![],
                probe: String::new(),
            }],
            followup: String::new(),
        }
    }

    #[test]
    fn antonym_variants_skip_words_the_criterion_uses() {
        let c = CompiledRubric::build(
            &rubric(&["AP", "availability"], "A stale feed beats an error page."),
            &Lexicon::builtin(),
        );
        assert_eq!(c.criteria[0].antonyms.len(), 1, "CP for AP");
        // a criterion that names both sides has no antonym to assert
        let c = CompiledRubric::build(
            &rubric(
                &["AP"],
                "Choose AP over CP: a stale feed beats an error page.",
            ),
            &Lexicon::builtin(),
        );
        assert!(c.criteria[0].antonyms.is_empty());
    }

    #[test]
    fn explanation_words_leave_out_the_question_and_generic_words() {
        let c = CompiledRubric::build(
            &rubric(&["AP"], "A stale feed beats an error page for the user."),
            &Lexicon::builtin(),
        );
        let words: Vec<&str> = c.criteria[0]
            .explanation
            .iter()
            .map(|&id| c.vocab.stem(id))
            .collect();
        assert!(
            words.contains(&"stale") && words.contains(&"error"),
            "{words:?}"
        );
        assert!(!words.contains(&"feed"), "the question's word: {words:?}");
    }
}
