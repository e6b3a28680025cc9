//! The points rule: what an answer is worth on a leaderboard.
//!
//! Only a member's best answer to each question counts, once: a new personal best adds the
//! improvement over the previous best. It is worth its score (0-10) in tenths of a point times 1,
//! 2 or 3 for an easy, medium or hard question. Answers flagged as keyword dumps, off-topic or
//! copies of the question earn nothing. Only bank questions count: an interviewer's own question
//! and a follow-up built from one criterion have references nobody else is graded against. An
//! answer from an interviewer-led session counts only when the candidate was signed in and the
//! interviewer allows it.
//!
//! Which answers count is decided in one place, the SQL function `leaderboard_counts` (latest
//! definition in `migrations/*_item_followups.sql`), which the trigger and the rebuild both call.
//! The points of an answer are computed by SQL too (`leaderboard_points_for`); [`points`] is the
//! same arithmetic for the integration tests to check it against.

/// The rule as shown on the leaderboard page, in two sentences.
pub const RULE: &str = "Each question counts once, at your best answer: it earns its score \
    (0-10) × 10, times 1 for easy, 2 for medium and 3 for hard questions, and a better answer \
    later adds only the improvement. Answers the grader flags as keyword dumps, off-topic or \
    copies of the question earn nothing, and interview answers count only if the interviewer \
    allows it.";

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
    fn the_rule_is_two_sentences() {
        assert_eq!(RULE.matches(". ").count() + 1, 2, "{RULE}");
        assert!(RULE.ends_with('.'));
    }
}
