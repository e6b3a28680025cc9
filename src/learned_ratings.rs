//! Questions' learned ratings as the question page shows them, read from the database at most
//! once every [`FRESH_FOR`] per question and app instance.
//!
//! Everything else on a question page is cached with the bank (see [`crate::bank_cache`]), but a
//! learned rating moves with every first attempt at its question, so it cannot wait for a bank
//! change. Read per request, that one query cost the page more than half its throughput; a page
//! that shows the rating up to a few seconds late loses nothing.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use sqlx::PgPool;

use crate::db;
use crate::db::ratings::Stored;

/// How long a rating read from the database is shown without reading it again.
pub const FRESH_FOR: Duration = Duration::from_secs(5);
/// Questions kept at most; when full, stale entries go, and everything if none is stale.
const KEPT: usize = 4096;

/// What is kept of one question.
#[derive(Debug)]
struct Entry {
    /// When the rating was read.
    read_at: Instant,
    /// The rating (`None`: not rated yet).
    rating: Option<Stored>,
    /// Since when one request has been reading it again (the others keep showing this one).
    refreshing_since: Option<Instant>,
}

/// Per question, the rating last read.
#[derive(Debug, Default)]
pub struct LearnedRatings {
    entries: RwLock<HashMap<String, Entry>>,
}

/// What a request should do for a question.
#[derive(Debug, PartialEq)]
enum Lookup {
    /// Show this rating.
    Show(Option<Stored>),
    /// Read it from the database (and keep it).
    Read,
}

impl LearnedRatings {
    /// The learned rating of `question_id`, read again once the kept one is [`FRESH_FOR`] old.
    /// While one request reads it again, the others show the kept one, so an expiry under load
    /// sends one query, not one per waiting request.
    pub async fn get(
        &self,
        pool: &PgPool,
        question_id: &str,
    ) -> Result<Option<Stored>, sqlx::Error> {
        if let Lookup::Show(kept) = self.lookup(question_id, Instant::now()) {
            return Ok(kept);
        }
        let read = db::ratings::question_rating(pool, question_id).await;
        match read {
            Ok(rating) => {
                self.keep(question_id, Instant::now(), rating.clone());
                Ok(rating)
            }
            Err(e) => {
                self.give_up(question_id);
                Err(e)
            }
        }
    }

    fn lookup(&self, question_id: &str, now: Instant) -> Lookup {
        {
            let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
            match entries.get(question_id) {
                None => return Lookup::Read,
                Some(e) if now.saturating_duration_since(e.read_at) < FRESH_FOR => {
                    return Lookup::Show(e.rating.clone());
                }
                Some(_) => {}
            }
        }
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        let Some(e) = entries.get_mut(question_id) else {
            return Lookup::Read;
        };
        let fresh = now.saturating_duration_since(e.read_at) < FRESH_FOR;
        // a refresh that has not come back within FRESH_FOR is abandoned
        let refreshing = e
            .refreshing_since
            .is_some_and(|since| now.saturating_duration_since(since) < FRESH_FOR);
        if fresh || refreshing {
            return Lookup::Show(e.rating.clone());
        }
        e.refreshing_since = Some(now);
        Lookup::Read
    }

    fn keep(&self, question_id: &str, at: Instant, rating: Option<Stored>) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= KEPT && !entries.contains_key(question_id) {
            entries.retain(|_, e| at.saturating_duration_since(e.read_at) < FRESH_FOR);
            if entries.len() >= KEPT {
                entries.clear();
            }
        }
        let entry = Entry {
            read_at: at,
            rating,
            refreshing_since: None,
        };
        entries.insert(question_id.to_owned(), entry);
    }

    /// A read failed: the next request tries again.
    fn give_up(&self, question_id: &str) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = entries.get_mut(question_id) {
            e.refreshing_since = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratings::glicko2::Rating;

    fn stored(rating: f64) -> Option<Stored> {
        Some(Stored {
            rating: Rating {
                rating,
                deviation: 80.0,
                volatility: 0.06,
            },
            games: 3,
        })
    }

    #[test]
    fn a_kept_rating_is_shown_until_it_is_stale() {
        let cache = LearnedRatings::default();
        let t0 = Instant::now();
        assert_eq!(cache.lookup("q", t0), Lookup::Read, "nothing kept yet");
        cache.keep("q", t0, stored(1500.0));
        assert_eq!(
            cache.lookup("q", t0 + FRESH_FOR / 2),
            Lookup::Show(stored(1500.0))
        );
        assert_eq!(cache.lookup("q", t0 + FRESH_FOR), Lookup::Read, "stale");
        cache.keep("unrated", t0, None);
        assert_eq!(cache.lookup("unrated", t0), Lookup::Show(None), "kept too");
    }

    #[test]
    fn while_one_request_reads_a_stale_rating_again_the_others_show_the_kept_one() {
        let cache = LearnedRatings::default();
        let t0 = Instant::now();
        cache.keep("q", t0, stored(1500.0));
        let stale = t0 + FRESH_FOR;
        assert_eq!(
            cache.lookup("q", stale),
            Lookup::Read,
            "the first one reads"
        );
        assert_eq!(cache.lookup("q", stale), Lookup::Show(stored(1500.0)));
        cache.keep("q", stale, stored(1510.0));
        assert_eq!(cache.lookup("q", stale), Lookup::Show(stored(1510.0)));
        // a read that fails lets the next request try
        let later = stale + FRESH_FOR;
        assert_eq!(cache.lookup("q", later), Lookup::Read);
        cache.give_up("q");
        assert_eq!(cache.lookup("q", later), Lookup::Read);
        // and one that never comes back is abandoned after FRESH_FOR
        assert_eq!(cache.lookup("q", later + FRESH_FOR), Lookup::Read);
    }

    #[test]
    fn a_full_cache_drops_stale_entries_first() {
        let cache = LearnedRatings::default();
        let t0 = Instant::now();
        for i in 0..KEPT {
            cache.keep(&format!("old-{i}"), t0, None);
        }
        let later = t0 + FRESH_FOR;
        cache.keep("new", later, stored(1400.0));
        let entries = cache.entries.read().unwrap();
        assert_eq!(entries.len(), 1, "the stale ones went");
        assert!(entries.contains_key("new"));
    }
}
