//! Mojibake repair: undo text that was UTF-8, got decoded with a legacy code page (Windows-1252 or
//! Mac Roman) and was re-encoded as UTF-8 (`â€™` for `’`, `ðŸ”¸` for `🔸`, `‚úÖ` for `✅`).
//!
//! The repair works per *run* of non-ASCII characters, so ASCII text is never touched. Inside a
//! run every character is mapped back to its code-page byte and the bytes are re-read as UTF-8,
//! one sequence at a time: a sequence that decodes becomes its character, anything else is kept
//! as written. Both code pages are tried and the one that explains more bytes wins, so a clean
//! run (`café`, `→`, `✅`) stays as it is.
//!
//! Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; where those bytes were lost the
//! sequence is one byte short (`â€` + `?` for `”` + `?`). A sequence of 3 or 4 bytes missing
//! exactly one continuation byte is completed by trying each lost byte at each position and
//! keeping a plausible character: a zero-width joiner between two emoji, else the first of a
//! small table of characters that typically suffer the loss (`”`, U+FE0F, `☁`, `⏱`, `🏢`, ...), else
//! the first pictograph. Several emoji can share the same damaged bytes (`🔍`/`🔐`/`🔁`), so the
//! table's order decides between them; that choice cannot be verified from the bytes alone.

use std::borrow::Cow;
use std::sync::LazyLock;

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};

/// Bytes Windows-1252 leaves undefined: lost when such text was re-encoded.
const LOST_BYTES: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Characters preferred when completing a sequence that lost one byte, most likely first.
const PREFERRED: &[char] = &[
    '\u{201D}', // ” right double quote (E2 80 9D)
    '\u{FE0F}', // emoji variation selector (EF B8 8F)
    '☁', '⏱', '⏳', '⏰', '⏲', '⏸', '⏹', '⏺', '⏩', '⏪', '⏭', '⏮', '⏯', '☝', '✍', '✏', '❝', '❞',
    '🏢', '🏥', '🏠', '🏗', '🏆', '🏁', '🏦', '🏭', '🏷', '🏛', '🏙', '🏃', '🌍', '🌐', '🔍', '🔐',
    '🔁', '🔏', '🧐', '📝', '📍', '📁', '📐', '📏', '👍', '👏', '🐍', '🐛', '🐝', '🐳', '🐘', '💝',
    '🍕', '🎁',
];

/// A legacy code page: the character each high byte (0x80..=0xFF) decodes to, and back.
struct CodePage {
    /// Byte of each char below U+0100 (0 = none).
    latin: [u8; 256],
    /// Bytes of the other chars, sorted by char.
    other: Vec<(char, u8)>,
    /// True when some bytes are undefined and may have been lost (Windows-1252).
    lossy: bool,
}

impl CodePage {
    fn new(encoding: &'static Encoding, lossy: bool) -> CodePage {
        let mut latin = [0u8; 256];
        let mut other = Vec::new();
        for b in 0x80u8..=0xFF {
            let bytes = [b];
            let (text, _) = encoding.decode_without_bom_handling(&bytes);
            if let Some(c) = text.chars().next()
                && c != '\u{FFFD}'
            {
                match usize::try_from(u32::from(c)) {
                    Ok(u) if u < 256 => latin[u] = b,
                    _ => other.push((c, b)),
                }
            }
        }
        other.sort_unstable();
        CodePage {
            latin,
            other,
            lossy,
        }
    }

    fn byte(&self, c: char) -> Option<u8> {
        let u = u32::from(c);
        if u < 256 {
            Some(self.latin[u as usize]).filter(|b| *b != 0)
        } else {
            self.other
                .binary_search_by_key(&c, |(k, _)| *k)
                .ok()
                .map(|i| self.other[i].1)
        }
    }
}

static CP1252: LazyLock<CodePage> = LazyLock::new(|| CodePage::new(WINDOWS_1252, true));
static MAC_ROMAN: LazyLock<CodePage> = LazyLock::new(|| CodePage::new(MACINTOSH, false));

fn pages() -> [&'static CodePage; 2] {
    [&CP1252, &MAC_ROMAN]
}

/// Length of the UTF-8 sequence a lead byte starts, or `None` for a non-lead byte.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Whether a (lead, second byte) pair can start a valid UTF-8 sequence.
fn valid_second(lead: u8, second: u8) -> bool {
    match lead {
        0xE0 => (0xA0..=0xBF).contains(&second),
        0xED => (0x80..=0x9F).contains(&second),
        0xF0 => (0x90..=0xBF).contains(&second),
        0xF4 => (0x80..=0x8F).contains(&second),
        _ => is_continuation(second),
    }
}

fn is_pictographic(c: char) -> bool {
    matches!(u32::from(c), 0x1F000..=0x1FAFF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

/// Characters no repair should ever produce: C1 controls, private use, noncharacters.
fn implausible(c: char) -> bool {
    let u = u32::from(c);
    (0x80..=0x9F).contains(&u)
        || (0xE000..=0xF8FF).contains(&u)
        || u >= 0xF0000
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

/// Completes a sequence that lost one byte; `prev` is the character decoded just before it and
/// `next_lead` tells whether another multi-byte sequence follows in the same run.
fn fill_gap(partial: &[u8], prev: Option<char>, next_lead: bool) -> Option<char> {
    let mut candidates = Vec::new();
    for pos in 1..=partial.len() {
        for lost in LOST_BYTES {
            let mut bytes = partial.to_vec();
            bytes.insert(pos, lost);
            if let Ok(s) = std::str::from_utf8(&bytes)
                && let Some(c) = s.chars().next()
                && s.chars().count() == 1
                && !implausible(c)
            {
                candidates.push(c);
            }
        }
    }
    if candidates.contains(&'\u{200D}') && prev.is_some_and(is_pictographic) && next_lead {
        return Some('\u{200D}');
    }
    if let Some(c) = PREFERRED.iter().find(|c| candidates.contains(c)) {
        return Some(*c);
    }
    candidates.into_iter().find(|c| is_pictographic(*c))
}

/// Re-reads one run of non-ASCII characters through `page`; returns the text and how many bytes
/// were explained as UTF-8 sequences.
fn repair_run(run: &[char], page: &CodePage) -> (String, usize) {
    let bytes: Vec<Option<u8>> = run.iter().map(|c| page.byte(*c)).collect();
    let mut out = String::with_capacity(run.len() * 2);
    let mut explained = 0;
    let mut i = 0;
    while i < run.len() {
        if let Some(lead) = bytes[i]
            && let Some(need) = sequence_len(lead)
        {
            let mut seq = vec![lead];
            let mut j = i + 1;
            while seq.len() < need && j < run.len() && bytes[j].is_some_and(is_continuation) {
                seq.push(bytes[j].unwrap_or_default());
                j += 1;
            }
            if seq.len() == need
                && let Ok(s) = std::str::from_utf8(&seq)
            {
                out.push_str(s);
                explained += need;
                i = j;
                continue;
            }
            if page.lossy && need >= 3 && seq.len() == need - 1 {
                let next_lead = j < run.len() && bytes[j].and_then(sequence_len).is_some();
                if let Some(c) = fill_gap(&seq, out.chars().last(), next_lead) {
                    out.push(c);
                    explained += need - 1;
                    i = j;
                    continue;
                }
            }
        }
        out.push(run[i]);
        i += 1;
    }
    (out, explained)
}

/// Repairs one run with whichever code page explains it best; `None` when no page explains it.
fn repair_best(run: &[char]) -> Option<String> {
    let mut best: Option<(String, usize)> = None;
    for page in pages() {
        let (text, explained) = repair_run(run, page);
        if explained > 0 && best.as_ref().is_none_or(|(_, e)| explained > *e) {
            best = Some((text, explained));
        }
    }
    best.map(|(t, _)| t)
}

fn repair_once(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let mut changed = false;
    let mut flush = |run: &mut Vec<char>, out: &mut String| {
        if run.is_empty() {
            return;
        }
        match repair_best(run) {
            Some(fixed) => {
                changed = true;
                out.push_str(&fixed);
            }
            None => out.extend(run.iter()),
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii() {
            flush(&mut run, &mut out);
            out.push(c);
        } else {
            run.push(c);
        }
    }
    flush(&mut run, &mut out);
    changed.then_some(out)
}

/// Repairs mojibake in `text`; clean text comes back borrowed and unchanged.
///
/// Applied at most twice, for text that went through a wrong code page twice.
pub fn repair(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let Some(once) = repair_once(text) else {
        return Cow::Borrowed(text);
    };
    if mojibake_count(&once) > 0
        && let Some(twice) = repair_once(&once)
    {
        return Cow::Owned(twice);
    }
    Cow::Owned(once)
}

/// Counts suspicious sequences: a character pair that reads as a UTF-8 lead and continuation
/// byte in Windows-1252 or Mac Roman (`â€`, `ðŸ`, `Ã©`, `Â `, `‚Ä`, `‚ú`, `Ô∏`, ...), a lone
/// `Ã` or `Â` before ASCII or at the end, a C1 control, U+FFFD, or U+F8FF (Mac Roman's reading
/// of 0xF0).
pub fn mojibake_count(text: &str) -> usize {
    if text.is_ascii() {
        return 0;
    }
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            continue;
        }
        let u = u32::from(c);
        if c == '\u{FFFD}' || c == '\u{F8FF}' || (0x80..=0x9F).contains(&u) {
            count += 1;
            continue;
        }
        let next = chars.peek().copied();
        if matches!(c, 'Ã' | 'Â') && next.is_none_or(|n| n.is_ascii()) {
            // A lead byte whose continuation was lost or turned into ASCII.
            count += 1;
            continue;
        }
        if let Some(next) = next {
            let pair = !next.is_ascii()
                && pages().iter().any(|page| {
                    matches!(
                        (page.byte(c), page.byte(next)),
                        (Some(a), Some(b)) if sequence_len(a).is_some() && valid_second(a, b)
                    )
                });
            if pair {
                count += 1;
                chars.next();
            }
        }
    }
    count
}

/// Decodes UTF-8 bytes with a code page: builds mojibake on purpose, for tests.
#[cfg(test)]
fn mis_decode(text: &str, mac: bool) -> String {
    let encoding = if mac { MACINTOSH } else { WINDOWS_1252 };
    encoding
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_untouched_and_borrowed() {
        let s = "**Q1: What is system design?**";
        assert!(matches!(repair(s), Cow::Borrowed(_)));
        assert_eq!(mojibake_count(s), 0);
    }

    #[test]
    fn windows_1252_quotes_dashes_and_emoji_from_file_000() {
        assert_eq!(
            repair("### Question 404: Explain vector clocks and how youâ€™d use them."),
            "### Question 404: Explain vector clocks and how you\u{2019}d use them."
        );
        assert_eq!(
            repair("## ðŸ”¸ Advanced Distributed Systems (Questions 401-410)"),
            "## 🔸 Advanced Distributed Systems (Questions 401-410)"
        );
    }

    #[test]
    fn windows_1252_line_of_file_004() {
        assert_eq!(
            repair("## ðŸ”¸ High-Throughput Data Systems (Questions 551-560)"),
            "## 🔸 High-Throughput Data Systems (Questions 551-560)"
        );
    }

    #[test]
    fn windows_1252_lines_of_file_001() {
        assert_eq!(
            repair("**Q11: SQL vs NoSQL â€“ when to use what?**"),
            "**Q11: SQL vs NoSQL \u{2013} when to use what?**"
        );
        assert_eq!(
            repair("## ðŸ”¹ Basic System Design Concepts"),
            "## 🔹 Basic System Design Concepts"
        );
        // 🧠 ends in 0xA0, which Windows-1252 reads as a no-break space.
        assert_eq!(
            repair("## ðŸ§\u{a0} Low-Level Design Scenarios"),
            "## 🧠 Low-Level Design Scenarios"
        );
    }

    #[test]
    fn lossy_lines_of_file_001_get_their_lost_byte_back() {
        assert_eq!(
            repair("**Q298: How to implement â€œRight to be forgottenâ€?**"),
            "**Q298: How to implement \u{201C}Right to be forgotten\u{201D}?**"
        );
        assert_eq!(
            repair("**Q481: Design a â€œSave for laterâ€ system in a shopping app.**"),
            "**Q481: Design a \u{201C}Save for later\u{201D} system in a shopping app.**"
        );
        assert_eq!(
            repair("## âš™ï¸ Modern Architecture Patterns"),
            "## ⚙\u{FE0F} Modern Architecture Patterns"
        );
        assert_eq!(
            repair("## ðŸ¢ Enterprise Systems"),
            "## 🏢 Enterprise Systems"
        );
        assert_eq!(
            repair("## â˜ï¸ DevOps & Deployment Systems"),
            "## ☁\u{FE0F} DevOps & Deployment Systems"
        );
        assert_eq!(
            repair("## â±ï¸ Real-Time & Event-Driven Systems"),
            "## ⏱\u{FE0F} Real-Time & Event-Driven Systems"
        );
        assert_eq!(repair("## â³ Time-Sensitive"), "## ⏳ Time-Sensitive");
        assert_eq!(
            repair("## ðŸ¥ Healthcare, Legal & Education Domains"),
            "## 🏥 Healthcare, Legal & Education Domains"
        );
        // A zero-width joiner (E2 80 8D) lost between two emoji.
        assert_eq!(
            repair("## ðŸ§‘â€ðŸ’¼ Enterprise & SaaS-Oriented"),
            "## 🧑\u{200D}💼 Enterprise & SaaS-Oriented"
        );
        assert_eq!(
            repair("## ðŸ›\u{a0}ï¸ Dev Tooling"),
            "## 🛠\u{FE0F} Dev Tooling"
        );
        for damaged in ["## ðŸŒ Real-World", "## ðŸ” Search", "## ðŸ§ Hybrid"] {
            let fixed = repair(damaged);
            assert_eq!(mojibake_count(&fixed), 0, "{fixed}");
            assert!(fixed.chars().any(is_pictographic), "{fixed}");
        }
    }

    #[test]
    fn windows_1252_dash_of_file_002() {
        assert_eq!(
            repair("# Design & Architecture Patterns â€“ APIs, Event-Driven"),
            "# Design & Architecture Patterns \u{2013} APIs, Event-Driven"
        );
    }

    #[test]
    fn mac_roman_lines_of_file_003() {
        assert_eq!(
            repair("## ‚úÖ Top 100 System Design Interview Questions"),
            "## ✅ Top 100 System Design Interview Questions"
        );
        assert_eq!(
            repair("### \u{f8ff}üîπ **1‚Äì25: High-Level Design Fundamentals**"),
            "### 🔹 **1\u{2013}25: High-Level Design Fundamentals**"
        );
        assert_eq!(
            repair("1Ô∏è‚É£ Client ‚Üí LB"),
            "1\u{FE0F}\u{20E3} Client → LB"
        );
        assert_eq!(
            repair("### \u{f8ff}üßë‚Äç\u{f8ff}üíª Stateful:"),
            "### 🧑\u{200D}💻 Stateful:"
        );
        assert_eq!(
            repair("it‚Äôs ‚Äúfast‚Äù"),
            "it\u{2019}s \u{201C}fast\u{201D}"
        );
    }

    #[test]
    fn clean_non_ascii_text_is_left_alone() {
        for clean in [
            "café → naïve",
            "✅ done",
            "it’s “quoted” — ok",
            "🔹 Basic",
            "1️⃣ one",
        ] {
            assert_eq!(repair(clean), clean);
            assert_eq!(mojibake_count(clean), 0, "{clean}");
        }
    }

    #[test]
    fn round_trip_through_both_code_pages() {
        let original = "Emoji 🚀 ⚠️ 🧑‍💻, quotes “a” ‘b’, dash – — and … ellipsis, café";
        for mac in [false, true] {
            let broken = mis_decode(original, mac);
            assert!(mojibake_count(&broken) > 0);
            assert_eq!(repair(&broken), original);
        }
    }

    #[test]
    fn detector_counts_every_family() {
        assert_eq!(mojibake_count("youâ€™d"), 1);
        assert_eq!(mojibake_count("ðŸ”¸"), 1);
        assert_eq!(mojibake_count("cafÃ©"), 1);
        assert_eq!(mojibake_count("a\u{c2}\u{a0}b"), 1);
        assert_eq!(mojibake_count("‚úÖ ‚Äì"), 2);
        assert_eq!(mojibake_count("bad \u{FFFD} char"), 1);
        assert_eq!(mojibake_count("\u{f8ff}üîπ"), 1);
        assert_eq!(mojibake_count("lost \u{9d} byte"), 1);
        assert_eq!(mojibake_count("a lone Ã here and Â"), 2);
        assert_eq!(mojibake_count("São Paulo, Ñandú"), 0);
    }
}
