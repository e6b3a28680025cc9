//! The grader: `Grader::new(lexicon).grade(&rubric, answer) -> Judgment`.
//!
//! Pure and deterministic. Rubrics are compiled once (stems, lexicon expansions, reference
//! vocabulary) and cached by content hash, so grading an answer only tokenises it, maps tokens to
//! vocabulary ids and scans the compiled patterns.

use super::fasthash::FastMap as HashMap;
use std::sync::{Arc, RwLock};

use super::feedback;
use super::gaming;
use super::judgment::{CriterionResult, Evidence, Flag, Judgment, Verdict};
use super::matching::{Compiled, Hit, find_hits, paraphrase_hit, prefix};
use super::negation;
use super::scoring::{self, Features};
use super::tokenize::{Token, tokenize};
use super::topics::TopicVocab;
use crate::rubric::{Lexicon, Rubric};

/// Grades answers against rubrics.
#[derive(Debug)]
pub struct Grader {
    lexicon: Lexicon,
    cache: RwLock<HashMap<u64, Arc<Compiled>>>,
    topics: TopicVocab,
}

const NONE: u32 = u32::MAX;

impl Grader {
    pub fn new(lexicon: Lexicon) -> Grader {
        Grader {
            lexicon,
            cache: RwLock::new(HashMap::default()),
            topics: TopicVocab::default(),
        }
    }

    /// Also judges relevance against the vocabulary of each rubric's topic across `bank`.
    pub fn with_topics(mut self, bank: &[Rubric]) -> Grader {
        self.topics = TopicVocab::build(bank);
        self.cache = RwLock::new(HashMap::default());
        self
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The compiled form of a rubric, from the cache when the same rubric was seen before.
    pub fn compile(&self, rubric: &Rubric) -> Arc<Compiled> {
        let key = rubric_hash(rubric);
        if let Some(c) = self.cache.read().ok().and_then(|m| m.get(&key).cloned()) {
            return c;
        }
        let mut compiled = Compiled::build(rubric, &self.lexicon);
        compiled.topic_stems = self.topics.get(&rubric.topic).cloned();
        let compiled = Arc::new(compiled);
        if let Ok(mut m) = self.cache.write() {
            if m.len() > 4096 {
                m.clear();
            }
            m.insert(key, compiled.clone());
        }
        compiled
    }

    /// Grades one answer.
    pub fn grade(&self, rubric: &Rubric, answer: &str) -> Judgment {
        let compiled = self.compile(rubric);
        grade_compiled(rubric, &compiled, answer)
    }

    /// Grades one answer and returns the features behind the score too.
    pub fn grade_detailed(&self, rubric: &Rubric, answer: &str) -> (Judgment, Features) {
        let compiled = self.compile(rubric);
        grade_with_features(rubric, &compiled, answer)
    }
}

/// FNV-1a over the rubric's graded content, without building a string.
fn rubric_hash(r: &Rubric) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    feed(r.id.as_bytes());
    feed(r.prompt.as_bytes());
    for c in &r.criteria {
        feed(c.id.as_bytes());
        for t in &c.terms {
            feed(t.as_bytes());
        }
        feed(c.hint.as_bytes());
        feed(&c.weight.to_le_bytes());
    }
    h
}

/// Grades an answer against an already compiled rubric.
pub fn grade_compiled(rubric: &Rubric, compiled: &Compiled, answer: &str) -> Judgment {
    grade_with_features(rubric, compiled, answer).0
}

/// Grades an answer and also returns the measured features the score came from (for `eval
/// --dump` and tuning).
pub fn grade_with_features(
    rubric: &Rubric,
    compiled: &Compiled,
    answer: &str,
) -> (Judgment, Features) {
    let tokens = tokenize(answer);
    let shape = gaming::shape(answer, &tokens);
    let mut flags: Vec<Flag> = Vec::new();
    if shape.content == 0 {
        flags.push(Flag::Empty);
    }
    // vocabulary ids of active content tokens
    let mut ids = vec![NONE; tokens.len()];
    let mut positions: HashMap<u32, Vec<usize>> =
        HashMap::with_capacity_and_hasher(tokens.len(), Default::default());
    for (i, t) in tokens.iter().enumerate() {
        if t.stop || !shape.active[i] {
            continue;
        }
        if let Some(id) = compiled.lookup(t) {
            ids[i] = id;
            positions.entry(id).or_default().push(i);
        }
    }
    // criteria
    let total_weight: f32 = rubric
        .criteria
        .iter()
        .map(|c| c.weight.max(0.0))
        .sum::<f32>()
        .max(f32::EPSILON);
    let mut covered = 0.0f32;
    let mut contra_weight = 0.0f32;
    let mut contra_count = 0usize;
    let mut results = Vec::with_capacity(rubric.criteria.len());
    let mut hit_sentences: Vec<u32> = Vec::new();
    // token index where the second half of the answer's content begins
    let active_content = (0..tokens.len())
        .filter(|&i| shape.active[i] && !tokens[i].stop)
        .count();
    let half_index = (0..tokens.len())
        .filter(|&i| shape.active[i] && !tokens[i].stop)
        .nth(active_content / 2)
        .unwrap_or(tokens.len());
    let (mut credited, mut credited_early) = (0usize, 0usize);
    let mut negated_memo = vec![0u8; tokens.len()];
    for ((crit, cc), hint) in rubric
        .criteria
        .iter()
        .zip(&compiled.criteria)
        .zip(&compiled.hints)
    {
        let mut hits = find_hits(cc, &tokens, &positions, &compiled.weak_anchor);
        if !cc.term_opposites.is_empty() && !hits.is_empty() && !states_canonical(crit, &tokens) {
            // an alias mention ("availability") does not undo asserting the opposite of the
            // criterion's own term ("CP" where the reference says "AP")
            let opposite_asserted = tokens.iter().enumerate().any(|(i, t)| {
                shape.active[i]
                    && cc.term_opposites.contains(&t.stem)
                    && !negation::is_negated(&tokens, i, i)
            });
            if opposite_asserted {
                hits.clear();
            }
        }
        if hits.is_empty() && !cc.term_opposites.is_empty() {
            // the answer asserts the opposite of the concept ("CP" where the reference says "AP")
            for (i, t) in tokens.iter().enumerate() {
                if shape.active[i]
                    && cc.term_opposites.contains(&t.stem)
                    && !negation::is_negated(&tokens, i, i)
                {
                    hits.push(Hit {
                        first: i,
                        last: i,
                        negated: !cc.negative,
                        full: true,
                    });
                }
            }
        }
        let agrees = |h: &Hit| h.negated == cc.negative;
        let named = !hits.is_empty();
        // kept apart from `hits`: a paraphrase credits the criterion, but its few shared words do
        // not make a sentence on-topic the way a named concept does
        let mut paraphrase: Option<Hit> = None;
        if !hits.iter().any(|h| h.full) && !hits.iter().any(|h| !agrees(h)) {
            // not named, and not denied: perhaps explained in other words
            paraphrase = paraphrase_hit(cc, &tokens, &positions, &mut negated_memo)
                .filter(|h| h.full || hits.is_empty());
        }
        let named_verdict = if hits.iter().any(|h| h.full && agrees(h)) {
            Verdict::Met
        } else if hits.iter().any(|h| h.full && !agrees(h)) {
            Verdict::Contradicted
        } else if hits.iter().any(|h| !h.full && agrees(h)) {
            Verdict::Partial
        } else if hits.iter().any(|h| !h.full && !agrees(h)) {
            Verdict::Contradicted
        } else {
            Verdict::Missed
        };
        let verdict = match (named_verdict, paraphrase) {
            (Verdict::Missed | Verdict::Partial, Some(p)) if p.full => Verdict::Met,
            (Verdict::Missed, Some(_)) => Verdict::Partial,
            (v, _) => v,
        };
        // where an answer first names its concepts tells whether it opens with another subject
        if named && matches!(named_verdict, Verdict::Met | Verdict::Partial) {
            credited += 1;
            if hits.iter().any(|h| agrees(h) && h.first < half_index) {
                credited_early += 1;
            }
        }
        let w = crit.weight.max(0.0);
        match verdict {
            Verdict::Met => covered += w,
            Verdict::Partial => covered += 0.5 * w,
            Verdict::Contradicted => {
                contra_weight += w;
                contra_count += 1;
            }
            Verdict::Missed => {}
        }
        let wanted = |h: &&Hit| match verdict {
            Verdict::Met => h.full && agrees(h),
            Verdict::Partial => !h.full && agrees(h),
            Verdict::Contradicted => !agrees(h),
            Verdict::Missed => false,
        };
        let mut evidence: Vec<Evidence> = Vec::new();
        if let Some(p) = paraphrase.as_ref().filter(|_| verdict != named_verdict) {
            evidence.push(evidence_of(answer, &tokens, p));
        }
        for h in hits.iter().filter(wanted) {
            if !agrees(h) || verdict != Verdict::Contradicted {
                hit_sentences.push(tokens[h.first].sentence);
            }
            if evidence.len() < 3 && !evidence.iter().any(|e| e.start == tokens[h.first].start) {
                evidence.push(evidence_of(answer, &tokens, h));
            }
        }
        for h in &hits {
            hit_sentences.push(tokens[h.first].sentence);
        }
        results.push(CriterionResult {
            id: crit.id.clone(),
            label: crit.label.clone(),
            weight: crit.weight,
            verdict,
            evidence,
            hint: hint.clone(),
        });
    }
    hit_sentences.sort_unstable();
    hit_sentences.dedup();
    // reference similarity (weighted recall of reference words)
    let ref_total: f32 = compiled
        .reference
        .iter()
        .map(|&(_, w)| w)
        .sum::<f32>()
        .max(f32::EPSILON);
    let answer_prefixes: super::fasthash::FastSet<&str> = tokens
        .iter()
        .zip(&shape.active)
        .filter(|(t, a)| **a && !t.stop)
        .map(|(t, _)| prefix(&t.stem))
        .filter(|p| !p.is_empty())
        .collect();
    let mut ref_present = 0.0f32;
    for (k, &(id, w)) in compiled.reference.iter().enumerate() {
        if positions.contains_key(&id) {
            ref_present += w;
        } else {
            let p = compiled.reference_prefix[k].as_str();
            if !p.is_empty() && answer_prefixes.contains(p) {
                ref_present += 0.8 * w;
            }
        }
    }
    let (topic_share, topic_words) = topic_share(&tokens, &ids, &shape.active, compiled);
    // relevance and depth per sentence
    let (relevance, depth_words, leading_run) =
        relevance_and_depth(&tokens, &ids, &shape.active, &hit_sentences, compiled);
    // a long answer whose first half touches almost none of the concepts its second half covers
    // reads as an answer to another question with the real one appended
    let late_coverage = if active_content >= 60 && credited >= 3 {
        1.0 - credited_early as f32 / credited as f32
    } else {
        0.0
    };
    // anti-gaming flags
    let answer_ids: Vec<u32> = ids.iter().copied().filter(|&id| id != NONE).collect();
    if shape.keyword_dump() {
        flags.push(Flag::KeywordDump);
    }
    if shape.padding() {
        flags.push(Flag::Padding);
    }
    if shape.gibberish() && covered == 0.0 {
        flags.push(Flag::Gibberish);
    }
    let beyond_question = tokens
        .iter()
        .zip(&ids)
        .filter(|(t, id)| !t.stop && (**id == NONE || !compiled.prompt_ids.contains(id)))
        .count();
    if beyond_question <= 1
        && gaming::copies_question(&answer_ids, &compiled.prompt_ids, compiled.prompt_tokens)
    {
        flags.push(Flag::CopiedQuestion);
    }
    if covered == 0.0 && shape.content >= 6 && shape.generic_share >= 0.5 && relevance < 0.5 {
        flags.push(Flag::Filler);
    }
    // flagged only where the score is actually scaled down for it (see `scoring::score`)
    let off_topic =
        relevance < 0.2 || leading_run > 0.3 || (relevance < 0.75 && late_coverage > 0.7);
    if off_topic && shape.content >= 6 && !flags.contains(&Flag::Filler) {
        flags.push(Flag::OffTopic);
    }
    let features = Features {
        coverage: covered / total_weight,
        contradicted: contra_weight / total_weight,
        contradicted_count: contra_count,
        dismissive: negation::dismissive_cues(&tokens),
        words: tokens.len(),
        similarity: ref_present / ref_total,
        relevance,
        leading_off_topic: leading_run,
        late_coverage,
        depth_words,
        criteria: rubric.criteria.len(),
        explanation: shape.explanation(),
        flags: flags.clone(),
        reference_words: compiled.reference.len(),
        topic_share,
        topic_words,
    };
    let score = scoring::score(&features);
    let band = scoring::band(score);
    let seed = feedback::stable_hash(answer);
    let summary = feedback::summary(score, band, &results, &flags, seed);
    let judgment = Judgment {
        score,
        band,
        strengths: feedback::strengths(&results),
        gaps: feedback::gaps(&results),
        followup: feedback::followup(&rubric.followup, &results, seed),
        criteria: results,
        flags,
        summary,
    };
    (judgment, features)
}

/// The answer states the criterion's canonical term itself (all its content words).
fn states_canonical(crit: &crate::rubric::Criterion, tokens: &[Token]) -> bool {
    let Some(term) = crit.terms.first() else {
        return false;
    };
    tokenize(term)
        .iter()
        .filter(|t| !t.stop)
        .all(|w| tokens.iter().any(|t| t.stem == w.stem))
}

fn evidence_of(answer: &str, tokens: &[Token], h: &Hit) -> Evidence {
    let start = tokens[h.first].start;
    let end = tokens[h.last].end;
    Evidence {
        start,
        end,
        quote: answer[start..end].to_string(),
    }
}

/// Share of the answer's distinct specific content stems that belong to the question, the
/// rubric's vocabulary or the vocabulary of the question's topic across the bank.
fn topic_share(
    tokens: &[Token],
    ids: &[u32],
    active: &[bool],
    compiled: &Compiled,
) -> (f32, usize) {
    let mut seen: super::fasthash::FastSet<&str> = Default::default();
    let (mut total, mut known) = (0usize, 0usize);
    for (i, t) in tokens.iter().enumerate() {
        if t.stop || !active[i] || t.stem.len() < 3 || !seen.insert(t.stem.as_str()) {
            continue;
        }
        let id = ids[i];
        if id != NONE && compiled.is_generic[id as usize] {
            continue;
        }
        if id == NONE && crate::rubric::extract::is_generic(&t.norm) {
            continue;
        }
        total += 1;
        // the question's own words show nothing (copying the question back is not an answer)
        if id != NONE && compiled.prompt_ids.contains(&id) {
            continue;
        }
        if id != NONE
            || compiled
                .topic_stems
                .as_ref()
                .is_some_and(|s| s.contains(&t.stem))
        {
            known += 1;
        }
    }
    if total == 0 {
        (0.0, 0)
    } else {
        (known as f32 / total as f32, known)
    }
}

/// Share of the answer's (active) content words that sit in on-topic sentences, the number of
/// distinct on-topic content words (the answer's depth; repeating words adds nothing), and the
/// share of content in the longest opening that is less than a quarter on-topic while the rest of
/// the answer is mostly on-topic.
fn relevance_and_depth(
    tokens: &[Token],
    ids: &[u32],
    active: &[bool],
    hit_sentences: &[u32],
    compiled: &Compiled,
) -> (f32, usize, f32) {
    let mut total = 0usize;
    let mut per_sentence: Vec<(usize, bool)> = Vec::new();
    let mut relevant = 0usize;
    let mut distinct: super::fasthash::FastSet<&str> = Default::default();
    let mut i = 0;
    while i < tokens.len() {
        let s = tokens[i].sentence;
        let mut j = i;
        let mut content = 0usize;
        let mut known = 0usize;
        while j < tokens.len() && tokens[j].sentence == s {
            if active[j] && !tokens[j].stop {
                content += 1;
                if ids[j] != NONE && !compiled.is_generic[ids[j] as usize] {
                    known += 1;
                }
            }
            j += 1;
        }
        total += content;
        // a tiny reference vocabulary cannot be expected to appear twice in every on-topic sentence
        let small_reference = compiled.reference.len() < 12;
        let on_topic = hit_sentences.binary_search(&s).is_ok()
            || (known >= 2 && known * 4 >= content)
            || (known >= 1 && (content <= 4 || (small_reference && known * 8 >= content)));
        if content > 0 {
            per_sentence.push((content, on_topic));
        }
        if on_topic {
            relevant += content;
            for k in i..j {
                if active[k] && !tokens[k].stop {
                    distinct.insert(tokens[k].stem.as_str());
                }
            }
        }
        i = j;
    }
    if total == 0 {
        return (0.0, 0, 0.0);
    }
    // the longest opening that is less than a quarter on-topic while the rest is mostly on-topic:
    // an answer to another question with the real answer after it
    let (mut seen, mut seen_on, mut leading_off) = (0usize, 0usize, 0usize);
    for (content, on_topic) in &per_sentence {
        seen += content;
        if *on_topic {
            seen_on += content;
        }
        let (rest, rest_on) = (total - seen, relevant - seen_on);
        if seen_on * 4 < seen && rest * 4 >= total && rest >= 10 && rest_on * 2 >= rest {
            leading_off = seen;
        }
    }
    (
        relevant as f32 / total as f32,
        distinct.len(),
        leading_off as f32 / total as f32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Difficulty;
    use crate::rubric::Criterion;

    fn cap_rubric() -> Rubric {
        Rubric {
            id: "q".into(),
            prompt: "What is the CAP trade-off for a social media feed?".into(),
            topic: "distributed".into(),
            difficulty: Difficulty::Medium,
            sources: vec!["q".into()],
            criteria: vec![Criterion {
                id: "ap".into(),
                label: "AP".into(),
                weight: 1.0,
                terms: vec!["AP".into(), "Availability".into()],
                hint: "Better to show a slightly stale feed than an error page.".into(),
            }],
            followup: String::new(),
        }
    }

    fn verdict(answer: &str) -> Verdict {
        let g = Grader::new(Lexicon::builtin());
        g.grade(&cap_rubric(), answer).criteria[0].verdict
    }

    #[test]
    fn asserting_the_opposite_of_the_criterions_term_is_not_undone_by_an_alias() {
        assert_eq!(
            verdict("The feed has to be CP; availability is the least important property."),
            Verdict::Contradicted
        );
        // the alias alone, or the term itself beside its opposite, still count
        assert_eq!(
            verdict("Favour availability: a stale feed beats an error page."),
            Verdict::Met
        );
        assert_eq!(
            verdict("It should be AP rather than CP, favouring availability."),
            Verdict::Met
        );
    }

    #[test]
    fn curated_antonyms_cover_the_common_inversions() {
        let lex = Lexicon::builtin();
        let st = super::super::tokenize::stem;
        for (a, b) in [
            ("strong", "weak"),
            ("increase", "decrease"),
            ("mandatory", "optional"),
            ("required", "unnecessary"),
            ("sync", "async"),
        ] {
            assert!(
                lex.opposites(&st(a)).contains(&st(b)),
                "{a} -> {:?}",
                lex.opposites(&st(a))
            );
        }
    }

    #[test]
    fn chat_shorthand_is_read_as_the_words_it_stands_for() {
        use super::super::tokenize::{is_function_word, phrase_stems};
        for w in ["u", "w", "ur", "thru", "dont", "thats"] {
            assert!(is_function_word(w), "{w}");
        }
        let lex = Lexicon::builtin();
        for (short, long) in [("tbls", "table"), ("ctx", "context"), ("custs", "customer")] {
            let v = lex.expand(&phrase_stems(long), 32);
            assert!(v.contains(&phrase_stems(short)), "{long}: {v:?}");
        }
    }

    fn logging_rubric() -> Rubric {
        Rubric {
            id: "logs".into(),
            prompt: "How would you design a distributed logging system?".into(),
            topic: "distributed".into(),
            difficulty: Difficulty::Medium,
            sources: vec!["logs".into()],
            criteria: vec![Criterion {
                id: "message-queue".into(),
                label: "Message Queue".into(),
                weight: 2.0,
                terms: vec!["Message Queue".into(), "Log Broker".into()],
                hint: "Buffer & distribute logs; Kafka, Kinesis".into(),
            }],
            followup: String::new(),
        }
    }

    #[test]
    fn a_criterion_explained_without_its_name_is_met_with_the_explanation_as_evidence() {
        let g = Grader::new(Lexicon::builtin());
        let answer = "agents tail the files and ship to kafka, which buffers spikes; \
                      consumers index into elasticsearch";
        let r = &g.grade(&logging_rubric(), answer).criteria[0];
        assert_eq!(r.verdict, Verdict::Met);
        assert!(r.evidence[0].quote.contains("kafka"), "{:?}", r.evidence);
        // the name stated as denied is not undone by the explanation's words
        let denied = "no message queue: kafka would only buffer what the database takes anyway";
        assert_ne!(
            g.grade(&logging_rubric(), denied).criteria[0].verdict,
            Verdict::Met
        );
    }
}
