//! Rubrics for follow-up questions: a follow-up is graded by what it asks, never by the whole
//! rubric of the question it follows.
//!
//! - A `probe` (the follow-up the grader chose for a missed or wrong criterion) is graded by that
//!   criterion alone: its terms, its `expects`, its wrong claims.
//! - An interviewer's own follow-up text is graded by the criteria of the parent question it
//!   targets: those whose label, terms, `expects` or probe share words with the text (the text of a probe
//!   targets exactly its criterion). Text that targets no criterion gets no rubric: the answer is
//!   recorded ungraded and the interviewer scores it.
//!
//! (A follow-up that is the next link of a question's chain is a bank question with a rubric of
//! its own.)

use crate::text::is_generic;
use crate::text::tokenize::tokenize;

use super::model::{Criterion, Rubric};

/// At most this many of the parent's criteria make a follow-up's rubric.
pub const MAX_TARGETS: usize = 3;

/// The parent's criterion whose probe is `probe` (compared trimmed).
pub fn criterion_for_probe<'r>(parent: &'r Rubric, probe: &str) -> Option<&'r Criterion> {
    let probe = probe.trim();
    if probe.is_empty() {
        return None;
    }
    parent.criteria.iter().find(|c| c.probe.trim() == probe)
}

/// The rubric of a follow-up that asks `prompt` about `criteria` of `parent`: those criteria
/// only, without their probes (a follow-up's own follow-up is not the same question again), and
/// no chain link.
fn of_criteria(parent: &Rubric, prompt: &str, criteria: Vec<Criterion>, suffix: &str) -> Rubric {
    Rubric {
        id: format!("{}#{suffix}", parent.id),
        prompt: prompt.trim().to_string(),
        topic: parent.topic.clone(),
        difficulty: parent.difficulty,
        sources: parent.sources.clone(),
        origin: parent.origin,
        note: String::new(),
        criteria: criteria
            .into_iter()
            .map(|c| Criterion {
                probe: String::new(),
                ..c
            })
            .collect(),
        followup: String::new(),
    }
}

/// The rubric of the probe of `parent`'s criterion `criterion_id`: that criterion alone.
pub fn for_criterion(parent: &Rubric, criterion_id: &str) -> Option<Rubric> {
    let c = parent.criteria.iter().find(|c| c.id == criterion_id)?;
    let prompt = if c.probe.trim().is_empty() {
        c.label.as_str()
    } else {
        c.probe.as_str()
    };
    Some(of_criteria(parent, prompt, vec![c.clone()], &c.id))
}

/// Content stems of `text` that say something specific: not stop words, not generic, not words
/// of the parent question itself (every follow-up repeats its subject).
fn specific_stems(text: &str, question: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tokenize(text)
        .into_iter()
        .filter(|t| !t.stop && t.stem.len() > 1 && !is_generic(&t.norm))
        .map(|t| t.stem.to_string())
        .filter(|s| !question.contains(s))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Letters two stems share at the start to count as one word family ("expir" of "expire" and
/// "expiri" of "expiry").
const FAMILY_PREFIX: usize = 5;

fn same_family(a: &str, b: &str) -> bool {
    a == b
        || a.len() >= FAMILY_PREFIX
            && b.len() >= FAMILY_PREFIX
            && a.is_char_boundary(FAMILY_PREFIX)
            && b.is_char_boundary(FAMILY_PREFIX)
            && a[..FAMILY_PREFIX] == b[..FAMILY_PREFIX]
}

/// The rubric of an interviewer's follow-up `text` to the question of `parent`: the criteria it
/// targets (see the module comment), or `None` when it targets none.
pub fn for_text(parent: &Rubric, text: &str) -> Option<Rubric> {
    if let Some(c) = criterion_for_probe(parent, text) {
        return Some(of_criteria(parent, text, vec![c.clone()], &c.id));
    }
    let question: Vec<String> = tokenize(&parent.prompt)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem.to_string())
        .collect();
    let asked = specific_stems(text, &question);
    if asked.is_empty() {
        return None;
    }
    let mut scored: Vec<(usize, usize)> = parent
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut about = c.label.clone();
            for t in &c.terms {
                about.push(' ');
                about.push_str(&t.replace(['*', '(', ')', '|', '!', '&'], " "));
            }
            for more in [&c.expects, &c.probe] {
                about.push(' ');
                about.push_str(more);
            }
            let words = specific_stems(&about, &question);
            let shared = asked
                .iter()
                .filter(|a| words.iter().any(|w| same_family(a, w)))
                .count();
            (shared, i)
        })
        .filter(|&(shared, _)| shared > 0)
        .collect();
    // most shared words first; among equals the parent's order
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = scored.first()?.0;
    let picked: Vec<Criterion> = scored
        .iter()
        .filter(|(shared, _)| *shared * 2 >= best)
        .take(MAX_TARGETS)
        .map(|&(_, i)| parent.criteria[i].clone())
        .collect();
    let suffix = picked
        .iter()
        .map(|c| c.id.as_str())
        .collect::<Vec<_>>()
        .join("+");
    Some(of_criteria(parent, text, picked, &suffix))
}

/// [`for_text`] on stored JSON: the follow-up rubric of `text` under the stored rubric `parent`;
/// `None` when the parent is unreadable or the text targets none of its criteria.
pub fn for_text_json(parent: serde_json::Value, text: &str) -> Option<serde_json::Value> {
    let parent: Rubric = serde_json::from_value(parent).ok()?;
    serde_json::to_value(for_text(&parent, text)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grader::Grader;
    use crate::grader::Verdict;
    use crate::rubric::{Lexicon, Misconception};

    fn parent() -> Rubric {
        let mut redirect = Criterion::new(
            "redirect-status",
            "Redirect with 301 vs 302",
            1.5,
            &["301", "302", "permanent redirect", "temporary redirect"],
            "The redirect answers 301 (browsers cache it) or 302 (every click reaches the service, so analytics keep working), a deliberate trade-off.",
        );
        redirect.probe =
            "Would you return 301 or 302 for a redirect, and what do you lose with each?".into();
        redirect.wrong.push(Misconception {
            pattern: "301 .. (count* | track*) (every | each | all)? (the)? clicks?".into(),
            example: "Use a 301 redirect so we can count every click.".into(),
            correction: "Browsers cache a 301, so later clicks never reach the service.".into(),
        });
        let mut codes = Criterion::new(
            "short-codes",
            "Short codes from a counter in base62",
            2.0,
            &["base62", "base 62", "counter", "ticket server"],
            "Codes come from a distributed counter encoded in base62, so they are short and never collide.",
        );
        codes.probe = "How do you generate short codes that never collide?".into();
        let mut store = Criterion::new(
            "kv-store",
            "Key-value store partitioned by short code",
            1.5,
            &["key-value", "dynamodb", "cassandra"],
            "The code-to-URL mapping is a key-value lookup served by a partitioned, replicated store.",
        );
        store.probe = "Which database holds the code-to-URL mapping?".into();
        Rubric::new(
            "001-1",
            "Design a URL shortener.",
            "system-design",
            vec![redirect, codes, store],
        )
    }

    #[test]
    fn a_probe_is_graded_by_its_criterion_alone() {
        let p = parent();
        let probe = &p.criteria[0].probe;
        let c = criterion_for_probe(&p, &format!("  {probe} ")).unwrap();
        assert_eq!(c.id, "redirect-status");
        let r = for_criterion(&p, "redirect-status").unwrap();
        assert_eq!(r.criteria.len(), 1);
        assert_eq!(r.criteria[0].id, "redirect-status");
        assert_eq!(r.prompt, *probe);
        assert_eq!(r.id, "001-1#redirect-status");
        assert!(r.criteria[0].probe.is_empty() && r.followup.is_empty());
        assert_eq!(r.criteria[0].wrong.len(), 1, "wrong claims are kept");
        assert!(for_criterion(&p, "nope").is_none());
        assert!(criterion_for_probe(&p, "").is_none());
    }

    #[test]
    fn a_good_answer_to_a_probe_scores_well_and_a_wrong_one_is_corrected() {
        let r = for_criterion(&parent(), "redirect-status").unwrap();
        let g = Grader::new(Lexicon::builtin());
        let good = g.grade(
            &r,
            "I would return a 302 temporary redirect: browsers cache a 301, so later clicks \
             would skip our service and the click analytics would miss them. A 301 saves load \
             when the link never changes and we do not need the counts.",
        );
        assert!(good.score >= 7.0, "{}", good.score);
        assert_eq!(good.criteria[0].verdict, Verdict::Met);
        let wrong = g.grade(
            &r,
            "Use a 301 redirect so we can count every click in the analytics dashboard.",
        );
        assert_eq!(wrong.criteria[0].verdict, Verdict::Contradicted);
        assert!(wrong.score < 3.0, "{}", wrong.score);
        // the parent's other concepts are not asked, so they are not reported missing
        assert!(good.gaps.is_empty(), "{:?}", good.gaps);
    }

    #[test]
    fn interviewer_text_targets_the_criteria_it_names() {
        let p = parent();
        let r = for_text(&p, "Why base62, and where does the counter live?").unwrap();
        assert_eq!(
            r.criteria.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["short-codes"]
        );
        assert_eq!(r.prompt, "Why base62, and where does the counter live?");
        // word families match ("partitioning" asks about "partitioned")
        let r = for_text(&p, "And how would you go about partitioning?").unwrap();
        assert_eq!(r.criteria[0].id, "kv-store");
        // a probe pasted as text targets exactly its criterion
        let r = for_text(&p, &p.criteria[2].probe).unwrap();
        assert_eq!(r.criteria.len(), 1);
        assert_eq!(r.criteria[0].id, "kv-store");
        // words of the question itself target nothing; nor does text about something else
        assert!(for_text(&p, "Design the URL shortener again?").is_none());
        assert!(for_text(&p, "Tell me about your last holiday.").is_none());
    }
}
