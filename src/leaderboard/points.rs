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
//! The rule is written once, in SQL: which answers count is the function `leaderboard_counts`
//! (latest definition in `migrations/*_item_followups.sql`) and what they are worth is
//! `leaderboard_points_for` (`migrations/*_teams.sql`); the trigger and the rebuild both call
//! them. This module only words the rule for the leaderboard page ([`RULE`]); the integration
//! tests (`tests/api/teams/points.rs`) pin the SQL to worked values.

/// The rule as shown on the leaderboard page, in two sentences.
pub const RULE: &str = "Each question counts once, at your best answer: it earns its score \
    (0-10) × 10, times 1 for easy, 2 for medium and 3 for hard questions, and a better answer \
    later adds only the improvement. Answers the grader flags as keyword dumps, off-topic or \
    copies of the question earn nothing, and interview answers count only if the interviewer \
    allows it.";
