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
    /// Share of the answer's distinct specific words that belong to the question, the rubric or
    /// the vocabulary of the question's topic, 0..1.
    pub topic_share: f32,
    /// Number of those words.
    pub topic_words: usize,
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
fn depth_curve(words: f32) -> f32 {
    let (lo, hi) = (DEPTH_FLOOR.ln(), DEPTH_FULL.ln());
    (((words + 1.0).ln() - lo) / (hi - lo)).clamp(0.0, 1.0)
}

/// Relevance at and above which an answer counts as wholly on-topic for its depth.
const DEPTH_RELEVANCE: f32 = 0.7;

/// The answer's depth in distinct on-topic words, extrapolated over a mostly on-topic answer.
/// Sentences are judged on-topic by the rubric's vocabulary, so a sentence that makes its point in
/// the candidate's own words ("id the tenant from the subdomain or a jwt claim") can read as
/// off-topic although it carries the answer. In an answer at least [`DEPTH_RELEVANCE`] on-topic
/// such sentences are far more likely own words than padding, so the on-topic words count for the
/// whole answer (divided by the on-topic share). An answer mostly about something else gets no
/// more than the 1/[`DEPTH_RELEVANCE`] boost, and relevance still dilutes it separately.
fn depth_words(f: &Features) -> f32 {
    f.depth_words as f32 / f.relevance.max(DEPTH_RELEVANCE)
}

/// Reference-vocabulary share that counts as complete: [`SIMILARITY_TARGET`], lower for a long
/// reference, of which a complete answer in its own words says only part (the share an answer can
/// recall falls as the reference grows; square root, as between independent samples of one
/// subject's vocabulary).
fn similarity_target(reference_words: usize) -> f32 {
    SIMILARITY_TARGET
        * (FULL_REFERENCE / reference_words.max(1) as f32)
            .sqrt()
            .min(1.0)
}

/// Distinct reference words at which the reference's own vocabulary fully measures correctness,
/// and beyond which a complete answer is expected to recall a falling share of it.
const FULL_REFERENCE: f32 = 24.0;
/// Specific words of the question, rubric or topic that show command of the subject.
const TOPIC_FULL: f32 = 16.0;

/// Reference similarity, or for a short reference (a few words cannot list what a correct answer
/// in other words says) the answer's command of the question's and topic's vocabulary, trusted
/// in proportion to how little the reference says.
fn short_reference_similarity(f: &Features) -> f32 {
    let trust = (f.reference_words as f32 / FULL_REFERENCE).min(1.0);
    let topic = (f.topic_words as f32 / TOPIC_FULL).min(1.0) * (1.0 - trust);
    f.similarity.max(topic)
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
    let sim = (short_reference_similarity(f) / similarity_target(f.reference_words))
        .min(1.0)
        .sqrt();
    let correctness = COVERAGE_WEIGHT * cov + (1.0 - COVERAGE_WEIGHT) * sim;
    let depth = depth_curve(depth_words(f));
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
    fn a_short_reference_lets_topic_vocabulary_stand_in_for_its_words() {
        // a correct answer in other words than a six-word reference
        let mut f = Features {
            coverage: 0.0,
            similarity: 0.0,
            reference_words: 6,
            topic_words: 12,
            depth_words: 30,
            ..base()
        };
        let short = score(&f);
        assert!(short >= 2.5, "{short}");
        // a long reference lists what a correct answer says: missing all of it stays near zero
        f.reference_words = 40;
        assert!(score(&f) < 0.5, "{}", score(&f));
        // and no topic vocabulary, no stand-in
        f.reference_words = 6;
        f.topic_words = 0;
        assert!(score(&f) < 0.5);
    }

    #[test]
    fn a_long_reference_expects_a_smaller_share_of_its_words() {
        assert_eq!(similarity_target(6), SIMILARITY_TARGET);
        assert_eq!(similarity_target(24), SIMILARITY_TARGET);
        assert!((similarity_target(96) - SIMILARITY_TARGET / 2.0).abs() < 1e-6);
        // the same recall of a long reference is worth more than of a short one
        let mut f = Features {
            coverage: 0.3,
            similarity: 0.25,
            reference_words: 20,
            ..base()
        };
        let short = score(&f);
        f.reference_words = 60;
        assert!(score(&f) >= short + 1.0, "{} vs {short}", score(&f));
    }

    #[test]
    fn full_coverage_with_depth_is_ten() {
        assert_eq!(score(&base()), 10.0);
        assert_eq!(band(10.0), Band::Excellent);
    }

    #[test]
    fn a_mostly_on_topic_answer_has_the_depth_of_all_its_words() {
        // three quarters judged on-topic: the rest reads as own words, not padding
        let mut f = Features {
            coverage: 0.3,
            similarity: 0.3,
            depth_words: 30,
            relevance: 0.75,
            ..base()
        };
        let partly = score(&f);
        f.depth_words = 40;
        f.relevance = 1.0;
        assert_eq!(score(&f), partly);
        // a third on-topic: the on-topic part is not credited as if it were the whole answer
        f.depth_words = 30;
        f.relevance = 0.35;
        let off = score(&f);
        f.depth_words = 86;
        f.relevance = 1.0;
        assert!(off < score(&f) - 0.5, "{off} vs {}", score(&f));
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
