//! Adaptive dealing: questions whose rating is near a target, the user's rating in the question's
//! topic minus 100 (`adaptive`), minus 300 (`adaptive-easier`) or plus 300 (`adaptive-harder`).
//!
//! "At my level" aims 100 points below the user's rating, where Glicko's expected result is 0.64:
//! aiming at the rating itself expects 0.5, and in `whetstone dev simulate` users then averaged
//! 4.95/10, under the 5-7 a practice session should feel like (issue 16); 100 below gives an
//! expected score of about 6.4.
//!
//! The dealer looks within [`WINDOWS`] of the target, widening step by step until it has enough
//! questions, and picks at random (seeded) inside each window, so the nearest questions go first
//! but two deals differ. A question answered in the last [`RECENCY_HORIZON_DAYS`] is dealt only
//! when no other question of the chosen topics is left (then the longest ago first). No two links
//! of one follow-up chain are dealt together.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{Candidate, DealError, DealRequest, MAX_QUESTIONS, Picker, RECENCY_HORIZON_DAYS};

/// How far above or below their rating the user wants to be pushed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stretch {
    Easier,
    Normal,
    Harder,
}

impl Stretch {
    pub const ALL: [Stretch; 3] = [Stretch::Easier, Stretch::Normal, Stretch::Harder];

    pub fn as_str(self) -> &'static str {
        match self {
            Stretch::Easier => "adaptive-easier",
            Stretch::Normal => "adaptive",
            Stretch::Harder => "adaptive-harder",
        }
    }

    /// Added to the user's rating to give the target.
    pub fn offset(self) -> f64 {
        match self {
            Stretch::Easier => -300.0,
            Stretch::Normal => -100.0,
            Stretch::Harder => 300.0,
        }
    }
}

/// Half-widths of the windows around the target, tried in order; the last admits everything.
pub const WINDOWS: [f64; 6] = [75.0, 150.0, 300.0, 600.0, 1200.0, f64::INFINITY];

/// The ratings adaptive dealing aims with.
#[derive(Debug, Clone, Default)]
pub struct AdaptiveRatings {
    /// Each question's rating (learned, or its label's while it has never been played).
    pub questions: HashMap<String, f64>,
    /// The user's rating per topic they have played.
    pub user_topics: HashMap<String, f64>,
    /// The user's rating in a topic they have not played.
    pub user_default: f64,
}

impl AdaptiveRatings {
    /// Where a question of `topic` should be rated for this user and stretch.
    pub fn target(&self, topic: &str, stretch: Stretch) -> f64 {
        self.user_topics
            .get(topic)
            .copied()
            .unwrap_or(self.user_default)
            + stretch.offset()
    }

    /// How far `c` is from its target; infinite for a question without a rating.
    fn distance(&self, c: &Candidate, stretch: Stretch) -> f64 {
        self.questions.get(&c.id).map_or(f64::INFINITY, |r| {
            (r - self.target(&c.topic, stretch)).abs()
        })
    }
}

/// Deals `request.count` questions of the chosen topics near the user's target (see the module
/// comment). `answered_days_ago` maps question ids to how many days ago the user last answered
/// them. Returns ids in the order picked: nearest windows first.
pub fn deal_adaptive(
    bank: &[Candidate],
    answered_days_ago: &HashMap<String, f64>,
    ratings: &AdaptiveRatings,
    stretch: Stretch,
    request: &DealRequest,
) -> Result<Vec<String>, DealError> {
    if request.count == 0 || request.count > MAX_QUESTIONS {
        return Err(DealError::BadCount(request.count));
    }
    let mut rng = StdRng::seed_from_u64(request.seed);
    let chosen = |c: &&Candidate| request.topics.is_empty() || request.topics.contains(&c.topic);
    let days = |c: &Candidate| answered_days_ago.get(&c.id).copied();
    let recent = |c: &Candidate| days(c).is_some_and(|d| d < RECENCY_HORIZON_DAYS);
    // Fresh questions in random order; recent ones longest ago first, ties at random.
    let mut fresh: Vec<(f64, &Candidate)> = bank
        .iter()
        .filter(chosen)
        .filter(|c| !recent(c))
        .map(|c| (rng.random::<f64>(), c))
        .collect();
    fresh.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut stale: Vec<(f64, &Candidate)> = bank
        .iter()
        .filter(chosen)
        .filter(|c| recent(c))
        .map(|c| (-days(c).unwrap_or_default() + rng.random::<f64>() * 1e-6, c))
        .collect();
    stale.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));

    let mut picker = Picker::default();
    'tiers: for tier in [&fresh, &stale] {
        for window in WINDOWS {
            for (_, c) in tier.iter() {
                if picker.picked.len() == request.count {
                    break 'tiers;
                }
                if ratings.distance(c, stretch) <= window {
                    picker.take(c);
                }
            }
        }
    }
    if picker.picked.len() < request.count {
        return Err(DealError::NotEnough {
            wanted: request.count,
            available: picker.picked.len(),
        });
    }
    Ok(picker.picked.into_iter().map(|c| c.id.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Difficulty;
    use std::collections::HashSet;

    fn cand(id: &str, topic: &str, chain: Option<&str>) -> Candidate {
        Candidate {
            id: id.into(),
            topic: topic.into(),
            difficulty: Difficulty::Medium,
            chain: chain.map(Into::into),
        }
    }

    /// Questions `<topic>-<rating>` rated 800, 900, ..., 2200 in two topics.
    fn bank() -> (Vec<Candidate>, AdaptiveRatings) {
        let mut b = Vec::new();
        // `adaptive` aims 100 below: at 1500
        let mut ratings = AdaptiveRatings {
            user_default: 1600.0,
            ..Default::default()
        };
        for topic in ["caching", "databases"] {
            for r in (800..=2200).step_by(100) {
                let id = format!("{topic}-{r}");
                ratings.questions.insert(id.clone(), f64::from(r));
                b.push(cand(&id, topic, None));
            }
        }
        (b, ratings)
    }

    fn req(topics: &[&str], count: usize, seed: u64) -> DealRequest {
        DealRequest {
            topics: topics.iter().map(|s| s.to_string()).collect(),
            difficulty: super::super::DifficultyChoice::Adaptive(Stretch::Normal),
            count,
            seed,
        }
    }

    fn rating_of(r: &AdaptiveRatings, id: &str) -> f64 {
        r.questions[id]
    }

    #[test]
    fn deals_inside_the_first_window_when_enough_are_near() {
        let (b, r) = bank();
        for seed in 0..30 {
            let ids = deal_adaptive(&b, &HashMap::new(), &r, Stretch::Normal, &req(&[], 2, seed))
                .unwrap();
            // within 75 of 1500: the two 1500s only
            for id in &ids {
                assert_eq!(rating_of(&r, id), 1500.0, "{ids:?}");
            }
        }
    }

    #[test]
    fn widens_the_window_step_by_step_when_nothing_is_near() {
        let (b, r) = bank();
        // 5 questions of one topic: 1500 (window 75), then 1400 and 1600 (window 150), then two
        // of 1200, 1300, 1700 and 1800 (window 300); never 1100 or 1900.
        let mut seen_in_last_window = HashSet::new();
        for seed in 0..30 {
            let ids = deal_adaptive(
                &b,
                &HashMap::new(),
                &r,
                Stretch::Normal,
                &req(&["caching"], 5, seed),
            )
            .unwrap();
            let got: Vec<i64> = ids.iter().map(|id| rating_of(&r, id) as i64).collect();
            assert_eq!(got[0], 1500, "the nearest first: {got:?}");
            let second: HashSet<i64> = got[1..3].iter().copied().collect();
            assert_eq!(second, HashSet::from([1400, 1600]), "{got:?}");
            for g in &got[3..] {
                assert!([1200, 1300, 1700, 1800].contains(g), "{got:?}");
                seen_in_last_window.insert(*g);
            }
        }
        assert_eq!(seen_in_last_window.len(), 4, "random inside a window");
        // Far from everything (a user at 3100, aiming at 3000, the hardest question 800 below): the window
        // widens to 1200 and deals among 1800-2200 only.
        let far = AdaptiveRatings {
            user_default: 3100.0,
            ..r.clone()
        };
        for seed in 0..20 {
            let ids = deal_adaptive(
                &b,
                &HashMap::new(),
                &far,
                Stretch::Normal,
                &req(&[], 3, seed),
            )
            .unwrap();
            assert_eq!(ids.len(), 3);
            for id in ids {
                assert!(rating_of(&far, &id) >= 1800.0, "{id}");
            }
        }
    }

    #[test]
    fn easier_and_harder_aim_300_below_and_above_in_each_topic() {
        let (b, mut r) = bank();
        r.user_topics.insert("caching".into(), 1800.0);
        r.user_topics.insert("databases".into(), 1100.0);
        let one = |stretch, topic: &str| {
            let ids =
                deal_adaptive(&b, &HashMap::new(), &r, stretch, &req(&[topic], 1, 4)).unwrap();
            rating_of(&r, &ids[0])
        };
        assert_eq!(one(Stretch::Easier, "caching"), 1500.0);
        assert_eq!(one(Stretch::Normal, "caching"), 1700.0);
        assert_eq!(one(Stretch::Harder, "caching"), 2100.0);
        assert_eq!(one(Stretch::Easier, "databases"), 800.0);
        assert_eq!(one(Stretch::Harder, "databases"), 1400.0);
        // both topics: each question is near the target of its own topic (one question sits at
        // each target, then the window widens to 150)
        for seed in 0..20 {
            let ids = deal_adaptive(&b, &HashMap::new(), &r, Stretch::Normal, &req(&[], 4, seed))
                .unwrap();
            for (n, id) in ids.iter().enumerate() {
                let target = if id.starts_with("caching") {
                    1700.0
                } else {
                    1000.0
                };
                let limit = if n < 2 { 0.0 } else { 100.0 };
                assert!((rating_of(&r, id) - target).abs() <= limit, "{ids:?}");
            }
        }
    }

    #[test]
    fn never_a_recent_question_while_others_remain() {
        let (b, r) = bank();
        // Every caching question but 800 and 2200 was answered in the last 30 days; one long ago.
        let mut days: HashMap<String, f64> = b
            .iter()
            .filter(|c| c.topic == "caching")
            .map(|c| (c.id.clone(), 2.0))
            .collect();
        days.remove("caching-800");
        days.insert("caching-2200".into(), 45.0);
        days.insert("caching-1500".into(), 29.0);
        for seed in 0..20 {
            let ids =
                deal_adaptive(&b, &days, &r, Stretch::Normal, &req(&["caching"], 2, seed)).unwrap();
            let got: HashSet<&str> = ids.iter().map(String::as_str).collect();
            assert_eq!(got, HashSet::from(["caching-800", "caching-2200"]));
        }
        // Three asked, two fresh: the third is a recent one, the longest ago first (1500, 29 days).
        let ids = deal_adaptive(&b, &days, &r, Stretch::Normal, &req(&["caching"], 3, 7)).unwrap();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[2], "caching-1500");
    }

    #[test]
    fn same_seed_same_deal_and_never_two_links_of_a_chain() {
        let (mut b, mut r) = bank();
        for i in 0..4 {
            let id = format!("link-{i}");
            r.questions.insert(id.clone(), 1500.0);
            b.push(cand(&id, "caching", Some("chain")));
        }
        let a = deal_adaptive(&b, &HashMap::new(), &r, Stretch::Normal, &req(&[], 4, 11));
        assert_eq!(
            a,
            deal_adaptive(&b, &HashMap::new(), &r, Stretch::Normal, &req(&[], 4, 11))
        );
        let differs = (12..40).any(|s| {
            deal_adaptive(&b, &HashMap::new(), &r, Stretch::Normal, &req(&[], 2, s))
                != deal_adaptive(&b, &HashMap::new(), &r, Stretch::Normal, &req(&[], 2, 11))
        });
        assert!(differs);
        for seed in 0..30 {
            let ids = deal_adaptive(&b, &HashMap::new(), &r, Stretch::Normal, &req(&[], 6, seed))
                .unwrap();
            assert!(ids.iter().filter(|id| id.starts_with("link")).count() <= 1);
        }
    }

    #[test]
    fn bad_counts_and_too_few_questions_are_refused() {
        let (b, r) = bank();
        let none = HashMap::new();
        assert_eq!(
            deal_adaptive(&b, &none, &r, Stretch::Normal, &req(&[], 0, 1)),
            Err(DealError::BadCount(0))
        );
        assert_eq!(
            deal_adaptive(&b, &none, &r, Stretch::Normal, &req(&["nope"], 1, 1)),
            Err(DealError::NotEnough {
                wanted: 1,
                available: 0
            })
        );
    }
}
