//! Interviewer-style feedback: strengths, gaps, a follow-up question and a short summary.
//!
//! Texts come from several templates; which one is used is chosen deterministically from a hash
//! of the answer, so the same answer always gets the same words, but different answers read
//! differently. Every summary names specific concepts from the rubric.

use super::judgment::{Band, CriterionResult, Flag, Gap, Verdict};

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

fn lower_first(s: &str) -> String {
    // "Consistent hashing" -> "consistent hashing", but "Strict Access Logs", "RBAC" stay
    let mut c = s.chars();
    match c.next() {
        Some(f) if s.len() > 1 && s.chars().skip(1).all(|x| !x.is_uppercase()) => {
            f.to_lowercase().collect::<String>() + c.as_str()
        }
        Some(_) => s.to_string(),
        None => String::new(),
    }
}

/// Criteria ordered by weight (heaviest first), filtered by verdict.
fn by_verdict(results: &[CriterionResult], v: Verdict) -> Vec<&CriterionResult> {
    let mut out: Vec<&CriterionResult> = results.iter().filter(|r| r.verdict == v).collect();
    out.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    out
}

pub fn strengths(results: &[CriterionResult]) -> Vec<String> {
    by_verdict(results, Verdict::Met)
        .iter()
        .take(4)
        .map(|r| match r.evidence.first() {
            Some(e) => format!("Covers {}: \"{}\"", lower_first(&r.label), e.quote),
            None => format!("Covers {}", lower_first(&r.label)),
        })
        .collect()
}

/// Gaps, worst first (contradicted, missed, partial; heavier criteria first within each), each
/// with why it matters: the criterion's own explanation from the reference when it has one, led
/// in by what the answer did with it; else a plain statement of what is expected, never the
/// label echoed back.
pub fn gaps(results: &[CriterionResult]) -> Vec<Gap> {
    let mut out = Vec::new();
    for v in [Verdict::Contradicted, Verdict::Missed, Verdict::Partial] {
        for r in by_verdict(results, v) {
            let why = why_it_matters(r, v, out.len());
            out.push(Gap {
                criterion: r.id.clone(),
                label: r.label.clone(),
                why,
            });
        }
    }
    out
}

/// Lead-ins rotate down the list of gaps (`k` is the gap's position), so consecutive gaps do not
/// open with the same words.
fn why_it_matters(r: &CriterionResult, v: Verdict, k: usize) -> String {
    let label = lower_first(&r.label);
    let hint = r.hint.trim();
    let seed = stable_hash(&r.id);
    let rotate = |options: &[&'static str]| options[k % options.len()];
    match (v, hint.is_empty()) {
        (Verdict::Contradicted, false) => {
            format!("The answer argues against {label}, but the reference relies on it: {hint}")
        }
        (Verdict::Contradicted, true) => format!(
            "The answer argues against {label}, which the reference treats as part of a sound \
             design; an interviewer would ask you to defend that."
        ),
        (Verdict::Partial, false) => {
            let lead = rotate(&[
                "Named, but not explained. The point to make:",
                "Mentioned in passing; say how it works here.",
                "Touched on without the reasoning. Expected:",
            ]);
            format!("{lead} {hint}")
        }
        (Verdict::Partial, true) => format!(
            "Mentioned in passing; say what {label} does in this design and what goes wrong \
             without it."
        ),
        (_, false) => {
            let lead = rotate(&[
                "Not covered. The reference's point:",
                "Left out; an interviewer would expect:",
                "Missing, and it matters here:",
            ]);
            format!("{lead} {hint}")
        }
        (_, true) => pick(
            &[
                "Not mentioned, though the reference answer counts {} as part of a complete \
                 answer; say where it fits and why.",
                "Missing: a complete answer covers {}, with where it fits and what it buys.",
            ],
            seed,
            3,
        )
        .replace("{}", &label),
    }
}

/// The next follow-up: the chain's next question when the rubric has one, else a question about
/// the most important missed (or contradicted, or partial) criterion.
pub fn followup(chain_next: &str, results: &[CriterionResult], seed: u64) -> String {
    if !chain_next.trim().is_empty() {
        return chain_next.trim().to_string();
    }
    let target = [Verdict::Contradicted, Verdict::Missed, Verdict::Partial]
        .iter()
        .find_map(|&v| by_verdict(results, v).first().copied());
    match target {
        Some(r) => {
            let label = lower_first(&r.label);
            let t = pick(
                &[
                    "How would {} fit into your design, and what problem does it solve here?",
                    "Where does {} come in, and what would break without it?",
                    "Walk me through {}: how would you apply it to this problem?",
                    "What role would {} play here, and what trade-offs does it bring?",
                ],
                seed,
                1,
            );
            t.replace("{}", &label)
        }
        None => {
            let strongest = by_verdict(results, Verdict::Met)
                .first()
                .map(|r| lower_first(&r.label));
            match strongest {
                Some(l) => format!(
                    "Suppose load grows tenfold: what changes first around {l}, and how do you detect it?"
                ),
                None => "What would you build first, and why?".to_string(),
            }
        }
    }
}

/// A 2-4 sentence summary naming concepts.
pub fn summary(
    score: f32,
    band: Band,
    results: &[CriterionResult],
    flags: &[Flag],
    seed: u64,
) -> String {
    let met: Vec<&str> = by_verdict(results, Verdict::Met)
        .iter()
        .take(3)
        .map(|r| r.label.as_str())
        .collect();
    let partial: Vec<&str> = by_verdict(results, Verdict::Partial)
        .iter()
        .take(2)
        .map(|r| r.label.as_str())
        .collect();
    let missed: Vec<&str> = by_verdict(results, Verdict::Missed)
        .iter()
        .take(3)
        .map(|r| r.label.as_str())
        .collect();
    let contra: Vec<&str> = by_verdict(results, Verdict::Contradicted)
        .iter()
        .take(2)
        .map(|r| r.label.as_str())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let opener = match band {
        Band::Excellent => pick(
            &[
                "A strong answer ({s}/10).",
                "Excellent work ({s}/10).",
                "This is interview-ready ({s}/10).",
            ],
            seed,
            2,
        ),
        Band::Good => pick(
            &[
                "A good answer ({s}/10).",
                "Solid overall ({s}/10).",
                "Mostly there ({s}/10).",
            ],
            seed,
            2,
        ),
        Band::Adequate => pick(
            &[
                "An adequate answer ({s}/10).",
                "The core is there, but thin ({s}/10).",
                "A partial answer ({s}/10).",
            ],
            seed,
            2,
        ),
        Band::Weak => pick(
            &[
                "A weak answer ({s}/10).",
                "This needs more substance ({s}/10).",
                "Too little of the expected ground is covered ({s}/10).",
            ],
            seed,
            2,
        ),
        Band::Poor => pick(
            &[
                "This does not answer the question yet ({s}/10).",
                "A poor answer ({s}/10).",
                "Little here would earn credit ({s}/10).",
            ],
            seed,
            2,
        ),
    };
    out.push(opener.replace("{s}", &format!("{score:.1}")));
    if flags.contains(&Flag::KeywordDump) {
        out.push(format!(
            "{} named without explaining how they fit together; an interviewer wants the reasoning, not a glossary.",
            if met.is_empty() { "Terms are".to_string() } else { format!("{} are", list(&met)) }
        ));
    } else if flags.contains(&Flag::OffTopic) {
        out.push("Much of it addresses a different problem than the one asked.".to_string());
    } else if flags.contains(&Flag::CopiedQuestion) {
        out.push("It mostly restates the question instead of answering it.".to_string());
    } else if !met.is_empty() {
        let t = pick(
            &[
                "It explains {} well.",
                "Good coverage of {}.",
                "The answer gets {} right.",
                "{} are handled convincingly.",
            ],
            seed,
            3,
        );
        let listed = list(&met);
        let s = if t.starts_with("{}") {
            t.replace("{}", &listed)
        } else {
            t.replace("{}", &lower_first(&listed))
        };
        out.push(s);
    }
    if !contra.is_empty() {
        out.push(
            pick(
                &[
                    "It argues against {}, which the reference relies on.",
                    "The claims about {} are wrong or dismissive.",
                ],
                seed,
                4,
            )
            .replace("{}", &list(&contra)),
        );
    }
    if !missed.is_empty() && out.len() < 4 {
        let t = pick(
            &[
                "It misses {}.",
                "Still missing: {}.",
                "To improve, cover {}.",
                "An interviewer would probe {} next.",
            ],
            seed,
            5,
        );
        out.push(t.replace("{}", &lower_first(&list(&missed))));
    } else if !partial.is_empty() && out.len() < 4 {
        out.push(format!("Go deeper on {}.", lower_first(&list(&partial))));
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

    fn r(id: &str, v: Verdict, w: f32) -> CriterionResult {
        CriterionResult {
            id: id.into(),
            label: id.to_uppercase(),
            weight: w,
            verdict: v,
            evidence: vec![],
            hint: format!("{id} matters"),
        }
    }

    #[test]
    fn followup_prefers_chain_then_heaviest_missed() {
        let rs = vec![
            r("a", Verdict::Met, 1.0),
            r("b", Verdict::Missed, 1.0),
            r("c", Verdict::Missed, 2.0),
        ];
        assert_eq!(followup("Next question?", &rs, 1), "Next question?");
        let f = followup("", &rs, 1);
        assert!(f.contains('C'), "{f}");
    }

    #[test]
    fn summaries_vary_and_name_concepts() {
        let rs = vec![
            r("alpha", Verdict::Met, 1.0),
            r("beta", Verdict::Missed, 1.0),
        ];
        let mut seen = std::collections::HashSet::new();
        for seed in 0..20u64 {
            let s = summary(
                6.0,
                Band::Adequate,
                &rs,
                &[],
                stable_hash(&seed.to_string()),
            );
            assert!(s.contains("ALPHA") && s.contains("BETA"), "{s}");
            let n = s.matches(". ").count() + 1;
            assert!((2..=4).contains(&n), "{s}");
            seen.insert(s);
        }
        assert!(seen.len() >= 4, "templates vary: {seen:?}");
    }

    #[test]
    fn gaps_explain_why() {
        let rs = vec![
            r("a", Verdict::Contradicted, 1.0),
            r("b", Verdict::Missed, 1.0),
        ];
        let g = gaps(&rs);
        assert_eq!(g.len(), 2);
        assert!(g[0].why.contains("a matters"));
    }

    #[test]
    fn a_gap_without_an_explanation_says_what_is_expected_instead_of_echoing_the_label() {
        for v in [Verdict::Contradicted, Verdict::Missed, Verdict::Partial] {
            let mut c = r("dead-letter queue", v, 1.0);
            c.label = "Dead-letter queue".into();
            c.hint = String::new();
            let why = &gaps(&[c])[0].why;
            assert!(why.contains("dead-letter queue"), "{why}");
            assert!(why.split_whitespace().count() >= 10, "{why}");
            assert!(why.ends_with('.'), "{why}");
        }
        // a missed criterion with an explanation says so before giving it
        let mut c = r("y", Verdict::Missed, 1.0);
        c.hint = "Logs must not be lost.".into();
        let why = &gaps(&[c])[0].why;
        assert!(why.ends_with(" Logs must not be lost."), "{why}");
        assert!(why.len() > "Logs must not be lost.".len() + 10, "{why}");
        // consecutive gaps do not open with the same words
        let (mut a, mut b) = (r("a", Verdict::Missed, 1.0), r("b", Verdict::Missed, 1.0));
        a.hint = "Logs must not be lost.".into();
        b.hint = "Millions of events per second.".into();
        let g = gaps(&[a, b]);
        let first = |w: &str| w.split_whitespace().next().unwrap_or("").to_string();
        assert_ne!(first(&g[0].why), first(&g[1].why), "{g:?}");
        // a partial mention leads in with what is lacking, then the reference's point
        let mut c = r("x", Verdict::Partial, 1.0);
        c.hint = "Retries must be idempotent.".into();
        let why = &gaps(&[c])[0].why;
        assert!(why.ends_with("Retries must be idempotent."), "{why}");
        assert!(
            why.len() > "Retries must be idempotent.".len() + 10,
            "{why}"
        );
    }
}
