//! Leaderboards, the pure part: the points rule ([`points`]), the time windows ([`window`]) and
//! streaks ([`streak`]). No web framework or database here.
//!
//! Why the boards are fast: the database keeps them precomputed. An `AFTER INSERT` trigger on
//! `answers` (migration `*_teams.sql`) runs in the transaction that stores an answer and updates
//! three tables: each user's best counted answer per question, the points each user earned per
//! window period (week, month, all time) and topic, and each user's current streak. A board is
//! then one indexed row per member (`leaderboard_points`' primary key covers the lookup and
//! includes the columns it reads): the top rows come from a bounded top-N sort of the team's rows,
//! the viewer's rank from one count of members with more points ([`rank`] ranks the top rows).
//! The cost grows with the team's size, not with the number of answers. `leaderboard_rebuild()`
//! recomputes the tables set-based after bulk loads, and `leaderboard_rebuild(user)` one user's
//! rows when an interviewer changes whether a session's answers count.

pub mod points;
pub mod rank;
pub mod streak;
pub mod window;

pub use points::RULE;
pub use rank::ranks;
pub use streak::current_streak;
pub use window::Window;

/// Average score of `counted` answers whose scores add up to `score_sum` (`None` for none).
pub fn average(score_sum: f64, counted: i64) -> Option<f64> {
    (counted > 0).then(|| score_sum / counted as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_of_nothing_is_none() {
        assert_eq!(average(0.0, 0), None);
        assert_eq!(average(15.0, 2), Some(7.5));
    }
}
