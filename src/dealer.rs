//! The dealer: picks the questions of a mock interview from the bank.
//!
//! Pure and deterministic given a seed. It deals `count` (1-10) distinct questions that match the
//! chosen topics (none = all) and difficulty (`mixed` spreads the deal across easy, medium and
//! hard), prefers questions the user has not answered recently (weighted by how long ago), and never
//! deals two links of one follow-up chain together. `adaptive` deals by rating instead (see
//! [`adaptive`]).

mod adaptive;
pub use adaptive::{AdaptiveRatings, Stretch, WINDOWS, deal_adaptive};

use std::collections::{HashMap, HashSet};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::corpus::Difficulty;

/// Largest number of questions in one interview.
pub const MAX_QUESTIONS: usize = 10;

/// After this many days an answered question counts as fresh again.
pub const RECENCY_HORIZON_DAYS: f64 = 30.0;

/// The difficulty a user asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DifficultyChoice {
    Only(Difficulty),
    Mixed,
    /// Questions near the user's rating in each topic, or 300 below or above it.
    Adaptive(Stretch),
}

impl DifficultyChoice {
    /// Every choice as the forms and the API spell it.
    pub const NAMES: [&'static str; 7] = [
        "easy",
        "medium",
        "hard",
        "mixed",
        "adaptive-easier",
        "adaptive",
        "adaptive-harder",
    ];

    pub fn parse(s: &str) -> Option<DifficultyChoice> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("mixed") {
            return Some(DifficultyChoice::Mixed);
        }
        if let Some(stretch) = Stretch::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s))
        {
            return Some(DifficultyChoice::Adaptive(stretch));
        }
        Difficulty::parse(s).map(DifficultyChoice::Only)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DifficultyChoice::Only(d) => d.as_str(),
            DifficultyChoice::Mixed => "mixed",
            DifficultyChoice::Adaptive(stretch) => stretch.as_str(),
        }
    }

    /// What is wrong with a value that is not a choice: `must be one of ..., not "x"`.
    pub fn unknown(value: &str) -> String {
        format!("must be one of {}, not {value:?}", Self::NAMES.join(", "))
    }

    fn admits(self, d: Difficulty) -> bool {
        match self {
            DifficultyChoice::Only(only) => only == d,
            DifficultyChoice::Mixed | DifficultyChoice::Adaptive(_) => true,
        }
    }
}

/// What the dealer needs to know about one question of the bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub topic: String,
    pub difficulty: Difficulty,
    /// The follow-up chain the question belongs to (its root key), if any.
    pub chain: Option<String>,
}

/// A request for a deal.
#[derive(Debug, Clone)]
pub struct DealRequest {
    /// Topic slugs; empty means every topic.
    pub topics: Vec<String>,
    pub difficulty: DifficultyChoice,
    pub count: usize,
    pub seed: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DealError {
    #[error("the number of questions must be between 1 and {MAX_QUESTIONS}, not {0}")]
    BadCount(usize),
    #[error(
        "only {available} question(s) match the chosen topics and difficulty, but {wanted} were asked for; choose more topics, another difficulty or fewer questions"
    )]
    NotEnough { wanted: usize, available: usize },
}

/// How strongly a question is preferred, from how many days ago the user last answered it.
///
/// Never answered: 1. Otherwise the fraction of [`RECENCY_HORIZON_DAYS`] since the answer (one
/// answered 3 days ago weighs 0.1), and a millionth for one answered just now: in practice dealt
/// only when nothing fresher is left.
pub fn recency_weight(days_ago: Option<f64>) -> f64 {
    match days_ago {
        None => 1.0,
        Some(d) => (d / RECENCY_HORIZON_DAYS).clamp(1e-6, 1.0),
    }
}

/// Deals the questions of one interview. `answered_days_ago` maps question ids to how many days ago
/// the user last answered them. Returns question ids in the order they are asked (for `mixed`,
/// easy first). Without ratings to aim at, an adaptive choice deals like `mixed`; the solo flow
/// deals adaptive interviews with [`deal_adaptive`].
pub fn deal(
    bank: &[Candidate],
    answered_days_ago: &HashMap<String, f64>,
    request: &DealRequest,
) -> Result<Vec<String>, DealError> {
    if request.count == 0 || request.count > MAX_QUESTIONS {
        return Err(DealError::BadCount(request.count));
    }
    let topics: HashSet<&str> = request.topics.iter().map(String::as_str).collect();
    let mut rng = StdRng::seed_from_u64(request.seed);

    // Efraimidis-Spirakis weighted order: key = ln(u) / w, largest first. Ids are unique in the
    // bank, but a duplicate would still be dealt once (see `seen`).
    let mut keyed: Vec<(f64, &Candidate)> = bank
        .iter()
        .filter(|c| topics.is_empty() || topics.contains(c.topic.as_str()))
        .filter(|c| request.difficulty.admits(c.difficulty))
        .map(|c| {
            let u: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
            let w = recency_weight(answered_days_ago.get(&c.id).copied());
            (u.ln() / w, c)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));

    let mut picker = Picker::default();
    match request.difficulty {
        DifficultyChoice::Only(_) => {
            for (_, c) in &keyed {
                if picker.picked.len() == request.count {
                    break;
                }
                picker.take(c);
            }
        }
        DifficultyChoice::Mixed | DifficultyChoice::Adaptive(_) => {
            let lanes: Vec<Vec<&Candidate>> = Difficulty::ALL
                .iter()
                .map(|d| {
                    keyed
                        .iter()
                        .filter(|(_, c)| c.difficulty == *d)
                        .map(|(_, c)| *c)
                        .collect()
                })
                .collect();
            let mut cursors = [0usize; 3];
            // Start the round-robin at a seeded level so one-question mixed deals vary.
            let mut lane = rng.random_range(0..lanes.len());
            let mut idle_rounds = 0;
            while picker.picked.len() < request.count && idle_rounds < lanes.len() {
                let mut took = false;
                while cursors[lane] < lanes[lane].len() {
                    let c = lanes[lane][cursors[lane]];
                    cursors[lane] += 1;
                    if picker.take(c) {
                        took = true;
                        break;
                    }
                }
                idle_rounds = if took { 0 } else { idle_rounds + 1 };
                lane = (lane + 1) % lanes.len();
            }
            picker.picked.sort_by_key(|c| c.difficulty);
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

/// Deals up to `request.count` more questions for an interviewer's session that already holds
/// the bank questions `existing`: never one of those, nor another link of one of their chains.
/// Deals fewer when fewer match; `NotEnough` with `available: 0` when none do.
pub fn deal_more(
    bank: &[Candidate],
    existing: &[&str],
    request: &DealRequest,
) -> Result<Vec<String>, DealError> {
    let have: HashSet<&str> = existing.iter().copied().collect();
    let chains: HashSet<&str> = bank
        .iter()
        .filter(|c| have.contains(c.id.as_str()))
        .filter_map(|c| c.chain.as_deref())
        .collect();
    let rest: Vec<Candidate> = bank
        .iter()
        .filter(|c| !have.contains(c.id.as_str()))
        .filter(|c| c.chain.as_deref().is_none_or(|ch| !chains.contains(ch)))
        .cloned()
        .collect();
    let fresh = HashMap::new();
    match deal(&rest, &fresh, request) {
        Err(DealError::NotEnough { available, .. }) if available > 0 => {
            let fewer = DealRequest {
                count: available,
                ..request.clone()
            };
            deal(&rest, &fresh, &fewer)
        }
        other => other,
    }
}

/// Accumulates a deal, refusing repeated questions and second links of a chain.
#[derive(Default)]
pub(crate) struct Picker<'a> {
    pub(crate) picked: Vec<&'a Candidate>,
    seen: HashSet<&'a str>,
    chains: HashSet<&'a str>,
}

impl<'a> Picker<'a> {
    pub(crate) fn take(&mut self, c: &'a Candidate) -> bool {
        if self.seen.contains(c.id.as_str()) {
            return false;
        }
        if let Some(chain) = c.chain.as_deref()
            && !self.chains.insert(chain)
        {
            return false;
        }
        self.seen.insert(&c.id);
        self.picked.push(c);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(id: &str, topic: &str, d: Difficulty, chain: Option<&str>) -> Candidate {
        Candidate {
            id: id.into(),
            topic: topic.into(),
            difficulty: d,
            chain: chain.map(Into::into),
        }
    }

    fn bank() -> Vec<Candidate> {
        let mut b = Vec::new();
        for (i, d) in Difficulty::ALL.iter().cycle().take(30).enumerate() {
            let topic = if i % 2 == 0 { "caching" } else { "databases" };
            b.push(cand(&format!("q{i}"), topic, *d, None));
        }
        b
    }

    fn req(topics: &[&str], d: DifficultyChoice, count: usize, seed: u64) -> DealRequest {
        DealRequest {
            topics: topics.iter().map(|s| s.to_string()).collect(),
            difficulty: d,
            count,
            seed,
        }
    }

    fn find<'a>(bank: &'a [Candidate], id: &str) -> &'a Candidate {
        bank.iter().find(|c| c.id == id).unwrap()
    }

    #[test]
    fn deals_distinct_questions_matching_topic_and_difficulty() {
        let b = bank();
        let none = HashMap::new();
        for seed in 0..50 {
            let r = req(
                &["caching"],
                DifficultyChoice::Only(Difficulty::Hard),
                5,
                seed,
            );
            let ids = deal(&b, &none, &r).unwrap();
            assert_eq!(ids.len(), 5);
            let distinct: HashSet<_> = ids.iter().collect();
            assert_eq!(distinct.len(), 5);
            for id in &ids {
                let c = find(&b, id);
                assert_eq!(c.topic, "caching");
                assert_eq!(c.difficulty, Difficulty::Hard);
            }
        }
    }

    #[test]
    fn no_topics_means_all_topics() {
        let b = bank();
        let mut topics_seen = HashSet::new();
        for seed in 0..30 {
            let r = req(&[], DifficultyChoice::Mixed, 10, seed);
            for id in deal(&b, &HashMap::new(), &r).unwrap() {
                topics_seen.insert(find(&b, &id).topic.clone());
            }
        }
        assert_eq!(topics_seen.len(), 2);
    }

    #[test]
    fn same_seed_same_deal_other_seed_other_deal() {
        let b = bank();
        let r1 = req(&[], DifficultyChoice::Mixed, 6, 42);
        let a = deal(&b, &HashMap::new(), &r1).unwrap();
        let again = deal(&b, &HashMap::new(), &r1).unwrap();
        assert_eq!(a, again);
        let differs = (43..60).any(|s| {
            deal(
                &b,
                &HashMap::new(),
                &req(&[], DifficultyChoice::Mixed, 6, s),
            )
            .unwrap()
                != a
        });
        assert!(differs);
    }

    #[test]
    fn mixed_spreads_across_levels_easy_first() {
        let b = bank();
        for seed in 0..40 {
            let ids = deal(
                &b,
                &HashMap::new(),
                &req(&[], DifficultyChoice::Mixed, 6, seed),
            )
            .unwrap();
            let levels: Vec<Difficulty> = ids.iter().map(|id| find(&b, id).difficulty).collect();
            for d in Difficulty::ALL {
                assert_eq!(levels.iter().filter(|l| **l == d).count(), 2, "{levels:?}");
            }
            let mut sorted = levels.clone();
            sorted.sort();
            assert_eq!(levels, sorted);
        }
    }

    #[test]
    fn mixed_fills_from_other_levels_when_one_runs_out() {
        let b = vec![
            cand("e1", "t", Difficulty::Easy, None),
            cand("m1", "t", Difficulty::Medium, None),
            cand("m2", "t", Difficulty::Medium, None),
            cand("m3", "t", Difficulty::Medium, None),
        ];
        let ids = deal(
            &b,
            &HashMap::new(),
            &req(&[], DifficultyChoice::Mixed, 4, 1),
        )
        .unwrap();
        assert_eq!(ids[0], "e1");
        assert_eq!(ids.len(), 4);
    }

    #[test]
    fn one_question_mixed_deals_vary_in_level() {
        let b = bank();
        let levels: HashSet<Difficulty> = (0..30)
            .map(|s| {
                let ids = deal(
                    &b,
                    &HashMap::new(),
                    &req(&[], DifficultyChoice::Mixed, 1, s),
                )
                .unwrap();
                find(&b, &ids[0]).difficulty
            })
            .collect();
        assert_eq!(levels.len(), 3);
    }

    #[test]
    fn never_two_links_of_one_chain() {
        let mut b: Vec<Candidate> = (0..6)
            .map(|i| cand(&format!("c{i}"), "t", Difficulty::Hard, Some("002-4")))
            .collect();
        b.push(cand("x", "t", Difficulty::Hard, None));
        b.push(cand("y", "t", Difficulty::Hard, Some("002-9")));
        for seed in 0..30 {
            let ids = deal(
                &b,
                &HashMap::new(),
                &req(&[], DifficultyChoice::Only(Difficulty::Hard), 3, seed),
            )
            .unwrap();
            let chain_links = ids.iter().filter(|id| id.starts_with('c')).count();
            assert_eq!(chain_links, 1, "{ids:?}");
        }
        let err = deal(
            &b,
            &HashMap::new(),
            &req(&[], DifficultyChoice::Only(Difficulty::Hard), 4, 0),
        )
        .unwrap_err();
        assert_eq!(
            err,
            DealError::NotEnough {
                wanted: 4,
                available: 3
            }
        );
    }

    #[test]
    fn a_duplicate_id_is_dealt_once() {
        let b = vec![
            cand("a", "t", Difficulty::Easy, None),
            cand("a", "t", Difficulty::Easy, None),
        ];
        let err = deal(
            &b,
            &HashMap::new(),
            &req(&[], DifficultyChoice::Only(Difficulty::Easy), 2, 3),
        )
        .unwrap_err();
        assert!(matches!(err, DealError::NotEnough { available: 1, .. }));
    }

    #[test]
    fn prefers_questions_not_answered_recently() {
        let b = bank();
        // Half the caching questions were answered today, the other half never.
        let caching: Vec<&Candidate> = b.iter().filter(|c| c.topic == "caching").collect();
        let recent: HashMap<String, f64> = caching
            .iter()
            .step_by(2)
            .map(|c| (c.id.clone(), 0.0))
            .collect();
        let mut recent_hits = 0;
        let mut fresh_hits = 0;
        for seed in 0..200 {
            let ids = deal(
                &b,
                &recent,
                &req(&["caching"], DifficultyChoice::Mixed, 3, seed),
            )
            .unwrap();
            for id in ids {
                if recent.contains_key(&id) {
                    recent_hits += 1;
                } else {
                    fresh_hits += 1;
                }
            }
        }
        assert!(
            fresh_hits > recent_hits * 10,
            "{fresh_hits} vs {recent_hits}"
        );
    }

    #[test]
    fn older_answers_are_preferred_over_newer_ones() {
        let b = vec![
            cand("old", "t", Difficulty::Easy, None),
            cand("new", "t", Difficulty::Easy, None),
        ];
        let days: HashMap<String, f64> = [("old".to_string(), 25.0), ("new".to_string(), 1.0)]
            .into_iter()
            .collect();
        let old_first = (0..300)
            .filter(|s| {
                deal(
                    &b,
                    &days,
                    &req(&[], DifficultyChoice::Only(Difficulty::Easy), 1, *s),
                )
                .unwrap()[0]
                    == "old"
            })
            .count();
        assert!(old_first > 240, "{old_first}");
    }

    #[test]
    fn recently_answered_questions_are_still_dealt_when_nothing_else_is_left() {
        let b = vec![cand("a", "t", Difficulty::Easy, None)];
        let days: HashMap<String, f64> = [("a".to_string(), 0.0)].into_iter().collect();
        let ids = deal(
            &b,
            &days,
            &req(&[], DifficultyChoice::Only(Difficulty::Easy), 1, 9),
        )
        .unwrap();
        assert_eq!(ids, vec!["a"]);
    }

    #[test]
    fn recency_weight_rises_with_age() {
        assert_eq!(recency_weight(None), 1.0);
        assert!(recency_weight(Some(0.0)) < 0.05);
        assert!(recency_weight(Some(10.0)) < recency_weight(Some(20.0)));
        assert_eq!(recency_weight(Some(90.0)), 1.0);
        assert!(recency_weight(Some(-3.0)) > 0.0);
    }

    #[test]
    fn rejects_bad_counts_and_empty_filters() {
        let b = bank();
        let none = HashMap::new();
        assert_eq!(
            deal(&b, &none, &req(&[], DifficultyChoice::Mixed, 0, 1)),
            Err(DealError::BadCount(0))
        );
        assert_eq!(
            deal(&b, &none, &req(&[], DifficultyChoice::Mixed, 11, 1)),
            Err(DealError::BadCount(11))
        );
        let err = deal(&b, &none, &req(&["nope"], DifficultyChoice::Mixed, 1, 1)).unwrap_err();
        assert_eq!(
            err,
            DealError::NotEnough {
                wanted: 1,
                available: 0
            }
        );
        assert!(err.to_string().contains("only 0 question(s) match"));
    }

    #[test]
    fn parses_difficulty_choices() {
        assert_eq!(
            DifficultyChoice::parse("Mixed"),
            Some(DifficultyChoice::Mixed)
        );
        assert_eq!(
            DifficultyChoice::parse("hard"),
            Some(DifficultyChoice::Only(Difficulty::Hard))
        );
        assert_eq!(DifficultyChoice::parse("brutal"), None);
        assert_eq!(DifficultyChoice::Mixed.as_str(), "mixed");
        assert_eq!(
            DifficultyChoice::parse(" Adaptive-Harder "),
            Some(DifficultyChoice::Adaptive(Stretch::Harder))
        );
        for name in DifficultyChoice::NAMES {
            assert_eq!(DifficultyChoice::parse(name).unwrap().as_str(), name);
        }
        assert_eq!(DifficultyChoice::parse("adaptive-sideways"), None);
        let message = DifficultyChoice::unknown("x");
        assert!(
            message.contains("adaptive-easier, adaptive, adaptive-harder"),
            "{message}"
        );
    }

    #[test]
    fn an_adaptive_choice_without_ratings_deals_like_mixed() {
        let b = bank();
        let r = |d| req(&[], d, 6, 5);
        assert_eq!(
            deal(
                &b,
                &HashMap::new(),
                &r(DifficultyChoice::Adaptive(Stretch::Normal))
            ),
            deal(&b, &HashMap::new(), &r(DifficultyChoice::Mixed))
        );
    }

    #[test]
    fn dealing_more_skips_what_the_session_has_and_its_chains() {
        let mut b = bank();
        b.push(cand("chain-1", "caching", Difficulty::Easy, Some("c")));
        b.push(cand("chain-2", "caching", Difficulty::Medium, Some("c")));
        let existing = ["q0", "q2", "chain-1"];
        for seed in 0..40 {
            let r = req(&["caching"], DifficultyChoice::Mixed, 10, seed);
            let ids = deal_more(&b, &existing, &r).unwrap();
            assert_eq!(ids.len(), 10);
            for id in &ids {
                assert!(!existing.contains(&id.as_str()), "{id} is already there");
                assert_ne!(id, "chain-2", "another link of a chain the session has");
            }
            // Mixed: easy first, every level present.
            let levels: Vec<Difficulty> = ids.iter().map(|id| find(&b, id).difficulty).collect();
            assert!(levels.windows(2).all(|w| w[0] <= w[1]), "{levels:?}");
            assert_eq!(levels.first(), Some(&Difficulty::Easy));
            assert_eq!(levels.last(), Some(&Difficulty::Hard));
        }
    }

    #[test]
    fn dealing_more_deals_fewer_when_fewer_match_and_none_when_none_do() {
        let b = bank();
        // 5 hard caching questions in the bank, 2 of them in the session already.
        let hard_caching: Vec<&str> = b
            .iter()
            .filter(|c| c.topic == "caching" && c.difficulty == Difficulty::Hard)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(hard_caching.len(), 5);
        let r = req(
            &["caching"],
            DifficultyChoice::Only(Difficulty::Hard),
            10,
            7,
        );
        let ids = deal_more(&b, &hard_caching[..2], &r).unwrap();
        let mut got: Vec<&str> = ids.iter().map(String::as_str).collect();
        got.sort();
        let mut want = hard_caching[2..].to_vec();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(
            deal_more(&b, &hard_caching, &r),
            Err(DealError::NotEnough {
                wanted: 10,
                available: 0
            })
        );
        let r = req(&["no-such-topic"], DifficultyChoice::Mixed, 2, 7);
        assert!(matches!(
            deal_more(&b, &[], &r),
            Err(DealError::NotEnough { available: 0, .. })
        ));
    }
}
