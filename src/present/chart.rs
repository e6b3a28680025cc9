//! A small line chart of scores (0-10) over time, as self-contained SVG markup.

use std::fmt::Write;

use super::highlight::escape_html;

/// One graded answer (or interview average) on the chart.
#[derive(Debug, Clone)]
pub struct ScorePoint {
    /// Short label for the x axis and tooltip, e.g. `2026-11-23`.
    pub label: String,
    /// 0.0..=10.0
    pub score: f32,
}

const W: f32 = 640.0;
const H: f32 = 220.0;
const LEFT: f32 = 36.0;
const RIGHT: f32 = 12.0;
const TOP: f32 = 12.0;
const BOTTOM: f32 = 28.0;

/// Renders the points in order, evenly spaced, as an SVG line chart with gridlines at 0, 5 and
/// 10. Returns an empty string when there is nothing to plot. Labels are escaped.
pub fn score_chart_svg(points: &[ScorePoint], title: &str) -> String {
    if points.is_empty() {
        return String::new();
    }
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |i: usize| {
        if points.len() == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f32 / (points.len() - 1) as f32
        }
    };
    let y = |s: f32| TOP + plot_h * (1.0 - s.clamp(0.0, 10.0) / 10.0);

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"score-chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape_html(title),
        escape_html(title)
    );
    for g in [0.0f32, 5.0, 10.0] {
        let gy = y(g);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{gy:.1}\" x2=\"{:.1}\" y2=\"{gy:.1}\"/>\
             <text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{g}</text>",
            W - RIGHT,
            LEFT - 6.0,
            gy + 4.0
        );
    }
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.score)))
        .collect();
    let _ = write!(
        svg,
        "<polyline class=\"line\" fill=\"none\" points=\"{}\"/>",
        path.join(" ")
    );
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            svg,
            "<circle class=\"dot\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>{}: {:.1}</title></circle>",
            x(i),
            y(p.score),
            escape_html(&p.label),
            p.score
        );
    }
    let first = &points[0];
    let last = &points[points.len() - 1];
    let _ = write!(
        svg,
        "<text class=\"axis\" x=\"{LEFT}\" y=\"{:.1}\">{}</text>",
        H - 8.0,
        escape_html(&first.label)
    );
    if points.len() > 1 {
        let _ = write!(
            svg,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            H - 8.0,
            escape_html(&last.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str, score: f32) -> ScorePoint {
        ScorePoint {
            label: label.into(),
            score,
        }
    }

    #[test]
    fn empty_input_draws_nothing() {
        assert_eq!(score_chart_svg(&[], "t"), "");
    }

    #[test]
    fn plots_one_dot_per_point_with_higher_scores_higher_up() {
        let svg = score_chart_svg(&[p("a", 2.0), p("b", 9.5), p("c", 5.0)], "Scores");
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<circle").count(), 3);
        // y of score 10 is TOP, of score 0 is H - BOTTOM.
        assert!(svg.contains("points=\"36.0,156.0 "), "{svg}");
        assert!(svg.contains("<title>b: 9.5</title>"));
    }

    #[test]
    fn labels_are_escaped_and_scores_clamped() {
        let svg = score_chart_svg(&[p("<x>", 42.0)], "a&b");
        assert!(svg.contains("&lt;x&gt;"));
        assert!(svg.contains("aria-label=\"a&amp;b\""));
        assert!(svg.contains(&format!("cy=\"{TOP:.1}\"")));
        assert!(!svg.contains("<x>"));
    }
}
