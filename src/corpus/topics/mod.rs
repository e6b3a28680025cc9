//! The topic taxonomy and how questions are placed in it.
//!
//! [`TOPICS`] lists 19 topics (slug, display name, description). A question's topic comes from
//! its section heading when the heading is specific ("Caching & Performance" → `caching`). When
//! the heading is generic ("Miscellaneous", "Trade-offs", 003's "High-Level Design
//! Fundamentals", 002's chain sections whose follow-ups wander) or names a family of designs
//! ("Design Specific Systems"), the question's own words decide: every topic has keywords,
//! matched at word starts in the prompt (a multi-word keyword or product name counts 2, a single
//! word 1); the highest score wins, ties go to the section's default, then to taxonomy order;
//! without any match the section's default stands. Tags are the named technologies and
//! techniques ([`TAG_TERMS`]) the prompt or the reference answers mention.
//!
//! The taxonomy is in `taxonomy.rs`, the placement tables in `rules.rs`, the tags in `tags.rs`;
//! this file holds the rule that reads the tables ([`assign`]).

mod rules;
mod tags;
mod taxonomy;

pub use tags::{TAG_TERMS, tags};
pub use taxonomy::{TOPICS, Topic, display_name, topic};

use crate::text::normalize_text;
use rules::{Fixed, KEYWORDS, Placement, SECTION_RULES, Soft};

fn placement(section: &str) -> Option<Placement> {
    let lower = section.to_lowercase();
    SECTION_RULES
        .iter()
        .find(|(needle, _)| lower.contains(needle))
        .map(|(_, p)| *p)
}

/// Whether `phrase` occurs at a word start in `words` (normalised prompt words): its last word
/// may be a prefix (`scal` matches `scaling`) unless the phrase ends with a space or is at most
/// 3 characters long (`ai` is not `airbnb`, `rest ` is not `restaurant`).
fn contains_at_word_start(words: &[&str], phrase: &str) -> bool {
    let whole = phrase.ends_with(' ') || phrase.len() <= 3;
    let parts: Vec<&str> = phrase.trim_end().split(' ').collect();
    let Some((last, head)) = parts.split_last() else {
        return false;
    };
    words.windows(parts.len()).any(|window| {
        let (w_last, w_head) = window.split_last().unwrap_or((&"", &[]));
        w_head == head
            && if whole {
                w_last == last
            } else {
                w_last.starts_with(last)
            }
    })
}

/// Keyword score of each topic for a prompt, in taxonomy order: a multi-word keyword or a
/// product name counts 2, a single word 1.
fn scores(prompt: &str) -> Vec<(&'static str, usize)> {
    let norm = normalize_text(prompt);
    let words: Vec<&str> = norm.split(' ').collect();
    KEYWORDS
        .iter()
        .map(|(slug, keywords)| {
            let score = keywords
                .iter()
                .filter(|k| contains_at_word_start(&words, k))
                .map(|k| {
                    if k.trim_end().contains(' ') || *slug == "product" {
                        2
                    } else {
                        1
                    }
                })
                .sum();
            (*slug, score)
        })
        .collect()
}

/// The topic slug of a question, from its section heading and prompt (see the module docs).
/// `follow_up` marks a chain follow-up: the prompt decides even under a specific heading, and
/// a product named in passing ("the CAP trade-off for a social media feed") does not make it a
/// product design.
pub fn assign(section: &str, prompt: &str, follow_up: bool) -> &'static str {
    let place = placement(section);
    let default = match place {
        Some(Fixed(slug)) if !follow_up => return slug,
        Some(Fixed(slug)) | Some(Soft(slug)) => slug,
        None => "fundamentals",
    };
    let mut scores = scores(prompt);
    if follow_up {
        scores.retain(|(slug, _)| *slug != "product");
    }
    let best = scores.iter().map(|(_, s)| *s).max().unwrap_or(0);
    if best == 0 {
        return default;
    }
    if scores
        .iter()
        .any(|(slug, s)| *slug == default && *s == best)
    {
        return default;
    }
    scores
        .iter()
        .find(|(_, s)| *s == best)
        .map(|(slug, _)| *slug)
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_has_unique_slugs_and_every_rule_points_into_it() {
        let mut slugs: Vec<_> = TOPICS.iter().map(|t| t.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), TOPICS.len());
        assert!((12..=20).contains(&TOPICS.len()));
        for (_, p) in SECTION_RULES {
            let (Fixed(s) | Soft(s)) = *p;
            assert!(topic(s).is_some(), "{s}");
        }
        for (s, _) in KEYWORDS {
            assert!(topic(s).is_some(), "{s}");
        }
        assert_eq!(KEYWORDS.len(), TOPICS.len());
    }

    #[test]
    fn keywords_match_at_word_starts() {
        let words = ["load", "balancing", "for", "a", "restaurant", "api"];
        assert!(contains_at_word_start(&words, "load balanc"));
        assert!(contains_at_word_start(&words, "api"));
        assert!(!contains_at_word_start(&words, "rest "));
        assert!(!contains_at_word_start(&words, "balanc load"));
        assert!(!contains_at_word_start(&["airbnb"], "ai"));
    }

    #[test]
    fn specific_sections_decide() {
        assert_eq!(
            assign(
                "Caching & Performance",
                "What are the downsides of caching?",
                false
            ),
            "caching"
        );
        assert_eq!(
            assign(
                "Database Design & Management",
                "CAP theorem – explain",
                false
            ),
            "databases"
        );
        assert_eq!(
            assign(
                "Low-Level System Design (LLD) & OOP",
                "How would you design a Splitwise-like system?",
                false
            ),
            "lld"
        );
        assert_eq!(
            assign(
                "Edge Computing & IoT",
                "Design a smart traffic light control system.",
                false
            ),
            "mobile-edge"
        );
    }

    #[test]
    fn generic_sections_use_the_prompt() {
        assert_eq!(
            assign(
                "Real-World Inspired Challenges",
                "Build a QR-based restaurant menu + ordering system.",
                false
            ),
            "product"
        );
        assert_eq!(
            assign(
                "High-Level Design Fundamentals",
                "What is a circuit breaker in system design?",
                false
            ),
            "reliability"
        );
        assert_eq!(
            assign(
                "Miscellaneous System Design Challenges",
                "Design a notification system.",
                false
            ),
            "realtime"
        );
        assert_eq!(
            assign(
                "Miscellaneous & Advanced Topics",
                "How to handle distributed transactions?",
                false
            ),
            "distributed"
        );
        assert_eq!(
            assign(
                "Trade-offs & Decision Making",
                "When to choose SQL vs NoSQL?",
                false
            ),
            "databases"
        );
        assert_eq!(
            assign(
                "High-Level Design Fundamentals",
                "What is a CDN and how does it improve performance?",
                false
            ),
            "scalability"
        );
        assert_eq!(
            assign(
                "High-Level Design Fundamentals",
                "What is system design and why is it important?",
                false
            ),
            "fundamentals"
        );
        assert_eq!(
            assign(
                "Real-World System Design Questions (HLD)",
                "Design Twitter (posting, timeline, follow system).",
                false
            ),
            "product"
        );
        assert_eq!(
            assign(
                "Design Specific Systems (Popular Questions)",
                "Design a video streaming service (like Netflix)",
                false
            ),
            "product"
        );
    }

    #[test]
    fn chain_follow_ups_follow_their_words_or_their_section() {
        assert_eq!(
            assign(
                "API Design & Gateway Patterns",
                "Explain the \"half-open\" state in a Circuit Breaker.",
                true
            ),
            "reliability"
        );
        assert_eq!(
            assign(
                "Distributed Systems Primitives",
                "What is Phi Accrual Failure Detector?",
                true
            ),
            "reliability"
        );
        assert_eq!(
            assign(
                "Distributed Systems Primitives",
                "Explain \"Wait-Free\" synchronization hierarchy.",
                true
            ),
            "distributed"
        );
    }
}
