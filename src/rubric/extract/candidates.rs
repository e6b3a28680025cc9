//! Candidate criteria of one reference line: headings, table row heads, bullet heads, bold and
//! quoted terms, named technologies and noun-phrase chunks, each with the sentence that explains
//! it; then candidates merged by their stems and lists of technologies merged into one.

use std::collections::HashMap;

use crate::text::tokenize::{Token, tokenize};
use crate::text::{is_generic, is_generic_phrase};

use super::markdown::{
    clip, own_sentence, quoted, split_head, split_sentences, strip_md, strip_numbering,
};
use super::words::{is_breaker, is_dangling, is_literal};
use super::{Candidate, Source, is_part_of};

pub(super) fn collect_line(line: &str, cands: &mut Vec<Candidate>, order: &mut usize) {
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

pub(super) fn key_of(phrase: &str) -> Vec<String> {
    let mut k: Vec<String> = tokenize(phrase)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem.into())
        .collect();
    k.sort();
    k.dedup();
    k
}

pub(super) fn merge(cands: Vec<Candidate>) -> Vec<Candidate> {
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
pub(super) fn merge_lists(cands: Vec<Candidate>) -> Vec<Candidate> {
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
pub(super) fn in_compound(text: &str, start: usize, end: usize) -> bool {
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
