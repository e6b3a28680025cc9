//! The one statement of which graded answers move which ratings, and by how much.
//!
//! A graded answer is a game between the user and the question with the result score / 10.
//! - Only the user's first answer to a question is a game (any later answer, of any source, moves
//!   nothing), and only a graded solo answer to a bank question.
//! - Interview-session answers move nothing, neither the question's rating nor the candidate's:
//!   an interviewer chose the questions, may have helped or pushed follow-ups, and the candidate
//!   may be anonymous, so the result says too little about either side. The answer still counts
//!   as the user's first attempt (they have seen the question).
//! - Answers the grader flagged (keyword dump, copied question, off topic) and practice of one
//!   chosen question (a question page's "practise", a solo follow-up) move the user's ratings, not
//!   the question's: the score is what the user earned, but a flagged answer says nothing about
//!   the question, and a chosen question is not a fair draw from the bank.
//! - A question moves at most [`QUESTION_CAP`] per game, and half as much against a provisional
//!   user (topic deviation above [`PROVISIONAL_DEVIATION`]).
//!
//! Pure: the service (`ratings::service`) reads and writes the rows around it.

use super::glicko2::{self, Game, Rating};

/// Glicko-2's system constant: how fast volatility may change.
pub const TAU: f64 = 0.5;
/// A new user's rating, overall and in every topic.
pub const NEW_USER: Rating = Rating {
    rating: 1500.0,
    deviation: 350.0,
    volatility: 0.06,
};
/// A question's deviation before its first game: its label's rating is only a guess.
pub const QUESTION_SEED_DEVIATION: f64 = 350.0;
/// A question's volatility before its first game.
pub const QUESTION_SEED_VOLATILITY: f64 = 0.06;
/// Largest change of a question's rating in one game.
pub const QUESTION_CAP: f64 = 50.0;
/// Above this topic deviation a user is provisional: their games move a question half as much.
pub const PROVISIONAL_DEVIATION: f64 = 110.0;
/// How much of its change a question takes from a provisional user's game.
pub const PROVISIONAL_SHARE: f64 = 0.5;

/// The seed rating of a question from its numeric starting rating (`questions.rating`).
pub fn question_seed(label_rating: i32) -> Rating {
    Rating {
        rating: f64::from(label_rating),
        deviation: QUESTION_SEED_DEVIATION,
        volatility: QUESTION_SEED_VOLATILITY,
    }
}

/// Whether a user's rating is still provisional (too few games to trust).
pub fn is_provisional(r: Rating) -> bool {
    r.deviation > PROVISIONAL_DEVIATION
}

/// What is known about one answer when deciding whether it is a game.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// The grader's score 0-10; `None` when ungraded.
    pub score: Option<f32>,
    /// The grader's flags (`keyword_dump`, `off_topic`, `copied_question`, ...).
    pub flags: Vec<String>,
    /// From an interviewer-led session rather than solo practice.
    pub session: bool,
    /// Practice of one chosen question (or a solo follow-up) rather than a dealt interview.
    pub chosen: bool,
    /// A question of the bank (not an interviewer's or a probe's own question).
    pub bank_question: bool,
    /// The user's first answer to this question.
    pub first: bool,
}

/// Flags under which the answer says nothing about the question.
pub const IGNORED_FLAGS: [&str; 3] = ["keyword_dump", "off_topic", "copied_question"];

/// Whether an answer is a game at all (moves the user's ratings).
pub fn is_game(a: &Attempt) -> bool {
    a.score.is_some() && a.bank_question && a.first && !a.session
}

/// Whether a game also moves the question's rating.
pub fn moves_question(a: &Attempt) -> bool {
    is_game(a) && !a.chosen && !a.flags.iter().any(|f| IGNORED_FLAGS.contains(&f.as_str()))
}

/// The ratings one game touches, before or after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sides {
    pub overall: Rating,
    pub topic: Rating,
    pub question: Rating,
}

/// The ratings after `attempt`, or `None` when it is not a game. The question keeps its rating
/// when the game does not move it. Both sides are rated against the other's rating before the
/// game; the question plays the user's topic rating.
pub fn play(before: Sides, attempt: &Attempt) -> Option<Sides> {
    if !is_game(attempt) {
        return None;
    }
    let result = f64::from(attempt.score?) / 10.0;
    let against = |opponent: Rating, r: f64| {
        [Game {
            opponent,
            result: r,
        }]
    };
    let overall = glicko2::update(before.overall, &against(before.question, result), TAU);
    let topic = glicko2::update(before.topic, &against(before.question, result), TAU);
    let question = if moves_question(attempt) {
        let rated = glicko2::update(before.question, &against(before.topic, 1.0 - result), TAU);
        let share = if is_provisional(before.topic) {
            PROVISIONAL_SHARE
        } else {
            1.0
        };
        let change =
            ((rated.rating - before.question.rating) * share).clamp(-QUESTION_CAP, QUESTION_CAP);
        Rating {
            rating: before.question.rating + change,
            ..rated
        }
    } else {
        before.question
    };
    Some(Sides {
        overall,
        topic,
        question,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(score: f32) -> Attempt {
        Attempt {
            score: Some(score),
            flags: vec![],
            session: false,
            chosen: false,
            bank_question: true,
            first: true,
        }
    }

    fn settled(rating: f64) -> Rating {
        Rating {
            rating,
            deviation: 60.0,
            volatility: 0.06,
        }
    }

    fn sides() -> Sides {
        Sides {
            overall: settled(1500.0),
            topic: settled(1500.0),
            question: question_seed(1500),
        }
    }

    #[test]
    fn a_good_first_solo_answer_raises_the_user_and_lowers_the_question() {
        let after = play(sides(), &attempt(9.0)).unwrap();
        assert!(after.overall.rating > 1500.0);
        assert!(after.topic.rating > 1500.0);
        assert!(after.question.rating < 1500.0);
        assert!(after.question.deviation < QUESTION_SEED_DEVIATION);
        let bad = play(sides(), &attempt(1.0)).unwrap();
        assert!(bad.topic.rating < 1500.0 && bad.question.rating > 1500.0);
    }

    #[test]
    fn later_ungraded_session_and_own_answers_are_no_games() {
        for a in [
            Attempt {
                first: false,
                ..attempt(9.0)
            },
            Attempt {
                score: None,
                ..attempt(9.0)
            },
            Attempt {
                session: true,
                ..attempt(9.0)
            },
            Attempt {
                bank_question: false,
                ..attempt(9.0)
            },
        ] {
            assert_eq!(play(sides(), &a), None, "{a:?}");
        }
    }

    #[test]
    fn flagged_and_chosen_answers_move_the_user_but_not_the_question() {
        for a in [
            Attempt {
                flags: vec!["keyword_dump".into()],
                ..attempt(2.0)
            },
            Attempt {
                flags: vec!["off_topic".into()],
                ..attempt(2.0)
            },
            Attempt {
                flags: vec!["copied_question".into()],
                ..attempt(2.0)
            },
            Attempt {
                chosen: true,
                ..attempt(2.0)
            },
        ] {
            let after = play(sides(), &a).unwrap();
            assert_eq!(after.question, sides().question, "{a:?}");
            assert!(after.topic.rating < 1500.0, "{a:?}");
        }
        // a flag that says nothing about relevance (filler, say) does not stop the question
        let filler = Attempt {
            flags: vec!["filler".into()],
            ..attempt(2.0)
        };
        assert_ne!(play(sides(), &filler).unwrap().question, sides().question);
    }

    #[test]
    fn a_questions_change_is_capped_and_smaller_against_a_provisional_user() {
        let zero = play(sides(), &attempt(0.0)).unwrap();
        let up = zero.question.rating - 1500.0;
        assert!(up > 0.0 && up <= QUESTION_CAP, "{up}");
        // an extreme upset against a settled user hits the cap exactly
        let upset = Sides {
            topic: settled(2200.0),
            ..sides()
        };
        let capped = play(upset, &attempt(0.0)).unwrap();
        assert_eq!(capped.question.rating, 1500.0 + QUESTION_CAP);
        // a provisional user (deviation 350) moves the question half as much before the cap
        let provisional = Sides {
            topic: NEW_USER,
            overall: NEW_USER,
            ..sides()
        };
        let small = Sides {
            question: Rating {
                deviation: 80.0,
                ..sides().question
            },
            ..sides()
        };
        let settled_move = play(small, &attempt(8.0)).unwrap().question.rating - 1500.0;
        let provisional_move = play(
            Sides {
                question: small.question,
                ..provisional
            },
            &attempt(8.0),
        )
        .unwrap()
        .question
        .rating
            - 1500.0;
        assert!(settled_move < 0.0 && provisional_move < 0.0);
        assert!(
            provisional_move.abs() < settled_move.abs(),
            "{provisional_move} vs {settled_move}"
        );
    }

    #[test]
    fn a_new_users_first_game_moves_them_a_lot() {
        let fresh = Sides {
            overall: NEW_USER,
            topic: NEW_USER,
            question: question_seed(1400),
        };
        let after = play(fresh, &attempt(10.0)).unwrap();
        assert!(after.topic.rating > 1600.0, "{after:?}");
        assert!(after.topic.deviation < 350.0);
    }
}
