//! Reading a markdown reference line by line: code blocks, diagrams, corpus markers and emoji
//! dropped; headings, bullet heads, numbering and sentences split; text clipped for display.

/// Strips fenced code, diagram lines, `**Answer:**` / `**A:**` labels and emoji, one line each.
pub(super) fn clean_lines(markdown: &str) -> Vec<String> {
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

pub(super) fn strip_md(s: &str) -> String {
    s.replace("**", "")
        .replace('`', "")
        .replace("__", "")
        .trim()
        .to_string()
}

/// The sentence of `text` that states `term`, with the sentence after it when the term's own
/// sentence is little more than the term ("**Linearizability:** Real-time guarantee …"); the
/// whole text when no sentence names it. A term bolded in a paragraph that explains several is
/// explained by its own sentence, not by its neighbours'.
pub(super) fn own_sentence(text: &str, term: &str) -> String {
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

pub(super) fn quoted(s: &str) -> Vec<String> {
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

pub(super) fn strip_numbering(s: &str) -> String {
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
pub(super) fn split_head(body: &str) -> Option<(String, String)> {
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

pub(super) fn split_sentences(text: &str) -> Vec<&str> {
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

pub(super) fn clip(s: &str, max: usize) -> String {
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

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
