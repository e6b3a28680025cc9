//! Presentation helpers for the web pages that are pure functions: building safe HTML for an
//! answer with its evidence highlighted, a server-rendered SVG charts of scores and ratings over time, times
//! in the viewer's zone, and a question's rating in plain words. No web framework or database
//! here; everything returns escaped markup.

mod chart;
mod highlight;
mod rating;
mod rating_history;
mod time;

pub use chart::{ChartPoint, LineChart, LineSeries, ScorePoint, line_chart_svg, score_chart_svg};
pub use highlight::{Highlight, escape_html, highlight_answer};
pub use rating::rating_in_words;
pub use rating_history::{RatedGame, RatingChart, learned_rating_in_words, rating_history_svg};
pub use time::{LocalTime, Precision, date, minute};
