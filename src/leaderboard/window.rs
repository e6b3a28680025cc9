//! Leaderboard windows: this week (from Monday, UTC), this month, or all time.
//!
//! [`Window`] is also the type of `leaderboard_points.span` (text, CHECK week/month/all): queries
//! bind it as it is, so its spelling in the database lives in this enum only.

use chrono::{Datelike, NaiveDate};

/// A time window of a leaderboard.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
    sqlx::Type,
)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum Window {
    #[default]
    Week,
    Month,
    All,
}

impl Window {
    pub const ALL: [Window; 3] = [Window::Week, Window::Month, Window::All];

    /// Parses `week`, `month` or `all` (as in `?window=`).
    pub fn parse(s: &str) -> Option<Window> {
        match s.trim().to_ascii_lowercase().as_str() {
            "week" | "weekly" => Some(Window::Week),
            "month" | "monthly" => Some(Window::Month),
            "all" | "all-time" | "alltime" => Some(Window::All),
            _ => None,
        }
    }

    /// The slug used in URLs and in the `span` column.
    pub fn slug(self) -> &'static str {
        match self {
            Window::Week => "week",
            Window::Month => "month",
            Window::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Window::Week => "This week",
            Window::Month => "This month",
            Window::All => "All time",
        }
    }

    /// The first day of the period containing `today` (the `period` column): the Monday of the
    /// week, the first of the month, or 1970-01-01 for all time.
    pub fn period_start(self, today: NaiveDate) -> NaiveDate {
        match self {
            Window::Week => {
                today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()))
            }
            Window::Month => today.with_day(1).unwrap_or(today),
            Window::All => NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_slugs_and_refuses_others() {
        for w in Window::ALL {
            assert_eq!(Window::parse(w.slug()), Some(w));
        }
        assert_eq!(Window::parse("Weekly"), Some(Window::Week));
        assert_eq!(Window::parse("year"), None);
        assert_eq!(Window::parse(""), None);
    }

    #[test]
    fn periods_start_on_monday_the_first_or_the_epoch() {
        // 2026-11-23 is a Monday.
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(Window::Week.period_start(monday), monday);
        assert_eq!(Window::Week.period_start(sunday), monday);
        assert_eq!(
            Window::Week.period_start(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
            NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
        );
        assert_eq!(
            Window::Month.period_start(sunday),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
        );
        assert_eq!(
            Window::All.period_start(sunday),
            NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
        );
    }
}
