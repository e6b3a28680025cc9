//! The results of a session as its report, its exports and the candidate's results page show
//! them: every question under its one number ([`super::numbering`]), the answer, the grader's
//! score and per-criterion verdicts with the interviewer's overrides beside them, the gaps, the
//! overall score, the strengths and weaknesses across answers ([`super::summary`]) and the
//! scorecard. Never the private notes. Pure: built from what [`super::service`] reads.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::numbering;
use super::summary::{self, Mark, Summary};
use crate::db::overrides::Override;
use crate::db::scorecards;
use crate::db::sessions::{ItemProgress, Session, SessionQuestion};
use crate::db::states::{ItemState, SessionState};
use crate::grader::Judgment;

/// A session's results.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub title: String,
    pub candidate: Option<String>,
    pub state: SessionState,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub overall: Overall,
    pub summary: Summary,
    pub scorecard: Scorecard,
    /// In listing order: each question followed by its follow-ups.
    pub questions: Vec<ReportQuestion>,
}

/// The interview's score: the mean of its answers' scores, as graded and with the
/// interviewer's overall overrides in place of the grader's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Overall {
    pub questions: usize,
    pub answered: usize,
    /// Mean of the grader's scores (one decimal); `None` before any graded answer.
    pub automatic: Option<f32>,
    /// Mean with each overridden answer at its human score.
    pub with_overrides: Option<f32>,
}

impl Overall {
    /// Whether any override changes the mean.
    pub fn overridden(&self) -> bool {
        self.automatic != self.with_overrides
    }

    /// The score that counts (with overrides), as shown: `"6.4"`, or `"–"` before any answer.
    pub fn shown(&self) -> String {
        self.with_overrides
            .map_or_else(|| "–".to_string(), |s| format!("{s:.1}"))
    }
}

/// The interviewer's recommendation and written summary.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// `strong_hire`, `hire`, `no_hire` or `strong_no_hire`, once given.
    pub recommendation: Option<String>,
    pub recommendation_label: Option<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportQuestion {
    /// `"2"`, or `"2.1"` for a follow-up of question 2.
    pub number: String,
    /// For a follow-up: the number of the question it follows.
    pub follows: Option<String>,
    pub question_id: Option<String>,
    pub prompt: String,
    pub topic: Option<String>,
    pub difficulty: Option<String>,
    pub minutes: i32,
    /// `not started`, `in progress`, `submitted` or `timed out`.
    pub status: &'static str,
    /// The submitted answer, the grader's score, band and summary, once answered.
    pub answer: Option<String>,
    pub score: Option<f32>,
    pub band: Option<String>,
    pub feedback: Option<String>,
    /// The interviewer's override of the overall score, and its reason.
    pub human_score: Option<f32>,
    pub human_reason: Option<String>,
    pub criteria: Vec<ReportCriterion>,
    pub gaps: Vec<ReportGap>,
}

impl ReportQuestion {
    /// The score that counts: the interviewer's if they overrode it, else the grader's.
    pub fn final_score(&self) -> Option<f32> {
        self.human_score.or(self.score)
    }

    /// Whether the interviewer scored any criterion of the answer by hand.
    pub fn criteria_overridden(&self) -> bool {
        self.criteria.iter().any(|c| c.human_score.is_some())
    }
}

/// One criterion of a graded answer.
#[derive(Debug, Clone, Serialize)]
pub struct ReportCriterion {
    pub id: String,
    pub label: String,
    pub weight: f32,
    /// The grader's verdict: `met`, `partial`, `missed` or `contradicted`.
    pub verdict: &'static str,
    /// For a contradicted criterion: what is true instead.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub correction: String,
    /// The interviewer's score for this criterion (0-10) and its reason.
    pub human_score: Option<f32>,
    pub human_reason: Option<String>,
    /// With a human score: the verdict it counts as in the summary.
    pub counts_as: Option<&'static str>,
}

/// Something the answer missed or got wrong, and why it matters.
#[derive(Debug, Clone, Serialize)]
pub struct ReportGap {
    pub label: String,
    pub why: String,
}

/// How a page names the state of an item (`None`: the session has not started it).
pub fn status_label(state: Option<ItemState>) -> &'static str {
    state.map_or("not started", ItemState::label)
}

/// One decimal, as scores are shown and exported.
fn tenth(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

fn mean(values: impl Iterator<Item = f32>) -> Option<f32> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| tenth(sum / n as f32))
}

/// Builds the results of `session` from its questions, the candidate's progress on their items
/// (matched by position), the interviewer's overrides and the candidate's display name.
pub fn build(
    session: &Session,
    candidate: Option<String>,
    questions: &[SessionQuestion],
    progress: &[ItemProgress],
    overrides: &[Override],
) -> Report {
    let order = numbering::number(
        &questions
            .iter()
            .map(|q| (q.position, q.followup_of))
            .collect::<Vec<_>>(),
    );
    let listed: Vec<ReportQuestion> = order
        .into_iter()
        .filter_map(|n| {
            let q = questions.iter().find(|q| q.position == n.position)?;
            let p = progress.iter().find(|p| p.position == q.position);
            Some(question(n, q, p, overrides))
        })
        .collect();
    let marks: Vec<Mark> = listed
        .iter()
        .flat_map(|q| {
            q.criteria.iter().map(|c| Mark {
                number: &q.number,
                label: &c.label,
                weight: c.weight,
                verdict: c.counted_verdict(),
            })
        })
        .collect();
    let summary = summary::summarize(&marks);
    let overall = Overall {
        questions: listed.len(),
        answered: listed.iter().filter(|q| q.answer.is_some()).count(),
        automatic: mean(listed.iter().filter_map(|q| q.score)),
        with_overrides: mean(listed.iter().filter_map(|q| q.final_score())),
    };
    Report {
        title: session.title.clone(),
        candidate,
        state: session.state,
        started_at: session.started_at,
        finished_at: session.finished_at,
        overall,
        summary,
        scorecard: Scorecard {
            recommendation_label: session
                .recommendation
                .as_deref()
                .and_then(scorecards::recommendation_label)
                .map(str::to_owned),
            recommendation: session.recommendation.clone(),
            summary: session.summary.clone(),
        },
        questions: listed,
    }
}

impl ReportCriterion {
    fn counted_verdict(&self) -> crate::grader::Verdict {
        use crate::grader::Verdict;
        let grader = Verdict::ALL
            .into_iter()
            .find(|v| v.as_str() == self.verdict)
            .unwrap_or(Verdict::Missed);
        match self.human_score {
            Some(score) => summary::overridden(grader, score),
            None => grader,
        }
    }
}

fn question(
    n: numbering::Numbered,
    q: &SessionQuestion,
    p: Option<&ItemProgress>,
    overrides: &[Override],
) -> ReportQuestion {
    let answered = p.filter(|p| p.answer.is_some());
    let judgment: Option<Judgment> = answered
        .and_then(|p| p.judgment.clone())
        .and_then(|j| serde_json::from_value(j).ok());
    let mine = |criterion: Option<&str>| {
        overrides
            .iter()
            .find(|o| o.position == q.position && o.criterion.as_deref() == criterion)
    };
    let overall = answered.and(mine(None));
    let criteria = judgment
        .as_ref()
        .map(|j| {
            j.criteria
                .iter()
                .map(|c| {
                    let o = mine(Some(&c.id));
                    let mut rc = ReportCriterion {
                        id: c.id.clone(),
                        label: c.label.clone(),
                        weight: c.weight,
                        verdict: c.verdict.as_str(),
                        correction: c.correction.clone(),
                        human_score: o.map(|o| o.score),
                        human_reason: o.map(|o| o.reason.clone()),
                        counts_as: None,
                    };
                    if rc.human_score.is_some() {
                        rc.counts_as = Some(rc.counted_verdict().as_str());
                    }
                    rc
                })
                .collect()
        })
        .unwrap_or_default();
    ReportQuestion {
        number: n.number,
        follows: n.follows,
        question_id: q.question_id.clone(),
        prompt: q.prompt.clone(),
        topic: q.topic.clone(),
        difficulty: q.difficulty.clone(),
        minutes: q.minutes,
        status: status_label(p.map(|p| p.state)),
        answer: answered.and_then(|p| p.answer.clone()),
        score: answered.and_then(|p| p.score),
        band: answered.and_then(|p| p.band.clone()),
        feedback: judgment.as_ref().map(|j| j.summary.clone()),
        human_score: overall.map(|o| o.score),
        human_reason: overall.map(|o| o.reason.clone()),
        criteria,
        gaps: judgment
            .map(|j| {
                j.gaps
                    .into_iter()
                    .map(|g| ReportGap {
                        label: g.label,
                        why: g.why,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grader::{Band, CriterionResult, Gap, Judgment, Verdict};
    use uuid::Uuid;

    fn session() -> Session {
        Session {
            id: Uuid::nil(),
            owner_id: Uuid::nil(),
            title: "Loop".into(),
            candidate_name: String::new(),
            minutes_per_question: 5,
            state: SessionState::Finished,
            is_template: false,
            count_for_leaderboards: false,
            created_at: Utc::now(),
            started_at: Some(Utc::now()),
            finished_at: Some(Utc::now()),
            recommendation: Some("hire".into()),
            summary: "Solid".into(),
            interview_id: Some(Uuid::nil()),
            results_released: true,
        }
    }

    fn question(position: i32, followup_of: Option<i32>) -> SessionQuestion {
        SessionQuestion {
            position,
            question_id: Some(format!("q{position}")),
            prompt: format!("Prompt {position}"),
            own_reference: None,
            topic: Some("caching".into()),
            difficulty: Some("easy".into()),
            minutes: 5,
            followup_of,
            chain_next: None,
            chain_next_prompt: None,
        }
    }

    fn criterion(id: &str, verdict: Verdict) -> CriterionResult {
        CriterionResult {
            id: id.into(),
            label: format!("Label {id}"),
            weight: 1.0,
            verdict,
            evidence: Vec::new(),
            expects: String::new(),
            correction: String::new(),
            phase: None,
        }
    }

    fn answered(position: i32, score: f32, criteria: Vec<CriterionResult>) -> ItemProgress {
        let judgment = Judgment {
            score,
            band: Band::Adequate,
            gaps: criteria
                .iter()
                .filter(|c| c.verdict == Verdict::Missed)
                .map(|c| Gap {
                    criterion: c.id.clone(),
                    label: c.label.clone(),
                    why: "It matters.".into(),
                })
                .collect(),
            criteria,
            strengths: Vec::new(),
            flags: Vec::new(),
            followup: String::new(),
            summary: "Some of it.".into(),
            breakdown: Default::default(),
        };
        ItemProgress {
            position,
            state: ItemState::Submitted,
            seconds_left: None,
            draft: None,
            answer: Some(format!("Answer {position}")),
            judgment: Some(serde_json::to_value(judgment).unwrap()),
            score: Some(score),
            band: Some("adequate".into()),
        }
    }

    fn override_of(position: i32, criterion: Option<&str>, score: f32) -> Override {
        Override {
            position,
            criterion: criterion.map(str::to_owned),
            score,
            reason: "Said so aloud".into(),
        }
    }

    #[test]
    fn results_number_follow_ups_under_their_parent_and_apply_overrides() {
        let questions = [question(0, None), question(1, None), question(2, Some(0))];
        let progress = [
            answered(
                0,
                6.0,
                vec![
                    criterion("a", Verdict::Met),
                    criterion("b", Verdict::Missed),
                ],
            ),
            ItemProgress {
                state: ItemState::Active,
                answer: None,
                judgment: None,
                score: None,
                band: None,
                ..answered(1, 0.0, Vec::new())
            },
            answered(2, 3.0, vec![criterion("b", Verdict::Contradicted)]),
        ];
        let overrides = [
            override_of(2, None, 5.0),
            override_of(0, Some("b"), 9.0),
            // an override of an unanswered item is ignored
            override_of(1, None, 10.0),
        ];
        let r = build(
            &session(),
            Some("Ada".into()),
            &questions,
            &progress,
            &overrides,
        );
        let numbers: Vec<(&str, Option<&str>, &str)> = r
            .questions
            .iter()
            .map(|q| (q.number.as_str(), q.follows.as_deref(), q.prompt.as_str()))
            .collect();
        assert_eq!(
            numbers,
            vec![
                ("1", None, "Prompt 0"),
                ("1.1", Some("1"), "Prompt 2"),
                ("2", None, "Prompt 1")
            ]
        );
        assert_eq!(r.questions[2].status, "in progress");
        assert_eq!(r.questions[2].human_score, None);
        assert_eq!(
            r.overall,
            Overall {
                questions: 3,
                answered: 2,
                automatic: Some(4.5),
                with_overrides: Some(5.5)
            }
        );
        let b = &r.questions[0].criteria[1];
        assert_eq!(
            (b.verdict, b.human_score, b.counts_as),
            ("missed", Some(9.0), Some("met"))
        );
        assert_eq!(r.questions[0].gaps[0].label, "Label b");
        // b overridden to met in 1, contradicted in 1.1: a strength and a wrong claim
        assert_eq!(r.summary.strengths[0].concept, "Label a");
        assert_eq!(r.summary.strengths[1].questions, vec!["1"]);
        assert_eq!(r.summary.weaknesses[0].concept, "Label b");
        assert!(r.summary.weaknesses[0].wrong);
        assert_eq!(r.summary.weaknesses[0].questions, vec!["1.1"]);
        assert_eq!(r.scorecard.recommendation_label.as_deref(), Some("Hire"));
    }

    #[test]
    fn nothing_answered_has_no_overall_score() {
        let r = build(&session(), None, &[question(0, None)], &[], &[]);
        assert_eq!(r.overall.automatic, None);
        assert_eq!(r.overall.answered, 0);
        assert_eq!(r.questions[0].status, "not started");
        assert!(!r.overall.overridden());
    }
}
