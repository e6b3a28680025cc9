//! A user's rating per topic over time as an SVG chart (one line per topic, drawn by
//! [`line_chart_svg`]), and a question's learned rating in plain words.

use super::chart::{ChartPoint, LineChart, LineSeries, line_chart_svg};

/// One rated game: the topic's display name, when (the tooltip's label), and the user's rating in
/// that topic after it.
#[derive(Debug, Clone)]
pub struct RatedGame {
    pub topic: String,
    pub label: String,
    pub rating: f64,
}

/// The chart, and the topics in the order of their series (series `i` has class `series-<i mod 8>`).
#[derive(Debug, Clone, PartialEq)]
pub struct RatingChart {
    pub svg: String,
    pub topics: Vec<String>,
}

/// Rounds the range of `ratings` out to hundreds, at least 200 wide.
fn range(ratings: impl Iterator<Item = f64>) -> (f32, f32) {
    let (lo, hi) = ratings.fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(r), hi.max(r)));
    let lo = ((lo - 25.0) / 100.0).floor() * 100.0;
    let hi = (((hi + 25.0) / 100.0).ceil() * 100.0).max(lo + 200.0);
    (lo as f32, hi as f32)
}

/// The rating chart of `games` (oldest first); empty when there are none. Topics are ordered by
/// name so a topic keeps its colour from one visit to the next.
pub fn rating_history_svg(games: &[RatedGame], title: &str) -> RatingChart {
    if games.is_empty() {
        return RatingChart {
            svg: String::new(),
            topics: Vec::new(),
        };
    }
    let mut topics: Vec<String> = games.iter().map(|g| g.topic.clone()).collect();
    topics.sort();
    topics.dedup();
    let series: Vec<LineSeries> = topics
        .iter()
        .map(|t| LineSeries {
            points: games
                .iter()
                .enumerate()
                .filter(|(_, g)| &g.topic == t)
                .map(|(i, g)| ChartPoint {
                    x: i,
                    value: g.rating as f32,
                    label: format!("{}, {}", g.label, g.topic),
                })
                .collect(),
        })
        .collect();
    let (y_min, y_max) = range(games.iter().map(|g| g.rating));
    let mid = ((y_min + y_max) / 2.0 / 50.0).round() * 50.0;
    let svg = line_chart_svg(&LineChart {
        class: "score-chart rating-chart",
        title,
        series: &series,
        x_count: games.len(),
        y_min,
        y_max,
        grid: &[y_min, mid, y_max],
        decimals: 0,
        first_label: &games[0].label,
        last_label: &games[games.len() - 1].label,
    });
    RatingChart { svg, topics }
}

/// A question's learned rating for its page: `None` while it has no rated attempt.
pub fn learned_rating_in_words(learned: Option<(f64, f64, i32)>) -> String {
    match learned {
        Some((rating, deviation, games)) if games > 0 => format!(
            "Learned from attempts: {:.0} ± {:.0}, from {games} first attempt{} by users \
             (a good answer makes a question look easier, a poor one harder).",
            rating,
            2.0 * deviation,
            if games == 1 { "" } else { "s" }
        ),
        _ => "Learned from attempts: nobody's first attempt has rated it yet.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(topic: &str, label: &str, rating: f64) -> RatedGame {
        RatedGame {
            topic: topic.into(),
            label: label.into(),
            rating,
        }
    }

    #[test]
    fn one_line_per_topic_on_a_range_rounded_to_hundreds() {
        let games = [
            g("Caching", "d1", 1610.0),
            g("Databases", "d2", 1420.0),
            g("Caching", "d3", 1688.0),
        ];
        let chart = rating_history_svg(&games, "Ratings");
        assert_eq!(chart.topics, vec!["Caching", "Databases"]);
        assert_eq!(chart.svg.matches("<polyline").count(), 2);
        assert_eq!(chart.svg.matches("<circle").count(), 3);
        assert!(
            chart.svg.contains("<title>d3, Caching: 1688</title>"),
            "{}",
            chart.svg
        );
        // 1420-1688 rounds out to 1300-1800, gridlines at both ends and the middle
        for label in [">1300<", ">1550<", ">1800<"] {
            assert!(chart.svg.contains(label), "{label}: {}", chart.svg);
        }
        assert_eq!(rating_history_svg(&[], "t").svg, "");
    }

    #[test]
    fn a_flat_history_still_gets_a_range() {
        assert_eq!(range([1500.0].into_iter()), (1400.0, 1600.0));
        let (lo, hi) = range([1500.0, 1510.0].into_iter());
        assert!(hi - lo >= 200.0 && lo <= 1500.0 && hi >= 1510.0);
    }

    #[test]
    fn learned_ratings_in_words() {
        let words = learned_rating_in_words(Some((1523.4, 80.0, 12)));
        assert!(
            words.contains("1523 ± 160, from 12 first attempts"),
            "{words}"
        );
        assert!(learned_rating_in_words(Some((1500.0, 350.0, 1))).contains("1 first attempt by"));
        assert!(learned_rating_in_words(None).contains("nobody"));
        assert!(learned_rating_in_words(Some((1400.0, 350.0, 0))).contains("nobody"));
    }
}
