//! Rubric extraction: turns a reference answer (markdown) into 3-12 weighted criteria.
//!
//! The same extractor serves the bank (`whetstone rubrics extract`) and rubrics built on the fly
//! (an interviewer's own question, a benchmark item). Criteria come from what the reference
//! stresses, in order of trust: bullet heads and table row heads, headings and bold terms, named
//! technologies (capitalised words, acronyms), then key noun phrases. Generic words ("system",
//! "data", "design", ...) never make a criterion on their own, and a phrase the question already
//! states is demoted: repeating the question is not evidence of knowing the answer.

use std::collections::HashMap;

use crate::corpus::Difficulty;
use crate::text::tokenize::{Token, normalize_word, tokenize};
use crate::text::{is_generic, is_generic_phrase};

use super::check::MAX_EXPECTS;
pub use super::check::{MAX_CRITERIA, MIN_CRITERIA};
use super::lexicon::{Lexicon, find_acronym_definitions};
use super::model::{Criterion, Origin, Rubric};
use super::{hint, pattern};

/// Verbs and other words that end a noun phrase when chunking sentences.
const PHRASE_BREAKERS: &[&str] = &[
    "allow", "allows", "are", "be", "becomes", "can", "causes", "contains", "ensure", "ensures",
    "get", "gets", "give", "gives", "has", "have", "helps", "is", "keep", "keeps", "lets", "make",
    "makes", "means", "need", "needs", "prevent", "prevents", "provide", "provides", "reduce",
    "reduces", "require", "requires", "return", "returns", "see", "sees", "store", "stores",
    "support", "supports", "use", "used", "uses", "using", "was", "were", "will", "would",
];

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
pub fn from_references(prompt: &str, references: &[&str], lexicon: &Lexicon) -> Rubric {
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

/// Extracts a rubric from one reference answer. See [`from_references`].
pub fn from_reference(prompt: &str, reference: &str, lexicon: &Lexicon) -> Rubric {
    from_references(prompt, &[reference], lexicon)
}

/// Strips fenced code, diagram lines, `**Answer:**` / `**A:**` labels and emoji, one line each.
fn clean_lines(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for raw in markdown.lines() {
        let t = raw.trim();
        if t.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code
            || t.is_empty()
            || t.starts_with("---")
            || t.starts_with("|--")
            || t.starts_with("| --")
        {
            continue;
        }
        let alnum = t.chars().filter(|c| c.is_alphanumeric()).count();
        if alnum * 2 < t.chars().count() && !t.starts_with('|') {
            continue; // diagrams and separators
        }
        let mut s: String = strip_markers(t)
            .chars()
            .filter(|c| !is_symbolic(*c))
            .collect::<String>()
            .replace("**Answer:**", "")
            .replace("**A:**", "")
            .replace("**Q:**", "");
        s = s.trim().to_string();
        if !s.is_empty() {
            out.push(s);
        }
    }
    out
}

/// Drops corpus bookkeeping markers: "(Repeated).", "(Same as Q291).", "(See Q103)."
fn strip_markers(line: &str) -> String {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?i)\((repeated|same as [^)]*|see q[^)]*)\)\.?").expect("valid regex")
    });
    re.replace_all(line, "").into_owned()
}

fn is_symbolic(c: char) -> bool {
    let u = c as u32;
    (0x1F000..=0x1FFFF).contains(&u)
        || (0x2600..=0x27BF).contains(&u)
        || (0xFE00..=0xFE0F).contains(&u)
        || u == 0x200D
}

fn strip_md(s: &str) -> String {
    s.replace("**", "")
        .replace('`', "")
        .replace("__", "")
        .trim()
        .to_string()
}

fn collect_line(line: &str, cands: &mut Vec<Candidate>, order: &mut usize) {
    // headings
    if let Some(rest) = line.strip_prefix('#') {
        let h = strip_md(rest.trim_start_matches('#'));
        let h = strip_numbering(&h);
        push(cands, order, &h, Source::Heading, "");
        return;
    }
    // table rows: first cell is the row head, the rest is its explanation
    if line.starts_with('|') {
        let cells: Vec<String> = line
            .trim_matches('|')
            .split('|')
            .map(|c| strip_md(c.trim()))
            .filter(|c| !c.is_empty())
            .collect();
        if cells.len() >= 2 {
            let hint = cells[1..].join("; ");
            push(cands, order, &cells[0], Source::Head, &hint);
        }
        return;
    }
    let t = line.trim_start();
    let body = ["* ", "- ", "+ ", "*\t", "-\t"]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .unwrap_or(t)
        .trim_start();
    let body = strip_numbering(body);
    // bullet / paragraph heads: "**Head:** explanation" or "Head: explanation"
    let mut rest_for_chunks = body.to_string();
    if let Some((head, tail)) = split_head(&body) {
        push(cands, order, &head, Source::Head, tail.trim());
        rest_for_chunks = tail.to_string();
    }
    // inline bold terms
    let sentence_hint = strip_md(&body);
    let mut s = body.as_str();
    while let Some(a) = s.find("**") {
        let after = &s[a + 2..];
        let Some(b) = after.find("**") else { break };
        let term = after[..b].trim().trim_end_matches(':').trim();
        if !term.is_empty() && term.split_whitespace().count() <= 6 {
            push(
                cands,
                order,
                term,
                Source::Bold,
                &own_sentence(&sentence_hint, term),
            );
        }
        s = &after[b + 2..];
    }
    // quoted terms ("Strict Serializability")
    for q in quoted(&body) {
        // named concepts only, not quoted examples ("Max 1 request per second", 'ABC')
        let named = q.split_whitespace().count() <= 3
            && !q.chars().any(|c| c.is_ascii_digit())
            && q.split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase));
        if named {
            push(
                cands,
                order,
                &q,
                Source::Bold,
                &own_sentence(&sentence_hint, &q),
            );
        }
    }
    // technologies and noun phrases, per sentence
    let plain = strip_md(&rest_for_chunks);
    for sentence in split_sentences(&plain) {
        chunk_sentence(sentence, cands, order);
    }
}

/// The sentence of `text` that states `term`, with the sentence after it when the term's own
/// sentence is little more than the term ("**Linearizability:** Real-time guarantee …"); the
/// whole text when no sentence names it. A term bolded in a paragraph that explains several is
/// explained by its own sentence, not by its neighbours'.
fn own_sentence(text: &str, term: &str) -> String {
    let sentences = split_sentences(text);
    let lower = term.to_lowercase();
    let Some(i) = sentences
        .iter()
        .position(|s| s.to_lowercase().contains(&lower))
    else {
        return text.to_string();
    };
    let own = sentences[i];
    let beyond = own.split_whitespace().count()
        - term
            .split_whitespace()
            .count()
            .min(own.split_whitespace().count());
    if let Some(next) = sentences.get(i + 1).filter(|_| beyond < 3) {
        return format!("{own} {next}");
    }
    own.to_string()
}

fn quoted(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [('"', '"'), ('\u{201C}', '\u{201D}')] {
        let mut rest = s;
        while let Some(a) = rest.find(open) {
            let after = &rest[a + open.len_utf8()..];
            let Some(b) = after.find(close) else { break };
            out.push(after[..b].trim().to_string());
            rest = &after[b + close.len_utf8()..];
        }
    }
    out
}

fn strip_numbering(s: &str) -> String {
    let t = s.trim();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 3 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))
            && r.starts_with(char::is_whitespace)
        {
            return r.trim().to_string();
        }
    }
    t.to_string()
}

/// "**Head:** tail" or "Head: tail" with a short head.
fn split_head(body: &str) -> Option<(String, String)> {
    let plain_idx = body.find(':')?;
    let (head, tail) = body.split_at(plain_idx);
    let mut tail = &tail[1..];
    let mut head = head.to_string();
    if head.starts_with("**") && !head[2..].contains("**") {
        // "**Head:** tail" – the closing ** sits after the colon
        tail = tail.trim_start_matches("**");
    }
    head = strip_md(&head);
    let n = head.split_whitespace().count();
    if n == 0 || n > 6 || head.contains("http") {
        return None;
    }
    Some((head, tail.to_string()))
}

fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if (c == b'.' || c == b';' || c == b'!' || c == b'?')
            && b.get(i + 1).is_none_or(|n| *n == b' ')
        {
            out.push(&text[start..=i]);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_breaker(norm: &str) -> bool {
    PHRASE_BREAKERS.binary_search(&norm).is_ok()
}

/// Noun-phrase chunks (runs of content words between function words, verbs and punctuation) and
/// named technologies (capitalised, CamelCase, acronyms, digits) of one sentence.
fn chunk_sentence(sentence: &str, cands: &mut Vec<Candidate>, order: &mut usize) {
    // named phrases joined by a function word: "Proof of Ownership", "Separation of Concerns"
    static NAMED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let named = NAMED.get_or_init(|| {
        regex::Regex::new(r"\b[A-Z][a-z]+(?: (?:of|and|for|to|in) [A-Z][a-z]+)+\b")
            .expect("valid regex")
    });
    for m in named.find_iter(sentence) {
        push(cands, order, m.as_str(), Source::Tech, sentence.trim());
    }
    let toks = tokenize(sentence);
    let content = toks.iter().filter(|t| !t.stop).count();
    let hint = sentence.trim().to_string();
    let mut run: Vec<&Token> = Vec::new();
    let flush = |run: &mut Vec<&Token>, cands: &mut Vec<Candidate>, order: &mut usize| {
        while run.first().is_some_and(|t| is_generic(&t.norm)) {
            run.remove(0);
        }
        while run.last().is_some_and(|t| is_generic(&t.norm)) {
            run.pop();
        }
        if run.is_empty() {
            return;
        }
        let take = if run.len() > 4 {
            &run[run.len() - 4..]
        } else {
            &run[..]
        };
        let phrase = &sentence[take[0].start..take[take.len() - 1].end];
        let titled = take
            .iter()
            .all(|t| sentence[t.start..].starts_with(char::is_uppercase));
        let source = if take.len() == content && content <= 4 {
            // the whole sentence is this noun phrase ("Envelope Encryption.")
            Source::Head
        } else if take.len() > 1 && titled {
            Source::Tech
        } else {
            Source::Chunk
        };
        if take.len() > 1 {
            push(cands, order, phrase, source, &hint);
            for t in take
                .iter()
                .filter(|t| t.start > 0 && is_acronym(&sentence[t.start..t.end]))
            {
                push(cands, order, &sentence[t.start..t.end], Source::Tech, &hint);
            }
        } else if is_named(sentence, take[0]) && (take[0].start > 0 || source == Source::Head) {
            push(cands, order, phrase, source.max(Source::Tech), &hint);
        } else if is_technical(sentence, take[0]) {
            push(cands, order, phrase, source, &hint);
        }
        run.clear();
    };
    let mut prev: Option<&Token> = None;
    for t in &toks {
        let contiguous = prev
            .is_some_and(|p| p.clause == t.clause && sentence[p.end..t.start].trim().len() <= 1);
        if t.stop || is_breaker(&t.norm) || !contiguous {
            flush(&mut run, cands, order);
        }
        if !t.stop && !is_breaker(&t.norm) {
            run.push(t);
        }
        prev = Some(t);
    }
    flush(&mut run, cands, order);
}

fn is_acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_uppercase()).count() >= 2 && w.len() <= 8
}

/// A capitalised word that is not sentence-initial, CamelCase, an acronym or alphanumeric.
fn is_named(sentence: &str, t: &Token) -> bool {
    let w = &sentence[t.start..t.end];
    if w.len() < 2 || is_generic(&t.norm) {
        return false;
    }
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    let has_digit = w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(|c| c.is_alphabetic());
    upper >= 2 || has_digit || w.chars().next().is_some_and(char::is_uppercase)
}

fn is_technical(sentence: &str, t: &Token) -> bool {
    is_named(sentence, t) || t.norm.chars().count() >= 7
}

fn push(cands: &mut Vec<Candidate>, order: &mut usize, phrase: &str, source: Source, hint: &str) {
    let (phrase, aliases) = split_aliases(phrase);
    let phrase = phrase
        .trim()
        .trim_end_matches([':', '.', ','])
        .trim()
        .to_string();
    if phrase.is_empty()
        || phrase.len() > 80
        || is_generic_phrase(&phrase)
        || is_dangling(&phrase)
        || is_literal(&phrase)
    {
        return;
    }
    let key = key_of(&phrase);
    if key.is_empty() || key.len() > 6 {
        return;
    }
    *order += 1;
    cands.push(Candidate {
        phrase,
        aliases,
        key,
        source,
        expects: clip(&strip_md(hint), 180),
        first: *order,
        count: 1,
        list: 1,
    });
}

/// Example values rather than concepts: "Node C", "N/2", "1 votes", "v2", a keycap emoji: a
/// phrase with a lone letter or a number among its words.
fn is_literal(phrase: &str) -> bool {
    phrase.contains('\u{20E3}')
        || phrase
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .any(|w| w.chars().all(|c| c.is_ascii_digit()) || w.chars().count() == 1)
}

/// Phrases that are not concepts: questions ("Why use a circuit breaker?"), clauses ("When
/// designing a system, always discuss", "If payment service slows") and heads cut before their
/// object ("Use techniques like", "Handle conflicts by").
fn is_dangling(phrase: &str) -> bool {
    let lower = phrase.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    let last = lower.split_whitespace().last().unwrap_or("");
    phrase.ends_with('?')
        || phrase.contains(',')
        || matches!(
            first,
            "why"
                | "how"
                | "what"
                | "when"
                | "where"
                | "which"
                | "who"
                | "if"
                | "whether"
                | "while"
        )
        || matches!(
            last,
            "like"
                | "by"
                | "as"
                | "to"
                | "for"
                | "with"
                | "of"
                | "include"
                | "includes"
                | "including"
                | "via"
                | "and"
                | "or"
                | "the"
                | "a"
                | "an"
                | "should"
                | "must"
                | "can"
                | "will"
                | "would"
                | "is"
                | "are"
        )
}

/// "Content Delivery Network (CDN)" -> ("Content Delivery Network", ["CDN"]); "A / B" -> (A, [B]).
fn split_aliases(phrase: &str) -> (String, Vec<String>) {
    let mut aliases = Vec::new();
    let mut main = phrase.to_string();
    if let (Some(a), Some(b)) = (phrase.find('('), phrase.rfind(')'))
        && a < b
    {
        let inner = phrase[a + 1..b].trim();
        main = format!("{} {}", &phrase[..a], &phrase[b + 1..])
            .trim()
            .to_string();
        for part in inner.split([',', '/']) {
            let p = part.trim().trim_start_matches("e.g.").trim();
            if !p.is_empty() && p.split_whitespace().count() <= 4 {
                aliases.push(p.to_string());
            }
        }
    }
    if main.contains(" / ") {
        let parts: Vec<String> = main.split(" / ").map(|s| s.trim().to_string()).collect();
        main = parts[0].clone();
        aliases.extend(parts[1..].iter().cloned());
    }
    (main, aliases)
}

fn key_of(phrase: &str) -> Vec<String> {
    let mut k: Vec<String> = tokenize(phrase)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem.into())
        .collect();
    k.sort();
    k.dedup();
    k
}

fn merge(cands: Vec<Candidate>) -> Vec<Candidate> {
    let mut by_key: HashMap<Vec<String>, usize> = HashMap::new();
    let mut out: Vec<Candidate> = Vec::new();
    for c in cands {
        match by_key.get(&c.key) {
            Some(&i) => {
                let o = &mut out[i];
                o.count += 1;
                if (c.source > o.source && !c.expects.is_empty()) || o.expects.is_empty() {
                    o.expects = c.expects;
                }
                o.source = o.source.max(c.source);
                for a in c.aliases {
                    if !o.aliases.contains(&a) {
                        o.aliases.push(a);
                    }
                }
            }
            None => {
                by_key.insert(c.key.clone(), out.len());
                out.push(c);
            }
        }
    }
    out
}

/// Technologies named in one sentence ("Kong, Apigee, Nginx and Zuul"; "images, CSS and JS") are
/// examples of one idea: one candidate whose phrases are any-of terms, labelled as the list.
fn merge_lists(cands: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for c in cands {
        let twin = out.iter_mut().find(|o| {
            o.source == Source::Tech
                && c.source == Source::Tech
                && !o.expects.is_empty()
                && o.expects == c.expects
                && is_list(&o.expects)
                && !is_part_of(&c.phrase, &o.phrase)
                && !is_part_of(&o.phrase, &c.phrase)
        });
        match twin {
            Some(o) => {
                o.aliases.insert(o.list - 1, c.phrase);
                o.aliases.extend(c.aliases);
                o.count = o.count.max(c.count);
                o.list += 1;
            }
            None => out.push(c),
        }
    }
    out
}

/// Whether the word at `start..end` of `text` is part of a hyphenated or dotted compound
/// ("Read" of "Read-Through", "js" of "node.js"): never a term on its own.
fn in_compound(text: &str, start: usize, end: usize) -> bool {
    let joined = |sep: Option<char>, next: Option<char>| {
        matches!(sep, Some('-' | '.' | '/' | '_')) && next.is_some_and(char::is_alphanumeric)
    };
    let mut after = text[end..].chars();
    let mut before = text[..start].chars().rev();
    joined(after.next(), after.next()) || joined(before.next(), before.next())
}

/// Whether a sentence enumerates things ("A, B and C", "A or B", "A/B").
fn is_list(sentence: &str) -> bool {
    sentence.contains(',') || sentence.contains(" and ") || sentence.contains(" or ")
}

fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut cut: String = s.chars().take(max).collect();
    if let Some(i) = cut.rfind(' ') {
        cut.truncate(i);
    }
    cut.push('\u{2026}');
    cut
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
            "Secure manufacturing process. Claiming process (Proof of Ownership).",
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
        let tiny = from_reference(
            "Where do C++ programs begin to execute?",
            "At the main function.",
            &lex(),
        );
        assert!(tiny.criteria.len() >= 2, "{tiny:#?}");
        let two = from_reference(
            "Main advantages of OOP?",
            "Abstraction and reusability.",
            &lex(),
        );
        assert!(
            two.criteria.iter().any(|c| c.label == "Reusability"),
            "{two:#?}"
        );
        let mut ids: Vec<&str> = r.criteria.iter().map(|c| c.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), MAX_CRITERIA);
    }
}
