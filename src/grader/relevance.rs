//! What an answer is about: the share of it that addresses the question (relevance), how much
//! on-topic explanation it gives (depth), how much of the reference's vocabulary it uses
//! (similarity) and how much of its specific vocabulary belongs to the question's subject (topic
//! share, which tells an answer in its own words from one about something else).

use super::compiled::CompiledRubric;
use super::patterns::Answer;
use super::vocab::NONE;
use crate::text::fasthash::FastSet;
use crate::text::is_generic;

/// Relevance and depth of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Relevance {
    /// Share of the answer's content words in on-topic sentences, 0..1.
    pub share: f32,
    /// Distinct content words in on-topic sentences.
    pub depth_words: usize,
    /// Share of the content in the longest opening that is less than a quarter on-topic while
    /// the rest of the answer is mostly on-topic: an answer to another question with the real
    /// answer after it.
    pub leading_off: f32,
}

/// Judges each sentence on-topic when a criterion was found in it, or when it uses enough of the
/// rubric's vocabulary or the topic's.
pub fn relevance(a: &Answer, rubric: &CompiledRubric, hit_sentences: &[u32]) -> Relevance {
    let mut total = 0usize;
    let mut relevant = 0usize;
    let mut distinct: FastSet<&str> =
        FastSet::with_capacity_and_hasher(a.tokens.len(), Default::default());
    let mut per_sentence: Vec<(usize, bool)> = Vec::new();
    for &(s, e) in a.sentences {
        let sentence = a.tokens[s].sentence;
        let mut content = 0usize;
        let mut known = 0usize;
        for i in s..e {
            let t = &a.tokens[i];
            if !a.active[i] || t.stop {
                continue;
            }
            content += 1;
            let id = a.ids()[i];
            let specific = if id != NONE {
                !rubric.vocab.is_generic(id)
            } else {
                rubric
                    .topic_stems
                    .as_ref()
                    .is_some_and(|set| set.contains(t.stem.as_str()))
            };
            if specific {
                known += 1;
            }
        }
        if content == 0 {
            continue;
        }
        total += content;
        let on_topic = hit_sentences.binary_search(&sentence).is_ok()
            || (known >= 2 && known * 4 >= content)
            || (known >= 1 && content <= 4);
        per_sentence.push((content, on_topic));
        if on_topic {
            relevant += content;
            for i in s..e {
                if a.active[i] && !a.tokens[i].stop {
                    distinct.insert(a.tokens[i].stem.as_str());
                }
            }
        }
    }
    if total == 0 {
        return Relevance::default();
    }
    let (mut seen, mut seen_on, mut leading) = (0usize, 0usize, 0usize);
    for (content, on_topic) in &per_sentence {
        seen += content;
        if *on_topic {
            seen_on += content;
        }
        let (rest, rest_on) = (total - seen, relevant - seen_on);
        if seen_on * 4 < seen && rest * 4 >= total && rest >= 10 && rest_on * 2 >= rest {
            leading = seen;
        }
    }
    Relevance {
        share: relevant as f32 / total as f32,
        depth_words: distinct.len(),
        leading_off: leading as f32 / total as f32,
    }
}

/// Characters of a stem that count as the same word family for similarity ("simulat" of
/// "simulate" and "simulation").
const FAMILY_PREFIX: usize = 5;

/// Weighted share of the reference vocabulary the answer uses, 0..1: a word present counts
/// fully, a word of the same family (same first [`FAMILY_PREFIX`] letters) at 0.8.
pub fn similarity(a: &Answer, rubric: &CompiledRubric, present: &impl Fn(u32) -> bool) -> f32 {
    let total: f32 = rubric.reference.iter().map(|&(_, w)| w).sum();
    if total <= 0.0 {
        return 0.0;
    }
    fn family(stem: &str) -> Option<&str> {
        (stem.is_ascii() && stem.len() > FAMILY_PREFIX).then(|| &stem[..FAMILY_PREFIX])
    }
    let mut answer_families: FastSet<&str> =
        FastSet::with_capacity_and_hasher(a.tokens.len(), Default::default());
    answer_families.extend(
        a.tokens
            .iter()
            .zip(a.active)
            .filter(|(t, on)| **on && !t.stop)
            .filter_map(|(t, _)| family(&t.stem)),
    );
    let found: f32 = rubric
        .reference
        .iter()
        .map(|&(id, w)| {
            if present(id) {
                w
            } else if family(rubric.vocab.stem(id)).is_some_and(|f| answer_families.contains(f)) {
                0.8 * w
            } else {
                0.0
            }
        })
        .sum();
    found / total
}

/// Of the answer's distinct specific words (not generic, not the question's own): the share that
/// belongs to the rubric, and the share that belongs to the rubric or to the vocabulary of its
/// topic across the bank, each 0..1.
pub fn vocabulary_shares(a: &Answer, rubric: &CompiledRubric) -> (f32, f32) {
    let mut seen: FastSet<&str> =
        FastSet::with_capacity_and_hasher(a.tokens.len(), Default::default());
    let (mut total, mut in_rubric, mut in_topic) = (0usize, 0usize, 0usize);
    for (i, t) in a.tokens.iter().enumerate() {
        if t.stop || !a.active[i] || t.stem.len() < 3 || !seen.insert(t.stem.as_str()) {
            continue;
        }
        let id = a.ids()[i];
        if (id != NONE && rubric.vocab.is_generic(id)) || (id == NONE && is_generic(&t.norm)) {
            continue;
        }
        if id != NONE && rubric.prompt_ids.contains(&id) {
            continue;
        }
        total += 1;
        if id != NONE {
            in_rubric += 1;
            in_topic += 1;
        } else if rubric
            .topic_stems
            .as_ref()
            .is_some_and(|s| s.contains(t.stem.as_str()))
        {
            in_topic += 1;
        }
    }
    if total == 0 {
        (0.0, 0.0)
    } else {
        (
            in_rubric as f32 / total as f32,
            in_topic as f32 / total as f32,
        )
    }
}
