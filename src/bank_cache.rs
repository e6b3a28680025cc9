//! What only changes when the question bank changes, kept in memory: each question page's
//! question and reference answers, the topic list of the browser and the practice form, and the
//! question browser's latest searches (at most [`SEARCHES`] of them).
//!
//! A trigger notifies [`crate::live::BANK_CHANNEL`] on every change of `questions` or
//! `reference_answers` (imports, tests seeding a bank); the listener of [`crate::live`] turns the
//! notice into [`LiveEvent::BankChanged`] and [`BankCache::follow`] then drops everything. A
//! (re)connected listener or a lagging subscriber drops everything too, since notices may have
//! been lost. Entries are filled on first use and only when no change arrived while they were
//! read, so a page never keeps data older than the last change it heard of. Only questions that
//! exist are cached: the cache holds at most one entry per question of the bank.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use sqlx::PgPool;
use tokio::sync::broadcast::{self, error::RecvError};

use crate::db;
use crate::db::questions::{QuestionRow, ReferenceHtml, Search};
use crate::live::LiveEvent;

/// A question page's data.
#[derive(Debug)]
pub struct CachedQuestion {
    pub question: QuestionRow,
    pub references: Vec<ReferenceHtml>,
}

/// Live topics with their question counts, by slug.
pub type TopicCounts = Arc<Vec<(String, i64)>>;

/// A page of search results and the count of all matches.
pub type SearchPage = Arc<(Vec<QuestionRow>, i64)>;

/// Searches kept at most (a page of 20 rows is a few KB); when full, they are all dropped.
pub const SEARCHES: usize = 512;

/// The cache; one per app instance, in [`crate::startup::AppState`].
#[derive(Debug, Default)]
pub struct BankCache {
    /// Bumped on every change heard of; entries remember the generation they were read in.
    generation: AtomicU64,
    questions: RwLock<HashMap<String, Arc<CachedQuestion>>>,
    topics: RwLock<Option<TopicCounts>>,
    searches: RwLock<HashMap<Search, SearchPage>>,
}

impl BankCache {
    /// Drops everything cached.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.questions
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        *self.topics.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.searches
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Drops everything on each bank change, resync or lag of `events`, until the channel closes.
    pub async fn follow(self: Arc<Self>, mut events: broadcast::Receiver<LiveEvent>) {
        loop {
            match events.recv().await {
                Ok(LiveEvent::BankChanged | LiveEvent::Resync) | Err(RecvError::Lagged(_)) => {
                    self.invalidate();
                }
                Ok(LiveEvent::Changed { .. }) => {}
                Err(RecvError::Closed) => return,
            }
        }
    }

    /// The question `id` with its reference answers, or `None` when there is no such question.
    pub async fn question(
        &self,
        pool: &PgPool,
        id: &str,
    ) -> Result<Option<Arc<CachedQuestion>>, sqlx::Error> {
        if let Some(hit) = self
            .questions
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(id)
        {
            return Ok(Some(hit.clone()));
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let Some(question) = db::questions::get(pool, id).await? else {
            return Ok(None);
        };
        let references = db::questions::reference_answers(pool, id).await?;
        let entry = Arc::new(CachedQuestion {
            question,
            references,
        });
        let mut questions = self.questions.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            questions.insert(id.to_owned(), entry.clone());
        }
        Ok(Some(entry))
    }

    /// The live topics with their question counts.
    pub async fn topic_counts(&self, pool: &PgPool) -> Result<TopicCounts, sqlx::Error> {
        if let Some(hit) = self
            .topics
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            return Ok(hit.clone());
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let topics = Arc::new(db::questions::topic_counts(pool).await?);
        let mut slot = self.topics.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            *slot = Some(topics.clone());
        }
        Ok(topics)
    }

    /// A page of questions matching `search` and the count of all matches (see
    /// [`db::questions::search`]).
    pub async fn search(&self, pool: &PgPool, search: &Search) -> Result<SearchPage, sqlx::Error> {
        if let Some(hit) = self
            .searches
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(search)
        {
            return Ok(hit.clone());
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let page = Arc::new(db::questions::search(pool, search).await?);
        let mut searches = self.searches.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            if searches.len() >= SEARCHES {
                searches.clear();
            }
            searches.insert(search.clone(), page.clone());
        }
        Ok(page)
    }
}
