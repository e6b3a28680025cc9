//! Text normalisation for matching: typography folding, a case- and punctuation-blind form of any
//! text ([`normalize_text`]) and a canonical form of a question prompt ([`normalize_question`])
//! used to find the same question written twice.

/// Folds typographic characters to ASCII: curly quotes, dashes, ellipsis, no-break and other
/// spaces; drops zero-width joiners and emoji variation selectors.
pub fn fold_typography(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => {
                out.push('"')
            }
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => out.push(' '),
            '\u{200B}'..='\u{200D}' | '\u{FE0E}' | '\u{FE0F}' | '\u{2060}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Lowercase words of `text` joined by single spaces: apostrophes (straight or curly) removed
/// inside words (`you'd` -> `youd`), every other non-alphanumeric character a separator (so
/// quotes, dashes and emoji never matter).
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric()) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if !matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '`' | '\u{00B4}') {
            pending_space = true;
        }
    }
    out
}

const ARTICLES: [&str; 3] = ["a", "an", "the"];
const DESIGN_VERBS: [&str; 6] = ["design", "build", "architect", "create", "develop", "model"];
const DEFINE_LEADS: [&[&str]; 7] = [
    &["what", "is"],
    &["what", "are"],
    &["whats"],
    &["explain"],
    &["define"],
    &["describe"],
    &["what", "does", "mean"],
];
const ASKER_LEADS: [&[&str]; 10] = [
    &["how", "would", "you"],
    &["how", "do", "you"],
    &["how", "should", "you"],
    &["how", "can", "you"],
    &["how", "will", "you"],
    &["how", "would", "one"],
    &["how", "do", "we"],
    &["how", "would", "we"],
    &["how", "can", "we"],
    &["how", "to"],
];

/// Canonical form of a question prompt, for deciding whether two prompts ask the same thing.
///
/// On top of [`normalize_text`]: articles are dropped, `versus`/`vs.` become `vs`, and the
/// phrasing of the lead is unified: "How would you / How do you / How to / Design / Build /
/// Architect / Create a X" all become `design x`; "How would you / How to <verb>" becomes
/// `how <verb>`; "What is / What are / What's / Explain / Define / Describe" become `what is`.
pub fn normalize_question(text: &str) -> String {
    let norm = normalize_text(text);
    let mut words: Vec<&str> = norm
        .split(' ')
        .filter(|w| !w.is_empty() && !ARTICLES.contains(w))
        .map(|w| if w == "versus" { "vs" } else { w })
        .collect();
    let mut lead: Vec<&str> = Vec::new();
    if let Some(asker) = ASKER_LEADS.iter().find(|p| words.starts_with(p)) {
        words.drain(..asker.len());
        lead.push("how");
    }
    if let Some(first) = words.first()
        && DESIGN_VERBS.contains(first)
    {
        words.remove(0);
        lead = vec!["design"];
    } else if lead.is_empty()
        && let Some(define) = DEFINE_LEADS.iter().find(|p| words.starts_with(p))
    {
        words.drain(..define.len());
        lead = vec!["what", "is"];
    } else if lead.is_empty() && words.first() == Some(&"difference") {
        lead = vec!["what", "is"];
    }
    lead.extend(words);
    lead.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typography_folds_to_ascii() {
        assert_eq!(
            fold_typography("“Right” – it’s… ok\u{a0}⚙\u{FE0F}"),
            "\"Right\" - it's... ok ⚙"
        );
    }

    #[test]
    fn text_normalisation_ignores_case_punctuation_quotes_and_spaces() {
        assert_eq!(
            normalize_text("  **How to implement “Right to be forgotten”?**  "),
            "how to implement right to be forgotten"
        );
        assert_eq!(
            normalize_text("What’s the role of Anycast?"),
            "whats the role of anycast"
        );
        assert_eq!(normalize_text("SQL vs NoSQL – when?"), "sql vs nosql when");
    }

    #[test]
    fn design_phrasings_are_unified() {
        let canonical = normalize_question("Design a rate limiter.");
        assert_eq!(canonical, "design rate limiter");
        for variant in [
            "How would you design a rate limiter?",
            "How do you design the rate limiter",
            "How to build a rate limiter?",
            "Build a Rate Limiter",
            "Architect a rate-limiter.",
        ] {
            assert_eq!(normalize_question(variant), canonical, "{variant}");
        }
    }

    #[test]
    fn definition_phrasings_are_unified_but_kept_apart_from_design() {
        assert_eq!(
            normalize_question("What is a load balancer?"),
            "what is load balancer"
        );
        assert_eq!(
            normalize_question("Explain the load balancer."),
            "what is load balancer"
        );
        assert_ne!(
            normalize_question("What is a load balancer?"),
            normalize_question("Design a load balancer.")
        );
        assert_eq!(
            normalize_question("What is the difference between TCP and UDP?"),
            normalize_question("Difference between TCP and UDP.")
        );
    }

    #[test]
    fn other_how_questions_keep_their_verb() {
        assert_eq!(
            normalize_question("How would you handle late-arriving events?"),
            normalize_question("How to handle late arriving events")
        );
        assert_ne!(
            normalize_question("What is rate limiting?"),
            normalize_question("How do you design rate limiting?")
        );
    }
}
