//! The grader's output: a structured, interviewer-style judgment of one answer, whose score
//! follows from its per-criterion verdicts (see [`Breakdown`]).
//!
//! Judgments are stored as JSON with each answer; fields added since the first version have
//! serde defaults, so older judgments still read.

use serde::{Deserialize, Serialize};

use crate::rubric::model::Phase;

/// Score band, from the 0-10 score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Excellent,
    Good,
    Adequate,
    Weak,
    Poor,
}

/// Verdict on one rubric criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Met,
    Partial,
    Missed,
    Contradicted,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Met,
        Verdict::Partial,
        Verdict::Missed,
        Verdict::Contradicted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Partial => "partial",
            Verdict::Missed => "missed",
            Verdict::Contradicted => "contradicted",
        }
    }

    /// The share of a criterion's weight the verdict earns.
    pub fn credit(self) -> f32 {
        match self {
            Verdict::Met => 1.0,
            Verdict::Partial => 0.5,
            Verdict::Missed | Verdict::Contradicted => 0.0,
        }
    }
}

/// Anti-gaming findings. Leaderboards give no points to answers flagged `KeywordDump`, `OffTopic`
/// or `CopiedQuestion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    KeywordDump,
    OffTopic,
    CopiedQuestion,
    Gibberish,
    Padding,
    Filler,
    Empty,
}

impl Flag {
    /// How a page names the flag.
    pub fn title(self) -> &'static str {
        match self {
            Flag::KeywordDump => "keyword dump",
            Flag::OffTopic => "off topic",
            Flag::CopiedQuestion => "copies the question",
            Flag::Gibberish => "gibberish",
            Flag::Padding => "padding",
            Flag::Filler => "filler",
            Flag::Empty => "empty",
        }
    }
}

/// Where in the answer a criterion was evidenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Byte range `[start, end)` into the answer as given.
    pub start: usize,
    pub end: usize,
    /// The answer's words in that range.
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub id: String,
    pub label: String,
    pub weight: f32,
    pub verdict: Verdict,
    /// The answer's words the verdict rests on (for a contradicted criterion, the wrong claim).
    pub evidence: Vec<Evidence>,
    /// What a good answer says about the criterion and why (older judgments call it `hint`).
    #[serde(alias = "hint", default)]
    pub expects: String,
    /// For a contradicted criterion: what is true instead.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub correction: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
}

/// Something the answer missed or got wrong, and why it matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub criterion: String,
    pub label: String,
    pub why: String,
}

/// What capped a score: a gaming flag and the most the answer could score with it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cap {
    pub flag: Flag,
    pub max: f32,
}

/// The arithmetic behind a score, so a page can say "5 of 7 concepts, one wrong claim" and the
/// number agrees with it:
///
/// `score = min(cap, ((1 - s) * coverage_points * depth + s * similarity_points) * relevance
///           - penalty)`, clamped to 0..10, where `s` is [`Breakdown::SIMILARITY_SHARE`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Breakdown {
    pub criteria: usize,
    pub met: usize,
    pub partial: usize,
    pub missed: usize,
    pub contradicted: usize,
    /// Weighted coverage, 0..1: met criteria earn their weight, partial ones half.
    pub coverage: f32,
    /// Coverage in points, 0..10 (complete at [`Breakdown::COVERAGE_FULL`]).
    pub coverage_points: f32,
    /// 0..1: how much on-topic explanation the answer gives (scales the coverage points).
    pub depth: f32,
    /// Points from the reference's vocabulary, 0..10.
    pub similarity_points: f32,
    /// 0..1: the share of the answer that is about the question (scales everything).
    pub relevance: f32,
    /// Points taken for wrong claims.
    pub penalty: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Cap>,
    pub score: f32,
}

impl Breakdown {
    /// Weighted coverage that counts as complete: a complete answer need not hit every criterion.
    pub const COVERAGE_FULL: f32 = 0.85;
    /// Share of the score that comes from the reference's vocabulary rather than the verdicts.
    pub const SIMILARITY_SHARE: f32 = 0.15;
    /// Points per unit of contradicted weight share (so a wrong claim costs more than leaving the
    /// concept out).
    pub const PENALTY_PER_SHARE: f32 = 15.0;

    /// "5 of 7 concepts, one wrong claim": the verdict counts in words.
    pub fn describe(&self) -> String {
        let noun = if self.criteria == 1 {
            "concept"
        } else {
            "concepts"
        };
        let mut s = format!("{} of {} {noun}", self.met, self.criteria);
        if self.partial > 0 {
            s.push_str(&format!(", {} in part", self.partial));
        }
        match self.contradicted {
            0 => {}
            1 => s.push_str(", one wrong claim"),
            n => s.push_str(&format!(", {n} wrong claims")),
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Judgment {
    /// 0.0..=10.0, one decimal.
    pub score: f32,
    pub band: Band,
    pub criteria: Vec<CriterionResult>,
    pub strengths: Vec<String>,
    pub gaps: Vec<Gap>,
    pub flags: Vec<Flag>,
    pub followup: String,
    pub summary: String,
    #[serde(default)]
    pub breakdown: Breakdown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_breakdown_describes_its_counts() {
        let b = Breakdown {
            criteria: 7,
            met: 5,
            partial: 1,
            contradicted: 1,
            ..Breakdown::default()
        };
        assert_eq!(b.describe(), "5 of 7 concepts, 1 in part, one wrong claim");
        let b = Breakdown {
            criteria: 4,
            met: 4,
            ..Breakdown::default()
        };
        assert_eq!(b.describe(), "4 of 4 concepts");
    }

    #[test]
    fn judgments_stored_before_v2_still_read() {
        let old = r#"{"score": 6.0, "band": "adequate", "criteria": [{"id": "ttl", "label": "TTL",
            "weight": 1.5, "verdict": "met", "evidence": [], "hint": "Set a TTL."}],
            "strengths": [], "gaps": [], "flags": [], "followup": "Why?", "summary": "Fine."}"#;
        let j: Judgment = serde_json::from_str(old).unwrap();
        assert_eq!(j.criteria[0].expects, "Set a TTL.");
        assert_eq!(j.breakdown, Breakdown::default());
    }
}
