//! The points rule: what an answer is worth on a leaderboard.
//!
//! Only a member's best answer to each question counts, once: a new personal best adds the
//! improvement over the previous best. It is worth its score (0-10) in tenths of a point times 1,
//! 2 or 3 for an easy, medium or hard question. Answers flagged as keyword dumps, off-topic or
//! copies of the question earn nothing. An answer from an interviewer-led session counts only when
//! the candidate was signed in, the interviewer allows it, and the question is from the bank (an
//! interviewer's own question has a reference nobody else is graded against). The SQL functions
//! `leaderboard_points_for` and `leaderboard_counts` (migrations) apply the same rule; an
//! integration test checks they agree.

/// The rule as shown on the leaderboard page, in two sentences.
pub const RULE: &str = "Each question counts once, at your best answer: it earns its score \
    (0-10) × 10, times 1 for easy, 2 for medium and 3 for hard questions, and a better answer \
    later adds only the improvement. Answers the grader flags as keyword dumps, off-topic or \
    copies of the question earn nothing, and interview answers count only if the interviewer \
    allows it.";

/// Grader flags (as stored in `answers.flags`) that make an answer worthless on a leaderboard.
pub const ZERO_FLAGS: [&str; 3] = ["keyword_dump", "off_topic", "copied_question"];

/// The multiplier for a difficulty (`easy`, `medium`, `hard`; anything else counts as easy).
pub fn multiplier(difficulty: &str) -> i32 {
    match difficulty {
        "hard" => 3,
        "medium" => 2,
        _ => 1,
    }
}

/// Points for a score (clamped to 0-10) on a question of `difficulty`. Computed in double
/// precision, as PostgreSQL does with the stored `real` score.
pub fn points(score: f32, difficulty: &str) -> i32 {
    let tenths = (f64::from(score.clamp(0.0, 10.0)) * 10.0).round() as i32;
    tenths * multiplier(difficulty)
}

/// Where an answer was given, as far as the leaderboard cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Solo practice.
    Solo,
    /// An interviewer-led session.
    Session {
        /// The interviewer lets the session's answers count (`count_for_leaderboards`).
        allowed: bool,
        /// The interviewer's own question rather than a bank question.
        own_question: bool,
    },
}

/// Whether an answer can earn points: graded, by a signed-in user, not flagged, and either solo
/// practice or a bank question of a session whose interviewer allows it.
pub fn counts(origin: Origin, has_user: bool, score: Option<f32>, flags: &[String]) -> bool {
    let origin_counts = match origin {
        Origin::Solo => true,
        Origin::Session {
            allowed,
            own_question,
        } => allowed && !own_question,
    };
    has_user
        && score.is_some()
        && origin_counts
        && !flags.iter().any(|f| ZERO_FLAGS.contains(&f.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harder_questions_earn_more() {
        assert_eq!(points(7.0, "easy"), 70);
        assert_eq!(points(7.0, "medium"), 140);
        assert_eq!(points(7.0, "hard"), 210);
        assert!(points(5.0, "hard") > points(7.0, "medium"));
    }

    #[test]
    fn scores_round_to_tenths_and_are_clamped() {
        assert_eq!(points(7.55, "hard"), 228);
        assert_eq!(points(0.04, "easy"), 0);
        // 9.95 is 9.9499998... as f32: 99 tenths, not 100.
        assert_eq!(points(9.95, "medium"), 198);
        assert_eq!(points(-3.0, "hard"), 0);
        assert_eq!(points(12.0, "easy"), 100);
        assert_eq!(points(10.0, "unknown"), 100);
    }

    #[test]
    fn flagged_anonymous_and_ungraded_answers_do_not_count() {
        let none: Vec<String> = vec![];
        assert!(counts(Origin::Solo, true, Some(5.0), &none));
        assert!(counts(
            Origin::Solo,
            true,
            Some(5.0),
            &["padding".to_string()]
        ));
        for flag in ZERO_FLAGS {
            assert!(
                !counts(Origin::Solo, true, Some(9.0), &[flag.to_string()]),
                "{flag}"
            );
        }
        assert!(!counts(Origin::Solo, false, Some(9.0), &none));
        assert!(!counts(Origin::Solo, true, None, &none));
    }

    #[test]
    fn session_answers_count_only_on_bank_questions_the_interviewer_allows() {
        let none: Vec<String> = vec![];
        let session = |allowed, own_question| Origin::Session {
            allowed,
            own_question,
        };
        assert!(counts(session(true, false), true, Some(6.0), &none));
        assert!(!counts(session(false, false), true, Some(6.0), &none));
        assert!(!counts(session(true, true), true, Some(6.0), &none));
        // Anonymous candidates and flagged answers never count, allowed or not.
        assert!(!counts(session(true, false), false, Some(6.0), &none));
        assert!(!counts(
            session(true, false),
            true,
            Some(6.0),
            &["keyword_dump".to_string()]
        ));
    }

    #[test]
    fn the_rule_is_two_sentences() {
        assert_eq!(RULE.matches(". ").count() + 1, 2, "{RULE}");
        assert!(RULE.ends_with('.'));
    }
}
