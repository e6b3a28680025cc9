//! How well a rubric agrees with a question's labelled cases: Spearman and mean absolute error of
//! the scores against the human scores, and per criterion the verdicts it gets right,
//! over-credits (a better verdict than the label) and under-credits. Pure: the workbench grades
//! the cases and hands the results in. The statistics are `grader::eval`'s.

use crate::grader::Verdict;
use crate::grader::eval::{mae, spearman};

/// One labelled case as graded by the rubric under test.
#[derive(Debug, Clone)]
pub struct Graded {
    /// The human score, when the case has one.
    pub human: Option<f32>,
    /// Expected verdicts, `(criterion id, verdict)`.
    pub expected: Vec<(String, Verdict)>,
    pub score: f32,
    /// The rubric's verdicts, `(criterion id, verdict)`.
    pub verdicts: Vec<(String, Verdict)>,
}

/// Agreement on one criterion: indices of the cases in each outcome.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CriterionAgreement {
    pub id: String,
    pub right: Vec<usize>,
    pub over: Vec<usize>,
    pub under: Vec<usize>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agreement {
    /// Cases with a human score.
    pub scored: usize,
    /// Spearman of rubric vs human scores (`None` under two scored cases or when either side
    /// is constant).
    pub spearman: Option<f64>,
    pub mae: Option<f64>,
    /// Per criterion of `criteria`, in that order.
    pub criteria: Vec<CriterionAgreement>,
}

/// Credit order of verdicts: contradicted < missed < partial < met.
fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Contradicted => 0,
        Verdict::Missed => 1,
        Verdict::Partial => 2,
        Verdict::Met => 3,
    }
}

/// The agreement of `cases` for the criteria `criteria` (ids, in the rubric's order).
pub fn measure(criteria: &[String], cases: &[Graded]) -> Agreement {
    let (human, rubric): (Vec<f64>, Vec<f64>) = cases
        .iter()
        .filter_map(|c| c.human.map(|h| (f64::from(h), f64::from(c.score))))
        .unzip();
    let constant = |x: &[f64]| x.windows(2).all(|w| w[0] == w[1]);
    let spearman = (human.len() >= 2 && !constant(&human) && !constant(&rubric))
        .then(|| spearman(&rubric, &human));
    let mae = (!human.is_empty()).then(|| mae(&rubric, &human));
    let criteria = criteria
        .iter()
        .map(|id| {
            let mut a = CriterionAgreement {
                id: id.clone(),
                ..CriterionAgreement::default()
            };
            for (i, c) in cases.iter().enumerate() {
                let Some((_, want)) = c.expected.iter().find(|(e, _)| e == id) else {
                    continue;
                };
                let Some((_, got)) = c.verdicts.iter().find(|(e, _)| e == id) else {
                    continue;
                };
                match rank(*got).cmp(&rank(*want)) {
                    std::cmp::Ordering::Equal => a.right.push(i),
                    std::cmp::Ordering::Greater => a.over.push(i),
                    std::cmp::Ordering::Less => a.under.push(i),
                }
            }
            a
        })
        .collect();
    Agreement {
        scored: human.len(),
        spearman,
        mae,
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    fn case(
        human: Option<f32>,
        score: f32,
        expected: &[(&str, Verdict)],
        got: &[(&str, Verdict)],
    ) -> Graded {
        let v = |l: &[(&str, Verdict)]| l.iter().map(|(c, v)| (c.to_string(), *v)).collect();
        Graded {
            human,
            expected: v(expected),
            score,
            verdicts: v(got),
        }
    }

    #[test]
    fn verdicts_are_right_over_or_under_credited() {
        let cases = [
            case(None, 5.0, &[("a", Met)], &[("a", Met), ("b", Met)]),
            case(
                None,
                5.0,
                &[("a", Missed), ("b", Met)],
                &[("a", Partial), ("b", Contradicted)],
            ),
            case(None, 5.0, &[("a", Partial)], &[("a", Missed)]),
        ];
        let a = measure(&["a".into(), "b".into()], &cases);
        assert_eq!(a.criteria[0].right, vec![0]);
        assert_eq!(a.criteria[0].over, vec![1]);
        assert_eq!(a.criteria[0].under, vec![2]);
        assert_eq!(a.criteria[1].under, vec![1]);
        assert!(a.criteria[1].right.is_empty() && a.criteria[1].over.is_empty());
        assert_eq!((a.scored, a.spearman, a.mae), (0, None, None));
    }

    #[test]
    fn scores_give_spearman_and_mae() {
        let cases = [
            case(Some(2.0), 3.0, &[], &[]),
            case(Some(5.0), 4.0, &[], &[]),
            case(Some(9.0), 9.5, &[], &[]),
            case(None, 1.0, &[], &[]),
        ];
        let a = measure(&[], &cases);
        assert_eq!(a.scored, 3);
        assert!((a.spearman.unwrap() - 1.0).abs() < 1e-9);
        assert!((a.mae.unwrap() - (1.0 + 1.0 + 0.5) / 3.0).abs() < 1e-9);
        // one scored case: an error but no correlation
        let a = measure(&[], &cases[..1]);
        assert_eq!((a.scored, a.spearman), (1, None));
        assert!((a.mae.unwrap() - 1.0).abs() < 1e-9);
    }
}
