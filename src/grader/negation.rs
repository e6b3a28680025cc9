//! Negation scope: is a mention of a concept asserted, or denied ("we should not replicate",
//! "never use a cache here", "without any retries", "no need for X", "instead of X",
//! "X isn't needed", "X is overkill")?
//!
//! A cue negates a mention when it sits in the same clause, at most [`PRE_WINDOW`] tokens before
//! it, or (for "unnecessary"-style predicates) at most [`POST_WINDOW`] tokens after it.

use std::sync::OnceLock;

use crate::text::fasthash::FastMap;
use crate::text::tokenize::Token;

pub const PRE_WINDOW: usize = 5;
pub const POST_WINDOW: usize = 4;
/// Tokens after a mention, within its sentence, where a dismissal of it may stand ("Kafka just
/// adds latency and another failure point, so skip it").
pub const DISMISS_WINDOW: usize = 9;

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
    "nobody",
    "none",
    "nor",
    "not",
    "nothing",
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

/// Per token of an answer: which of the negation lists its word is on. Computed once per answer
/// ([`Cues::of`]), so scoping a mention compares bits, not strings.
#[derive(Debug, Clone, Default)]
pub struct Cues(Vec<u8>);

const PRE: u8 = 1;
const POST: u8 = 2;
const POST_NEGATOR: u8 = 4;
const NEED: u8 = 8;
const CANCEL: u8 = 16;
const DISMISS: u8 = 32;
/// The token's sentence is a question ("Is a B-tree on lat/lng enough? No.") not answered
/// "yes" by the next sentence: what it says is asked, not claimed.
const ASKED: u8 = 64;

fn classes() -> &'static FastMap<&'static str, u8> {
    static MAP: OnceLock<FastMap<&'static str, u8>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: FastMap<&'static str, u8> = FastMap::default();
        for (list, flag) in [
            (PRE_CUES, PRE),
            (POST_CUES, POST),
            (POST_NEGATORS, POST_NEGATOR),
            (NEED_WORDS, NEED),
            (&["only", "just", "merely", "simply"][..], CANCEL),
            (
                &["just", "too", "worth", "skip", "avoid", "waste", "drop"][..],
                DISMISS,
            ),
        ] {
            for w in list {
                *m.entry(w).or_default() |= flag;
            }
        }
        m
    })
}

impl Cues {
    /// The cues of `tokens`, the tokens of `text`.
    pub fn of(text: &str, tokens: &[Token]) -> Cues {
        let map = classes();
        let mut cues: Vec<u8> = tokens
            .iter()
            .map(|t| map.get(t.norm.as_str()).copied().unwrap_or(0))
            .collect();
        let mut from = 0;
        for i in 0..tokens.len() {
            let next = tokens.get(i + 1);
            if next.is_some_and(|n| n.sentence == tokens[i].sentence) {
                continue;
            }
            // the text between the sentence's last word and the next sentence's first
            let gap = &text[tokens[i].end..next.map_or(text.len(), |n| n.start)];
            let answered_yes = next.is_some_and(|n| matches!(n.norm.as_str(), "yes" | "yeah"));
            if gap.contains('?') && !answered_yes {
                for c in &mut cues[from..=i] {
                    *c |= ASKED;
                }
            }
            from = i + 1;
        }
        Cues(cues)
    }

    fn has(&self, i: usize, flag: u8) -> bool {
        self.0.get(i).is_some_and(|c| c & flag != 0)
    }
}

/// The index of the token that negates the mention spanning `first..=last`, if any: a negator
/// at most [`PRE_WINDOW`] tokens before it in its clause (not cancelled: "not only"), a
/// predicate at most [`POST_WINDOW`] tokens after it ("X is overkill", "X isn't needed"), or a
/// dismissal later in its sentence ("X would just add latency", "X is too expensive").
pub fn negating_cue(tokens: &[Token], cues: &Cues, first: usize, last: usize) -> Option<usize> {
    scope(tokens, cues, first, last, true)
}

/// [`negating_cue`], where `cancel` lets "only", "just", "merely" or "simply" after a negator
/// cancel it ("not only caching but replication" states caching). A claim is denied by them all
/// the same ("we should not simply discard late events").
fn scope(tokens: &[Token], cues: &Cues, first: usize, last: usize, cancel: bool) -> Option<usize> {
    let clause = tokens[first].clause;
    let lo = first.saturating_sub(PRE_WINDOW);
    for i in (lo..first).rev() {
        if tokens[i].clause != clause {
            break;
        }
        if cues.has(i, PRE) {
            if cancel && cues.has(i + 1, CANCEL) {
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
        if cues.has(k, POST) {
            return Some(k);
        }
        if cues.has(k, POST_NEGATOR) {
            negator = true;
        } else if negator && cues.has(k, NEED) {
            return Some(k);
        }
    }
    dismissal(tokens, cues, last)
}

/// A dismissal of what ends at token `last`, later in its sentence: "X would just add latency",
/// "X is far too expensive", "X is not worth it", "..., so skip them", "X is a waste".
fn dismissal(tokens: &[Token], cues: &Cues, last: usize) -> Option<usize> {
    let sentence = tokens[last].sentence;
    let hi = (last + 1 + DISMISS_WINDOW).min(tokens.len());
    let norm = |i: usize| tokens.get(i).map(|t| t.norm.as_str()).unwrap_or("");
    for (k, t) in tokens.iter().enumerate().take(hi).skip(last + 1) {
        if t.sentence != sentence {
            break;
        }
        if !cues.has(k, DISMISS) {
            continue;
        }
        let found = match norm(k) {
            // "X would just add latency", not "we just add servers"
            "just" => {
                matches!(norm(k + 1), "add" | "adds" | "adding")
                    && (k + 2..k + 5).any(|i| {
                        matches!(
                            norm(i),
                            "latency"
                                | "complexity"
                                | "overhead"
                                | "cost"
                                | "costs"
                                | "hops"
                                | "risk"
                                | "failure"
                                | "delay"
                                | "bloat"
                                | "noise"
                        )
                    })
                    || matches!(
                        norm(k + 1),
                        "multiplies" | "multiply" | "complicates" | "slows"
                    )
            }
            "too" => matches!(
                norm(k + 1),
                "expensive"
                    | "complex"
                    | "complicated"
                    | "costly"
                    | "slow"
                    | "much"
                    | "heavy"
                    | "risky"
            ),
            "worth" => {
                matches!(norm(k - 1), "not" | "isn't" | "isnt" | "aren't" | "never")
                    || k >= 2
                        && norm(k + 1) == "it"
                        && matches!(norm(k - 2), "not" | "isn't" | "aren't")
            }
            "skip" | "avoid" | "drop" => {
                matches!(
                    norm(k + 1),
                    "it" | "them" | "this" | "that" | "those" | "these"
                )
            }
            "waste" => norm(k - 1) == "a" || norm(k + 1) == "of",
            _ => false,
        };
        if found {
            return Some(k);
        }
    }
    None
}

/// Words that, before a claim in its sentence, present it as a mistake rather than assert it
/// ("it is not true that ...", "a common misconception is that ...", "contrary to popular
/// belief ...", "people often think ...", "a naive design ...", "it is risky to assume ...").
/// Sorted.
const FRAME_WORDS: &[&str] = &[
    "antipattern",
    "contrary",
    "dangerous",
    "fallacy",
    "false",
    "incorrect",
    "incorrectly",
    "misconception",
    "misconceptions",
    "mistake",
    "mistaken",
    "mistakenly",
    "misunderstanding",
    "myth",
    "naive",
    "naively",
    "pitfall",
    "risky",
    "trap",
    "untrue",
    "wrong",
    "wrongly",
];

/// Verbs of belief that frame what follows as somebody's (mistaken) view when their subject is
/// "people" or "some" ("people often think ...").
const BELIEF_VERBS: &[&str] = &[
    "argue", "assume", "believe", "claim", "say", "suggest", "suppose", "think",
];

/// Whether the sentence presents what starts at token `first` as a mistake.
fn framed_as_mistake(tokens: &[Token], first: usize) -> bool {
    let sentence = tokens[first].sentence;
    let start = (0..first)
        .rev()
        .take_while(|&i| tokens[i].sentence == sentence)
        .last()
        .unwrap_or(first);
    let before = &tokens[start..first];
    let norm = |i: usize| before[i].norm.as_str();
    (0..before.len()).any(|i| {
        let n = norm(i);
        FRAME_WORDS.binary_search(&n).is_ok()
            // "not true", "isn't true", "not the case"
            || matches!(n, "true" | "case")
                && (i >= 1 && matches!(norm(i - 1), "not" | "isn't" | "isnt")
                    || i >= 2 && norm(i - 1) == "the" && matches!(norm(i - 2), "not" | "isn't" | "isnt"))
            // "people (often) think", "some believe", "one might think", "don't assume"
            || BELIEF_VERBS.contains(&n)
                && (1..=2).any(|k| {
                    i >= k
                        && matches!(
                            norm(i - k),
                            "people" | "some" | "many" | "candidates" | "folks" | "teams"
                                | "one" | "others" | "juniors" | "beginners" | "newcomers"
                                | "developers" | "engineers" | "don't" | "dont" | "never"
                                | "might" | "may"
                        )
                })
            // "a common belief is that", "a popular notion"
            || matches!(n, "belief" | "notion" | "assumption" | "misbelief")
                && i >= 1
                && matches!(norm(i - 1), "common" | "popular" | "widespread" | "naive" | "usual")
    })
}

/// Whether the sentence judges what ends at token `last` a mistake after stating it ("..., which
/// is a mistake", "... - that is a myth"), not merely using such a word ("logged by mistake").
fn judged_a_mistake_after(tokens: &[Token], first: usize, last: usize) -> bool {
    let sentence = tokens[last].sentence;
    let after: Vec<&str> = tokens[last + 1..]
        .iter()
        .take_while(|t| t.sentence == sentence)
        .take(24)
        .map(|t| t.norm.as_str())
        .collect();
    // the claim is the sentence's subject ("Storing secrets in Git, even in a private repo, is a
    // mistake"): it opens the sentence, or follows one function word ("The ...", "To ...")
    let opens_sentence = (first == 0 || tokens[first - 1].sentence != sentence)
        || first >= 1
            && (first == 1 || tokens[first - 2].sentence != sentence)
            && tokens[first - 1].stop;
    after.iter().enumerate().any(|(i, n)| {
        if FRAME_WORDS.binary_search(n).is_err() {
            return false;
        }
        let copula = after[i.saturating_sub(2)..i]
            .iter()
            .any(|w| matches!(*w, "is" | "was" | "be" | "that's" | "it's"));
        // "which is a mistake", "that's a myth": a pronoun for the claim, then the judgement
        let pronoun = after[i.saturating_sub(4)..i]
            .iter()
            .any(|w| matches!(*w, "which" | "that" | "this" | "that's" | "it's"));
        // a subject claim is judged by a predicate right after its copula ("is a mistake",
        // "are wrong"), never by an adverb of another verb ("was recorded wrongly")
        let predicate = !n.ends_with("ly")
            && (i >= 1 && matches!(after[i - 1], "is" | "are" | "was" | "were")
                || i >= 2
                    && matches!(after[i - 1], "a" | "an")
                    && matches!(after[i - 2], "is" | "are" | "was" | "were"));
        copula && pronoun || opens_sentence && predicate
    })
}

/// Whether the claim spanning `first..=last` is the condition of a counterfactual ("If
/// write-through gave faster writes, nobody would use write-back", "Suppose invalidation is easy:
/// ..."): it lies wholly inside a clause that "if" opens before it, and the claim says "were" or
/// the rest of the sentence says "would", "could" or "might" ("suppose", "imagine" need
/// neither). A plain conditional claim ("if the payment fails we cancel at once") is asserted, as
/// is one that runs on into the main clause ("if you add replicas, writes get faster").
fn hypothetical(tokens: &[Token], first: usize, last: usize) -> bool {
    let (sentence, clause) = (tokens[first].sentence, tokens[first].clause);
    if tokens[last].clause != clause {
        return false;
    }
    let opener = tokens[..first]
        .iter()
        .rev()
        .take_while(|t| t.clause == clause)
        .map(|t| t.norm.as_str())
        .find(|n| matches!(*n, "if" | "suppose" | "supposing" | "imagine"));
    match opener {
        None => false,
        Some("if") => {
            let unreal = |n: &str| matches!(n, "were" | "would" | "could" | "might");
            tokens[first..=last].iter().any(|t| t.norm == "were")
                || tokens[last + 1..]
                    .iter()
                    .take_while(|t| t.sentence == sentence)
                    .any(|t| unreal(&t.norm) || t.norm == "wouldn't" || t.norm == "couldn't")
        }
        Some(_) => true,
    }
}

/// Whether a matched claim (tokens `first..=last`, of which `matched` are the pattern's own
/// words) is asserted: not negated in its clause by a cue that is not a word of the pattern, not
/// negated inside its own span, not framed as a mistake, not the condition of a hypothetical,
/// and not asked in a question that the next sentence does not answer "yes".
pub fn claim_asserted(
    tokens: &[Token],
    cues: &Cues,
    first: usize,
    last: usize,
    matched: &[usize],
) -> bool {
    if cues.has(first, ASKED)
        || hypothetical(tokens, first, last)
        || framed_as_mistake(tokens, first)
        || judged_a_mistake_after(tokens, first, last)
    {
        return false;
    }
    if let Some(cue) = scope(tokens, cues, first, last, false)
        && !matched.contains(&cue)
    {
        return false;
    }
    !(first..=last).any(|i| {
        !matched.contains(&i)
            && (cues.has(i, PRE) && !matches!(tokens[i].norm.as_str(), "instead" | "rather")
                || cues.has(i, POST))
    })
}

/// Whether a mention of a concept (tokens `first..=last`, of which `matched` are the term's own
/// words) counts as stating it: not negated, or negated only in a counterfactual that argues for
/// it ("without a TTL entries would never expire").
pub fn mention_asserted(
    tokens: &[Token],
    cues: &Cues,
    first: usize,
    last: usize,
    matched: &[usize],
) -> bool {
    match negating_cue(tokens, cues, first, last) {
        None => true,
        Some(cue) if matched.contains(&cue) => true,
        Some(cue) => {
            // "Without a TTL, entries would never expire": the sentence argues for it
            let opens_sentence = cue == 0 || tokens[cue - 1].sentence != tokens[cue].sentence;
            opens_sentence
                && matches!(tokens[cue].norm.as_str(), "without" | "no")
                && tokens[last + 1..]
                    .iter()
                    .take_while(|t| t.sentence == tokens[last].sentence)
                    .any(|t| {
                        matches!(
                            t.norm.as_str(),
                            "would" | "could" | "might" | "will" | "can" | "otherwise"
                        )
                    })
        }
    }
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
    use super::*;
    use crate::text::tokenize::tokenize;

    fn negated_word(text: &str, word: &str) -> bool {
        let toks = tokenize(text);
        let i = toks
            .iter()
            .position(|t| t.norm == word)
            .expect("word present");
        negating_cue(&toks, &Cues::of(text, &toks), i, i).is_some()
    }

    #[test]
    fn lists_are_sorted() {
        for list in [PRE_CUES, POST_CUES, POST_NEGATORS, NEED_WORDS, FRAME_WORDS] {
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
