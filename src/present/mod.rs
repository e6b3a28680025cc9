//! Presentation helpers for the web pages that are pure functions: building safe HTML for an
//! answer with its evidence highlighted, a server-rendered SVG chart of scores over time, times
//! in the viewer's zone, and a question's rating in plain words. No web framework or database
//! here; everything returns escaped markup.

mod chart;
mod highlight;
mod rating;
mod time;

pub use chart::{ScorePoint, score_chart_svg};
pub use highlight::{Highlight, escape_html, highlight_answer};
pub use rating::rating_in_words;
pub use time::{LocalTime, Precision, date, minute};
