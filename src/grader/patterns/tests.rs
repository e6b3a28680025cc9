//! Tests of the pattern language as compiled and matched against answers.

use super::*;
use crate::grader::vocab::Vocab;
use crate::rubric::Lexicon;
use crate::text::tokenize::tokenize;

/// Compiles `pattern` and returns the answer text of each match.
fn run(pattern: &str, answer: &str) -> Vec<String> {
    let lex = Lexicon::builtin();
    let mut vocab = Vocab::default();
    let c = Compiled::parse(pattern, &mut vocab, &lex).expect("parses");
    let toks = tokenize(answer);
    let active = vec![true; toks.len()];
    let words = vocab.words(&toks, &active);
    let sents = sentences(&toks);
    let a = Answer {
        tokens: &toks,
        active: &active,
        sentences: &sents,
        words: &words,
    };
    c.find(&a)
        .iter()
        .map(|m| answer[toks[m.first].start..toks[m.last].end].to_string())
        .collect()
}

fn hit(pattern: &str, answer: &str) -> bool {
    !run(pattern, answer).is_empty()
}

#[test]
fn words_forgive_case_forms_typos_and_synonyms() {
    assert!(hit("read replica", "Add READ-REPLICAS!"));
    assert!(hit("replication", "use replicaton"));
    assert!(hit("load balancer", "put an LB in front"));
    assert!(hit("database", "the db is the bottleneck"));
    assert!(hit("kubernetes", "deploy on k8s"));
    assert!(!hit("raft", "use rift"));
}

#[test]
fn hyphenated_and_joined_words() {
    assert!(hit("write-through", "a write through cache"));
    assert!(hit("write-through", "a writethrough cache"));
    assert!(hit("write through", "a write-through cache"));
    assert!(hit("node.js", "written in Node.js"));
    assert!(!hit("write-through", "write the data through a queue"));
}

#[test]
fn sequences_keep_order_and_a_small_gap() {
    assert_eq!(
        run(
            "oauth2 authentication",
            "OAuth2 is an authentication protocol."
        ),
        vec!["OAuth2 is an authentication"]
    );
    assert!(hit("fan out write", "fan-out on write"));
    assert!(!hit(
        "oauth2 authentication",
        "authentication is built on OAuth2"
    ));
    assert!(!hit(
        "oauth2 authentication",
        "OAuth2 handles authorization while OIDC adds authentication"
    ));
    assert!(!hit("cache invalidation", "cache. invalidation"));
}

#[test]
fn far_steps_optional_steps_and_groups() {
    assert!(hit(
        "write-through .. faster",
        "write-through, as everyone knows, makes everything faster"
    ));
    assert!(!hit("write-through .. faster", "faster than write-through"));
    assert!(hit("(the)? leader election", "leader election"));
    assert!(hit("(the)? leader election", "the leader election"));
    assert!(hit(
        "(write back | write-behind) cache",
        "a write-behind cache"
    ));
    assert!(hit(
        "(write back | write-behind) cache",
        "a write back cache"
    ));
    assert!(!hit("(write back | write-behind) cache", "a write cache"));
    assert!(hit(
        "post (is|are)? (natural*)? idempotent",
        "POST is idempotent"
    ));
    assert!(hit(
        "post (is|are)? (natural*)? idempotent",
        "POST is naturally idempotent"
    ));
}

#[test]
fn prefixes_and_function_words() {
    assert!(hit("authoriz*", "the authorization server"));
    assert!(hit("authoriz*", "it authorizes calls"));
    assert!(!hit("authoriz*", "authentication"));
    // a prefix ending in "e" still finds its "-ing" form
    assert!(hit("rename*", "renaming a field"));
    assert!(hit("parse*", "parsing the logs"));
    assert!(hit("not needed", "it is not needed"));
    assert!(!hit("not needed", "it is needed"));
}

#[test]
fn conjunctions_and_absent_parts_are_per_sentence() {
    let p = "oauth* & authenticat* & !oidc";
    assert!(hit(p, "Authentication is what OAuth2 does."));
    assert!(!hit(p, "OAuth2 and OIDC adds authentication."));
    // an absent part only counts in the clauses the match spans
    assert!(hit(
        p,
        "OIDC is separate, while OAuth2 does authentication."
    ));
    assert!(!hit(
        p,
        "OAuth2 delegates access. Authentication is separate."
    ));
    assert!(hit(
        "a | oauth* & authenticat*",
        "authentication with oauth"
    ));
}

#[test]
fn plain_terms_also_match_in_any_order_and_in_part() {
    let lex = Lexicon::builtin();
    let mut vocab = Vocab::default();
    let c = Compiled::parse("consistent hashing", &mut vocab, &lex).unwrap();
    let check = |answer: &str| {
        let toks = tokenize(answer);
        let active = vec![true; toks.len()];
        let words = vocab.words(&toks, &active);
        let sents = sentences(&toks);
        let a = Answer {
            tokens: &toks,
            active: &active,
            sentences: &sents,
            words: &words,
        };
        let mut pos: Vec<Vec<usize>> = vec![Vec::new(); vocab.len()];
        for (i, &id) in words.ids.iter().enumerate() {
            if id != crate::grader::vocab::NONE {
                pos[id as usize].push(i);
            }
        }
        let positions = |id: u32| pos[id as usize].as_slice();
        let (m, full) = bag_matches(&c.bag, &a, &positions, &|_| false);
        (m.len(), full)
    };
    assert_eq!(check("hashing that is consistent"), (1, true));
    assert_eq!(check("we use hashing for it"), (1, false));
    assert_eq!(check("nothing relevant"), (0, false));
}
