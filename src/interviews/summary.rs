//! An interview's strengths and weaknesses across its answers, from the per-criterion verdicts
//! of their judgments (after the interviewer's criterion overrides): the concepts the candidate
//! met, and the ones they missed or got wrong, each with the questions where it happened. Pure.

use serde::Serialize;

use crate::grader::Verdict;

/// At most this many strengths and this many weaknesses are listed.
pub const MAX_LISTED: usize = 6;

/// One criterion of one answer, as the summary counts it.
#[derive(Debug, Clone)]
pub struct Mark<'a> {
    /// The number of the question answered (`"2"`, `"2.1"`).
    pub number: &'a str,
    pub label: &'a str,
    pub weight: f32,
    pub verdict: Verdict,
}

/// How many criteria of all answers got each verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct VerdictCounts {
    pub met: usize,
    pub partial: usize,
    pub missed: usize,
    pub contradicted: usize,
}

impl VerdictCounts {
    pub fn total(&self) -> usize {
        self.met + self.partial + self.missed + self.contradicted
    }
}

/// A concept (criterion label) and the questions where it was met, or missed or contradicted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concept {
    pub concept: String,
    /// Question numbers, in the order the answers were given to [`summarize`].
    pub questions: Vec<String>,
    /// For a weakness: whether some answer stated something wrong about it (contradicted).
    pub wrong: bool,
    #[serde(skip)]
    weight: f32,
}

impl Concept {
    /// "questions 1 and 2.1", "question 3".
    pub fn where_(&self) -> String {
        match self.questions.as_slice() {
            [] => String::new(),
            [one] => format!("question {one}"),
            [init @ .., last] => format!("questions {} and {last}", init.join(", ")),
        }
    }
}

/// What an interview's answers show across questions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub verdicts: VerdictCounts,
    /// Concepts met, the most often met first.
    pub strengths: Vec<Concept>,
    /// Concepts missed or contradicted: wrong claims first, then the most often missed.
    pub weaknesses: Vec<Concept>,
}

impl Summary {
    /// "9 of 16 concepts met, 2 in part, 4 missed, 1 wrong claim", or empty with no verdicts.
    pub fn describe(&self) -> String {
        let v = &self.verdicts;
        if v.total() == 0 {
            return String::new();
        }
        let mut s = format!("{} of {} concepts met", v.met, v.total());
        if v.partial > 0 {
            s.push_str(&format!(", {} in part", v.partial));
        }
        if v.missed > 0 {
            s.push_str(&format!(", {} missed", v.missed));
        }
        match v.contradicted {
            0 => {}
            1 => s.push_str(", 1 wrong claim"),
            n => s.push_str(&format!(", {n} wrong claims")),
        }
        s
    }
}

/// The verdict a criterion counts as once the interviewer scored it (0-10) by hand: the verdict
/// whose credit (met 10, partial 5, missed 0) is nearest the score. A contradicted criterion
/// scored low stays contradicted.
pub fn overridden(grader: Verdict, human_score: f32) -> Verdict {
    if human_score >= 7.5 {
        Verdict::Met
    } else if human_score >= 2.5 {
        Verdict::Partial
    } else if grader == Verdict::Contradicted {
        Verdict::Contradicted
    } else {
        Verdict::Missed
    }
}

/// Strengths and weaknesses of `marks` (every criterion of every answer). Concepts are grouped
/// by label, ignoring case, so "Eviction policy" met in two answers is one strength of two
/// questions. Partly met concepts are counted, never listed.
pub fn summarize(marks: &[Mark<'_>]) -> Summary {
    let mut verdicts = VerdictCounts::default();
    let mut strengths: Vec<Concept> = Vec::new();
    let mut weaknesses: Vec<Concept> = Vec::new();
    for m in marks {
        let list = match m.verdict {
            Verdict::Met => {
                verdicts.met += 1;
                &mut strengths
            }
            Verdict::Partial => {
                verdicts.partial += 1;
                continue;
            }
            Verdict::Missed => {
                verdicts.missed += 1;
                &mut weaknesses
            }
            Verdict::Contradicted => {
                verdicts.contradicted += 1;
                &mut weaknesses
            }
        };
        let concept = match list
            .iter_mut()
            .find(|c| c.concept.to_lowercase() == m.label.trim().to_lowercase())
        {
            Some(c) => c,
            None => {
                list.push(Concept {
                    concept: m.label.trim().to_string(),
                    questions: Vec::new(),
                    wrong: false,
                    weight: 0.0,
                });
                list.last_mut().expect("just pushed")
            }
        };
        if !concept.questions.iter().any(|q| q == m.number) {
            concept.questions.push(m.number.to_string());
        }
        concept.weight += m.weight;
        concept.wrong |= m.verdict == Verdict::Contradicted;
    }
    let by_reach = |a: &Concept, b: &Concept| {
        b.questions
            .len()
            .cmp(&a.questions.len())
            .then(b.weight.total_cmp(&a.weight))
            .then_with(|| a.concept.cmp(&b.concept))
    };
    strengths.sort_by(by_reach);
    weaknesses.sort_by(|a, b| b.wrong.cmp(&a.wrong).then_with(|| by_reach(a, b)));
    strengths.truncate(MAX_LISTED);
    weaknesses.truncate(MAX_LISTED);
    Summary {
        verdicts,
        strengths,
        weaknesses,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark<'a>(number: &'a str, label: &'a str, verdict: Verdict) -> Mark<'a> {
        Mark {
            number,
            label,
            weight: 1.0,
            verdict,
        }
    }

    #[test]
    fn concepts_are_grouped_across_answers_and_ranked() {
        use Verdict::*;
        let s = summarize(&[
            mark("1", "Eviction policy", Met),
            mark("1", "Expiry (TTL)", Missed),
            mark("1", "Invalidation", Contradicted),
            mark("2", "eviction policy", Met),
            mark("2", "Expiry (TTL)", Missed),
            mark("2", "Sharding", Partial),
            mark("2.1", "Replicas", Met),
            mark("2.1", "Failover", Missed),
        ]);
        assert_eq!(
            s.verdicts,
            VerdictCounts {
                met: 3,
                partial: 1,
                missed: 3,
                contradicted: 1
            }
        );
        let strengths: Vec<(&str, Vec<&str>)> = s
            .strengths
            .iter()
            .map(|c| {
                (
                    c.concept.as_str(),
                    c.questions.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            strengths,
            vec![
                ("Eviction policy", vec!["1", "2"]),
                ("Replicas", vec!["2.1"])
            ]
        );
        let weaknesses: Vec<(&str, bool, usize)> = s
            .weaknesses
            .iter()
            .map(|c| (c.concept.as_str(), c.wrong, c.questions.len()))
            .collect();
        assert_eq!(
            weaknesses,
            vec![
                ("Invalidation", true, 1),
                ("Expiry (TTL)", false, 2),
                ("Failover", false, 1)
            ],
            "a wrong claim first, then the most often missed"
        );
        assert_eq!(s.weaknesses[1].where_(), "questions 1 and 2");
        assert_eq!(s.strengths[1].where_(), "question 2.1");
        assert_eq!(
            s.describe(),
            "3 of 8 concepts met, 1 in part, 3 missed, 1 wrong claim"
        );
    }

    #[test]
    fn nothing_answered_says_nothing() {
        let s = summarize(&[]);
        assert!(s.strengths.is_empty() && s.weaknesses.is_empty());
        assert_eq!(s.describe(), "");
    }

    #[test]
    fn lists_are_capped() {
        let labels: Vec<String> = (0..10).map(|i| format!("Concept {i}")).collect();
        let marks: Vec<Mark> = labels
            .iter()
            .map(|l| mark("1", l, Verdict::Met))
            .chain(labels.iter().map(|l| mark("2", l, Verdict::Missed)))
            .collect();
        let s = summarize(&marks);
        assert_eq!(s.strengths.len(), MAX_LISTED);
        assert_eq!(s.weaknesses.len(), MAX_LISTED);
        assert_eq!(s.verdicts.total(), 20);
    }

    #[test]
    fn a_human_score_moves_the_verdict_to_the_nearest_credit() {
        use Verdict::*;
        assert_eq!(overridden(Missed, 9.0), Met);
        assert_eq!(overridden(Missed, 7.5), Met);
        assert_eq!(overridden(Met, 5.0), Partial);
        assert_eq!(overridden(Met, 2.5), Partial);
        assert_eq!(overridden(Met, 1.0), Missed);
        assert_eq!(overridden(Contradicted, 0.0), Contradicted);
        assert_eq!(overridden(Contradicted, 8.0), Met);
    }
}
