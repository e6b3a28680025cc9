//! Corpus statistics: what `whetstone corpus stats` prints.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Corpus, Difficulty, FileSummary, topics};
use crate::text::mojibake_count;

/// Counts over the whole corpus. Field names are an interface (`corpus stats --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CorpusStats {
    /// Distinct questions.
    pub questions: usize,
    /// Question occurrences in the files.
    pub sources: usize,
    /// Occurrences merged into another question (`sources - questions`).
    pub merged: usize,
    /// Merges by kind: `expansion`, `repeat_in_file`, `across_files`.
    pub merges_by_kind: BTreeMap<String, usize>,
    /// Follow-up chains (file 002).
    pub followup_chains: usize,
    /// Questions that belong to a chain (roots and follow-ups).
    pub chain_questions: usize,
    /// Questions per topic slug (every taxonomy topic listed).
    pub by_topic: BTreeMap<String, usize>,
    /// Questions per difficulty (`easy`, `medium`, `hard`).
    pub by_difficulty: BTreeMap<String, usize>,
    pub rating_min: i32,
    pub rating_max: i32,
    pub rating_mean: f64,
    /// Reference answers over all questions.
    pub answers: usize,
    /// Questions with at least one tag.
    pub tagged: usize,
    /// Suspicious sequences left in prompts, sections and answers (must be 0).
    pub mojibake: usize,
    /// Cross references resolved to another question.
    pub resolved_refs: usize,
    /// Cross references that name no known question.
    pub unresolved_refs: Vec<String>,
    /// `(Repeated).` answers linked to alike earlier questions.
    pub resolved_repeats: usize,
    /// `(Repeated).` answers with no alike earlier question (their question keeps only the
    /// prompt and any other answers).
    pub unresolved_repeats: Vec<String>,
    /// Questions with no answer content at all (only `(Repeated).` markers, unresolved): their
    /// rubric can only come from the prompt.
    pub without_answer: Vec<String>,
    /// Matches not merged (see [`merge`](super::merge)).
    pub merge_conflicts: Vec<String>,
    pub files: Vec<FileSummary>,
}

pub(super) fn compute(corpus: &Corpus) -> CorpusStats {
    let qs = &corpus.questions;
    let sources: usize = qs.iter().map(|q| q.sources.len()).sum();
    let mut merges_by_kind = BTreeMap::new();
    for m in &corpus.merges {
        *merges_by_kind.entry(m.kind.to_string()).or_insert(0) += 1;
    }
    let mut by_topic: BTreeMap<String, usize> = topics::TOPICS
        .iter()
        .map(|t| (t.slug.to_string(), 0))
        .collect();
    let mut by_difficulty: BTreeMap<String, usize> =
        Difficulty::ALL.iter().map(|d| (d.to_string(), 0)).collect();
    for q in qs {
        *by_topic.entry(q.topic.clone()).or_insert(0) += 1;
        *by_difficulty.entry(q.difficulty.to_string()).or_insert(0) += 1;
    }
    let chain_links: Vec<_> = qs.iter().filter_map(|q| q.chain.as_ref()).collect();
    let mojibake = qs
        .iter()
        .map(|q| {
            mojibake_count(&q.prompt)
                + mojibake_count(&q.section)
                + q.answers
                    .iter()
                    .map(|a| mojibake_count(&a.markdown))
                    .sum::<usize>()
        })
        .sum();
    let ratings: Vec<i32> = qs.iter().map(|q| q.rating).collect();
    CorpusStats {
        questions: qs.len(),
        sources,
        merged: sources - qs.len(),
        merges_by_kind,
        followup_chains: super::chains::count(&chain_links),
        chain_questions: chain_links.len(),
        by_topic,
        by_difficulty,
        rating_min: ratings.iter().copied().min().unwrap_or(0),
        rating_max: ratings.iter().copied().max().unwrap_or(0),
        rating_mean: if ratings.is_empty() {
            0.0
        } else {
            (ratings.iter().map(|&r| f64::from(r)).sum::<f64>() / ratings.len() as f64).round()
        },
        answers: qs.iter().map(|q| q.answers.len()).sum(),
        tagged: qs.iter().filter(|q| !q.tags.is_empty()).count(),
        mojibake,
        resolved_refs: corpus.resolved_refs,
        unresolved_refs: corpus.unresolved_refs.clone(),
        resolved_repeats: corpus.resolved_repeats,
        without_answer: qs
            .iter()
            .filter(|q| corpus.answer_content(q).is_empty())
            .map(|q| q.id.clone())
            .collect(),
        unresolved_repeats: corpus.unresolved_repeats.clone(),
        merge_conflicts: corpus.merge_conflicts.clone(),
        files: corpus.files.clone(),
    }
}
