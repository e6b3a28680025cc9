//! Invariance tests on several questions with rubrics extracted on the fly (as for an
//! interviewer's own question): what must not move the score (typos, synonyms and acronyms,
//! sentence order) and what must lower it (negated claims by at least 2 points; a bare term list
//! and an answer to another question put in front by at least 3). An extracted rubric knows no
//! wrong claims, so a negated answer loses the credit of what it denies but is not contradicted;
//! curated rubrics (see `grader::claims`) also contradict and correct.

use super::{Grader, Judgment};
use crate::rubric::{Lexicon, Rubric, extract};

pub(crate) struct Scenario {
    pub prompt: &'static str,
    pub reference: &'static str,
    pub answer: &'static str,
    /// The same answer with its key claims negated.
    pub negated: &'static str,
    /// (phrase, synonym or acronym) swaps that apply to `answer`.
    pub swaps: &'static [(&'static str, &'static str)],
}

pub(crate) const SCENARIOS: &[Scenario] = &[
    Scenario {
        prompt: "What is a CDN and how does it work?",
        reference: "A Content Delivery Network (CDN) is a group of geographically distributed servers that speed up \
            the delivery of web content by bringing it closer to where users are. It caches static content like \
            images, CSS, and JS files.",
        answer: "A content delivery network is a fleet of edge servers spread across many regions. When a user requests \
            an image, a stylesheet or a script, DNS or anycast routing sends the request to the nearest edge location, \
            so the bytes travel a short distance and latency drops. The edge caches static content such as images, CSS \
            and JavaScript files, keyed by URL, with a time to live set through Cache-Control headers. On a cache miss \
            the edge fetches the object from the origin server, stores it and serves later requests locally, which \
            offloads the origin and absorbs traffic spikes. Invalidation happens by purging paths or by using versioned \
            file names. The content delivery network also terminates TLS close to the user and helps absorb DDoS attacks, \
            while personalised responses are passed through to the origin.",
        negated: "A content delivery network is not a fleet of edge servers spread across regions; there is no need for \
            geographically distributed servers. Requests always go to the single origin server, never to a nearby edge \
            location, so distance and latency don't matter. It never caches static content: images, CSS and JavaScript \
            files are not cached anywhere, and a time to live isn't needed. Without any edge copies the origin serves \
            everything, and offloading the origin is unnecessary. Purging is overkill, just redeploy. TLS is not \
            terminated near the user, and DDoS protection is not needed.",
        swaps: &[
            ("content delivery network", "CDN"),
            ("time to live", "TTL"),
            ("server", "node"),
        ],
    },
    Scenario {
        prompt: "What is sharding and how do you implement it?",
        reference: "**Sharding** splits a large dataset horizontally across multiple database servers.\n\
            * **Shard key:** decides which shard owns a row; choose a high-cardinality key that spreads load evenly.\n\
            * **Hash-based sharding:** hash(key) mod N or consistent hashing spreads keys uniformly.\n\
            * **Range-based sharding:** contiguous key ranges per shard; simple range queries but risk of hotspots.\n\
            * **Routing layer:** a router or directory maps each key to its shard.\n\
            * **Rebalancing:** moving data when shards are added, ideally with consistent hashing and virtual nodes.\n\
            * **Cross-shard queries:** joins and transactions across shards are expensive; avoid them in the schema.",
        answer: "Sharding partitions one logical dataset horizontally so that each database server holds only a subset \
            of the rows. Everything starts with the shard key: it should have high cardinality and spread reads and \
            writes evenly, for example the user id rather than a timestamp. With hash-based sharding we hash the key \
            and map it onto shards, preferably with consistent hashing and virtual nodes so that adding a shard moves \
            only a small fraction of keys during rebalancing. Range-based sharding keeps contiguous key ranges together, \
            which makes range queries cheap but creates hotspots when new keys all land on the last range. A routing \
            layer, either a proxy or a directory service, maps each key to the shard that owns it. Cross-shard queries \
            such as joins and multi-shard transactions are expensive, so the schema is designed to keep related data \
            on one shard, and global reports run on a separate analytics copy.",
        negated: "Sharding does not partition data; every database server holds a full copy of all rows. The shard key \
            doesn't matter, so a timestamp is fine even though all writes hit one server. We never hash the key and \
            consistent hashing is unnecessary: with mod N almost every key moves on rebalancing, and that is fine. \
            Range-based sharding has no hotspots at all. No routing layer is needed because clients just pick any \
            server. Cross-shard joins and transactions cost nothing, so there is no need to design the schema around \
            the shard key.",
        swaps: &[
            ("database", "DB"),
            ("transactions", "txns"),
            ("server", "node"),
        ],
    },
    Scenario {
        prompt: "How do message queues make a system more reliable?",
        reference: "A **message queue** decouples producers from consumers: producers publish messages and consumers \
            process them asynchronously.\n* **Durability:** messages are persisted until acknowledged.\n\
            * **At-least-once delivery:** acknowledgements and retries, so consumers must be **idempotent**.\n\
            * **Dead-letter queue:** messages that keep failing are parked for inspection.\n\
            * **Consumer groups:** scale processing horizontally.",
        answer: "A message queue sits between producers and consumers and decouples them, so a slow or crashed consumer \
            does not block the producer. Producers publish messages asynchronously and the broker persists them to disk, \
            replicated across brokers, until a consumer acknowledges them, which gives durability across crashes. \
            Delivery is at-least-once: if a consumer dies before it acknowledges, the message is redelivered after a \
            timeout and retried, so consumers must be idempotent, for example by storing a deduplication key per message \
            id. Messages that keep failing after a few retries with backoff go to a dead-letter queue where an operator \
            can inspect and replay them. Consumer groups let us add consumers to scale processing horizontally, and the \
            queue also absorbs bursts by buffering work during spikes.",
        negated: "A message queue does not decouple producers from consumers; the producer still waits for every consumer \
            synchronously. Messages are never persisted, so durability doesn't matter. Acknowledgements are unnecessary \
            and we never retry, so idempotent consumers aren't needed. A dead-letter queue is overkill: failing messages \
            are just dropped. Consumer groups are not needed since a single consumer is enough, and buffering bursts is \
            not required.",
        swaps: &[
            ("message queue", "MQ"),
            ("asynchronously", "async"),
            ("deduplication", "dedup"),
        ],
    },
    Scenario {
        prompt: "How would you design a rate limiter for an API?",
        reference: "* **Token bucket:** tokens refill at a fixed rate and each request consumes one, which allows short \
            bursts up to the bucket size.\n* **Sliding window counter:** smooths the edges of fixed windows.\n\
            * **Distributed counters in Redis:** atomic increments shared by all API servers.\n\
            * **HTTP 429:** reject with Retry-After so clients back off.",
        answer: "I would put the rate limiter in the API gateway and key it by API key or client IP. The core algorithm \
            is a token bucket: each client has a bucket that refills at a fixed rate, every request consumes one token, \
            and the bucket size allows short bursts while enforcing the average rate. For per-minute quotas a sliding \
            window counter avoids the double burst that fixed windows allow at their edges. Because there are many API \
            servers, the counters live in Redis and are updated atomically with a Lua script or INCR with an expiry, so \
            all servers share one view of each client. When a client is over its limit we reject the request with HTTP \
            429 and a Retry-After header so well-behaved clients back off. If Redis is unreachable we fail open with a \
            conservative local limit to protect the backends.",
        negated: "I would not put a rate limiter anywhere; limits are unnecessary. There is no token bucket and no refill \
            rate, and bursts never matter. Sliding windows are overkill, fixed windows are fine. Redis isn't needed: \
            each server keeps its own counter and they never share state. Requests over the limit are not rejected, \
            we never return HTTP 429, and Retry-After headers are not needed because clients don't back off anyway.",
        swaps: &[
            ("requests", "reqs"),
            ("servers", "nodes"),
            ("API gateway", "gateway"),
        ],
    },
];

pub(crate) fn grade(s: &Scenario, answer: &str) -> Judgment {
    let grader = Grader::new(Lexicon::builtin());
    let rubric: Rubric = extract::from_reference(s.prompt, s.reference, grader.lexicon());
    grader.grade(&rubric, answer)
}

/// Misspells one word in eight (words of five letters or more swap two inner letters).
fn misspell(text: &str) -> String {
    let mut out = Vec::new();
    for (i, w) in text.split(' ').enumerate() {
        let letters: Vec<char> = w.chars().collect();
        if i % 8 == 3 && letters.len() >= 5 && letters.iter().all(|c| c.is_alphabetic()) {
            let mut l = letters.clone();
            l.swap(2, 3);
            out.push(l.into_iter().collect::<String>());
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

fn swap_terms(text: &str, swaps: &[(&str, &str)]) -> String {
    let mut t = text.to_string();
    for (from, to) in swaps {
        t = t.replace(from, to);
        let cap: String = from
            .chars()
            .take(1)
            .flat_map(char::to_uppercase)
            .chain(from.chars().skip(1))
            .collect();
        t = t.replace(&cap, to);
    }
    t
}

fn reverse_sentences(text: &str) -> String {
    let mut parts: Vec<&str> = text.split(". ").collect();
    parts.reverse();
    parts
        .iter()
        .map(|p| p.trim_end_matches('.'))
        .collect::<Vec<_>>()
        .join(". ")
        + "."
}

/// The answer's content words as a bare comma-separated list.
fn term_list(text: &str) -> String {
    let mut seen: Vec<compact_str::CompactString> = Vec::new();
    for t in crate::text::tokenize::tokenize(text) {
        if !t.stop && t.norm.len() >= 4 && !seen.contains(&t.norm) {
            seen.push(t.norm);
        }
    }
    seen.join(", ")
}

#[test]
fn strong_answers_score_high() {
    for s in SCENARIOS {
        let j = grade(s, s.answer);
        assert!(j.score >= 7.0, "{}: {} {:?}", s.prompt, j.score, j.criteria);
    }
}

#[test]
fn typos_synonyms_and_order_change_little() {
    for s in SCENARIOS {
        let base = grade(s, s.answer).score;
        let typo = grade(s, &misspell(s.answer)).score;
        assert_ne!(misspell(s.answer), s.answer);
        assert!(
            (base - typo).abs() <= 1.0,
            "{}: typos {base} -> {typo}",
            s.prompt
        );
        let swapped_text = swap_terms(s.answer, s.swaps);
        assert_ne!(swapped_text, s.answer);
        let swapped = grade(s, &swapped_text).score;
        assert!(
            (base - swapped).abs() <= 1.0,
            "{}: synonyms {base} -> {swapped}",
            s.prompt
        );
        let reordered = grade(s, &reverse_sentences(s.answer)).score;
        assert!(
            (base - reordered).abs() <= 1.0,
            "{}: reorder {base} -> {reordered}",
            s.prompt
        );
    }
}

#[test]
fn negation_term_lists_and_other_answers_cost_points() {
    for (i, s) in SCENARIOS.iter().enumerate() {
        let base = grade(s, s.answer).score;
        let negated = grade(s, s.negated);
        assert!(
            base - negated.score >= 2.0,
            "{}: negated {base} -> {} {:?}",
            s.prompt,
            negated.score,
            negated.criteria
        );
        let list = grade(s, &term_list(s.answer));
        assert!(
            base - list.score >= 3.0,
            "{}: term list {base} -> {}",
            s.prompt,
            list.score
        );
        assert!(list.flags.contains(&super::Flag::KeywordDump));
        let other = SCENARIOS[(i + 1) % SCENARIOS.len()].answer;
        let prefixed = grade(s, &format!("{other}\n\n{}", s.answer));
        assert!(
            base - prefixed.score >= 3.0,
            "{}: other answer first {base} -> {}",
            s.prompt,
            prefixed.score
        );
    }
}

#[test]
fn negated_claims_lose_credit_but_are_not_contradicted_without_a_wrong_claim() {
    // a negation near a term is no contradiction: only a rubric's `wrong` claims (or an asserted
    // antonym) are, and these extracted rubrics have none
    for s in SCENARIOS {
        let met = |j: &Judgment| {
            j.criteria
                .iter()
                .filter(|c| c.verdict == super::Verdict::Met)
                .count()
        };
        let strong = grade(s, s.answer);
        let negated = grade(s, s.negated);
        assert!(
            met(&negated) * 2 <= met(&strong),
            "{}: {} met of {} vs {} {:?}",
            s.prompt,
            met(&negated),
            met(&strong),
            negated.criteria.len(),
            negated.criteria
        );
        assert!(
            negated
                .criteria
                .iter()
                .all(|c| c.verdict != super::Verdict::Contradicted),
            "{}: {:?}",
            s.prompt,
            negated.criteria
        );
    }
}

#[test]
fn padding_and_copied_question_do_not_pay() {
    for s in SCENARIOS {
        let base = grade(s, s.answer).score;
        let first = s.answer.split(". ").next().unwrap_or(s.answer);
        let padded = grade(s, &format!("{first}. ").repeat(12));
        assert!(
            padded.flags.contains(&super::Flag::Padding),
            "{:?}",
            padded.flags
        );
        assert!(
            base - padded.score >= 3.0,
            "{}: padding {base} -> {}",
            s.prompt,
            padded.score
        );
        let copied = grade(s, s.prompt);
        assert!(
            copied.score <= 1.0,
            "{}: copied question scored {}",
            s.prompt,
            copied.score
        );
        let gibberish = grade(s, "qwrtz plkmn xzvbq trwqp lkjhg zxcvb mnbvc qwrst");
        assert_eq!(gibberish.score, 0.0);
        let filler = grade(
            s,
            "It depends on the requirements. A good design is scalable, reliable and simple, and we should \
             consider the trade-offs carefully and choose the best approach for the use case.",
        );
        assert!(
            filler.score <= 2.0,
            "{}: filler scored {}",
            s.prompt,
            filler.score
        );
    }
}

#[test]
fn judgments_are_deterministic_and_summaries_vary() {
    let s = &SCENARIOS[0];
    assert_eq!(grade(s, s.answer), grade(s, s.answer));
    let summaries: std::collections::HashSet<String> = SCENARIOS
        .iter()
        .map(|s| grade(s, s.answer).summary)
        .collect();
    assert_eq!(summaries.len(), SCENARIOS.len());
    for s in SCENARIOS {
        let j = grade(s, s.answer);
        let n = j.summary.matches(". ").count() + 1;
        assert!((2..=4).contains(&n), "{}", j.summary);
        assert!(!j.followup.is_empty());
        for c in &j.criteria {
            for e in &c.evidence {
                assert_eq!(&s.answer[e.start..e.end], e.quote);
            }
        }
    }
}
