//! Spaced-repetition scheduling of review cards with FSRS (the `fsrs` crate, its default FSRS-6
//! parameters): how a criterion's verdict becomes a rating, and when a card is next due. Pure:
//! no database, no HTTP.
//!
//! Rules, each in one place here:
//! - A verdict becomes a rating ([`rating_for`]): missed or contradicted → Again, partial → Hard,
//!   met → Good, met *quickly* → Easy. Quickly means within [`QUICK_SHARE`] of the time the
//!   answer was allowed (a third: 60 s of a review's 3 minutes, 5 minutes of a 15-minute
//!   question), and fully means the verdict is met, not partial.
//! - The next due time ([`next_due`]) is the FSRS interval for the desired retention, rounded to
//!   whole days and at least one day, so a card reviewed now is never due again before the same
//!   time tomorrow: never twice on one day, in any time zone. A criterion missed in a solo answer
//!   is due at once (it is a new lapse to relearn), unless the card was reviewed on the review
//!   page within the last day.

use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};

use crate::grader::Verdict;

/// The desired retention when the user has not chosen one.
pub const DEFAULT_RETENTION: f32 = 0.9;
/// The desired retentions a user may choose, inclusive.
pub const RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.75..=0.97;
/// An answer within this share of its allowed time is quick (see [`rating_for`]).
pub const QUICK_SHARE: f64 = 1.0 / 3.0;
/// The time a review answer is allowed, in seconds.
pub const REVIEW_SECONDS: i64 = 180;

/// FSRS's four grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub fn as_i16(self) -> i16 {
        self as i16
    }

    pub fn from_i16(n: i16) -> Option<Rating> {
        match n {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }
}

/// Where a review event came from (`review_log.source`, text with CHECK solo/review: queries
/// read it as `source AS "source: Source"`, so its spelling lives here only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum Source {
    /// A criterion judged in a graded solo answer.
    Solo,
    /// An answer on the review page (or `POST /api/v1/reviews/{card}/answer`).
    Review,
}

/// The rating of a verdict given in `seconds` of an allowed `limit_seconds` (None: not timed,
/// never Easy).
pub fn rating_for(verdict: Verdict, seconds: Option<i64>, limit_seconds: i64) -> Rating {
    match verdict {
        Verdict::Missed | Verdict::Contradicted => Rating::Again,
        Verdict::Partial => Rating::Hard,
        Verdict::Met => match seconds {
            Some(s) if limit_seconds > 0 && (s as f64) <= limit_seconds as f64 * QUICK_SHARE => {
                Rating::Easy
            }
            _ => Rating::Good,
        },
    }
}

/// Whether `retention` may be chosen.
pub fn valid_retention(retention: f32) -> bool {
    retention.is_finite() && RETENTION_RANGE.contains(&retention)
}

/// A card's memory as FSRS keeps it, and the review events it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CardState {
    /// None before the first event.
    pub memory: Option<(f32, f32)>,
    /// The last event of any source.
    pub last_event: Option<DateTime<Utc>>,
    /// The last answer on the review page.
    pub last_shown: Option<DateTime<Utc>>,
    pub reps: i32,
    pub lapses: i32,
}

/// One event to apply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub rating: Rating,
    pub source: Source,
}

/// A card after an event: its new state, when it is due, and what the review log records.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scheduled {
    pub state: CardState,
    pub due: DateTime<Utc>,
    /// Days since the previous event (0 for the first).
    pub elapsed_days: f32,
    /// The interval FSRS gave, in days, before rounding.
    pub interval_days: f32,
}

/// The scheduler: FSRS with its default parameters.
pub struct Scheduler {
    fsrs: FSRS,
}

impl Default for Scheduler {
    fn default() -> Self {
        Scheduler::new()
    }
}

/// Whole days (at least one) of an FSRS interval.
pub fn whole_days(interval: f32) -> i64 {
    (interval.round() as i64).max(1)
}

/// When a card is next due after an event at `at` with an FSRS interval of `interval` days (see
/// the module comment).
pub fn next_due(
    at: DateTime<Utc>,
    interval: f32,
    rating: Rating,
    source: Source,
    last_shown: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let due = if source == Source::Solo && rating == Rating::Again {
        at
    } else {
        at + Duration::days(whole_days(interval))
    };
    match last_shown {
        Some(shown) => due.max(shown + Duration::days(1)),
        None => due,
    }
}

impl Scheduler {
    pub fn new() -> Scheduler {
        Scheduler {
            fsrs: FSRS::default(),
        }
    }

    /// Applies `event` to a card in `state` at desired retention `retention`.
    pub fn apply(&self, state: CardState, event: Event, retention: f32) -> Scheduled {
        let elapsed = state
            .last_event
            .map(|t| ((event.at - t).num_seconds().max(0) as f64 / 86_400.0) as f32)
            .unwrap_or(0.0);
        let memory = state.memory.map(|(stability, difficulty)| MemoryState {
            stability,
            difficulty,
        });
        let retention = retention.clamp(*RETENTION_RANGE.start(), *RETENTION_RANGE.end());
        // FSRS counts whole days since the last review; the default parameters are valid, so
        // only a corrupt stored state can fail: then the card starts over.
        let next = self
            .fsrs
            .next_states(memory, retention, elapsed.floor() as u32)
            .or_else(|_| self.fsrs.next_states(None, retention, 0))
            .expect("FSRS default parameters schedule a new card");
        let item = match event.rating {
            Rating::Again => next.again,
            Rating::Hard => next.hard,
            Rating::Good => next.good,
            Rating::Easy => next.easy,
        };
        let last_shown = if event.source == Source::Review {
            Some(event.at)
        } else {
            state.last_shown
        };
        let due = next_due(
            event.at,
            item.interval,
            event.rating,
            event.source,
            state.last_shown,
        );
        Scheduled {
            state: CardState {
                memory: Some((item.memory.stability, item.memory.difficulty)),
                last_event: Some(event.at),
                last_shown,
                reps: state.reps + 1,
                lapses: state.lapses
                    + i32::from(event.rating == Rating::Again && state.memory.is_some()),
            },
            due,
            elapsed_days: elapsed,
            interval_days: item.interval,
        }
    }

    /// Replays a card's whole log (oldest first) from scratch: the state and due time the log
    /// gives at `retention` (None for an empty log).
    pub fn replay(&self, events: &[Event], retention: f32) -> Option<Scheduled> {
        let mut state = CardState::default();
        let mut last = None;
        for e in events {
            let s = self.apply(state, *e, retention);
            state = s.state;
            last = Some(s);
        }
        last
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap()
    }

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 1e-3
    }

    #[test]
    fn verdicts_map_to_ratings() {
        assert_eq!(rating_for(Verdict::Missed, Some(10), 180), Rating::Again);
        assert_eq!(rating_for(Verdict::Contradicted, None, 180), Rating::Again);
        assert_eq!(rating_for(Verdict::Partial, Some(5), 180), Rating::Hard);
        assert_eq!(rating_for(Verdict::Met, Some(61), 180), Rating::Good);
        assert_eq!(rating_for(Verdict::Met, Some(60), 180), Rating::Easy);
        assert_eq!(rating_for(Verdict::Met, None, 180), Rating::Good);
        assert_eq!(rating_for(Verdict::Met, Some(0), 0), Rating::Good);
        // a 15-minute question answered in 5 minutes is quick
        assert_eq!(rating_for(Verdict::Met, Some(300), 900), Rating::Easy);
        for r in [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy] {
            assert_eq!(Rating::from_i16(r.as_i16()), Some(r));
        }
        assert_eq!(Rating::from_i16(0), None);
    }

    #[test]
    fn retention_range_is_enforced() {
        assert!(valid_retention(0.75) && valid_retention(0.9) && valid_retention(0.97));
        assert!(!valid_retention(0.74) && !valid_retention(0.98) && !valid_retention(f32::NAN));
    }

    /// The crate's documented first-review states (`FSRS::next_states` doc example, fsrs 6.6.2):
    /// a new card at retention 0.9 gets stabilities (= intervals in days) of 0.212, 1.2931,
    /// 2.3065 and 8.2956 for Again, Hard, Good and Easy.
    #[test]
    fn a_new_card_gets_the_crates_documented_intervals() {
        let s = Scheduler::new();
        let expect = [
            (Rating::Again, 0.212, 6.4133),
            (Rating::Hard, 1.2931, 5.1121707),
            (Rating::Good, 2.3065, 2.118104),
            (Rating::Easy, 8.2956, 1.0),
        ];
        for (rating, interval, difficulty) in expect {
            let out = s.apply(
                CardState::default(),
                Event {
                    at: t0(),
                    rating,
                    source: Source::Review,
                },
                0.9,
            );
            assert!(close(out.interval_days, interval), "{rating:?} {out:?}");
            let (stability, d) = out.state.memory.unwrap();
            assert!(
                close(stability, interval) && close(d, difficulty),
                "{out:?}"
            );
            assert_eq!(out.due, t0() + Duration::days(whole_days(interval)));
        }
    }

    /// The crate's own test of its default parameters (`test_memory_state`): Again, then Good
    /// after 0, 1, 3, 8 and 21 days gives stability 53.62691 and difficulty 6.3574867.
    #[test]
    fn a_replayed_log_matches_the_crates_documented_memory_state() {
        let s = Scheduler::new();
        let mut at = t0();
        let mut events = Vec::new();
        for (rating, days) in [
            (Rating::Again, 0),
            (Rating::Good, 0),
            (Rating::Good, 1),
            (Rating::Good, 3),
            (Rating::Good, 8),
            (Rating::Good, 21),
        ] {
            at += Duration::days(days);
            events.push(Event {
                at,
                rating,
                source: Source::Solo,
            });
        }
        let out = s.replay(&events, 0.9).unwrap();
        let (stability, difficulty) = out.state.memory.unwrap();
        assert!((stability - 53.62691).abs() < 1e-3, "{stability}");
        assert!((difficulty - 6.3574867).abs() < 1e-3, "{difficulty}");
        assert_eq!(out.state.reps, 6);
        assert_eq!(out.state.lapses, 0, "a first Again is not a lapse");
        assert!(s.replay(&[], 0.9).is_none());
    }

    /// The crate's documented intervals for stability 1 day (`test_next_interval`): 3 days at
    /// retention 0.8, 1 at 0.9; a higher retention never gives a longer interval.
    #[test]
    fn retention_changes_the_interval_as_documented() {
        let s = Scheduler::new();
        let good = |retention| {
            s.apply(
                CardState::default(),
                Event {
                    at: t0(),
                    rating: Rating::Good,
                    source: Source::Review,
                },
                retention,
            )
            .interval_days
        };
        assert!(good(0.75) > good(0.9) && good(0.9) > good(0.97));
        let fsrs = FSRS::default();
        assert_eq!(fsrs.next_interval(Some(1.0), 0.8, 1).round(), 3.0);
        assert_eq!(fsrs.next_interval(Some(1.0), 0.9, 1).round(), 1.0);
    }

    #[test]
    fn a_solo_miss_is_due_at_once_but_never_twice_on_the_day_it_was_reviewed() {
        let s = Scheduler::new();
        let miss = Event {
            at: t0(),
            rating: Rating::Again,
            source: Source::Solo,
        };
        let out = s.apply(CardState::default(), miss, 0.9);
        assert_eq!(out.due, t0(), "a missed criterion is due now");
        // reviewed (even failed) on the review page: not due again for a day
        let review = s.apply(
            out.state,
            Event {
                at: t0() + Duration::hours(1),
                rating: Rating::Again,
                source: Source::Review,
            },
            0.9,
        );
        assert_eq!(review.due, t0() + Duration::hours(25));
        assert_eq!(review.state.lapses, 1);
        // missed again in a solo answer the same evening: still not before the day is over
        let again = s.apply(
            review.state,
            Event {
                at: t0() + Duration::hours(5),
                rating: Rating::Again,
                source: Source::Solo,
            },
            0.9,
        );
        assert_eq!(again.due, t0() + Duration::hours(25));
        // a met criterion is reviewed later than a missed one
        let met = s.apply(
            CardState::default(),
            Event {
                at: t0(),
                rating: Rating::Good,
                source: Source::Solo,
            },
            0.9,
        );
        assert!(met.due > out.due + Duration::days(1));
    }
}
