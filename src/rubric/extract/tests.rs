//! Tests of extraction from references of every shape.

use super::markdown::own_sentence;
use super::words::PHRASE_BREAKERS;
use super::*;
use crate::text::is_generic_phrase;

fn lex() -> Lexicon {
    Lexicon::builtin()
}

#[test]
fn word_lists_are_sorted() {
    for list in [crate::text::generic::GENERIC, PHRASE_BREAKERS] {
        let mut s = list.to_vec();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s, list);
    }
}

#[test]
fn short_reference_still_gets_three_meaningful_criteria() {
    let r = from_reference(
        "How would you encrypt large datasets with minimal latency?",
        "Envelope Encryption. Generate DEK (Data Encryption Key). Encrypt Data with DEK (AES-GCM). \
         Encrypt DEK with Master Key (KMS). Store EncryptedData + EncryptedDEK.",
        &lex(),
    );
    assert!(r.criteria.len() >= 3, "{:#?}", r.criteria);
    for c in &r.criteria {
        assert!(!is_generic_phrase(&c.label), "generic criterion {c:?}");
        assert!(c.weight > 0.0);
        assert!(!c.expects.is_empty(), "{c:?}");
    }
    let labels: Vec<&str> = r.criteria.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.iter().any(|l| l.contains("Envelope")), "{labels:?}");
    assert!(
        r.criteria
            .iter()
            .any(|c| c.terms.iter().any(|t| t == "Data Encryption Key")),
        "{r:#?}"
    );
}

#[test]
fn a_part_of_a_chosen_phrase_is_not_a_criterion_of_its_own() {
    let r = from_reference(
        "Build a device registration and provisioning platform.",
        "Secure manufacturing process. Claiming process (Proof of Ownership). Device \
         certificates. Fleet dashboards.",
        &lex(),
    );
    let labels: Vec<&str> = r.criteria.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.contains(&"Proof of Ownership"), "{labels:?}");
    assert!(r.criteria.len() >= 3, "{labels:?}");
    for part in ["Proof", "Ownership", "Manufacturing"] {
        assert!(
            !labels.contains(&part),
            "{part} beside its phrase: {labels:?}"
        );
    }
    // a part the reference stresses on its own stays
    let r = from_reference(
        "What is linearizability vs serializability?",
        "**Linearizability:** a real-time guarantee for one object. **Serializability:** \
         transactions execute as if serial. **Strict Serializability:** both at once.",
        &lex(),
    );
    let labels: Vec<&str> = r.criteria.iter().map(|c| c.label.as_str()).collect();
    for l in ["Serializability", "Strict Serializability"] {
        assert!(labels.contains(&l), "{l}: {labels:?}");
    }
}

#[test]
fn a_term_bolded_in_a_paragraph_is_explained_by_its_own_sentence() {
    let r = from_reference(
        "How would you rate limit across regions?",
        "Use a **leaky bucket** variant called GCRA to smooth bursts. It stores the \
         **theoretical arrival time** instead of a token count, so one timestamp per key is \
         enough. Clock skew only affects the burst size.",
        &lex(),
    );
    let find = |l: &str| {
        r.criteria
            .iter()
            .find(|c| c.label.eq_ignore_ascii_case(l))
            .unwrap_or_else(|| panic!("{l}: {:#?}", r.criteria))
    };
    assert_eq!(
        find("Leaky bucket").expects,
        "Use a leaky bucket variant called GCRA to smooth bursts."
    );
    assert!(
        find("Theoretical arrival time")
            .expects
            .starts_with("It stores the theoretical arrival time")
    );
    // a sentence that is little more than the term takes the next one with it
    assert_eq!(
        own_sentence(
            "Linearizability. A real-time guarantee. Other.",
            "Linearizability"
        ),
        "Linearizability. A real-time guarantee."
    );
    assert_eq!(own_sentence("Nothing here.", "absent"), "Nothing here.");
}

#[test]
fn bullet_heads_become_criteria_with_their_explanation_as_hint() {
    let r = from_reference(
        "Design a healthcare record system compliant with HIPAA.",
        "**Answer:**\n*   **Encryption:** At Rest (KMS) + In Transit.\n*   **Audit:** Every view must be logged.\n\
         *   **Auth:** MFA mandatory.\n*   **BAA:** Use only cloud services that sign a Business Associate Agreement (BAA).",
        &lex(),
    );
    let audit = r
        .criteria
        .iter()
        .find(|c| c.label == "Audit")
        .expect("audit criterion");
    assert_eq!(audit.expects, "Every view must be logged.");
    let baa = r.criteria.iter().find(|c| c.label == "BAA").expect("baa");
    assert!(
        baa.terms
            .iter()
            .any(|t| t.eq_ignore_ascii_case("Business Associate Agreement")),
        "{baa:?}"
    );
    assert!(r.criteria.len() >= 4 && r.criteria.len() <= MAX_CRITERIA);
}

#[test]
fn generic_headings_are_not_criteria_and_question_words_are_demoted() {
    let r = from_reference(
        "What is sharding?",
        "## Overview\nSharding splits a dataset across databases.\n## Key Components\n\
         * **Shard key:** decides placement.\n* **Routing layer:** sends queries to the owning shard.\n\
         * **Rebalancing:** moves data when shards are added.",
        &lex(),
    );
    assert!(
        r.criteria
            .iter()
            .all(|c| c.label != "Overview" && c.label != "Key Components"),
        "{r:#?}"
    );
    if let Some(s) = r.criteria.iter().find(|c| c.label == "Sharding") {
        assert!(s.weight < 2.0, "question term must be demoted: {s:?}");
    }
    assert!(r.criteria.iter().any(|c| c.label == "Shard key"));
    let cap = from_reference(
        "What is the CAP trade-off for a Social Media Feed?",
        "**A:** **AP (Availability)**. Better to show a slightly stale feed than an error page. Converge eventually.",
        &lex(),
    );
    let ap = cap
        .criteria
        .iter()
        .find(|c| c.label == "AP")
        .expect("bold AP kept");
    assert!(ap.terms.contains(&"Availability".to_string()), "{ap:?}");
}

#[test]
fn tables_and_code_blocks() {
    let r = from_reference(
        "Compare caches",
        "| Strategy | When |\n|---|---|\n| Write-through | strong consistency |\n| Write-back | fast writes, risk of loss |\n\
         ```\nlet generic = code_block_term_xyz;\n```\n",
        &lex(),
    );
    assert!(
        r.criteria
            .iter()
            .any(|c| c.label == "Write-through" && c.expects.to_lowercase().contains("strong")),
        "{r:#?}"
    );
    assert!(
        !r.criteria.iter().any(|c| c.label.contains("code_block")),
        "{r:#?}"
    );
}

#[test]
fn long_references_are_capped() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!(
            "* **Technique{i} alpha{i}:** explains thing {i} carefully because reasons matter a lot when many careful readers look closely at every single word here.\n"
        ));
    }
    let r = from_reference("Q?", &text, &lex());
    assert_eq!(r.criteria.len(), MAX_CRITERIA);
    let mut ids: Vec<&str> = r.criteria.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), MAX_CRITERIA);
}

#[test]
fn a_one_line_reference_is_its_claims_not_three_fragments() {
    // before: "Block inside", "Statement", "Execute", "Least once"
    let r = from_reference(
        "What is the main difference between a while and a do...while statement?",
        "The block inside a do...while statement will execute at least once.",
        &lex(),
    );
    let labels: Vec<&str> = r.criteria.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        ["The block inside a do...while statement will execute at least once"]
    );
    // before: "Main function", "Programs", "Begin" (the question's own words)
    let tiny = from_reference(
        "Where do C++ programs begin to execute?",
        "At the main function.",
        &lex(),
    );
    let labels: Vec<&str> = tiny.criteria.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["At the main function"]);
    let two = from_reference(
        "Main advantages of OOP?",
        "Abstraction and reusability.",
        &lex(),
    );
    assert_eq!(two.criteria.len(), 1, "{two:#?}");
    assert_eq!(two.criteria[0].expects, "Abstraction and reusability.");
    // two sentences, two claims
    let r = from_reference(
        "When does C++ create a default constructor?",
        "If no constructor is provided, the compiler provides one by default. If a constructor \
         is defined for a class, the compiler does not create a default constructor.",
        &lex(),
    );
    assert_eq!(r.criteria.len(), 2, "{r:#?}");
}
