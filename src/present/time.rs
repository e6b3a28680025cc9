//! Times as every page shows them: one format, in the viewer's own time zone. The server writes
//! a `<time datetime="…" data-local="…">` element whose text is the UTC time (what a reader
//! without JavaScript sees); `static/time.js` rewrites the text in the browser's locale and zone.

use std::borrow::Borrow;
use std::fmt;

use chrono::{DateTime, Utc};

/// How much of a moment to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// `2026-12-07` (a day: member since, joined).
    Date,
    /// `2026-12-07 14:05 UTC` (most moments).
    Minute,
    /// `14:05:09 UTC` (a moment of today: a draft saved).
    Time,
}

impl Precision {
    fn attribute(self) -> &'static str {
        match self {
            Precision::Date => "date",
            Precision::Minute => "datetime",
            Precision::Time => "time",
        }
    }

    fn fallback(self) -> &'static str {
        match self {
            Precision::Date => "%Y-%m-%d",
            Precision::Minute => "%Y-%m-%d %H:%M UTC",
            Precision::Time => "%H:%M:%S UTC",
        }
    }
}

/// A moment to show on a page; its `Display` is the `<time>` element (safe HTML: only digits and
/// fixed words), to be written with `|safe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub at: DateTime<Utc>,
    pub precision: Precision,
}

impl LocalTime {
    /// Date and time to the minute.
    pub fn minute(at: DateTime<Utc>) -> LocalTime {
        LocalTime {
            at,
            precision: Precision::Minute,
        }
    }

    /// The day only.
    pub fn date(at: DateTime<Utc>) -> LocalTime {
        LocalTime {
            at,
            precision: Precision::Date,
        }
    }

    /// The time of day to the second.
    pub fn time(at: DateTime<Utc>) -> LocalTime {
        LocalTime {
            at,
            precision: Precision::Time,
        }
    }

    /// The text shown without JavaScript (UTC).
    pub fn fallback_text(&self) -> String {
        self.at.format(self.precision.fallback()).to_string()
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            r#"<time datetime="{}" data-local="{}">{}</time>"#,
            self.at.format("%Y-%m-%dT%H:%M:%SZ"),
            self.precision.attribute(),
            self.fallback_text()
        )
    }
}

/// [`LocalTime::minute`], for templates: `{{ crate::present::minute(t)|safe }}` (a time or a
/// reference to one).
pub fn minute(at: impl Borrow<DateTime<Utc>>) -> LocalTime {
    LocalTime::minute(*at.borrow())
}

/// [`LocalTime::date`], for templates.
pub fn date(at: impl Borrow<DateTime<Utc>>) -> LocalTime {
    LocalTime::date(*at.borrow())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_time_element_with_a_utc_fallback() {
        let at = Utc.with_ymd_and_hms(2026, 12, 7, 14, 5, 9).unwrap();
        // templates pass references; Rust code passes values
        let by_ref: &DateTime<Utc> = &at;
        assert_eq!(
            LocalTime::minute(at).to_string(),
            r#"<time datetime="2026-12-07T14:05:09Z" data-local="datetime">2026-12-07 14:05 UTC</time>"#
        );
        assert_eq!(
            date(by_ref).to_string(),
            r#"<time datetime="2026-12-07T14:05:09Z" data-local="date">2026-12-07</time>"#
        );
        assert_eq!(LocalTime::time(at).fallback_text(), "14:05:09 UTC");
        assert_eq!(minute(by_ref), LocalTime::minute(at));
        assert_eq!(minute(at), LocalTime::minute(at));
    }
}
