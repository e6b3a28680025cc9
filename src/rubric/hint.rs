//! Hint cleanup: the text shown beside a criterion ("why it matters") as an interviewer would
//! say it, drawn from the hint the extractor stored.
//!
//! Extracted hints carry the reference's layout with them: a paragraph that explains several
//! bolded terms ("Linearizability: … Serializability: …") is every term's hint, a clipped line
//! ends in "…", a head without explanation gets only its own words back ("Strict Access Logs."),
//! or another criterion's words ("MFA mandatory." as the hint of "Auth"). [`clean`] keeps the
//! part of the hint that explains this criterion, in whole sentences, and returns nothing when
//! no such part is left, so the feedback says something honest instead of echoing the label.

use crate::text::tokenize::tokenize;

/// Sentences kept at most: a hint is a reason, not the reference answer.
const MAX_SENTENCES: usize = 2;
/// Characters of a cut hint below which the cut is not worth making.
const MIN_KEPT: usize = 24;

/// The part of `hint` that explains the criterion `label`, given the labels of the rubric's
/// other criteria; empty when the hint says nothing beyond a label.
pub fn clean(label: &str, hint: &str, others: &[&str]) -> String {
    let mut s = hint.trim().to_string();
    let truncated = s.ends_with('\u{2026}') || s.ends_with("...");
    s = s
        .trim_end_matches('\u{2026}')
        .trim_end_matches("...")
        .trim()
        .to_string();
    s = unwrap_parens(&s);
    s = own_segment(&s, label, others);
    if truncated {
        s = whole_sentences(&s);
    }
    s = drop_label_sentences(&s, label, others);
    s = first_sentences(&s, MAX_SENTENCES);
    let s = s
        .trim()
        .trim_start_matches([':', ';', ',', '-', ' '])
        .trim();
    if s.is_empty() || adds_nothing(s, label, others) {
        return String::new();
    }
    finish(s)
}

/// "(Drop extras)." -> "Drop extras".
fn unwrap_parens(s: &str) -> String {
    let t = s.trim_end_matches('.').trim();
    match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', ')']) => inner.trim().to_string(),
        _ => s.to_string(),
    }
}

/// Byte offsets of "Label:" heads in `s` (case-insensitive, at the start or after a space or
/// sentence mark), for each of `labels`, with the index of the label.
fn heads(s: &str, labels: &[&str]) -> Vec<(usize, usize, usize)> {
    let lower = s.to_lowercase();
    let mut out = Vec::new();
    if lower.len() != s.len() {
        // lowercasing changed byte offsets (rare non-ASCII case changes): no segmenting
        return out;
    }
    for (k, label) in labels.iter().enumerate() {
        let head = format!("{}:", label.trim().to_lowercase());
        if head.len() < 3 {
            continue;
        }
        let mut from = 0;
        while let Some(p) = lower[from..].find(&head) {
            let at = from + p;
            let boundary = at == 0
                || lower[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_whitespace() || matches!(c, '.' | ';' | '(' | '*'));
            if boundary {
                out.push((at, at + head.len(), k));
            }
            from = at + head.len();
        }
    }
    out.sort_unstable();
    out
}

/// The segment of a multi-head hint that belongs to `label`: after its own "Label:" head up to
/// the next head, or, without its own head, the text before the first other head.
fn own_segment(s: &str, label: &str, others: &[&str]) -> String {
    let mut labels: Vec<&str> = vec![label];
    labels.extend(
        others
            .iter()
            .copied()
            .filter(|o| !o.eq_ignore_ascii_case(label)),
    );
    let hs = heads(s, &labels);
    if hs.is_empty() {
        return s.to_string();
    }
    if let Some(i) = hs.iter().position(|h| h.2 == 0) {
        let start = hs[i].1;
        // heads may nest ("Serializability:" inside "Strict Serializability:")
        let end = hs.get(i + 1).map_or(s.len(), |h| h.0).max(start);
        return s[start..end].trim().to_string();
    }
    s[..hs[0].0].trim().to_string()
}

/// Up to the last sentence end, when that keeps enough text; else the text as it is with an
/// ellipsis, honestly marking the cut.
fn whole_sentences(s: &str) -> String {
    let cut = s
        .char_indices()
        .filter(|&(i, c)| matches!(c, '.' | '!' | '?') && is_sentence_end(s, i))
        .map(|(i, _)| i + 1)
        .next_back();
    match cut {
        Some(end) if end >= MIN_KEPT.min(s.len()) => s[..end].to_string(),
        _ if s.is_empty() => String::new(),
        _ => format!("{s}\u{2026}"),
    }
}

/// A '.' that ends a sentence: followed by the end or a space, and not inside a number
/// ("1.5") or an abbreviation ("e.g.").
fn is_sentence_end(s: &str, i: usize) -> bool {
    let after = &s[i + 1..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return false;
    }
    let before = &s[..i];
    let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
    !matches!(
        word.to_lowercase().as_str(),
        "e.g" | "i.e" | "etc" | "vs" | "eg" | "ie"
    )
}

fn first_sentences(s: &str, n: usize) -> String {
    let mut count = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, '.' | '!' | '?') && is_sentence_end(s, i) {
            count += 1;
            if count == n && !s[i + 1..].trim().is_empty() {
                return s[..=i].to_string();
            }
        }
    }
    s.to_string()
}

/// Without leading sentences that only name labels ("AP (Availability). Better to show a stale
/// feed than an error page." -> the second sentence), when something is left.
fn drop_label_sentences(s: &str, label: &str, others: &[&str]) -> String {
    let mut rest = s;
    loop {
        let end = rest
            .char_indices()
            .find(|&(i, c)| matches!(c, '.' | '!' | '?') && is_sentence_end(rest, i))
            .map(|(i, _)| i + 1);
        match end {
            Some(e) if e < rest.len() && adds_nothing(&rest[..e], label, others) => {
                rest = rest[e..].trim_start();
            }
            _ => return rest.to_string(),
        }
    }
}

/// The hint's content words are all words of the rubric's labels (its own or others').
fn adds_nothing(s: &str, label: &str, others: &[&str]) -> bool {
    let words = |t: &str| -> Vec<String> {
        tokenize(t)
            .into_iter()
            .filter(|t| !t.stop)
            .map(|t| t.stem.into())
            .collect()
    };
    let mine = words(s);
    if mine.is_empty() {
        return true;
    }
    let mut labels = words(label);
    for o in others {
        labels.extend(words(o));
    }
    mine.iter().all(|w| labels.contains(w))
}

/// Capital first letter, closing full stop.
fn finish(s: &str) -> String {
    let mut c = s.chars();
    let mut out = match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?', '\u{2026}', ')']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_shared_by_several_heads_is_cut_to_each_ones_part() {
        let para = "Linearizability: Real-time guarantee for a single object. Read returns latest \
                    write (System looks like one copy). Serializability: Transaction isolation \
                    property. Transactions execute as if\u{2026}";
        let labels = [
            "Linearizability",
            "Serializability",
            "Strict Serializability",
        ];
        assert_eq!(
            clean("Linearizability", para, &labels),
            "Real-time guarantee for a single object. Read returns latest write (System looks \
             like one copy)."
        );
        assert_eq!(
            clean("Serializability", para, &labels),
            "Transaction isolation property."
        );
        // a head the paragraph never explains gets nothing rather than its siblings' text
        assert_eq!(clean("Strict Serializability", para, &labels), "");
    }

    #[test]
    fn a_hint_that_repeats_a_label_is_dropped() {
        let labels = ["Strict Access Logs", "Auth", "MFA mandatory"];
        assert_eq!(
            clean("Strict Access Logs", "Strict Access Logs.", &labels),
            ""
        );
        assert_eq!(clean("Auth", "MFA mandatory.", &labels), "");
        assert_eq!(clean("Drop extras", "(Drop extras).", &["Throttle"]), "");
        // words of several labels together say nothing either, and are dropped before a reason
        let labels = ["AP", "Availability"];
        assert_eq!(clean("Availability", "AP (Availability).", &labels), "");
        assert_eq!(
            clean(
                "AP",
                "AP (Availability). Better to show a stale feed than an error page.",
                &labels
            ),
            "Better to show a stale feed than an error page."
        );
        assert_eq!(
            clean("Audit", "Every view must be logged.", &labels),
            "Every view must be logged."
        );
    }

    #[test]
    fn a_clipped_hint_keeps_whole_sentences_and_at_most_two() {
        let clipped = "Agents run on every host. They tail files and forward batches. Then a \
                       broker buffers the\u{2026}";
        assert_eq!(
            clean("Log shippers", clipped, &[]),
            "Agents run on every host. They tail files and forward batches."
        );
        // no sentence end to cut at: the cut stays visible
        assert_eq!(
            clean(
                "Fanout",
                "Push each post to every follower's timeline when\u{2026}",
                &[]
            ),
            "Push each post to every follower's timeline when\u{2026}"
        );
        let long = "Alpha wins. Beta is here. Gamma e.g. this. Delta.";
        assert_eq!(clean("X", long, &[]), "Alpha wins. Beta is here.");
        // numbers and abbreviations are not sentence ends; fragments get a capital and a stop
        assert_eq!(
            clean("Retry", "back off e.g. 1.5x per attempt", &[]),
            "Back off e.g. 1.5x per attempt."
        );
    }
}
