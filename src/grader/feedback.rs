//! Interviewer-style feedback built from the verdicts: strengths that name met concepts with the
//! candidate's words, gaps that say why a missed concept matters (its `expects`), corrections that
//! quote a wrong claim and say what is true, the follow-up question, and a 2-4 sentence summary.
//!
//! Every sentence follows from a verdict, so the summary never calls missing what the answer
//! addressed. Wording is varied deterministically from a hash of the answer: the same answer
//! always reads the same, different answers read differently.

use super::judgment::{Band, Breakdown, CriterionResult, Flag, Gap, Verdict};

/// FNV-1a, stable across runs and platforms.
pub fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn pick<'a>(options: &[&'a str], seed: u64, salt: u64) -> &'a str {
    let i =
        (seed.rotate_left(salt as u32 * 7) ^ salt.wrapping_mul(0x9e37_79b9)) % options.len() as u64;
    options[i as usize]
}

fn list(labels: &[&str]) -> String {
    match labels.len() {
        0 => String::new(),
        1 => labels[0].to_string(),
        2 => format!("{} and {}", labels[0], labels[1]),
        n => format!("{}, and {}", labels[..n - 1].join(", "), labels[n - 1]),
    }
}

/// Labels in running text: each lowered (see [`lower_first`]) and listed.
fn lower_all(labels: &[&str]) -> String {
    let lowered: Vec<String> = labels.iter().map(|l| lower_first(l)).collect();
    list(&lowered.iter().map(String::as_str).collect::<Vec<_>>())
}

/// "Consistent hashing" -> "consistent hashing", but "OAuth2 grants ...", "RBAC" stay.
pub fn lower_first(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let mut c = s.chars();
    match c.next() {
        Some(f)
            if first_word
                .chars()
                .skip(1)
                .all(|x| !x.is_uppercase() && !x.is_ascii_digit()) =>
        {
            f.to_lowercase().collect::<String>() + c.as_str()
        }
        Some(_) => s.to_string(),
        None => String::new(),
    }
}

/// Criteria with verdict `v`, heaviest first.
fn by_verdict(results: &[CriterionResult], v: Verdict) -> Vec<&CriterionResult> {
    let mut out: Vec<&CriterionResult> = results.iter().filter(|r| r.verdict == v).collect();
    out.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    out
}

fn quote(r: &CriterionResult) -> Option<&str> {
    r.evidence.first().map(|e| e.quote.as_str())
}

/// Met concepts, heaviest first, each with the answer's words.
pub fn strengths(results: &[CriterionResult]) -> Vec<String> {
    by_verdict(results, Verdict::Met)
        .iter()
        .take(4)
        .map(|r| match quote(r) {
            Some(q) => format!("{}: \u{201C}{q}\u{201D}", r.label),
            None => r.label.clone(),
        })
        .collect()
}

/// Wrong claims first, then missed and partially covered concepts, heavier first within each.
pub fn gaps(results: &[CriterionResult]) -> Vec<Gap> {
    let mut out = Vec::new();
    for v in [Verdict::Contradicted, Verdict::Missed, Verdict::Partial] {
        for r in by_verdict(results, v) {
            out.push(Gap {
                criterion: r.id.clone(),
                label: r.label.clone(),
                why: why(r, out.len()),
            });
        }
    }
    out
}

/// The sentence under a gap. Lead-ins rotate down the list (`k` is the gap's position) so
/// consecutive gaps do not open alike.
fn why(r: &CriterionResult, k: usize) -> String {
    let expects = r.expects.trim();
    let rotate = |options: &[&'static str]| options[k % options.len()];
    match r.verdict {
        Verdict::Contradicted => {
            let said = quote(r)
                .map(|q| format!("You said \u{201C}{q}\u{201D}. "))
                .unwrap_or_default();
            let fix = if r.correction.trim().is_empty() {
                expects
            } else {
                r.correction.trim()
            };
            format!("{said}{fix}")
        }
        Verdict::Partial => {
            let lead = rotate(&[
                "Named, but not explained.",
                "Mentioned in passing.",
                "Touched on without the reasoning.",
            ]);
            format!("{lead} {expects}")
        }
        _ => expects.to_string(),
    }
}

/// The follow-up question: the probe of the most important wrong, missed or partial criterion
/// (`probes` aligned with `results`); the chain's next question only when the answer covered its
/// own question well (at least [`CHAIN_SCORE`] with no wrong claim).
pub fn followup(
    chain_next: &str,
    results: &[CriterionResult],
    probes: &[&str],
    score: f32,
) -> String {
    let chain = chain_next.trim();
    let clean = !results.iter().any(|r| r.verdict == Verdict::Contradicted);
    if !chain.is_empty() && clean && score >= CHAIN_SCORE {
        return chain.to_string();
    }
    let mut targets: Vec<(usize, &CriterionResult)> = results
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            r.verdict != Verdict::Met && !probes.get(*i).is_none_or(|p| p.trim().is_empty())
        })
        .collect();
    // the heaviest first; among equals a wrong claim before a gap before a partial mention
    let rank = |v: Verdict| match v {
        Verdict::Contradicted => 0,
        Verdict::Missed => 1,
        _ => 2,
    };
    targets.sort_by(|a, b| {
        b.1.weight
            .total_cmp(&a.1.weight)
            .then(rank(a.1.verdict).cmp(&rank(b.1.verdict)))
    });
    if let Some((i, _)) = targets.first() {
        return probes[*i].trim().to_string();
    }
    if !chain.is_empty() {
        return chain.to_string();
    }
    match by_verdict(results, Verdict::Met).first() {
        Some(r) => format!(
            "Suppose the load grows tenfold: what changes first around {}, and how would you notice?",
            lower_first(&r.label)
        ),
        None => "What would you build first, and why?".to_string(),
    }
}

/// Score at and above which the follow-up moves on to the chain's next question.
pub const CHAIN_SCORE: f32 = 7.0;

/// Labels of the criteria with verdict `v`, heaviest first, at most `n`.
fn labels(results: &[CriterionResult], v: Verdict, n: usize) -> Vec<&str> {
    by_verdict(results, v)
        .into_iter()
        .take(n)
        .map(|r| r.label.as_str())
        .collect()
}

/// A 2-4 sentence summary built from the verdicts.
pub fn summary(
    breakdown: &Breakdown,
    band: Band,
    results: &[CriterionResult],
    flags: &[Flag],
    seed: u64,
) -> String {
    let score = format!("{:.1}", breakdown.score);
    let counts = breakdown.describe();
    let opener = match band {
        Band::Excellent => pick(
            &[
                "A strong answer ({s}/10: {c}).",
                "Interview-ready ({s}/10: {c}).",
            ],
            seed,
            2,
        ),
        Band::Good => pick(
            &[
                "A good answer ({s}/10: {c}).",
                "Solid overall ({s}/10: {c}).",
            ],
            seed,
            2,
        ),
        Band::Adequate => pick(
            &[
                "A partial answer ({s}/10: {c}).",
                "The core is there, but thin ({s}/10: {c}).",
            ],
            seed,
            2,
        ),
        Band::Weak => pick(
            &[
                "A weak answer ({s}/10: {c}).",
                "This needs more substance ({s}/10: {c}).",
            ],
            seed,
            2,
        ),
        Band::Poor => pick(
            &[
                "This does not answer the question yet ({s}/10: {c}).",
                "Little here would earn credit ({s}/10: {c}).",
            ],
            seed,
            2,
        ),
    };
    let mut out = vec![opener.replace("{s}", &score).replace("{c}", &counts)];
    if flags.contains(&Flag::KeywordDump) {
        out.push(
            "It lists terms without explaining how they fit together; an interviewer wants the \
             reasoning, not a glossary."
                .into(),
        );
    } else if flags.contains(&Flag::OffTopic) {
        out.push("It is about a different subject than the one asked.".into());
    } else if flags.contains(&Flag::CopiedQuestion) {
        out.push("It mostly restates the question instead of answering it.".into());
    }
    let met = labels(results, Verdict::Met, 3);
    if !met.is_empty() && out.len() < 2 {
        let t = pick(
            &["It covers {} well.", "Good: {}.", "It gets {} right."],
            seed,
            3,
        );
        let named = list(&met);
        out.push(if t.starts_with("{}") || t.starts_with("Good") {
            t.replace("{}", &named)
        } else {
            t.replace("{}", &lower_all(&met))
        });
    }
    let wrong = labels(results, Verdict::Contradicted, 2);
    if !wrong.is_empty() {
        out.push(format!(
            "{} wrong about {}; see the correction below.",
            if wrong.len() == 1 {
                "One claim is"
            } else {
                "Claims are"
            },
            lower_all(&wrong)
        ));
    }
    let missed = labels(results, Verdict::Missed, 3);
    if !missed.is_empty() && out.len() < 4 {
        let t = pick(
            &[
                "It leaves out {}.",
                "Still missing: {}.",
                "To improve, cover {}.",
            ],
            seed,
            5,
        );
        out.push(t.replace("{}", &lower_all(&missed)));
    }
    let partial = labels(results, Verdict::Partial, 2);
    if !partial.is_empty() && out.len() < 4 {
        out.push(format!(
            "{} {} named but not explained.",
            list(&partial),
            if partial.len() == 1 { "is" } else { "are" }
        ));
    }
    if out.len() < 2 {
        out.push("Every expected concept is covered.".to_string());
    }
    out.truncate(4);
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grader::judgment::Evidence;

    fn r(id: &str, v: Verdict, w: f32) -> CriterionResult {
        CriterionResult {
            id: id.into(),
            label: format!("{} concept", id.to_uppercase()),
            weight: w,
            verdict: v,
            evidence: vec![],
            expects: format!("{id} matters because reasons."),
            correction: String::new(),
            phase: None,
        }
    }

    fn breakdown(results: &[CriterionResult], score: f32) -> Breakdown {
        let count = |v| results.iter().filter(|r| r.verdict == v).count();
        Breakdown {
            criteria: results.len(),
            met: count(Verdict::Met),
            partial: count(Verdict::Partial),
            missed: count(Verdict::Missed),
            contradicted: count(Verdict::Contradicted),
            score,
            ..Breakdown::default()
        }
    }

    #[test]
    fn the_followup_is_the_probe_of_the_heaviest_gap_or_the_chain_after_a_good_answer() {
        let rs = vec![
            r("a", Verdict::Met, 1.0),
            r("b", Verdict::Missed, 1.0),
            r("c", Verdict::Missed, 2.0),
        ];
        let probes = ["A?", "B?", "C?"];
        assert_eq!(followup("", &rs, &probes, 5.0), "C?");
        assert_eq!(followup("Next question?", &rs, &probes, 5.0), "C?");
        assert_eq!(
            followup("Next question?", &rs, &probes, 8.0),
            "Next question?"
        );
        // a wrong claim keeps the follow-up on this question, and outranks an equal gap
        let mut rs = rs;
        rs[1].verdict = Verdict::Contradicted;
        rs[2].weight = 1.0;
        assert_eq!(followup("Next question?", &rs, &probes, 8.0), "B?");
        // all met and no chain: a deeper question about the strongest concept
        let all = vec![r("a", Verdict::Met, 1.0)];
        assert!(followup("", &all, &["A?"], 9.0).contains("a concept"));
    }

    #[test]
    fn a_summary_names_only_what_each_verdict_says() {
        let rs = vec![
            r("alpha", Verdict::Met, 2.0),
            r("beta", Verdict::Missed, 1.0),
            r("gamma", Verdict::Partial, 1.0),
            r("delta", Verdict::Contradicted, 1.0),
        ];
        let mut seen = std::collections::HashSet::new();
        for seed in 0..20u64 {
            let s = summary(&breakdown(&rs, 5.5), Band::Adequate, &rs, &[], seed * 7919);
            assert!(s.contains("ALPHA concept"), "{s}");
            assert!(
                s.contains("wrong about dELTA concept") || s.contains("DELTA concept"),
                "{s}"
            );
            assert!(
                s.contains("1 of 4 concepts, 1 in part, one wrong claim"),
                "{s}"
            );
            assert!(
                !s.contains("leaves out ALPHA") && !s.contains("missing: ALPHA"),
                "{s}"
            );
            let n = s.matches(". ").count() + 1;
            assert!((2..=4).contains(&n), "{s}");
            seen.insert(s);
        }
        assert!(seen.len() >= 3, "wording varies: {seen:?}");
    }

    #[test]
    fn gaps_quote_wrong_claims_with_their_correction_and_give_the_why() {
        let mut wrong = r("a", Verdict::Contradicted, 1.0);
        wrong.evidence = vec![Evidence {
            start: 0,
            end: 10,
            quote: "writes are faster".into(),
        }];
        wrong.correction = "Write-through slows writes.".into();
        let g = gaps(&[
            r("b", Verdict::Missed, 2.0),
            wrong,
            r("c", Verdict::Partial, 1.0),
        ]);
        assert_eq!(g.len(), 3);
        assert_eq!(
            g[0].why,
            "You said \u{201C}writes are faster\u{201D}. Write-through slows writes."
        );
        assert_eq!(g[1].why, "b matters because reasons.");
        assert!(g[2].why.ends_with("c matters because reasons."));
        assert!(g[2].why.len() > "c matters because reasons.".len() + 5);
    }

    #[test]
    fn labels_keep_their_capitals_where_they_mean_something() {
        assert_eq!(lower_first("Consistent hashing"), "consistent hashing");
        assert_eq!(lower_first("OAuth2 grants access"), "OAuth2 grants access");
        assert_eq!(lower_first("RBAC roles"), "RBAC roles");
        // in a list every label is lowered, not only the first
        assert_eq!(
            lower_all(&["Eviction policy", "Expiry (TTL)", "TTL jitter"]),
            "eviction policy, expiry (TTL), and TTL jitter"
        );
    }
}
