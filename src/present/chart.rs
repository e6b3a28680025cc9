//! Small line charts as self-contained SVG markup: scores (0-10) over time, and any number of
//! series over a value range (ratings per topic over time).

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

/// One point of a [`LineSeries`]: its position among the chart's `x_count` steps, its value, and
/// the tooltip's label (the value is appended).
#[derive(Debug, Clone)]
pub struct ChartPoint {
    pub x: usize,
    pub value: f32,
    pub label: String,
}

/// One line of a [`LineChart`]; series `i` gets the CSS class `series-<i mod 8>`.
#[derive(Debug, Clone)]
pub struct LineSeries {
    pub points: Vec<ChartPoint>,
}

/// A line chart: series over `x_count` evenly spaced steps, values from `y_min` (bottom) to
/// `y_max` (top), gridlines labelled at `grid`, the first and last step labelled below.
#[derive(Debug, Clone)]
pub struct LineChart<'a> {
    /// CSS class of the `<svg>`.
    pub class: &'a str,
    pub title: &'a str,
    pub series: &'a [LineSeries],
    pub x_count: usize,
    pub y_min: f32,
    pub y_max: f32,
    pub grid: &'a [f32],
    /// Decimals of the values in tooltips.
    pub decimals: usize,
    pub first_label: &'a str,
    pub last_label: &'a str,
}

/// Renders the chart as self-contained SVG markup. Returns an empty string when no series has a
/// point. Labels are escaped; values outside the range are drawn at its edge.
pub fn line_chart_svg(c: &LineChart) -> String {
    if c.series.iter().all(|s| s.points.is_empty()) {
        return String::new();
    }
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |i: usize| {
        if c.x_count <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f32 / (c.x_count - 1) as f32
        }
    };
    let span = (c.y_max - c.y_min).max(f32::EPSILON);
    let y = |v: f32| TOP + plot_h * (1.0 - (v.clamp(c.y_min, c.y_max) - c.y_min) / span);

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"{}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape_html(c.class),
        escape_html(c.title),
        escape_html(c.title)
    );
    for &g in c.grid {
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
    for (n, series) in c.series.iter().enumerate() {
        let class = format!("series-{}", n % 8);
        let path: Vec<String> = series
            .points
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.x), y(p.value)))
            .collect();
        let _ = write!(
            svg,
            "<polyline class=\"line {class}\" fill=\"none\" points=\"{}\"/>",
            path.join(" ")
        );
        for p in &series.points {
            let _ = write!(
                svg,
                "<circle class=\"dot {class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>{}: {:.*}</title></circle>",
                x(p.x),
                y(p.value),
                escape_html(&p.label),
                c.decimals,
                p.value
            );
        }
    }
    let _ = write!(
        svg,
        "<text class=\"axis\" x=\"{LEFT}\" y=\"{:.1}\">{}</text>",
        H - 8.0,
        escape_html(c.first_label)
    );
    if c.x_count > 1 {
        let _ = write!(
            svg,
            "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            H - 8.0,
            escape_html(c.last_label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Renders the points in order, evenly spaced, as an SVG line chart with gridlines at 0, 5 and
/// 10. Returns an empty string when there is nothing to plot. Labels are escaped.
pub fn score_chart_svg(points: &[ScorePoint], title: &str) -> String {
    let series = [LineSeries {
        points: points
            .iter()
            .enumerate()
            .map(|(i, p)| ChartPoint {
                x: i,
                value: p.score,
                label: p.label.clone(),
            })
            .collect(),
    }];
    line_chart_svg(&LineChart {
        class: "score-chart",
        title,
        series: &series,
        x_count: points.len(),
        y_min: 0.0,
        y_max: 10.0,
        grid: &[0.0, 5.0, 10.0],
        decimals: 1,
        first_label: points.first().map_or("", |p| p.label.as_str()),
        last_label: points.last().map_or("", |p| p.label.as_str()),
    })
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

    #[test]
    fn several_series_share_the_steps_and_the_range() {
        let series = [
            LineSeries {
                points: vec![
                    ChartPoint {
                        x: 0,
                        value: 1500.0,
                        label: "a".into(),
                    },
                    ChartPoint {
                        x: 2,
                        value: 1700.0,
                        label: "c".into(),
                    },
                ],
            },
            LineSeries {
                points: vec![ChartPoint {
                    x: 1,
                    value: 1300.0,
                    label: "b".into(),
                }],
            },
        ];
        let svg = line_chart_svg(&LineChart {
            class: "rating-chart",
            title: "Ratings",
            series: &series,
            x_count: 3,
            y_min: 1300.0,
            y_max: 1700.0,
            grid: &[1300.0, 1500.0, 1700.0],
            decimals: 0,
            first_label: "first",
            last_label: "last",
        });
        assert!(svg.starts_with("<svg class=\"rating-chart\""), "{svg}");
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains("class=\"line series-1\""));
        // the top of the range at TOP, the bottom at H - BOTTOM, steps across the plot
        assert!(
            svg.contains(&format!(
                "points=\"36.0,{:.1} 628.0,{TOP:.1}\"",
                (TOP + H - BOTTOM) / 2.0
            )),
            "{svg}"
        );
        assert!(svg.contains("<title>c: 1700</title>"));
        assert!(svg.contains(">first<") && svg.contains(">last<"));
        assert_eq!(
            line_chart_svg(&LineChart {
                series: &[LineSeries { points: vec![] }],
                ..LineChart {
                    class: "x",
                    title: "t",
                    series: &[],
                    x_count: 0,
                    y_min: 0.0,
                    y_max: 1.0,
                    grid: &[],
                    decimals: 0,
                    first_label: "",
                    last_label: "",
                }
            }),
            ""
        );
    }
}
