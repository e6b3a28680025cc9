//! Streaks: days in a row (UTC) with at least one answer that counts.
//!
//! The database keeps each user's latest run (`last_day`, `length`); a run is current while its
//! last day is today or yesterday.

use chrono::NaiveDate;

/// The current streak of a run of `length` days ending on `last_day`, seen on `today`.
pub fn current_streak(last_day: Option<NaiveDate>, length: i32, today: NaiveDate) -> i32 {
    match last_day {
        Some(day) if day <= today && (today - day).num_days() <= 1 => length.max(0),
        _ => 0,
    }
}

/// The run after a counted answer on `day`, given the run so far (`None` for no answers yet).
/// The trigger in the teams migration applies the same step.
pub fn extend(run: Option<(NaiveDate, i32)>, day: NaiveDate) -> (NaiveDate, i32) {
    match run {
        None => (day, 1),
        Some((last, length)) => match (day - last).num_days() {
            1 => (day, length + 1),
            d if d > 1 => (day, 1),
            _ => (last, length),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    #[test]
    fn a_run_ending_today_or_yesterday_is_current() {
        assert_eq!(current_streak(Some(d(23)), 4, d(23)), 4);
        assert_eq!(current_streak(Some(d(22)), 4, d(23)), 4);
        assert_eq!(current_streak(Some(d(21)), 4, d(23)), 0);
        assert_eq!(current_streak(None, 0, d(23)), 0);
        // A run dated in the future (clock skew) is not shown.
        assert_eq!(current_streak(Some(d(25)), 2, d(23)), 0);
    }

    #[test]
    fn runs_grow_by_consecutive_days_and_restart_after_a_gap() {
        let run = extend(None, d(1));
        assert_eq!(run, (d(1), 1));
        let run = extend(Some(run), d(1));
        assert_eq!(run, (d(1), 1), "two answers on one day are one day");
        let run = extend(Some(run), d(2));
        assert_eq!(run, (d(2), 2));
        let run = extend(Some(run), d(5));
        assert_eq!(run, (d(5), 1));
        assert_eq!(
            extend(Some(run), d(3)),
            (d(5), 1),
            "late answers change nothing"
        );
    }
}
