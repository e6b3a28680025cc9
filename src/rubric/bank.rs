//! Building the whole rubric bank from the corpus: one rubric per question, with the answers of
//! cross-referenced questions included, follow-up chain links, and acronyms collected corpus-wide.

use crate::corpus::{Corpus, Question};

use super::extract::from_references;
use super::lexicon::{AcronymEntry, Lexicon, find_acronym_definitions};
use super::model::Rubric;

/// `expects` of a draft criterion when the corpus has no reference answer for the question.
pub const NO_REFERENCE_HINT: &str = "The corpus has no reference answer for this question; this criterion comes from the question itself.";
/// The draft's `note` then.
pub const NO_REFERENCE_NOTE: &str =
    "No reference answer in the corpus: drafted from the question alone.";

/// Every acronym defined anywhere in the corpus ("Content Delivery Network (CDN)"), first
/// definition wins, sorted by acronym.
pub fn corpus_acronyms(corpus: &Corpus) -> Vec<AcronymEntry> {
    let mut out: Vec<AcronymEntry> = Vec::new();
    for q in &corpus.questions {
        let texts =
            std::iter::once(q.prompt.as_str()).chain(q.answers.iter().map(|a| a.markdown.as_str()));
        for text in texts {
            for a in find_acronym_definitions(text) {
                if !out.iter().any(|o| o.short.eq_ignore_ascii_case(&a.short)) {
                    out.push(a);
                }
            }
        }
    }
    out.sort();
    out
}

/// The rubric of one corpus question: extracted from its answers and those of the questions it
/// refers to; the follow-up is the next link of its chain.
pub fn rubric_for(q: &Question, corpus: &Corpus, lexicon: &Lexicon) -> Rubric {
    let answers = corpus.answer_content(q);
    let texts: Vec<&str> = answers.iter().map(|a| a.markdown.as_str()).collect();
    let mut rubric = if texts.is_empty() {
        let mut r = from_references(&q.prompt, &[q.prompt.as_str()], lexicon);
        for c in &mut r.criteria {
            c.expects = NO_REFERENCE_HINT.to_string();
        }
        r.note = NO_REFERENCE_NOTE.to_string();
        r
    } else {
        from_references(&q.prompt, &texts, lexicon)
    };
    rubric.id = q.id.clone();
    rubric.prompt = q.prompt.clone();
    rubric.topic = q.topic.clone();
    rubric.difficulty = q.difficulty;
    rubric.sources = q.sources.iter().map(|s| s.key.clone()).collect();
    rubric.followup = q
        .chain
        .as_ref()
        .and_then(|c| c.next.as_deref())
        .and_then(|id| corpus.get(id))
        .map(|n| n.prompt.clone())
        .unwrap_or_default();
    rubric
}

/// Rubrics for every question, and the lexicon extended with the corpus acronyms.
pub fn extract_all(corpus: &Corpus, synonyms: &Lexicon) -> (Vec<Rubric>, Lexicon) {
    let mut lexicon = synonyms.clone();
    for a in corpus_acronyms(corpus) {
        lexicon.add_acronym(&a.short, &a.long);
    }
    let rubrics = corpus
        .questions
        .iter()
        .map(|q| rubric_for(q, corpus, &lexicon))
        .collect();
    (rubrics, lexicon)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE_001: &str = "## Basics\n\n**Q1: What is a CDN?**\nA Content Delivery Network (CDN) is a group of \
        geographically distributed servers that cache static content close to users. Vendors sign a \
        Business Associate Agreement (BAA).\n\n\
        **Q2: How do edge caches stay fresh?**\n(Same as Q1). Cache invalidation with **TTL** and purges.\n";

    fn corpus() -> Corpus {
        Corpus::parse_files(&[("001_test.txt".to_string(), FILE_001.to_string())])
            .expect("test corpus parses")
    }

    #[test]
    fn acronyms_are_collected_corpus_wide() {
        let acr = corpus_acronyms(&corpus());
        assert!(
            acr.iter()
                .any(|a| a.short == "CDN" && a.long == "Content Delivery Network"),
            "{acr:?}"
        );
    }

    #[test]
    fn cross_referenced_answers_feed_the_rubric() {
        let c = corpus();
        let q2 = c
            .questions
            .iter()
            .find(|q| q.prompt.contains("fresh"))
            .expect("q2");
        let (rubrics, lex) = extract_all(&c, &Lexicon::builtin());
        assert!(
            lex.acronyms().iter().any(|a| a.short == "BAA"),
            "{:?}",
            lex.acronyms()
        );
        let r = rubrics
            .iter()
            .find(|r| r.id == q2.id)
            .expect("rubric for q2");
        assert!(r.criteria.len() >= 3, "{r:#?}");
        let all: String = r
            .criteria
            .iter()
            .flat_map(|c| c.terms.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(all.to_lowercase().contains("ttl"), "{all}");
        assert!(
            r.criteria
                .iter()
                .any(|c| c.expects.contains("distributed")
                    || c.label.to_lowercase().contains("content")),
            "the referenced answer (Q1) is part of Q2's rubric: {r:#?}"
        );
        assert_eq!(r.sources, vec![q2.id.clone()]);
    }
}
