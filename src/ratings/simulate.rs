//! A simulation of many users practising with adaptive dealing, through the real rating rules
//! ([`rules::play`]) and the real dealer ([`dealer::deal_adaptive`]); no database.
//!
//! Questions have a hidden difficulty (normal around 1500, sd 250) and a label that guesses it
//! with an error (sd [`LABEL_ERROR`]), which seeds their rating as the import does. Users have a
//! hidden skill per topic (a base, sd 250, plus a topic offset, sd 150) and practise two topics,
//! one interview of [`INTERVIEW`] questions a day, dealt `adaptive`. A score is 10 x the logistic
//! chance of the user beating the question (skill minus difficulty on the Glicko scale) plus the
//! grader's noise (sd [`SCORE_NOISE`] of the 0-1 result), rounded to a tenth. Users take turns, so
//! question ratings learn from everyone at once, as in the app.
//!
//! Measured: Spearman between learned and hidden user skill (each played user-topic pair, and each
//! user's overall rating against the mean of their topics) and between learned and hidden question
//! difficulty (questions played at least once), after every checkpoint of attempts per user, and
//! the mean score.

use std::collections::HashMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::glicko2::Rating;
use super::rules::{self, Attempt, Sides};
use crate::corpus::Difficulty;
use crate::dealer::{self, AdaptiveRatings, Candidate, DealRequest, DifficultyChoice, Stretch};
use crate::grader::eval::spearman;

/// Questions per dealt interview.
pub const INTERVIEW: usize = 5;
/// Standard deviation of a label's error against the hidden difficulty.
pub const LABEL_ERROR: f64 = 200.0;
/// Standard deviation of the grader's noise on a 0-1 result.
pub const SCORE_NOISE: f64 = 0.12;

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Setup {
    pub users: usize,
    /// Attempts (graded answers) per user.
    pub attempts: usize,
    pub questions: usize,
    pub topics: usize,
    pub stretch: Stretch,
    pub seed: u64,
}

/// The correlations after a number of attempts per user.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    pub attempts: usize,
    /// Learned topic rating vs hidden topic skill, over played user-topic pairs.
    pub user_topic_spearman: f64,
    /// Learned overall rating vs the mean hidden skill of the user's topics.
    pub user_overall_spearman: f64,
    /// Learned vs hidden difficulty of the questions played at least once.
    pub question_spearman: f64,
    /// How many questions have been played.
    pub questions_played: usize,
    /// Mean score of the attempts since the previous checkpoint.
    pub mean_score: f64,
}

/// What a simulation measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub checkpoints: Vec<Checkpoint>,
    /// Label vs hidden difficulty over the same questions at the end: what ratings start from.
    pub label_spearman: f64,
    /// Mean score over all attempts.
    pub mean_score: f64,
    /// Share of users whose own mean score lies within 5-7.
    pub users_within_5_7: f64,
    /// Games played in all.
    pub games: usize,
}

/// A standard normal draw (Box-Muller).
fn normal(rng: &mut StdRng) -> f64 {
    let u: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// The score (0-10, tenths) of a user of `skill` on a question of `difficulty`.
pub fn score(skill: f64, difficulty: f64, noise: f64) -> f32 {
    let p = 1.0 / (1.0 + (-(skill - difficulty) / 173.7178).exp());
    ((p + noise).clamp(0.0, 1.0) * 100.0).round() as f32 / 10.0
}

struct User {
    /// Hidden skill per topic index.
    skill: Vec<f64>,
    /// The two topics they practise.
    practises: [usize; 2],
    overall: Rating,
    topics: HashMap<String, Rating>,
    /// Question id -> the day it was answered.
    answered: HashMap<String, usize>,
}

/// Runs the simulation; `checkpoints` are attempt counts per user at which to measure (the last
/// should be `setup.attempts`). `on_round` is called after every interview round (progress).
pub fn run(setup: &Setup, checkpoints: &[usize], mut on_round: impl FnMut()) -> Outcome {
    let mut rng = StdRng::seed_from_u64(setup.seed);
    let topic_names: Vec<String> = (0..setup.topics).map(|t| format!("topic-{t}")).collect();
    let mut bank = Vec::new();
    let mut hidden_difficulty = HashMap::new();
    let mut question_ratings: HashMap<String, Rating> = HashMap::new();
    let mut labels = HashMap::new();
    for q in 0..setup.questions {
        let id = format!("q{q}");
        let difficulty = 1500.0 + 250.0 * normal(&mut rng);
        let label = (difficulty + LABEL_ERROR * normal(&mut rng))
            .round()
            .clamp(800.0, 2000.0) as i32;
        bank.push(Candidate {
            id: id.clone(),
            topic: topic_names[q % setup.topics].clone(),
            difficulty: Difficulty::Medium,
            chain: None,
        });
        hidden_difficulty.insert(id.clone(), difficulty);
        labels.insert(id.clone(), f64::from(label));
        question_ratings.insert(id, rules::question_seed(label));
    }
    let mut users: Vec<User> = (0..setup.users)
        .map(|_| {
            let base = 1500.0 + 250.0 * normal(&mut rng);
            let skill = (0..setup.topics)
                .map(|_| base + 150.0 * normal(&mut rng))
                .collect();
            let first = rng.random_range(0..setup.topics);
            let second = (first + rng.random_range(1..setup.topics.max(2))) % setup.topics;
            User {
                skill,
                practises: [first, second],
                overall: rules::NEW_USER,
                topics: HashMap::new(),
                answered: HashMap::new(),
            }
        })
        .collect();

    let mut dealing = AdaptiveRatings {
        questions: question_ratings
            .iter()
            .map(|(id, r)| (id.clone(), r.rating))
            .collect(),
        ..Default::default()
    };
    let mut played: HashMap<String, usize> = HashMap::new();
    let mut checkpoints_out = Vec::new();
    let (mut score_sum, mut score_n) = (0.0, 0usize);
    let (mut window_sum, mut window_n) = (0.0, 0usize);
    let mut user_scores = vec![(0.0, 0usize); setup.users];
    let mut next_checkpoint = checkpoints.iter().copied().peekable();
    let mut done = 0;
    let mut day = 0;
    while done < setup.attempts {
        day += 1;
        let count = INTERVIEW.min(setup.attempts - done);
        for (u, user) in users.iter_mut().enumerate() {
            let topic = user.practises[day % 2];
            let topic_name = &topic_names[topic];
            dealing.user_default = user.overall.rating;
            dealing.user_topics = user
                .topics
                .iter()
                .map(|(t, r)| (t.clone(), r.rating))
                .collect();
            let days_ago: HashMap<String, f64> = user
                .answered
                .iter()
                .map(|(id, d)| (id.clone(), (day - d) as f64))
                .collect();
            let request = DealRequest {
                topics: vec![topic_name.clone()],
                difficulty: DifficultyChoice::Adaptive(setup.stretch),
                count,
                seed: rng.random(),
            };
            let Ok(ids) =
                dealer::deal_adaptive(&bank, &days_ago, &dealing, setup.stretch, &request)
            else {
                continue;
            };
            for id in ids {
                let first = !user.answered.contains_key(&id);
                user.answered.insert(id.clone(), day);
                let s = score(
                    user.skill[topic],
                    hidden_difficulty[&id],
                    SCORE_NOISE * normal(&mut rng),
                );
                score_sum += f64::from(s);
                score_n += 1;
                window_sum += f64::from(s);
                window_n += 1;
                user_scores[u].0 += f64::from(s);
                user_scores[u].1 += 1;
                let attempt = Attempt {
                    score: Some(s),
                    flags: Vec::new(),
                    session: false,
                    chosen: false,
                    bank_question: true,
                    first,
                };
                let before = Sides {
                    overall: user.overall,
                    topic: *user.topics.get(topic_name).unwrap_or(&rules::NEW_USER),
                    question: question_ratings[&id],
                };
                if let Some(after) = rules::play(before, &attempt) {
                    user.overall = after.overall;
                    user.topics.insert(topic_name.clone(), after.topic);
                    question_ratings.insert(id.clone(), after.question);
                    dealing.questions.insert(id.clone(), after.question.rating);
                    if rules::moves_question(&attempt) {
                        *played.entry(id).or_default() += 1;
                    }
                }
            }
        }
        done += count;
        on_round();
        while next_checkpoint.peek().is_some_and(|c| *c <= done) {
            let attempts = next_checkpoint.next().unwrap_or(done);
            checkpoints_out.push(measure(
                &users,
                &topic_names,
                &question_ratings,
                &hidden_difficulty,
                &played,
                attempts,
                window_sum / window_n.max(1) as f64,
            ));
            (window_sum, window_n) = (0.0, 0);
        }
    }
    let played_ids: Vec<&String> = played.keys().collect();
    let label_spearman = spearman(
        &played_ids.iter().map(|id| labels[*id]).collect::<Vec<_>>(),
        &played_ids
            .iter()
            .map(|id| hidden_difficulty[*id])
            .collect::<Vec<_>>(),
    );
    let means: Vec<f64> = user_scores
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| s / *n as f64)
        .collect();
    Outcome {
        checkpoints: checkpoints_out,
        label_spearman,
        mean_score: score_sum / score_n.max(1) as f64,
        users_within_5_7: means.iter().filter(|m| (5.0..=7.0).contains(*m)).count() as f64
            / means.len().max(1) as f64,
        games: score_n,
    }
}

fn measure(
    users: &[User],
    topic_names: &[String],
    question_ratings: &HashMap<String, Rating>,
    hidden_difficulty: &HashMap<String, f64>,
    played: &HashMap<String, usize>,
    attempts: usize,
    mean_score: f64,
) -> Checkpoint {
    let (mut learned, mut hidden) = (Vec::new(), Vec::new());
    let (mut overall, mut overall_hidden) = (Vec::new(), Vec::new());
    for user in users {
        let mut sum = 0.0;
        for t in user.practises {
            if let Some(r) = user.topics.get(&topic_names[t]) {
                learned.push(r.rating);
                hidden.push(user.skill[t]);
            }
            sum += user.skill[t];
        }
        overall.push(user.overall.rating);
        overall_hidden.push(sum / 2.0);
    }
    let mut ids: Vec<&String> = played.keys().collect();
    ids.sort();
    let q_learned: Vec<f64> = ids.iter().map(|id| question_ratings[*id].rating).collect();
    let q_hidden: Vec<f64> = ids.iter().map(|id| hidden_difficulty[*id]).collect();
    Checkpoint {
        attempts,
        user_topic_spearman: spearman(&learned, &hidden),
        user_overall_spearman: spearman(&overall, &overall_hidden),
        question_spearman: spearman(&q_learned, &q_hidden),
        questions_played: ids.len(),
        mean_score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(seed: u64) -> Setup {
        Setup {
            users: 60,
            attempts: 20,
            questions: 120,
            topics: 4,
            stretch: Stretch::Normal,
            seed,
        }
    }

    #[test]
    fn scores_follow_skill_minus_difficulty() {
        assert_eq!(score(1500.0, 1500.0, 0.0), 5.0);
        assert!(score(1900.0, 1500.0, 0.0) > 8.5);
        assert!(score(1100.0, 1500.0, 0.0) < 1.5);
        assert_eq!(score(1500.0, 1500.0, 0.9), 10.0);
        assert_eq!(score(1500.0, 1500.0, -0.9), 0.0);
    }

    #[test]
    fn the_same_seed_gives_the_same_figures() {
        let a = run(&small(3), &[10, 20], || {});
        assert_eq!(a, run(&small(3), &[10, 20], || {}));
        assert_ne!(a, run(&small(4), &[10, 20], || {}));
        assert_eq!(a.games, 60 * 20);
        assert_eq!(a.checkpoints.len(), 2);
    }

    #[test]
    fn ratings_learn_hidden_skill_better_than_chance() {
        let out = run(&small(7), &[20], || {});
        let last = out.checkpoints.last().unwrap();
        assert!(last.user_topic_spearman > 0.5, "{out:?}");
        assert!(last.user_overall_spearman > 0.5, "{out:?}");
        assert!(last.question_spearman > 0.5, "{out:?}");
        // adaptive dealing keeps scores away from the extremes
        assert!((3.5..=7.5).contains(&out.mean_score), "{out:?}");
    }
}
