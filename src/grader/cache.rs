//! The compiled rubrics a [`super::Grader`] keeps: at most [`CAPACITY`] of them, the least
//! recently used dropped first.
//!
//! A compiled rubric (vocabulary with its typo forms, patterns, antonym variants) takes about
//! 100-150 KB, so caching every rubric of the bank would hold well over 100 MB in a server that
//! grades across all of it. A rubric compiles in about half a millisecond, so a miss costs little;
//! the cache is there for the questions being answered now.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use super::compiled::CompiledRubric;
use crate::text::fasthash::FastMap as HashMap;

/// Compiled rubrics kept at most.
pub const CAPACITY: usize = 128;

#[derive(Debug)]
struct Entry {
    compiled: Arc<CompiledRubric>,
    /// Tick of the last use (see [`Compiled::tick`]).
    used: AtomicU64,
}

/// Compiled rubrics by content hash.
#[derive(Debug)]
pub struct Compiled {
    capacity: usize,
    entries: RwLock<HashMap<u64, Entry>>,
    tick: AtomicU64,
}

impl Default for Compiled {
    fn default() -> Compiled {
        Compiled::with_capacity(CAPACITY)
    }
}

impl Compiled {
    pub fn with_capacity(capacity: usize) -> Compiled {
        Compiled {
            capacity: capacity.max(1),
            entries: RwLock::new(HashMap::default()),
            tick: AtomicU64::new(0),
        }
    }

    /// The rubric compiled under `key`, if kept; marks it used.
    pub fn get(&self, key: u64) -> Option<Arc<CompiledRubric>> {
        let entries = self.entries.read().ok()?;
        let entry = entries.get(&key)?;
        entry.used.store(self.next_tick(), Ordering::Relaxed);
        Some(Arc::clone(&entry.compiled))
    }

    /// Keeps `compiled` under `key`, dropping the least recently used rubric when full.
    pub fn insert(&self, key: u64, compiled: Arc<CompiledRubric>) {
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        if !entries.contains_key(&key) && entries.len() >= self.capacity {
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.used.load(Ordering::Relaxed))
                .map(|(k, _)| *k);
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        let used = AtomicU64::new(self.next_tick());
        entries.insert(key, Entry { compiled, used });
    }

    /// How many rubrics are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.len()).unwrap_or(0)
    }

    fn next_tick(&self) -> u64 {
        self.tick.fetch_add(1, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::{Lexicon, StoredRubric};

    fn compiled() -> Arc<CompiledRubric> {
        let stored: StoredRubric = toml::from_str(
            r#"
id = "t-1"
prompt = "Why put a cache in front of a database?"
topic = "caching"
difficulty = "easy"
origin = "curated"
sources = ["test"]

[[criterion]]
id = "hit-rate"
label = "Hit rate decides the gain"
weight = 1.0
terms = ["hit rate", "hit ratio"]
expects = "The share of reads served from the cache decides how much load the database sheds."
probe = "What hit rate would make the cache worth running?"
"#,
        )
        .expect("the test rubric parses");
        Arc::new(CompiledRubric::build(
            &stored.to_rubric(),
            &Lexicon::default(),
        ))
    }

    #[test]
    fn keeps_at_most_its_capacity_and_drops_the_least_recently_used() {
        let cache = Compiled::with_capacity(2);
        let c = compiled();
        cache.insert(1, Arc::clone(&c));
        cache.insert(2, Arc::clone(&c));
        assert!(cache.get(1).is_some(), "1 is now the most recently used");
        cache.insert(3, Arc::clone(&c));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(2).is_none(), "2 was the least recently used");
        assert!(cache.get(1).is_some());
        assert!(cache.get(3).is_some());
    }

    #[test]
    fn inserting_a_kept_key_again_drops_nothing() {
        let cache = Compiled::with_capacity(2);
        let c = compiled();
        cache.insert(1, Arc::clone(&c));
        cache.insert(2, Arc::clone(&c));
        cache.insert(2, Arc::clone(&c));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(1).is_some() && cache.get(2).is_some());
    }
}
