//! Presentation helpers for the web pages that are pure functions: building safe HTML for an
//! answer with its evidence highlighted, and a server-rendered SVG chart of scores over time.
//! No web framework or database here; everything returns escaped markup.

mod chart;
mod highlight;

pub use chart::{ScorePoint, score_chart_svg};
pub use highlight::{Highlight, escape_html, highlight_answer};
