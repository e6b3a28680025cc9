//! Small formatting helpers shared by the solo pages and templates.

pub use crate::web::respond::page as render;

/// A topic's name from the taxonomy (`caching` → `Caching`), or the slug as words when the
/// taxonomy does not know it (`load-balancing` → `Load balancing`).
pub fn pretty_topic(slug: &str) -> String {
    if let Some(t) = crate::corpus::topics::topic(slug) {
        return t.name.to_string();
    }
    let words = slug.replace(['-', '_'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Seconds as `m:ss` (or `h:mm:ss` from an hour).
pub fn seconds_to_clock(total: i64) -> String {
    let total = total.max(0);
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Score with one decimal, or a dash when ungraded.
pub fn score_text(score: Option<f32>) -> String {
    score.map_or_else(|| "–".to_string(), |s| format!("{s:.1}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_topics_clocks_and_scores() {
        assert_eq!(pretty_topic("load-balancing"), "Load balancing");
        assert_eq!(pretty_topic("databases"), "Databases & storage");
        assert_eq!(pretty_topic(""), "");
        assert_eq!(seconds_to_clock(0), "0:00");
        assert_eq!(seconds_to_clock(65), "1:05");
        assert_eq!(seconds_to_clock(3725), "1:02:05");
        assert_eq!(seconds_to_clock(-4), "0:00");
        assert_eq!(score_text(Some(7.25)), "7.2");
        assert_eq!(score_text(None), "–");
    }
}
