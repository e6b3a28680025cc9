//! The grader: `Grader::new(lexicon).grade(&rubric, answer) -> Judgment`.
//!
//! Pure and deterministic. Rubrics are compiled (vocabulary, patterns, antonym variants) and the
//! recently used ones kept by content hash (see [`super::cache`]), so grading an answer tokenises
//! it, maps each word to a vocabulary id once, judges each criterion (see [`super::verdicts`]),
//! measures relevance and depth, scores from the verdicts (see [`super::scoring`]) and writes the
//! feedback.

use std::sync::Arc;

use super::cache::Compiled;
use super::compiled::CompiledRubric;
use super::feedback;
use super::gaming;
use super::judgment::{CriterionResult, Evidence, Flag, Judgment, Verdict};
use super::negation::Cues;
use super::patterns::{Answer, Match, sentences};
use super::relevance;
use super::scoring::{self, Features};
use super::topics::TopicVocab;
use super::verdicts::{self, Basis, Outcome, Scan, Subjects};
use super::vocab::NONE;
use crate::rubric::{Lexicon, Rubric};
use crate::text::tokenize::{Token, tokenize};

/// Evidence quotes kept per criterion.
const MAX_EVIDENCE: usize = 3;
/// Specific words of the question's subject below which an answer with no credited criterion is
/// about something else.
const OFF_TOPIC_SHARE: f32 = 0.5;
/// Reference words a rubric needs before its vocabulary can tell an answer is off topic.
const SUBJECT_WORDS: usize = 20;

/// Grades answers against rubrics.
#[derive(Debug)]
pub struct Grader {
    lexicon: Lexicon,
    cache: Compiled,
    topics: TopicVocab,
}

impl Grader {
    pub fn new(lexicon: Lexicon) -> Grader {
        Grader {
            lexicon,
            cache: Compiled::default(),
            topics: TopicVocab::default(),
        }
    }

    /// Also judges relevance against the vocabulary of each rubric's topic across `bank`.
    pub fn with_topics(mut self, bank: &[Rubric]) -> Grader {
        self.topics = TopicVocab::build(bank);
        self.cache = Compiled::default();
        self
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The compiled form of a rubric, from the cache (see [`super::cache`]) when the same rubric
    /// was seen lately.
    pub fn compile(&self, rubric: &Rubric) -> Arc<CompiledRubric> {
        let key = rubric_hash(rubric);
        if let Some(c) = self.cache.get(key) {
            return c;
        }
        let mut compiled = CompiledRubric::build(rubric, &self.lexicon);
        compiled.topic_stems = self.topics.get(&rubric.topic).cloned();
        let compiled = Arc::new(compiled);
        self.cache.insert(key, Arc::clone(&compiled));
        compiled
    }

    /// Grades one answer.
    pub fn grade(&self, rubric: &Rubric, answer: &str) -> Judgment {
        self.grade_detailed(rubric, answer).0
    }

    /// Grades one answer with some verdicts fixed by a person (a curator's accepted appeal for
    /// this answer only, `(criterion id, verdict)`): those criteria take the given verdict and the
    /// score, band and feedback follow from it as from the grader's own. Unknown ids are ignored.
    pub fn grade_fixed(
        &self,
        rubric: &Rubric,
        answer: &str,
        fixed: &[(String, Verdict)],
    ) -> Judgment {
        let (j, mut features) = self.grade_detailed(rubric, answer);
        if fixed.is_empty() {
            return j;
        }
        let mut results = j.criteria;
        for (i, r) in results.iter_mut().enumerate() {
            if let Some((_, v)) = fixed.iter().find(|(id, _)| *id == r.id) {
                r.verdict = *v;
                if *v != Verdict::Contradicted {
                    r.correction.clear();
                }
                features.verdicts[i].1 = *v;
            }
        }
        conclude(rubric, answer, results, &features)
    }

    /// Grades one answer and returns the features behind the score too.
    pub fn grade_detailed(&self, rubric: &Rubric, answer: &str) -> (Judgment, Features) {
        let compiled = self.compile(rubric);
        grade_compiled(rubric, &compiled, answer)
    }
}

/// FNV-1a over everything in a rubric that grading reads, without building a string.
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
    for text in [&r.id, &r.prompt, &r.topic, &r.followup] {
        feed(text.as_bytes());
    }
    for c in &r.criteria {
        for text in [&c.id, &c.label, &c.expects, &c.probe] {
            feed(text.as_bytes());
        }
        feed(&c.weight.to_le_bytes());
        for t in &c.terms {
            feed(t.as_bytes());
        }
        for w in &c.wrong {
            for text in [&w.pattern, &w.example, &w.correction] {
                feed(text.as_bytes());
            }
        }
    }
    h
}

/// Grades an answer against an already compiled rubric, returning the judgment and the features
/// its score came from.
pub fn grade_compiled(
    rubric: &Rubric,
    compiled: &CompiledRubric,
    answer: &str,
) -> (Judgment, Features) {
    let tokens = tokenize(answer);
    let shape = gaming::shape(answer, &tokens);
    let words = compiled.vocab.words(&tokens, &shape.active);
    let ids = &words.ids;
    let sents = sentences(&tokens);
    let scan = Scan {
        cues: Cues::of(answer, &tokens),
        semicolons: answer.match_indices(';').map(|(i, _)| i).collect(),
        answer: Answer {
            tokens: &tokens,
            active: &shape.active,
            sentences: &sents,
            words: &words,
        },
    };
    let subjects = Subjects::find(compiled, &scan);
    let mut outcomes: Vec<Outcome> = (0..rubric.criteria.len())
        .map(|i| verdicts::judge(compiled, i, &scan, &subjects))
        .collect();
    // a definition stated about another criterion's subject contradicts that criterion
    let swaps: Vec<(usize, usize, Match)> = outcomes
        .iter()
        .enumerate()
        .flat_map(|(from, o)| o.swaps.iter().map(move |(to, m)| (from, *to, m.clone())))
        .collect();
    for (from, to, m) in swaps {
        let o = &mut outcomes[to];
        if !matches!(o.basis, Basis::Wrong(_) | Basis::Swapped(_)) {
            o.sentences.push(tokens[m.first].sentence);
            o.verdict = Verdict::Contradicted;
            o.basis = Basis::Swapped(from);
            o.evidence = vec![m];
        }
    }
    let mut results = Vec::with_capacity(rubric.criteria.len());
    let mut hit_sentences: Vec<u32> = Vec::new();
    for (crit, outcome) in rubric.criteria.iter().zip(&outcomes) {
        hit_sentences.extend_from_slice(&outcome.sentences);
        let correction = match outcome.basis {
            Basis::Wrong(k) => crit.wrong[k].correction.clone(),
            Basis::Antonym => crit.expects.clone(),
            Basis::Swapped(from) => format!(
                "That describes {}, not this. {}",
                feedback::lower_first(&rubric.criteria[from].label),
                crit.expects
            ),
            _ => String::new(),
        };
        results.push(CriterionResult {
            id: crit.id.clone(),
            label: crit.label.clone(),
            weight: crit.weight,
            verdict: outcome.verdict,
            evidence: outcome
                .evidence
                .iter()
                .take(MAX_EVIDENCE)
                .map(|m| evidence(answer, &tokens, m))
                .collect(),
            expects: crit.expects.clone(),
            correction,
            phase: crit.phase,
        });
    }
    hit_sentences.sort_unstable();
    hit_sentences.dedup();
    let rel = relevance::relevance(&scan.answer, compiled, &hit_sentences);
    let similarity =
        relevance::similarity(&scan.answer, compiled, &|id| !scan.positions(id).is_empty());
    let (rubric_share, topic_share) = relevance::vocabulary_shares(&scan.answer, compiled);
    // what a question is about can only be told from a rubric or topic with enough vocabulary
    // (a one-line reference names a few words; a correct answer may use none of them)
    let knows_subject = compiled.reference.len() >= SUBJECT_WORDS || compiled.topic_stems.is_some();
    let flags = flags(
        &shape,
        ids,
        compiled,
        &results,
        topic_share,
        &tokens,
        knows_subject,
    );
    let features = Features {
        verdicts: results.iter().map(|r| (r.weight, r.verdict)).collect(),
        depth_words: rel.depth_words,
        similarity,
        relevance: rel.share,
        knows_subject,
        leading_off: rel.leading_off,
        rubric_share,
        topic_share,
        words: tokens.len(),
        flags: flags.clone(),
    };
    let judgment = conclude(rubric, answer, results, &features);
    (judgment, features)
}

/// The judgment of per-criterion results and the features of the score: the score, band and
/// the feedback the candidate reads.
fn conclude(
    rubric: &Rubric,
    answer: &str,
    results: Vec<CriterionResult>,
    features: &Features,
) -> Judgment {
    let breakdown = scoring::score(features);
    let band = scoring::band(breakdown.score);
    let seed = feedback::stable_hash(answer);
    let probes: Vec<&str> = rubric.criteria.iter().map(|c| c.probe.as_str()).collect();
    Judgment {
        score: breakdown.score,
        band,
        strengths: feedback::strengths(&results),
        gaps: feedback::gaps(&results),
        followup: feedback::followup(&rubric.followup, &results, &probes, breakdown.score),
        summary: feedback::summary(&breakdown, band, &results, &features.flags, seed),
        criteria: results,
        flags: features.flags.clone(),
        breakdown,
    }
}

/// The gaming and relevance flags of an answer.
fn flags(
    shape: &gaming::Shape,
    ids: &[u32],
    compiled: &CompiledRubric,
    results: &[CriterionResult],
    topic_share: f32,
    tokens: &[Token],
    knows_subject: bool,
) -> Vec<Flag> {
    let credited = results.iter().any(|r| r.verdict != Verdict::Missed);
    let met = results.iter().any(|r| r.verdict == Verdict::Met);
    let mut flags = Vec::new();
    if shape.content == 0 {
        flags.push(Flag::Empty);
    }
    if shape.keyword_dump() {
        flags.push(Flag::KeywordDump);
    }
    if shape.padding() {
        flags.push(Flag::Padding);
    }
    if shape.gibberish() && !credited {
        flags.push(Flag::Gibberish);
    }
    let content_ids: Vec<u32> = ids.iter().copied().filter(|&id| id != NONE).collect();
    let beyond_question = tokens
        .iter()
        .zip(ids)
        .filter(|(t, id)| !t.stop && (**id == NONE || !compiled.prompt_ids.contains(id)))
        .count();
    // the question restated with its answer ("Arrays are passed to functions by reference.")
    // is no copy: a copy meets nothing
    if beyond_question <= 1
        && !met
        && gaming::copies_question(&content_ids, &compiled.prompt_ids, compiled.prompt_words)
    {
        flags.push(Flag::CopiedQuestion);
    }
    if !credited && shape.content >= 6 && shape.generic_share >= 0.5 {
        flags.push(Flag::Filler);
    } else if !credited && knows_subject && shape.content >= 6 && topic_share < OFF_TOPIC_SHARE {
        flags.push(Flag::OffTopic);
    }
    flags
}

fn evidence(answer: &str, tokens: &[Token], m: &Match) -> Evidence {
    let start = tokens[m.first].start;
    let end = tokens[m.last].end;
    Evidence {
        start,
        end,
        quote: answer[start..end].to_string(),
    }
}
