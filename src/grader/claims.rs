//! Tests of judgments against curated rubrics: wrong claims are caught and corrected, correct
//! caveats and own-words answers are not punished, swapped definitions are caught, and the score
//! moves the way an interviewer's would (invariant under typos, order and layout; lower for
//! negated key claims, misconceptions and unrelated text).

use super::{Flag, Grader, Judgment, Verdict};
use crate::rubric::{Lexicon, Rubric, StoredRubric};

/// A curated rubric for "What are the downsides of caching?".
const DOWNSIDES: &str = r#"
id = "t-downsides"
prompt = "What are the downsides of caching?"
topic = "caching"
difficulty = "easy"
sources = []
origin = "curated"

[[criterion]]
id = "staleness"
label = "Stale data and consistency"
weight = 2.0
terms = ["stale*", "out of date", "outdated", "inconsisten*", "old data", "eventual* consisten*"]
expects = "Readers can see stale data until the cached copy expires or is invalidated, so the cache is never the source of truth."
probe = "A user updates their profile and still sees the old name. Why, and how would you fix it?"

[[criterion.wrong]]
pattern = "(cache|cached data) (is|are) always (fresh|consistent|up to date) | cach* always (return*|serve*|give*) .. (fresh|up to date|latest|current) | cach* (guarantee*|ensure*) .. (fresh|consistent|up to date|latest)"
example = "A cache always returns up to date data, so consistency is not a concern."
correction = "A cache holds copies: until they expire or are invalidated, readers can see stale values."

[[criterion]]
id = "invalidation"
label = "Invalidation is hard"
weight = 2.0
terms = ["invalidat*", "purg*", "evict* on write", "cache bust*", "ttl", "time to live", "expir*"]
expects = "Knowing when to invalidate or expire an entry is hard: too early wastes the cache, too late serves stale data."
probe = "How would you invalidate cached product prices when the catalogue changes?"

[[criterion.wrong]]
pattern = "invalidat* (is|are) (easy|trivial|simple|not (a problem|hard|an issue))"
example = "Invalidation is trivial, you just delete the key."
correction = "Invalidation is one of the hard problems: deletes race with concurrent reads and writes, and every copy must be found."

[[criterion]]
id = "memory-cost"
label = "Memory cost and eviction"
weight = 1.0
terms = ["memory", "ram", "cost*", "expensive", "evict*", "lru", "capacity"]
expects = "Cache memory costs money and is finite, so an eviction policy such as LRU decides what to drop when it fills."
probe = "Your cache is full. What gets evicted, and how do you size it?"

[[criterion]]
id = "cold-start"
label = "Cold cache and thundering herd"
weight = 1.5
terms = ["cold cache", "cold start", "warm* up", "thundering herd", "cache stampede", "stampede", "dogpile", "cache miss storm"]
expects = "A cold or flushed cache sends every request to the database at once, a thundering herd that can take it down."
probe = "Your cache cluster restarts at peak traffic. What happens to the database, and how do you prevent it?"

[[criterion]]
id = "complexity"
label = "Extra moving parts and failure modes"
weight = 1.0
terms = ["complexity", "complex", "another component", "extra layer", "single point of failure", "spof", "operational overhead", "more moving parts"]
expects = "A cache is another component to run, monitor and fail over, adding complexity and new failure modes."
probe = "What happens to your service when the cache cluster is down?"
"#;

/// A curated rubric comparing debounce and throttle, with subjects.
const DEBOUNCE: &str = r#"
id = "t-debounce"
prompt = "What is the difference between debounce and throttle?"
topic = "messaging"
difficulty = "easy"
sources = []
origin = "curated"

[[criterion]]
id = "debounce"
label = "Debounce: fire once after a quiet period"
weight = 2.0
subject = "debounc*"
terms = ["quiet period", "inactivity", "after the last event", "stop* typing", "reset* the timer", "events stop"]
expects = "Debounce waits for a quiet period and fires once after the last event, resetting the timer on every new event."
probe = "A user types ten characters quickly. How many calls does a debounced search make, and when?"

[[criterion]]
id = "throttle"
label = "Throttle: at most once per interval"
weight = 2.0
subject = "throttl*"
terms = ["at most once", "once per", "once every", "fixed rate", "fixed interval", "regular interval*"]
expects = "Throttle fires at most once per interval while events keep coming, at a steady rate."
probe = "Scroll events arrive every 5 ms. How often does a handler throttled to 100 ms run?"

[[criterion]]
id = "use-cases"
label = "When to use each"
weight = 1.0
terms = ["search box", "autocomplete", "typeahead", "scroll*", "resize", "rate limit*"]
expects = "Debounce suits a search box that should wait for typing to stop; throttle suits scroll or resize handlers that need steady updates."
probe = "Which would you use for a live search box, and which for an infinite scroll, and why?"
"#;

fn rubric(toml_text: &str) -> Rubric {
    let stored: StoredRubric = toml::from_str(toml_text).expect("test rubric parses");
    stored.to_rubric()
}

fn grade(r: &Rubric, answer: &str) -> Judgment {
    Grader::new(Lexicon::builtin()).grade(r, answer)
}

fn verdict(j: &Judgment, id: &str) -> Verdict {
    j.criteria
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.verdict)
        .expect("criterion exists")
}

fn contradicted(j: &Judgment) -> Vec<&str> {
    j.criteria
        .iter()
        .filter(|c| c.verdict == Verdict::Contradicted)
        .map(|c| c.id.as_str())
        .collect()
}

const GOOD: &str = "The main downside is stale data: readers can get an outdated value until the entry \
    expires, so you have to decide how to invalidate entries when the source changes, which is famously \
    hard. Caches also cost memory, which is finite, so you need an eviction policy like LRU. When the cache \
    is cold after a restart, every request misses and hits the database at once, a thundering herd. And it \
    is one more component to run and monitor, which adds complexity.";

#[test]
fn a_correct_answer_in_own_words_is_credited_and_not_off_topic() {
    let r = rubric(DOWNSIDES);
    let j = grade(&r, GOOD);
    assert!(j.score >= 8.0, "{} {:?}", j.score, j.criteria);
    assert!(!j.flags.contains(&Flag::OffTopic));
    assert_eq!(contradicted(&j), Vec::<&str>::new());
    // the issue's own example: informal, terse, correct
    let terse = grade(
        &r,
        "stale data, hard invalidation, memory cost, and a cold cache causing a thundering herd on the db",
    );
    assert!(terse.score >= 5.0, "{} {:?}", terse.score, terse.criteria);
    assert!(!terse.flags.contains(&Flag::OffTopic), "{:?}", terse.flags);
}

#[test]
fn correct_caveats_with_negations_are_not_contradictions() {
    let r = rubric(DOWNSIDES);
    for caveat in [
        "The cache must never be the source of truth, so readers may see stale entries.",
        "Without a TTL entries would never expire and stale data would stay forever.",
        "Keep the sessions in the cache, not in the database, but remember the data can be out of date.",
        "Invalidation is not trivial: deletes race with concurrent writes.",
    ] {
        let j = grade(&r, caveat);
        assert_eq!(
            contradicted(&j),
            Vec::<&str>::new(),
            "{caveat}: {:?}",
            j.criteria
        );
    }
    // a caveat still credits the concept it argues for
    let j = grade(
        &r,
        "Without a TTL entries would never expire, so readers see outdated values.",
    );
    assert_ne!(
        verdict(&j, "invalidation"),
        Verdict::Missed,
        "{:?}",
        j.criteria
    );
}

#[test]
fn asserted_misconceptions_contradict_with_a_correction_and_denied_ones_do_not() {
    let r = rubric(DOWNSIDES);
    // a word such as "mistake" elsewhere in the sentence does not deny the claim
    let by_mistake = grade(
        &r,
        &format!("{GOOD} Invalidation is trivial, even a key deleted by mistake comes back."),
    );
    assert_eq!(verdict(&by_mistake, "invalidation"), Verdict::Contradicted);
    let wrong = format!("{GOOD} Invalidation is trivial, you just delete the key.");
    let j = grade(&r, &wrong);
    assert_eq!(verdict(&j, "invalidation"), Verdict::Contradicted);
    let c = j.criteria.iter().find(|c| c.id == "invalidation").unwrap();
    assert!(
        c.correction
            .starts_with("Invalidation is one of the hard problems")
    );
    assert!(c.evidence[0].quote.contains("Invalidation is trivial"));
    assert!(
        j.gaps[0].why.contains("Invalidation is trivial"),
        "{:?}",
        j.gaps
    );
    let base = grade(&r, GOOD).score;
    assert!(
        base - j.score >= 10.0 * 2.0 / 7.5 - 0.05,
        "{base} -> {}",
        j.score
    );
    for denied in [
        "Invalidation is not trivial; you cannot just delete the key.",
        "It is not true that invalidation is trivial.",
        "A common misconception is that invalidation is easy.",
        "People often think invalidation is simple, but it is not.",
        "Saying invalidation is trivial, which is a mistake, ignores concurrent writes.",
        "Invalidation is trivial - that is a myth.",
        "A common belief is that invalidation is easy.",
        "Some people say invalidation is trivial.",
        "Don't assume invalidation is simple.",
        "A naive team decides invalidation is trivial and ships stale prices.",
        "It is risky to assume invalidation is easy.",
        "We decided invalidation is trivial because any service can delete keys on every write, \
         which was a mistake.",
        "Invalidation is trivial, even with one service writing, is a myth.",
    ] {
        let j = grade(&r, &format!("{GOOD} {denied}"));
        assert_eq!(
            contradicted(&j),
            Vec::<&str>::new(),
            "{denied}: {:?}",
            j.criteria
        );
    }
}

#[test]
fn a_claim_asked_in_a_question_is_not_asserted_unless_answered_yes() {
    let r = rubric(DOWNSIDES);
    for asked in [
        "Does a cache always return up to date data? No, entries go stale.",
        "Can we say the cache always returns fresh data? Only until the source changes.",
        "Does the cache guarantee the latest value?",
    ] {
        let j = grade(&r, &format!("{GOOD} {asked}"));
        assert_eq!(contradicted(&j), Vec::<&str>::new(), "{asked}");
    }
    // a question answered "yes" asserts what it asked, and a statement after a question still
    // counts
    for asserted in [
        "Does a cache always return up to date data? Yes, always.",
        "Why worry? A cache always returns up to date data.",
    ] {
        let j = grade(&r, &format!("{GOOD} {asserted}"));
        assert_eq!(contradicted(&j), vec!["staleness"], "{asserted}");
    }
}

#[test]
fn the_condition_of_a_hypothetical_is_not_asserted_but_a_conditional_claim_is() {
    let r = rubric(DOWNSIDES);
    for hypothetical in [
        "If invalidation were trivial, nobody would joke about it being one of the hard problems.",
        "Suppose invalidation is easy: you would still race concurrent writes.",
    ] {
        let j = grade(&r, &format!("{GOOD} {hypothetical}"));
        assert_eq!(contradicted(&j), Vec::<&str>::new(), "{hypothetical}");
    }
    // the claim runs on into the main clause, or precedes the condition
    for asserted in [
        "If you set a TTL, the cache always returns up to date data.",
        "If the TTL is short the cache always returns up to date data.",
        "A cache always returns up to date data if the TTL is short.",
    ] {
        let j = grade(&r, &format!("{GOOD} {asserted}"));
        assert_eq!(contradicted(&j), vec!["staleness"], "{asserted}");
    }
}

#[test]
fn swapped_definitions_contradict_the_criterion_they_are_stated_about() {
    let r = rubric(DEBOUNCE);
    let right = "Debounce waits for a quiet period and fires once after the last event, while throttle \
        fires at most once per interval at a fixed rate. Use debounce for a search box and throttle for scroll.";
    let j = grade(&r, right);
    assert_eq!(contradicted(&j), Vec::<&str>::new(), "{:?}", j.criteria);
    assert_eq!(verdict(&j, "debounce"), Verdict::Met);
    assert_eq!(verdict(&j, "throttle"), Verdict::Met);
    let swapped = "Debounce fires at most once per interval at a fixed rate, while throttle waits for a \
        quiet period and fires after the last event. Use debounce for scroll and throttle for a search box.";
    let j = grade(&r, swapped);
    assert_eq!(
        verdict(&j, "debounce"),
        Verdict::Contradicted,
        "{:?}",
        j.criteria
    );
    assert_eq!(
        verdict(&j, "throttle"),
        Verdict::Contradicted,
        "{:?}",
        j.criteria
    );
    let c = j.criteria.iter().find(|c| c.id == "throttle").unwrap();
    assert!(
        c.correction.contains("debounce: fire once"),
        "{}",
        c.correction
    );
    assert!(j.score < 3.5, "{}", j.score);
    // comparing one with the other is not a swap
    let j = grade(
        &r,
        "Throttling is like debouncing but fires at most once per interval. Unlike throttling, debounce \
         waits for a quiet period.",
    );
    assert_eq!(contradicted(&j), Vec::<&str>::new(), "{:?}", j.criteria);
}

/// Swaps two inner letters of every fourth word of eight letters or more.
fn misspell(text: &str) -> String {
    text.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let mut l: Vec<char> = w.chars().collect();
            if i % 4 == 1 && l.len() >= 8 && l.iter().all(|c| c.is_alphabetic()) {
                l.swap(3, 4);
            }
            l.into_iter().collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn typos_order_and_layout_move_the_score_by_at_most_a_point() {
    let r = rubric(DOWNSIDES);
    let base = grade(&r, GOOD).score;
    let typo = misspell(GOOD);
    assert_ne!(typo, GOOD);
    let sentences: Vec<&str> = GOOD.split(". ").collect();
    let mut reversed = sentences.clone();
    reversed.reverse();
    let reordered = reversed.join(". ");
    let bullets: String = sentences.iter().map(|s| format!("- {s}\n")).collect();
    for (what, text) in [("typos", typo), ("order", reordered), ("bullets", bullets)] {
        let s = grade(&r, &text).score;
        assert!((base - s).abs() <= 1.0, "{what}: {base} -> {s}");
    }
}

#[test]
fn negations_misconceptions_and_unrelated_text_lower_the_score() {
    let r = rubric(DOWNSIDES);
    let base = grade(&r, GOOD).score;
    let negated = "Stale data is never an issue and invalidation is trivial. Memory costs nothing and a cold \
        cache doesn't matter, there is no thundering herd. It adds no complexity.";
    let n = grade(&r, negated);
    assert!(
        base - n.score >= 3.0,
        "negated {base} -> {} {:?}",
        n.score,
        n.criteria
    );
    let misconception = format!("{GOOD} A cache always returns up to date data.");
    let m = grade(&r, &misconception);
    assert!(m.score < base, "misconception {base} -> {}", m.score);
    assert_eq!(verdict(&m, "staleness"), Verdict::Contradicted);
    let unrelated = format!(
        "{GOOD}\n\nFor the payment service I'd use a saga: each step publishes an event, compensating \
         actions cancel the order if a payment fails, an orchestrator keeps the saga state in its own \
         database, and every step is idempotent so retries from the broker are safe."
    );
    let u = grade(&r, &unrelated);
    assert!(u.score < base, "unrelated paragraph {base} -> {}", u.score);
}

#[test]
fn the_score_agrees_with_the_verdicts() {
    let r = rubric(DOWNSIDES);
    let answers = [
        GOOD,
        "Stale data is the big one: readers get outdated values until expiry. Also memory is expensive.",
        "Readers may see stale, outdated values.",
        "I like turtles and long walks on the beach.",
    ];
    let judgments: Vec<Judgment> = answers.iter().map(|a| grade(&r, a)).collect();
    for w in judgments.windows(2) {
        assert!(w[0].breakdown.coverage >= w[1].breakdown.coverage);
        assert!(w[0].score >= w[1].score, "{} < {}", w[0].score, w[1].score);
    }
    for j in &judgments {
        assert_eq!(j.score, j.breakdown.score);
        let met = j
            .criteria
            .iter()
            .filter(|c| c.verdict == Verdict::Met)
            .count();
        assert_eq!(j.breakdown.met, met);
        assert!(j.summary.contains(&j.breakdown.describe()), "{}", j.summary);
    }
}
