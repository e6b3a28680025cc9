//! Scoring: turns the measured features of an answer into a 0-10 score and a band.
//!
//! The score rewards, in order: weighted coverage of the rubric's criteria, overlap with the
//! reference's own vocabulary (so paraphrases of one-line references still count), and depth
//! (explanatory, on-topic content beyond bare mentions). Coverage saturates below 100%: an expert
//! answer that goes beyond a short reference, or covers most of a long one, deserves full marks.
//! It then applies what an interviewer would: contradicted criteria cost points, off-topic parts
//! dilute the answer, and gaming (keyword dumps, copied question, gibberish) caps the score.

use super::judgment::{Band, Flag};

/// Features of one graded answer.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Features {
    /// Weighted criterion coverage, 0..1 (met 1, partial 0.5).
    pub coverage: f32,
    /// Weight share of contradicted criteria, 0..1.
    pub contradicted: f32,
    /// Number of contradicted criteria.
    pub contradicted_count: usize,
    /// Weighted count of dismissive/absolute claims ("isn't needed", "overkill", "just").
    pub dismissive: f32,
    /// Tokens in the answer.
    pub words: usize,
    /// Weighted share of the reference vocabulary present, 0..1.
    pub similarity: f32,
    /// Share of the answer's content in on-topic sentences, 0..1.
    pub relevance: f32,
    /// Share of the content in the longest opening that is less than a quarter on-topic.
    pub leading_off_topic: f32,
    /// Share of the credited criteria that only the second half of a long answer evidences.
    pub late_coverage: f32,
    /// On-topic content words in explanatory sentences.
    pub depth_words: usize,
    /// Criteria in the rubric.
    pub criteria: usize,
    /// 0..1, prose vs term list.
    pub explanation: f32,
    /// Distinct reference words (outside the question) the rubric carries.
    pub reference_words: usize,
    pub flags: Vec<Flag>,
}

/// Rounds to one decimal.
pub fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

pub fn band(score: f32) -> Band {
    match score {
        s if s >= 8.5 => Band::Excellent,
        s if s >= 7.0 => Band::Good,
        s if s >= 5.0 => Band::Adequate,
        s if s >= 3.0 => Band::Weak,
        _ => Band::Poor,
    }
}

/// Coverage that counts as complete: an answer need not cover every point of a long reference.
fn coverage_target(criteria: usize) -> f32 {
    (0.85 - 0.035 * criteria as f32).clamp(0.42, 0.75)
}

/// Reference-vocabulary share that counts as complete.
const SIMILARITY_TARGET: f32 = 0.8;
/// Weight of criterion coverage within correctness (the rest is reference similarity).
const COVERAGE_WEIGHT: f32 = 0.1;
/// Share of the score that depends on depth.
const DEPTH_WEIGHT: f32 = 0.45;
/// Distinct on-topic words below which depth counts nothing, and at which it is complete.
const DEPTH_FLOOR: f32 = 10.0;
const DEPTH_FULL: f32 = 100.0;

/// Depth on a log scale between [`DEPTH_FLOOR`] and [`DEPTH_FULL`] distinct on-topic words.
fn depth_curve(words: usize) -> f32 {
    let (lo, hi) = (DEPTH_FLOOR.ln(), DEPTH_FULL.ln());
    (((words as f32 + 1.0).ln() - lo) / (hi - lo)).clamp(0.0, 1.0)
}

/// The 0-10 score of an answer.
///
/// correctness = blend of criterion coverage and sqrt(reference similarity), each against
/// a target short of 100%; the score is correctness scaled by depth (half of it depends on how
/// much on-topic explanation there is). Contradicted criteria and clusters of dismissive claims
/// subtract; an answer that is mostly about something else is scaled down; gaming flags cap it.
pub fn score(f: &Features) -> f32 {
    if f.flags.contains(&Flag::Empty) || f.flags.contains(&Flag::Gibberish) {
        return 0.0;
    }
    let cov = (f.coverage / coverage_target(f.criteria)).min(1.0);
    let sim = (f.similarity / SIMILARITY_TARGET).min(1.0).sqrt();
    let correctness = COVERAGE_WEIGHT * cov + (1.0 - COVERAGE_WEIGHT) * sim;
    let depth = depth_curve(f.depth_words);
    let mut s = 10.0 * correctness * ((1.0 - DEPTH_WEIGHT) + DEPTH_WEIGHT * depth);
    // stretch the top so complete, deep answers reach 10
    s = (s + 0.35 * (s - 5.0).max(0.0)).min(10.0);
    // wrong claims: contradicted criteria cost their weight share
    s -= 4.0 * f.contradicted.min(1.0);
    // a cluster of dismissive claims, beyond what a long careful answer may contain
    let allowance = 0.5 + f.words as f32 / 150.0;
    s -= ((f.dismissive - allowance) * 2.5).clamp(0.0, 5.0);
    // material about something else dilutes the answer
    s *= (f.relevance / 0.2).clamp(0.0, 1.0);
    // an answer that opens with a different subject reads as an answer to another question
    s *= (1.0 - 1.3 * (f.leading_off_topic - 0.1).max(0.0)).clamp(0.0, 1.0);
    // ... or whose first half evidences almost none of what its second half covers
    if f.relevance < 0.75 {
        s *= (1.0 - 3.0 * (f.late_coverage - 0.7).max(0.0)).clamp(0.0, 1.0);
    }
    if f.flags.contains(&Flag::KeywordDump) {
        s = s.min(1.2 + 2.0 * cov);
    }
    if f.flags.contains(&Flag::CopiedQuestion) {
        s = s.min(0.5);
    }
    if f.flags.contains(&Flag::Filler) {
        s = s.min(1.5);
    }
    round1(s.clamp(0.0, 10.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Features {
        Features {
            coverage: 0.8,
            similarity: 0.8,
            relevance: 1.0,
            depth_words: 120,
            criteria: 6,
            explanation: 1.0,
            words: 220,
            ..Features::default()
        }
    }

    #[test]
    fn full_coverage_with_depth_is_ten() {
        assert_eq!(score(&base()), 10.0);
        assert_eq!(band(10.0), Band::Excellent);
    }

    #[test]
    fn depth_matters_beyond_mentions() {
        let mut short = base();
        short.depth_words = 15;
        let s = score(&short);
        assert!(s < 8.0 && s > 3.0, "{s}");
    }

    #[test]
    fn contradictions_dismissals_offtopic_and_flags_lower_the_score() {
        let good = score(&base());
        let mut f = base();
        f.contradicted = 0.8;
        f.contradicted_count = 2;
        assert!(score(&f) <= good - 3.0);
        let mut f = base();
        f.dismissive = 4.0;
        f.words = 90;
        assert!(score(&f) <= good - 3.0, "{}", score(&f));
        let mut f = base();
        f.relevance = 0.08;
        assert!(score(&f) <= good - 3.0);
        let mut f = base();
        f.relevance = 0.5;
        f.leading_off_topic = 0.5;
        assert!(score(&f) <= good - 3.0);
        let mut f = base();
        f.relevance = 0.6;
        f.late_coverage = 0.9;
        assert!(score(&f) <= good - 3.0);
        let mut f = base();
        f.flags.push(Flag::KeywordDump);
        assert!(score(&f) <= 3.5);
        let mut f = base();
        f.flags.push(Flag::CopiedQuestion);
        assert!(score(&f) <= 0.5);
        let mut f = base();
        f.flags.push(Flag::Gibberish);
        assert_eq!(score(&f), 0.0);
    }

    #[test]
    fn bands() {
        assert_eq!(band(7.0), Band::Good);
        assert_eq!(band(5.2), Band::Adequate);
        assert_eq!(band(3.0), Band::Weak);
        assert_eq!(band(2.9), Band::Poor);
        assert_eq!(round1(4.26), 4.3);
    }
}
