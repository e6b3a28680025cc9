//! Tokenisation shared by the rubric extractor and the grader.
//!
//! A token is a run of letters and digits (plus inner apostrophes and a trailing `+`/`#`, so
//! `don't`, `C++` and `C#` stay whole). Every token keeps its byte range in the original text, its
//! normalised form (NFKC, lowercase, typographic apostrophes folded, possessive `'s` dropped), its
//! English Snowball stem, and the sentence and clause it belongs to.

use std::borrow::Cow;
use std::sync::OnceLock;

use compact_str::CompactString;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range `[start, end)` in the text as given.
    pub start: usize,
    pub end: usize,
    /// NFKC, lowercase form (inline up to 24 bytes: no allocation for ordinary words).
    pub norm: CompactString,
    /// Empty for function words.
    pub stem: CompactString,
    pub sentence: u32,
    pub clause: u32,
    /// A function word (article, pronoun, auxiliary, preposition, ...).
    pub stop: bool,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The English Snowball stem of an already-normalised (lowercase) word.
pub fn stem(word: &str) -> CompactString {
    // the plural of an acronym: "ttls", "cdns", "dbs" (Snowball keeps them whole)
    if let Some(base) = word.strip_suffix('s')
        && base.len() >= 2
        && base
            .bytes()
            .all(|b| b.is_ascii_lowercase() && !b"aeiouy".contains(&b))
    {
        return CompactString::from(base);
    }
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return CompactString::from(word);
    }
    thread_local! {
        static CACHE: std::cell::RefCell<super::fasthash::FastMap<Box<str>, CompactString>> =
            std::cell::RefCell::new(Default::default());
    }
    CACHE.with(|c| {
        if let Some(s) = c.borrow().get(word) {
            return s.clone();
        }
        let s = CompactString::from(stemmer().stem(word));
        let mut m = c.borrow_mut();
        if m.len() >= 100_000 {
            m.clear();
        }
        m.insert(word.into(), s.clone());
        s
    })
}

/// Derivational root of a stem: strips one suffix such as `abil`, `ation`, `ment`, `er` so that
/// "reusability"/"reuse" or "router"/"route" meet. At least four characters remain.
pub fn root(stem: &str) -> &str {
    const SUFFIXES: &[&str] = &[
        "ation", "ition", "abil", "ibil", "ment", "ness", "abl", "ibl", "ful", "ive", "iti", "ize",
        "ise", "ion", "ism", "ist", "iz", "al", "ic", "er", "or", "ar", "i", "e",
    ];
    for suf in SUFFIXES {
        if let Some(r) = stem.strip_suffix(suf)
            && r.len() >= 4
        {
            return r;
        }
    }
    stem
}

/// NFKC + lowercase + apostrophe folding + possessive stripping of one raw word.
pub fn normalize_word(raw: &str) -> String {
    let folded: Cow<str> = if raw.is_ascii() {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(
            raw.nfkc()
                .collect::<String>()
                .replace(['\u{2019}', '\u{2018}'], "'"),
        )
    };
    let mut s = if folded.is_ascii() {
        folded.to_ascii_lowercase()
    } else {
        folded.to_lowercase()
    };
    if s.ends_with("'s") && s.len() > 2 {
        s.truncate(s.len() - 2);
    }
    while s.ends_with('\'') {
        s.pop();
    }
    s
}

/// [`normalize_word`] without a heap allocation for an ASCII word of up to 24 bytes.
fn normalize_token(raw: &str) -> CompactString {
    if !raw.is_ascii() {
        return CompactString::from(normalize_word(raw));
    }
    let mut s = CompactString::from(raw);
    s.as_mut_str().make_ascii_lowercase();
    if s.ends_with("'s") && s.len() > 2 {
        s.truncate(s.len() - 2);
    }
    while s.ends_with('\'') {
        s.pop();
    }
    s
}

const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "abt",
    "across",
    "after",
    "again",
    "against",
    "along",
    "already",
    "also",
    "although",
    "am",
    "among",
    "an",
    "and",
    "are",
    "aren't",
    "arent",
    "around",
    "as",
    "at",
    "bc",
    "be",
    "because",
    "been",
    "before",
    "behind",
    "being",
    "below",
    "between",
    "beyond",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "cant",
    "could",
    "couldn't",
    "cuz",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doesnt",
    "doing",
    "don't",
    "dont",
    "dosnt",
    "down",
    "during",
    "e",
    "e.g",
    "eg",
    "either",
    "else",
    "etc",
    "even",
    "ever",
    "for",
    "from",
    "further",
    "g",
    "gonna",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "i'd",
    "i'll",
    "i.e",
    "ie",
    "if",
    "im",
    "in",
    "instead",
    "into",
    "is",
    "isn't",
    "isnt",
    "it",
    "it'",
    "it's",
    "its",
    "itself",
    "ive",
    "just",
    "let",
    "like",
    "may",
    "me",
    "might",
    "much",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "one",
    "onto",
    "or",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "rather",
    "s",
    "shall",
    "she",
    "should",
    "shouldn't",
    "since",
    "smth",
    "so",
    "some",
    "sth",
    "still",
    "such",
    "t",
    "than",
    "that",
    "that's",
    "thats",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they're",
    "this",
    "tho",
    "those",
    "though",
    "through",
    "thru",
    "thus",
    "til",
    "till",
    "to",
    "too",
    "toward",
    "towards",
    "u",
    "under",
    "unless",
    "until",
    "up",
    "upon",
    "ur",
    "us",
    "very",
    "via",
    "vs",
    "w",
    "wanna",
    "was",
    "wasn't",
    "we",
    "we'd",
    "we'll",
    "we're",
    "well",
    "were",
    "weren't",
    "what",
    "when",
    "where",
    "whereas",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "wont",
    "would",
    "wouldn't",
    "yet",
    "you",
    "you're",
    "your",
    "yours",
];

/// Whether a normalised word is a function word.
pub fn is_function_word(norm: &str) -> bool {
    static SET: OnceLock<super::fasthash::FastSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
        .contains(norm)
}

/// Words that start a new clause (for negation scope).
fn is_clause_break_word(norm: &str) -> bool {
    matches!(
        norm,
        "but"
            | "so"
            | "because"
            | "while"
            | "whereas"
            | "although"
            | "though"
            | "however"
            | "which"
            | "since"
            | "then"
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 4);
    let mut sentence = 0u32;
    let mut clause = 0u32;
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    let mut pending_break = false;
    let mut pending_clause = false;
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            let start = i;
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else if d == '\'' || d == '\u{2019}' {
                    // inner apostrophe: keep if followed by a letter
                    let after = j + d.len_utf8();
                    let next_is_letter = text[after..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic);
                    if next_is_letter {
                        chars.next();
                        end = after;
                    } else {
                        break;
                    }
                } else if (d == '+' || d == '#') && end - start <= 2 {
                    // C++, C#, F#
                    chars.next();
                    end = j + 1;
                    if d == '+' && bytes.get(end) == Some(&b'+') {
                        chars.next();
                        end += 1;
                    }
                } else {
                    break;
                }
            }
            if pending_break {
                sentence += 1;
                clause += 1;
                pending_break = false;
                pending_clause = false;
            } else if pending_clause {
                clause += 1;
                pending_clause = false;
            }
            let norm = normalize_token(&text[start..end]);
            if norm.is_empty() {
                continue;
            }
            let stop = is_function_word(&norm);
            if is_clause_break_word(&norm) && !out.is_empty() {
                clause += 1;
            }
            // function words are never matched, so they need no stem
            let stem = if stop {
                CompactString::default()
            } else {
                stem(&norm)
            };
            out.push(Token {
                start,
                end,
                norm,
                stem,
                sentence,
                clause,
                stop,
            });
        } else {
            match c {
                // the point of a decimal ("p < 0.05", "99.9%") breaks nothing
                '.' if i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {}
                '.' | '!' | '?' => {
                    let next = text[i + 1..].chars().next();
                    if next.is_none_or(|n| n.is_whitespace() || n == '"' || n == ')') {
                        pending_break = true;
                    } else {
                        pending_clause = true;
                    }
                }
                // a table cell is a statement of its own
                '\n' | '|' => pending_break = true,
                ',' | ';' | ':' | '(' | ')' | '\u{2014}' | '\u{2013}' | '=' | '>' | '<' => {
                    pending_clause = true
                }
                _ => {}
            }
        }
    }
    out
}

/// Normalises a phrase into its content stems (function words dropped).
pub fn phrase_stems(phrase: &str) -> Vec<String> {
    tokenize(phrase)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem.into())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        let mut sorted = FUNCTION_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            sorted, FUNCTION_WORDS,
            "FUNCTION_WORDS must be sorted and unique"
        );
    }

    #[test]
    fn a_decimal_point_breaks_neither_sentence_nor_clause() {
        let t = tokenize("Stopping when p < 0.05 inflates false positives. Next.");
        let inflates = t.iter().find(|t| t.norm == "inflates").unwrap();
        assert_eq!(inflates.sentence, t[0].sentence);
        let zero = t.iter().find(|t| t.norm == "0").unwrap();
        let five = t.iter().find(|t| t.norm == "05").unwrap();
        assert_eq!(zero.clause, five.clause);
        assert_ne!(t.last().unwrap().sentence, t[0].sentence);
    }

    #[test]
    fn acronym_plurals_stem_to_the_acronym() {
        for (plural, one) in [
            ("ttls", "ttl"),
            ("cdns", "cdn"),
            ("dbs", "db"),
            ("vms", "vm"),
        ] {
            assert_eq!(stem(plural), stem(one), "{plural}");
        }
        // words with vowels are Snowball's business; a lone letter plus s is not an acronym
        assert_eq!(stem("caches"), "cach");
        assert_eq!(stem("ms"), "ms");
    }

    #[test]
    fn tokens_keep_byte_ranges_and_normalise() {
        let text = "Caches ＲＥＤＩＳ, don't!";
        let toks = tokenize(text);
        assert_eq!(toks.len(), 3);
        assert_eq!(&text[toks[0].start..toks[0].end], "Caches");
        assert_eq!(toks[0].stem, "cach");
        assert_eq!(toks[1].norm, "redis");
        assert_eq!(toks[2].norm, "don't");
        assert!(toks[2].stop);
    }

    #[test]
    fn sentences_and_clauses_split() {
        let toks = tokenize("Use a cache, but not here. Then shard.\nNext line e.g.x");
        let s: Vec<u32> = toks.iter().map(|t| t.sentence).collect();
        assert_eq!(s, vec![0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2]);
        assert!(toks[3].clause > toks[2].clause, "but opens a clause");
    }

    #[test]
    fn roots_join_derivations() {
        assert_eq!(root(&stem("reusability")), root(&stem("reuse")));
        assert_eq!(root(&stem("router")), root(&stem("route")));
        assert_eq!(root("data"), "data");
    }

    #[test]
    fn cpp_and_possessives() {
        let toks = tokenize("C++ and CAP's C#");
        let n: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(n, vec!["c++", "and", "cap", "c#"]);
    }
}
