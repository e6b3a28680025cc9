//! Scoring: the 0-10 score follows from the verdicts (see [`Breakdown`] for the formula).
//!
//! - **Coverage**: each criterion earns its weight when met and half when partial; the weighted
//!   share is worth 10 points at [`Breakdown::COVERAGE_FULL`] (a complete answer need not hit
//!   every criterion).
//! - **Depth** scales the coverage points between [`DEPTH_FLOOR`] and 1 with the number of
//!   distinct on-topic words: naming concepts is worth less than explaining them.
//! - **Similarity** to the reference's vocabulary is a minor signal,
//!   [`Breakdown::SIMILARITY_SHARE`] of the score.
//! - **Relevance** scales everything when much of the answer is about something else, or when it
//!   opens with an answer to another question.
//! - **Wrong claims** cost [`Breakdown::PENALTY_PER_SHARE`] points per unit of contradicted
//!   weight share, more than leaving the concept out.
//! - **Gaming** caps the score: a keyword dump, the question copied back, filler, gibberish.

use super::judgment::{Band, Breakdown, Cap, Flag, Verdict};

/// What the score is computed from.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Features {
    /// (weight, verdict) per criterion.
    pub verdicts: Vec<(f32, Verdict)>,
    /// Distinct content words in on-topic sentences.
    pub depth_words: usize,
    /// Weighted share of the reference vocabulary used, 0..1.
    pub similarity: f32,
    /// Share of the answer's content in on-topic sentences, 0..1.
    pub relevance: f32,
    /// Whether the rubric (or its topic) has vocabulary enough to tell what is on topic; when
    /// not, relevance does not scale the score.
    pub knows_subject: bool,
    /// Share of the content in an opening about something else (see `relevance`), 0..1.
    pub leading_off: f32,
    /// Share of the answer's specific words that belong to the rubric, 0..1.
    pub rubric_share: f32,
    /// Share of the answer's specific words that belong to the rubric or the question's topic.
    pub topic_share: f32,
    /// Words in the answer.
    pub words: usize,
    pub flags: Vec<Flag>,
}

/// Depth factor for answers with no explanation at all.
pub const DEPTH_FLOOR: f32 = 0.75;
/// Distinct on-topic words at which depth starts to count, and at which it is complete.
const DEPTH_FROM: f32 = 6.0;
const DEPTH_FULL: f32 = 45.0;
/// Reference-vocabulary share that counts as complete.
const SIMILARITY_FULL: f32 = 0.5;
/// Relevance at and above which an answer is wholly on topic.
const RELEVANCE_FULL: f32 = 0.65;

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

/// Depth on a log scale between [`DEPTH_FROM`] and [`DEPTH_FULL`] distinct on-topic words.
fn depth_curve(words: usize) -> f32 {
    let (lo, hi) = (DEPTH_FROM.ln(), DEPTH_FULL.ln());
    (((words as f32 + 1.0).ln() - lo) / (hi - lo)).clamp(0.0, 1.0)
}

/// The score and its arithmetic.
pub fn score(f: &Features) -> Breakdown {
    let mut b = Breakdown {
        criteria: f.verdicts.len(),
        ..Breakdown::default()
    };
    let total: f32 = f.verdicts.iter().map(|(w, _)| w.max(0.0)).sum();
    let (mut earned, mut wrong) = (0.0f32, 0.0f32);
    for &(w, v) in &f.verdicts {
        let w = w.max(0.0);
        earned += w * v.credit();
        match v {
            Verdict::Met => b.met += 1,
            Verdict::Partial => b.partial += 1,
            Verdict::Missed => b.missed += 1,
            Verdict::Contradicted => {
                b.contradicted += 1;
                wrong += w;
            }
        }
    }
    if total > 0.0 {
        b.coverage = earned / total;
    }
    b.coverage_points = 10.0 * (b.coverage / Breakdown::COVERAGE_FULL).min(1.0);
    b.depth = DEPTH_FLOOR + (1.0 - DEPTH_FLOOR) * depth_curve(f.depth_words);
    b.similarity_points = 10.0 * (f.similarity / SIMILARITY_FULL).min(1.0);
    // an answer that opens with another subject reads as an answer to another question, which
    // a rubric of any size can tell: the opening shares nothing with the rest
    let opening = (1.0 - 1.3 * (f.leading_off - 0.1).max(0.0)).clamp(0.0, 1.0);
    b.relevance = opening
        * if f.knows_subject {
            (f.relevance / RELEVANCE_FULL).min(1.0)
        } else {
            1.0
        };
    b.penalty = if total > 0.0 {
        Breakdown::PENALTY_PER_SHARE * wrong / total
    } else {
        0.0
    };
    if f.flags.contains(&Flag::Empty) || f.flags.contains(&Flag::Gibberish) {
        b.relevance = 0.0;
    }
    let s = Breakdown::SIMILARITY_SHARE;
    let mut x = ((1.0 - s) * b.coverage_points * b.depth + s * b.similarity_points) * b.relevance
        - b.penalty;
    for (flag, max) in [
        (Flag::Gibberish, 0.0),
        (Flag::Empty, 0.0),
        (Flag::CopiedQuestion, 0.5),
        (Flag::Filler, 1.5),
        (Flag::OffTopic, 1.0),
        (Flag::KeywordDump, 1.2 + 2.0 * b.coverage),
    ] {
        if f.flags.contains(&flag) && x > max && b.cap.is_none_or(|c| max < c.max) {
            b.cap = Some(Cap { flag, max });
        }
    }
    if let Some(c) = b.cap {
        x = x.min(c.max);
    }
    b.score = round1(x.clamp(0.0, 10.0));
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(verdicts: &[(f32, Verdict)]) -> Features {
        Features {
            verdicts: verdicts.to_vec(),
            depth_words: 60,
            similarity: 0.6,
            relevance: 1.0,
            knows_subject: true,
            leading_off: 0.0,
            rubric_share: 0.5,
            topic_share: 1.0,
            words: 200,
            flags: Vec::new(),
        }
    }

    use Verdict::*;

    #[test]
    fn all_met_with_depth_is_ten_and_the_score_follows_the_verdicts() {
        let all = score(&features(&[(2.0, Met), (1.0, Met), (1.0, Met)]));
        assert_eq!(all.score, 10.0);
        assert_eq!(all.describe(), "3 of 3 concepts");
        let half = score(&features(&[(2.0, Met), (1.0, Missed), (1.0, Missed)]));
        let quarter = score(&features(&[(2.0, Missed), (1.0, Met), (1.0, Missed)]));
        assert!(all.score > half.score && half.score > quarter.score);
        // five of five met is never "weak"
        let five = score(&features(&[(1.0, Met); 5]));
        assert_eq!(band(five.score), Band::Excellent);
        // one of four met is never "excellent"
        let one = score(&features(&[
            (1.0, Met),
            (1.0, Missed),
            (1.0, Missed),
            (1.0, Missed),
        ]));
        assert!(
            band(one.score) != Band::Excellent && one.score < 5.0,
            "{one:?}"
        );
    }

    #[test]
    fn a_wrong_claim_costs_more_than_a_gap() {
        let gap = score(&features(&[(2.0, Met), (1.0, Met), (1.0, Missed)]));
        let wrong = score(&features(&[(2.0, Met), (1.0, Met), (1.0, Contradicted)]));
        let all = score(&features(&[(2.0, Met), (1.0, Met), (1.0, Met)]));
        assert!(wrong.score < gap.score);
        assert!(all.score - wrong.score >= 10.0 * 0.25, "{wrong:?}");
        assert_eq!(wrong.describe(), "2 of 3 concepts, one wrong claim");
    }

    #[test]
    fn depth_relevance_and_partial_credit_shape_the_score() {
        let mut f = features(&[(1.0, Met), (1.0, Met)]);
        f.depth_words = 3;
        let thin = score(&f);
        assert!(thin.score >= 7.0 && thin.score < 9.0, "{thin:?}");
        let mut f = features(&[(1.0, Met), (1.0, Met)]);
        f.relevance = 0.3;
        assert!(score(&f).score < 5.5);
        let partial = score(&features(&[(1.0, Partial), (1.0, Partial)]));
        assert!(partial.score > 4.0 && partial.score < 7.0, "{partial:?}");
    }

    #[test]
    fn gaming_flags_cap_the_score() {
        let mut f = features(&[(1.0, Met), (1.0, Met)]);
        f.flags.push(Flag::KeywordDump);
        let b = score(&f);
        assert!(b.score < 3.5);
        assert_eq!(b.cap.map(|c| c.flag), Some(Flag::KeywordDump));
        for flag in [
            Flag::CopiedQuestion,
            Flag::Gibberish,
            Flag::Empty,
            Flag::OffTopic,
        ] {
            let mut f = features(&[(1.0, Met)]);
            f.flags.push(flag);
            assert!(score(&f).score <= 1.0, "{flag:?}");
        }
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
