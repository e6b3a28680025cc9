//! Tests of the assembled corpus: small synthetic files, then the real `corpus/` directory.

use super::*;

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, c)| (n.to_string(), c.to_string()))
        .collect()
}

const SUMMARY: &str = "## ðŸ”¹ Basic System Design Concepts\n\n**Q4: What is a load balancer?**\nDistributes traffic.\n\n**Q31: What is a load balancer?**\nA device that spreads requests.\n\n**Q103: What is a vector clock?**\nCausality tracking.\n\n**Q291: How to delete user data everywhere?**\nOrchestrate deletion.\n\n**Q298: How to implement â€œRight to be forgottenâ€?**\n(Same as Q291). Centralized deletion orchestration.\n\n**Q299: How to audit?**\n(See Q103 & Q777).\n\n**Q360: How to design secure file uploads?**\nScan, sign URLs.\n\n**Q641: Design a secure file upload service.**\n(Repeated).\n\n**Q642: Design a geofencing service for vehicles.**\n(Repeated).\n";
const EXPANDED: &str = "## ðŸ”¸ Advanced Distributed Systems (Questions 101-110)\n\n### Question 103: What is a vector clock?\n\n**Answer:**\n*   `[A:1, B:0]` happens before `[A:1, B:1]`.\n";
const LONGFORM: &str = "### üîπ **1‚Äì25: High-Level Design Fundamentals**\n\n## 1. Design a load balancer.\n\nLong answer ‚Üí here.\n";
const CHAINS: &str = "## 4. Distributed Systems Primitives\n\n### Q4: Deep dive into Service Discovery.\n**Answer:**\nUse Consul.\n\n#### Depth 1\n**Q:** How do clients find services?\n**A:** Registry.\n\n###### Depth 3\n**Q:** What is Linearizability vs Serializability?\n**A:** Recency vs isolation.\n";

fn small() -> Corpus {
    Corpus::parse_files(&files(&[
        ("001_a.txt", SUMMARY),
        ("000_b.txt", EXPANDED),
        ("002_c.txt", CHAINS),
        ("003_d.txt", LONGFORM),
    ]))
    .unwrap()
}

#[test]
fn merges_repeats_and_expansions_keeping_every_source_and_answer() {
    let c = small();
    let lb = c.get("001-4").unwrap();
    assert_eq!(
        lb.sources
            .iter()
            .map(|s| s.key.as_str())
            .collect::<Vec<_>>(),
        vec!["001-4", "001-31"]
    );
    assert_eq!(lb.answers.len(), 2);
    assert_eq!(lb.answers[1].markdown, "A device that spreads requests.");
    assert!(c.get("001-31").is_none());
    let vc = c.find("000-103").unwrap();
    assert_eq!(vc.id, "001-103");
    assert_eq!(vc.answers[1].source, "000-103");
    assert_eq!(
        c.find("003-1").unwrap().id,
        "003-1",
        "a design question is not a definition"
    );
    let stats = c.stats();
    assert_eq!(stats.sources, 14);
    assert_eq!(stats.questions, 12);
    assert_eq!(stats.merged, 2);
    assert_eq!(stats.merges_by_kind.get("expansion"), Some(&1));
    assert_eq!(stats.merges_by_kind.get("repeat_in_file"), Some(&1));
}

#[test]
fn cross_references_resolve_and_unresolved_ones_are_reported() {
    let c = small();
    let rtbf = c.get("001-298").unwrap();
    assert_eq!(
        rtbf.prompt,
        "How to implement \u{201C}Right to be forgotten\u{201D}?"
    );
    assert_eq!(rtbf.see_also, vec!["001-291"]);
    let refs = c.referenced_answers(rtbf);
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].markdown, "Orchestrate deletion.");
    let audit = c.get("001-299").unwrap();
    assert_eq!(audit.see_also, vec!["001-103"]);
    assert_eq!(
        c.referenced_answers(audit).len(),
        2,
        "both answers of the merged question"
    );
    assert_eq!(c.unresolved_refs, vec!["001-299 -> Q777"]);
    assert_eq!(c.stats().resolved_refs, 2);
}

#[test]
fn repeated_markers_point_at_the_most_alike_earlier_question() {
    let c = small();
    let upload = c.get("001-641").unwrap();
    assert_eq!(upload.see_also, vec!["001-360"]);
    assert_eq!(c.referenced_answers(upload)[0].markdown, "Scan, sign URLs.");
    assert!(c.get("001-642").unwrap().see_also.is_empty());
    assert_eq!(c.unresolved_repeats, vec!["001-642"]);
    assert_eq!(c.answer_content(upload)[0].source, "001-360");
    assert_eq!(c.stats().without_answer, vec!["001-642"]);
    assert_eq!(c.stats().resolved_repeats, 1);
}

#[test]
fn follow_up_chains_are_linked_in_order() {
    let c = small();
    let root = c.get("002-4").unwrap();
    let link = root.chain.as_ref().unwrap();
    assert_eq!((link.chain.as_str(), link.depth), ("002-4", 0));
    assert_eq!(link.next.as_deref(), Some("002-4-d1"));
    let d1 = c.get(link.next.as_deref().unwrap()).unwrap();
    let l1 = d1.chain.as_ref().unwrap();
    assert_eq!(l1.parent.as_deref(), Some("002-4"));
    assert_eq!(l1.next.as_deref(), Some("002-4-d3"));
    let d3 = c.find("002-4-d3").unwrap().chain.as_ref().unwrap();
    assert_eq!((d3.depth, d3.next.clone()), (3, None));
    assert_eq!(c.stats().followup_chains, 1);
    assert_eq!(c.stats().chain_questions, 3);
}

#[test]
fn find_accepts_ids_source_keys_and_text() {
    let c = small();
    assert_eq!(c.find("001-31").unwrap().id, "001-4");
    assert_eq!(c.find("  what IS a load-balancer ").unwrap().id, "001-4");
    assert_eq!(
        c.find("How to implement \"right to be forgotten\"")
            .unwrap()
            .id,
        "001-298"
    );
    assert_eq!(c.find("Explain the vector clock").unwrap().id, "001-103");
    assert!(c.find("What is a bloom filter?").is_none());
    assert!(c.find("001-999").is_none());
}

#[test]
fn every_question_has_a_topic_difficulty_and_rating() {
    let c = small();
    for q in &c.questions {
        assert!(topics::topic(&q.topic).is_some(), "{}", q.id);
        assert!((800..=2000).contains(&q.rating), "{}", q.id);
    }
    assert_eq!(
        c.get("001-4").unwrap().section,
        "Basic System Design Concepts"
    );
    assert_eq!(c.get("001-4").unwrap().difficulty, Difficulty::Easy);
    assert_eq!(c.get("002-4-d3").unwrap().difficulty, Difficulty::Hard);
}

#[test]
fn malformed_files_and_clashing_prefixes_are_rejected() {
    let err =
        Corpus::parse_files(&files(&[("001_a.txt", SUMMARY), ("001_b.txt", SUMMARY)])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "001_b.txt:1: file prefix `001` is already used by 001_a.txt"
    );
    let err = Corpus::parse_files(&files(&[(
        "001_a.txt",
        "**Q1: What?**\nx\n\n**Q1: Again?**\ny\n",
    )]))
    .unwrap_err();
    assert!(
        matches!(err, CorpusError::Malformed { ref file, line: 4, .. } if file == "001_a.txt"),
        "{err}"
    );
}

#[test]
fn load_dir_reports_missing_and_empty_directories() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_dir(dir.path()).unwrap_err();
    assert!(matches!(err, CorpusError::Empty(_)), "{err}");
    let err = load_dir(&dir.path().join("missing")).unwrap_err();
    assert!(matches!(err, CorpusError::Io { .. }), "{err}");
    std::fs::write(dir.path().join("001_a.txt"), SUMMARY).unwrap();
    std::fs::write(dir.path().join("notes.md"), "ignored").unwrap();
    assert_eq!(load_dir(dir.path()).unwrap().questions.len(), 8);
}

fn real() -> Corpus {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).unwrap()
}

#[test]
fn the_real_corpus_loads_clean_with_sensible_counts() {
    let c = real();
    let s = c.stats();
    assert_eq!(s.mojibake, 0);
    assert_eq!(s.sources, 893 + 50 + 50 + 101 + 100);
    assert!((1050..=1150).contains(&s.questions), "{}", s.questions);
    assert_eq!(s.merges_by_kind.get("expansion"), Some(&100));
    assert_eq!(s.followup_chains, 4);
    assert_eq!(s.chain_questions, 101);
    assert!(s.unresolved_refs.is_empty(), "{:?}", s.unresolved_refs);
    assert!(s.merge_conflicts.is_empty(), "{:?}", s.merge_conflicts);
    for (topic, n) in &s.by_topic {
        assert!(*n > 0, "topic {topic} is empty");
    }
    for (difficulty, n) in &s.by_difficulty {
        assert!(
            *n * 100 >= s.questions * 15,
            "{difficulty}: {n} of {}",
            s.questions
        );
    }
}

#[test]
fn the_eval_references_resolve_in_the_real_corpus() {
    let c = real();
    for key in [
        "002-4-d16",
        "000-432",
        "003-39",
        "001-642",
        "004-596",
        "002-3-d25",
        "001-420",
    ] {
        let q = c.find(key).unwrap_or_else(|| panic!("{key} not found"));
        assert!(q.sources.iter().any(|s| s.key == key), "{key}");
    }
    assert_eq!(
        c.find("002-4-d16").unwrap().prompt,
        "What is \"Linearizability\" vs \"Serializability\"?"
    );
    assert_eq!(c.find("000-432").unwrap().id, "001-432");
    let lb = c.get("001-4").unwrap();
    assert!(lb.sources.iter().any(|s| s.key == "001-31"));
    let rtbf = c.get("001-298").unwrap();
    assert_eq!(rtbf.see_also, vec!["001-291"]);
    assert_eq!(c.get("001-641").unwrap().see_also, vec!["001-360"]);
    assert_eq!(
        c.get("001-871")
            .unwrap()
            .see_also
            .first()
            .map(String::as_str),
        Some("001-411")
    );
    assert!(
        !c.unresolved_repeats.contains(&"001-677".to_string()),
        "merged into 001-195"
    );
}

#[test]
fn the_real_corpus_merges_the_known_repeats() {
    let c = real();
    for (a, b) in [
        ("001-76", "003-26"),
        ("001-80", "003-36"),
        ("001-4", "001-31"),
    ] {
        assert_eq!(c.find(a).unwrap().id, c.find(b).unwrap().id, "{a} {b}");
    }
    for (a, b) in [
        ("003-39", "003-56"),
        ("001-4", "003-47"),
        ("001-15", "001-334"),
    ] {
        assert_ne!(c.find(a).unwrap().id, c.find(b).unwrap().id, "{a} {b}");
    }
}
