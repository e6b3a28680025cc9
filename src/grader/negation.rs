//! Negation scope: is a mention of a concept asserted, or denied ("we should not replicate",
//! "never use a cache here", "without any retries", "no need for X", "instead of X",
//! "X isn't needed", "X is overkill")?
//!
//! A cue negates a mention when it sits in the same clause, at most [`PRE_WINDOW`] tokens before
//! it, or (for "unnecessary"-style predicates) at most [`POST_WINDOW`] tokens after it.

use super::tokenize::Token;

pub const PRE_WINDOW: usize = 5;
pub const POST_WINDOW: usize = 4;

const PRE_CUES: &[&str] = &[
    "aren't",
    "arent",
    "avoid",
    "avoiding",
    "avoids",
    "can't",
    "cannot",
    "cant",
    "didn't",
    "didnt",
    "doesn't",
    "doesnt",
    "don't",
    "dont",
    "drop",
    "dropping",
    "instead",
    "isn't",
    "isnt",
    "lack",
    "lacking",
    "neither",
    "never",
    "no",
    "nor",
    "not",
    "rather",
    "shouldn't",
    "shouldnt",
    "skip",
    "skipping",
    "wasn't",
    "without",
    "won't",
    "wont",
];

/// Predicates after a mention that deny it ("X is overkill", "X aren't needed").
const POST_CUES: &[&str] = &[
    "needless",
    "overkill",
    "pointless",
    "unnecessary",
    "unneeded",
    "useless",
];

/// Negators that deny a mention when followed by a need-word ("X isn't needed").
const POST_NEGATORS: &[&str] = &[
    "aren't", "arent", "doesn't", "doesnt", "don't", "dont", "isn't", "isnt", "never", "no", "not",
];
const NEED_WORDS: &[&str] = &[
    "essential",
    "helpful",
    "important",
    "matter",
    "matters",
    "necessary",
    "need",
    "needed",
    "required",
    "useful",
    "worth",
];

/// Words that cancel a preceding negator ("not only", "not just", "no single point of failure").
fn cancels(norm: &str) -> bool {
    matches!(norm, "only" | "just" | "merely" | "simply")
}

/// Whether the mention spanning tokens `first..=last` is negated.
pub fn is_negated(tokens: &[Token], first: usize, last: usize) -> bool {
    negating_cue(tokens, first, last).is_some()
}

/// The index of the token that negates the mention spanning `first..=last`, if any.
pub fn negating_cue(tokens: &[Token], first: usize, last: usize) -> Option<usize> {
    let clause = tokens[first].clause;
    let lo = first.saturating_sub(PRE_WINDOW);
    for i in (lo..first).rev() {
        let t = &tokens[i];
        if t.clause != clause {
            break;
        }
        if PRE_CUES.binary_search(&t.norm.as_str()).is_ok() {
            let next = tokens.get(i + 1).map(|n| n.norm.as_str()).unwrap_or("");
            if cancels(next) {
                return None;
            }
            return Some(i);
        }
    }
    let hi = (last + 1 + POST_WINDOW).min(tokens.len());
    let mut negator = false;
    for (k, t) in tokens.iter().enumerate().take(hi).skip(last + 1) {
        if t.clause != clause {
            break;
        }
        let n = t.norm.as_str();
        if POST_CUES.binary_search(&n).is_ok() {
            return Some(k);
        }
        if POST_NEGATORS.binary_search(&n).is_ok() {
            negator = true;
        } else if negator && NEED_WORDS.binary_search(&n).is_ok() {
            return Some(k);
        }
    }
    None
}

/// Dismissive or absolute claims: "X isn't needed", "no need for", "overkill", "good enough",
/// "doesn't matter", "just", "always", "the simplest way", "perfectly", "sort it out". A careful
/// interviewer treats a cluster of these as a red flag: they are how confidently wrong answers
/// wave away the safeguards a design needs. Returns the weighted number of cues.
pub fn dismissive_cues(tokens: &[Token]) -> f32 {
    let mut total = 0.0f32;
    for (i, t) in tokens.iter().enumerate() {
        let n = t.norm.as_str();
        let next = tokens
            .get(i + 1)
            .filter(|x| x.clause == t.clause)
            .map(|x| x.norm.as_str())
            .unwrap_or("");
        let prev = if i > 0 && tokens[i - 1].clause == t.clause {
            tokens[i - 1].norm.as_str()
        } else {
            ""
        };
        let w = match n {
            "overkill" | "unnecessary" | "needless" | "pointless" | "unneeded" => 1.0,
            "simplest" | "easiest" | "perfectly" | "whatever" | "whichever" => 1.0,
            "anyway" | "anyways" => 0.8,
            "always" | "forever" => 0.6,
            // sweeping, unqualified claims: careful answers say when and how much
            "instantly" | "fully" | "completely" | "entirely" | "guaranteed" => 0.5,
            "every" | "any" => 0.25,
            "just" => 0.5,
            "enough" if !matches!(prev, "not" | "") => 0.8,
            "fine" if matches!(prev, "is" | "are" | "be" | "that's" | "it's") => 1.0,
            "need" | "needed" | "necessary" | "required" | "matter" | "matters"
                if matches!(
                    prev,
                    "no" | "not"
                        | "don't"
                        | "doesn't"
                        | "isn't"
                        | "aren't"
                        | "dont"
                        | "doesnt"
                        | "isnt"
                        | "arent"
                        | "never"
                ) =>
            {
                1.0
            }
            "too"
                if matches!(
                    next,
                    "expensive" | "complex" | "slow" | "much" | "costly" | "complicated"
                ) =>
            {
                0.8
            }
            _ => 0.0,
        };
        total += w;
    }
    total
}

/// Whether a text contains any negation cue (used to learn the reference's own polarity).
pub fn has_cue(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .any(|t| PRE_CUES.binary_search(&t.norm.as_str()).is_ok())
}

#[cfg(test)]
mod tests {
    use super::super::tokenize::tokenize;
    use super::*;

    fn negated_word(text: &str, word: &str) -> bool {
        let toks = tokenize(text);
        let i = toks
            .iter()
            .position(|t| t.norm == word)
            .expect("word present");
        is_negated(&toks, i, i)
    }

    #[test]
    fn lists_are_sorted() {
        for list in [PRE_CUES, POST_CUES, POST_NEGATORS, NEED_WORDS] {
            let mut s = list.to_vec();
            s.sort_unstable();
            assert_eq!(s, list);
        }
    }

    #[test]
    fn pre_cues_negate_within_the_clause() {
        assert!(negated_word(
            "we should not replicate the data",
            "replicate"
        ));
        assert!(negated_word("Never use a cache here.", "cache"));
        assert!(negated_word("Send it without any retries", "retries"));
        assert!(negated_word("There's no need for sharding", "sharding"));
        assert!(negated_word(
            "Use polling instead of websockets",
            "websockets"
        ));
        assert!(negated_word(
            "We don't need application-level checksums",
            "checksums"
        ));
    }

    #[test]
    fn post_cues_negate() {
        assert!(negated_word(
            "CRDTs and OT are overkill for drawings",
            "crdts"
        ));
        assert!(negated_word("Spot types aren't needed either", "spot"));
        assert!(negated_word(
            "Row-level isolation is unnecessary",
            "isolation"
        ));
    }

    #[test]
    fn dismissive_claims_are_counted() {
        let wrong = tokenize(
            "The simplest way is to skip it: consensus isn't needed, Redis is overkill and a flat \
             fee is good enough, so clock sync doesn't matter anyway.",
        );
        assert!(
            dismissive_cues(&wrong) >= 4.0,
            "{}",
            dismissive_cues(&wrong)
        );
        let careful = tokenize(
            "Linearizability needs coordination through consensus, which adds latency; serializability \
             is about transactions and their isolation.",
        );
        assert_eq!(dismissive_cues(&careful), 0.0);
    }

    #[test]
    fn sweeping_unqualified_claims_count_as_dismissive() {
        let sweeping = tokenize(
            "Every node can serve any request, failover is instant and fully automatic, and \
             delivery is guaranteed.",
        );
        let s = dismissive_cues(&sweeping);
        assert!((1.0..2.0).contains(&s), "{s}");
        let qualified = tokenize(
            "Most nodes can serve most requests; failover takes seconds and needs a health check, \
             and delivery is at least once.",
        );
        assert_eq!(dismissive_cues(&qualified), 0.0);
    }

    #[test]
    fn scope_ends_at_the_clause_and_window() {
        assert!(!negated_word(
            "It is not slow, so we replicate the data",
            "replicate"
        ));
        assert!(!negated_word(
            "Not a problem at all when we then carefully replicate",
            "replicate"
        ));
        assert!(!negated_word("not only caching but replication", "caching"));
        assert!(!negated_word(
            "We replicate data to three nodes",
            "replicate"
        ));
    }
}
