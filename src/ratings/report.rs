//! The bank report: questions whose learned rating moved far from their label's rating, the
//! largest moves first. Pure; `whetstone ratings report` reads the ratings and prints this.

use crate::db::ratings::QuestionRating;

/// One question that moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    pub question_id: String,
    pub topic: String,
    pub prompt: String,
    pub difficulty: String,
    pub label: i32,
    pub learned: f64,
    pub deviation: f64,
    pub games: i32,
}

impl Drift {
    /// Learned minus label: positive when the question proved harder than labelled.
    pub fn moved(&self) -> f64 {
        self.learned - f64::from(self.label)
    }
}

/// What the report found.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub questions: usize,
    /// Questions with at least one rated game.
    pub played: usize,
    /// Questions with at least `min_games` rated games.
    pub settled: usize,
    /// Settled questions that moved more than the threshold, largest move first.
    pub drifted: Vec<Drift>,
}

/// Questions with at least `min_games` rated games whose learned rating is more than `threshold`
/// away from their label's, largest move first (ties by id). `on_question` is called once per
/// question examined (progress).
pub fn drifted(
    questions: &[QuestionRating],
    min_games: i32,
    threshold: f64,
    mut on_question: impl FnMut(),
) -> Report {
    let mut report = Report {
        questions: questions.len(),
        played: 0,
        settled: 0,
        drifted: Vec::new(),
    };
    for q in questions {
        on_question();
        let Some(learned) = &q.learned else { continue };
        if learned.games > 0 {
            report.played += 1;
        }
        if learned.games < min_games {
            continue;
        }
        report.settled += 1;
        let d = Drift {
            question_id: q.question_id.clone(),
            topic: q.topic.clone(),
            prompt: q.prompt.clone(),
            difficulty: q.difficulty.clone(),
            label: q.label,
            learned: learned.rating.rating,
            deviation: learned.rating.deviation,
            games: learned.games,
        };
        if d.moved().abs() > threshold {
            report.drifted.push(d);
        }
    }
    report.drifted.sort_by(|a, b| {
        b.moved()
            .abs()
            .total_cmp(&a.moved().abs())
            .then_with(|| a.question_id.cmp(&b.question_id))
    });
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ratings::Stored;
    use crate::ratings::glicko2::Rating;

    fn q(id: &str, label: i32, learned: Option<(f64, i32)>) -> QuestionRating {
        QuestionRating {
            question_id: id.into(),
            topic: "caching".into(),
            prompt: format!("prompt {id}"),
            difficulty: "medium".into(),
            label,
            learned: learned.map(|(rating, games)| Stored {
                rating: Rating {
                    rating,
                    deviation: 90.0,
                    volatility: 0.06,
                },
                games,
            }),
        }
    }

    #[test]
    fn lists_settled_questions_that_moved_far_largest_first() {
        let bank = [
            q("a", 1400, Some((1700.0, 12))), // +300
            q("b", 1400, Some((1450.0, 30))), // +50: within the threshold
            q("c", 1600, Some((1200.0, 8))),  // -400
            q("d", 1400, Some((2000.0, 2))),  // too few games to say
            q("e", 1400, None),               // never played
            q("f", 1400, Some((1400.0, 0))),  // seeded, never moved
        ];
        let mut seen = 0;
        let r = drifted(&bank, 5, 150.0, || seen += 1);
        assert_eq!(seen, 6);
        assert_eq!(r.questions, 6);
        assert_eq!(r.played, 4);
        assert_eq!(r.settled, 3);
        let ids: Vec<&str> = r.drifted.iter().map(|d| d.question_id.as_str()).collect();
        assert_eq!(ids, vec!["c", "a"]);
        assert_eq!(r.drifted[0].moved(), -400.0);
    }
}
