//! Rubric extraction: turns a reference answer (markdown) into weighted criteria (3-8; one per
//! clause, so possibly fewer, for a reference of a few plain sentences: see `clauses`).
//!
//! The same extractor serves the bank (`whetstone rubrics extract`) and rubrics built on the fly
//! (an interviewer's own question, a benchmark item). Criteria come from what the reference
//! stresses, in order of trust: bullet heads and table row heads, headings and bold terms, named
//! technologies (capitalised words, acronyms), then key noun phrases. Generic words ("system",
//! "data", "design", ...) never make a criterion on their own, and a phrase the question already
//! states is demoted: repeating the question is not evidence of knowing the answer.

use crate::corpus::Difficulty;
use crate::text::is_generic;
use crate::text::tokenize::{normalize_word, tokenize};

use super::check::MAX_EXPECTS;
pub use super::check::{MAX_CRITERIA, MIN_CRITERIA};
use super::lexicon::{Lexicon, find_acronym_definitions};
use super::model::{Criterion, Origin, Rubric};
use super::{hint, pattern};

mod candidates;
mod clauses;
mod markdown;
#[cfg(test)]
mod tests;
mod words;

use candidates::{collect_line, in_compound, key_of, merge, merge_lists};
use markdown::{capitalise, clean_lines, clip, strip_md};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Chunk,
    Tech,
    Bold,
    Heading,
    Head,
}

impl Source {
    fn trust(self) -> f32 {
        match self {
            Source::Head => 3.0,
            Source::Heading => 2.5,
            Source::Bold => 2.5,
            Source::Tech => 1.8,
            Source::Chunk => 1.0,
        }
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    phrase: String,
    aliases: Vec<String>,
    key: Vec<String>,
    source: Source,
    /// The reference's explanation of the phrase (becomes the criterion's `expects`).
    expects: String,
    /// How many list items (technologies named in one sentence) were merged into it.
    list: usize,
    first: usize,
    count: usize,
}

/// Extracts a rubric for one question from its reference answer(s).
///
/// `references` are the question's reference answers in markdown (its own, then those of any
/// cross-referenced question). The rubric's id is `adhoc`, its topic `general` and difficulty
/// `medium`; the bank overwrites those fields.
///
/// These are drafts of the bank, held to the format's 3-8 concepts (`whetstone rubrics check`);
/// a rubric built on the fly from one reference is [`from_reference`].
pub fn from_references(prompt: &str, references: &[&str], lexicon: &Lexicon) -> Rubric {
    extract(prompt, references, lexicon, false)
}

/// Extracts a rubric on the fly from one reference answer (an interviewer's own question, a
/// benchmark item). As [`from_references`], except that a reference of a few plain sentences
/// becomes one criterion per clause (see `clauses`), possibly fewer than three.
pub fn from_reference(prompt: &str, reference: &str, lexicon: &Lexicon) -> Rubric {
    extract(prompt, &[reference], lexicon, true)
}

fn extract(prompt: &str, references: &[&str], lexicon: &Lexicon, claims: bool) -> Rubric {
    let question_stems: Vec<String> = tokenize(prompt)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem.into())
        .collect();
    let mut cands: Vec<Candidate> = Vec::new();
    let mut order = 0usize;
    let mut words = 0usize;
    let mut local_acronyms = Vec::new();
    let mut all_lines: Vec<String> = Vec::new();
    for reference in references {
        let lines = clean_lines(reference);
        all_lines.extend(lines.iter().cloned());
        for (i, line) in lines.iter().enumerate() {
            words += line.split_whitespace().count();
            local_acronyms.extend(find_acronym_definitions(line));
            let before = cands.len();
            collect_line(line, &mut cands, &mut order);
            // a heading or head with no explanation of its own takes the next line's text
            if let Some(next) = lines.get(i + 1) {
                let next = clip(
                    &strip_md(next.trim_start_matches(['*', '-', '+', ' ', '#'])),
                    180,
                );
                for c in &mut cands[before..] {
                    if c.expects.trim().is_empty() {
                        c.expects = next.clone();
                    }
                }
            }
        }
    }
    // a few plain sentences are claims: one criterion per clause, never fragments of it
    if claims
        && clauses::is_short(&all_lines)
        && let Some(criteria) = clauses::criteria(&all_lines, &question_stems)
    {
        return adhoc(prompt, criteria);
    }
    let mut lex = lexicon.clone();
    for a in &local_acronyms {
        lex.add_acronym(&a.short, &a.long);
    }
    let merged = merge_lists(merge(cands));
    let heads = merged.iter().filter(|c| c.source >= Source::Bold).count();
    let target = ((4.0 + words as f32 / 45.0).round() as usize)
        .max(heads)
        .clamp(MIN_CRITERIA, MAX_CRITERIA);
    let mut scored: Vec<(f32, Candidate, bool)> = merged
        .into_iter()
        .filter(|c| !c.key.is_empty())
        .map(|c| {
            let in_question = c.key.iter().all(|k| question_stems.contains(k));
            let mut score = c.source.trust() + 0.6 * (c.count as f32).ln_1p();
            if c.key.len() > 1 {
                score += 0.3;
            }
            if in_question {
                // a head the question names still counts when the reference explains it (the
                // grader then asks for that explanation); a bare echo of the question does not
                let explained =
                    c.source >= Source::Bold && c.expects.split_whitespace().count() >= 3;
                score -= if explained { 0.5 } else { 2.0 };
            }
            score -= c.first as f32 * 0.002;
            (score, c, in_question)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.first.cmp(&b.1.first)));
    let mut chosen: Vec<(Candidate, bool)> = Vec::new();
    for (_, c, inq) in scored {
        if chosen.len() >= target {
            break;
        }
        // a part of a chosen phrase ("Proof" of "Proof of Ownership") is no new concept, unless
        // the reference stresses the part on its own ("Serializability" beside "Strict
        // Serializability", both bolded)
        if c.source < Source::Bold && chosen.iter().any(|(o, _)| is_part_of(&c.phrase, &o.phrase)) {
            continue;
        }
        chosen.push((c, inq));
    }
    if chosen.len() < MIN_CRITERIA {
        fill_with_words(&all_lines, &question_stems, &mut chosen, &mut order);
    }
    if chosen.len() < MIN_CRITERIA {
        // a one-word reference: the question's own specific words complete the rubric
        fill_with_words(
            &[prompt.to_string()],
            &question_stems,
            &mut chosen,
            &mut order,
        );
    }
    // keep the reference's order for readability
    chosen.sort_by_key(|(c, _)| c.first);
    let mut criteria: Vec<Criterion> = Vec::new();
    for (c, in_question) in chosen {
        let mut weight = match c.source {
            Source::Head | Source::Heading | Source::Bold => 2.0,
            Source::Tech => 1.5,
            Source::Chunk => 1.0,
        };
        if in_question {
            weight *= 0.5;
        }
        let mut terms = vec![c.phrase.clone()];
        for a in c.aliases.clone() {
            if !terms.iter().any(|t| t.eq_ignore_ascii_case(&a)) {
                terms.push(a);
            }
        }
        for acr in &local_acronyms {
            let short_match = terms.iter().any(|t| t.eq_ignore_ascii_case(&acr.short));
            let long_match = terms.iter().any(|t| t.eq_ignore_ascii_case(&acr.long));
            if short_match && !long_match {
                terms.push(acr.long.clone());
            } else if long_match && !short_match {
                terms.push(acr.short.clone());
            }
        }
        let label = if c.list > 1 {
            let items: Vec<String> = std::iter::once(c.phrase.clone())
                .chain(c.aliases.iter().take(c.list - 1).cloned())
                .map(|p| pattern::plain(&p))
                .collect();
            capitalise(&match items.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => items.join(""),
            })
        } else {
            capitalise(&pattern::plain(&c.phrase))
        };
        let id = unique_slug(&label, &criteria);
        // terms are patterns: prose taken from the reference is made plain words
        let mut plain_terms: Vec<String> = Vec::new();
        for t in terms.iter().map(|t| pattern::plain(t)) {
            if !t.is_empty() && !plain_terms.iter().any(|p| p.eq_ignore_ascii_case(&t)) {
                plain_terms.push(t);
            }
        }
        if plain_terms.is_empty() || label.is_empty() {
            continue;
        }
        criteria.push(Criterion {
            id,
            label,
            weight,
            phase: None,
            subject: None,
            terms: plain_terms,
            expects: c.expects,
            wrong: Vec::new(),
            probe: String::new(),
        });
    }
    // what each criterion is shown with: the part of its hint that explains it
    let labels: Vec<String> = criteria.iter().map(|c| c.label.clone()).collect();
    let others: Vec<&str> = labels.iter().map(String::as_str).collect();
    for c in &mut criteria {
        let cleaned = hint::clean(&c.label, &c.expects, &others);
        c.expects = if cleaned.is_empty() {
            format!(
                "The reference answer counts {} as part of a complete answer.",
                c.label
            )
        } else {
            clip(&cleaned, MAX_EXPECTS)
        };
    }
    adhoc(prompt, criteria)
}

/// An extracted rubric of `criteria` for `prompt`, before the bank gives it an id and topic.
fn adhoc(prompt: &str, criteria: Vec<Criterion>) -> Rubric {
    Rubric {
        id: "adhoc".into(),
        prompt: prompt.trim().to_string(),
        topic: "general".into(),
        difficulty: Difficulty::Medium,
        sources: Vec::new(),
        origin: Origin::Extracted,
        note: String::new(),
        criteria,
        followup: String::new(),
    }
}

/// Short references ("At the main function.") may not yield three phrases: top up with their
/// most specific single content words (longest first, words of the question last).
fn fill_with_words(
    lines: &[String],
    question: &[String],
    chosen: &mut Vec<(Candidate, bool)>,
    order: &mut usize,
) {
    let mut pool: Vec<((bool, bool), usize, Candidate)> = Vec::new();
    for line in lines {
        let plain = strip_md(line);
        for t in tokenize(&plain) {
            if t.stop
                || in_compound(&plain, t.start, t.end)
                || is_generic(&t.norm)
                || t.norm.chars().count() < 3
                || t.norm.chars().all(|c| c.is_ascii_digit())
            {
                continue;
            }
            let key = vec![t.stem.to_string()];
            if chosen.iter().any(|(c, _)| c.key == key) || pool.iter().any(|(_, _, c)| c.key == key)
            {
                continue;
            }
            *order += 1;
            let cand = Candidate {
                phrase: plain[t.start..t.end].to_string(),
                aliases: Vec::new(),
                key,
                source: Source::Chunk,
                expects: clip(&plain, 180),
                first: *order,
                count: 1,
                list: 1,
            };
            // words of phrases already chosen come last: they add little beside their phrase
            let part = chosen
                .iter()
                .any(|(c, _)| c.key.iter().any(|k| k == t.stem));
            pool.push((
                (part, question.iter().any(|q| q == t.stem)),
                usize::MAX - t.norm.len(),
                cand,
            ));
        }
    }
    pool.sort_by_key(|a| (a.0, a.1, a.2.first));
    for ((_, inq), _, c) in pool {
        if chosen.len() >= MIN_CRITERIA {
            break;
        }
        chosen.push((c, inq));
    }
}

/// Every word of `part` is a word of `whole` (case-insensitive; words split at anything but
/// letters and digits): "Proof" of "Proof of Ownership", "DB" of "DB per service", but not
/// "Write-through" of "Write-back".
fn is_part_of(part: &str, whole: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (p, w) = (words(part), words(whole));
    !p.is_empty() && p.len() < w.len() && p.iter().all(|x| w.contains(x))
}

fn unique_slug(label: &str, existing: &[Criterion]) -> String {
    let mut slug = String::new();
    for w in label.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&normalize_word(w));
    }
    if slug.is_empty() {
        slug = "criterion".into();
    }
    let mut id = slug.clone();
    let mut n = 2;
    while existing.iter().any(|c| c.id == id) {
        id = format!("{slug}-{n}");
        n += 1;
    }
    id
}

/// A stable, content-only stem key used elsewhere to compare phrases (sorted unique stems).
pub fn phrase_key(phrase: &str) -> Vec<String> {
    key_of(phrase)
}
