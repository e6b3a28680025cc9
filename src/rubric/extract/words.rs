//! What is not a concept: the verbs that end a noun phrase, example literals ("Node C", "v2")
//! and dangling phrases (questions, clauses, heads cut before their object).

/// Verbs and other words that end a noun phrase when chunking sentences.
pub(super) const PHRASE_BREAKERS: &[&str] = &[
    "allow", "allows", "are", "be", "becomes", "can", "causes", "contains", "ensure", "ensures",
    "get", "gets", "give", "gives", "has", "have", "helps", "is", "keep", "keeps", "lets", "make",
    "makes", "means", "need", "needs", "prevent", "prevents", "provide", "provides", "reduce",
    "reduces", "require", "requires", "return", "returns", "see", "sees", "store", "stores",
    "support", "supports", "use", "used", "uses", "using", "was", "were", "will", "would",
];

pub(super) fn is_breaker(norm: &str) -> bool {
    PHRASE_BREAKERS.binary_search(&norm).is_ok()
}

/// Example values rather than concepts: "Node C", "N/2", "1 votes", "v2", a keycap emoji: a
/// phrase with a lone letter or a number among its words.
pub(super) fn is_literal(phrase: &str) -> bool {
    phrase.contains('\u{20E3}')
        || phrase
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .any(|w| w.chars().all(|c| c.is_ascii_digit()) || w.chars().count() == 1)
}

/// Phrases that are not concepts: questions ("Why use a circuit breaker?"), clauses ("When
/// designing a system, always discuss", "If payment service slows") and heads cut before their
/// object ("Use techniques like", "Handle conflicts by").
pub(super) fn is_dangling(phrase: &str) -> bool {
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
