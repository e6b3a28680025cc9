//! The pattern language of rubric `terms` and `wrong` claims (see `rubrics/README.md`).
//!
//! ```text
//! pattern := conj ('|' conj)*           either one (top level)
//! conj    := part ('&' part)*           every positive part in one sentence, any order
//! part    := '!'? seq                   '!' = must not occur in that sentence
//! seq     := step+                      in order, at most MAX_GAP words between neighbours
//! step    := '..'? item '?'?            '..' = later in the same sentence, any distance
//! item    := word | word'*' | '(' seq ('|' seq)* ')'
//! ```
//!
//! Parsing is pure and knows nothing of stems or synonyms: the grader compiles the words with its
//! lexicon (`grader::patterns`). A word may hold `-`, `/`, `.`, `_`, `'`, `+`, `#` and `:`; the
//! tokenizer splits it into adjacent tokens when matching ("write-through" = "write through").

use std::fmt;

/// Words allowed between two neighbouring steps of a sequence.
pub const MAX_GAP: usize = 3;

/// A parsed pattern: any of its alternatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub alternatives: Vec<Conj>,
}

/// Parts that must all hold in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conj {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `!seq`: the sequence must not occur in the sentence.
    pub absent: bool,
    pub seq: Seq,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seq {
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub item: Item,
    /// `x?`
    pub optional: bool,
    /// `.. x`: anywhere later in the sentence rather than within [`MAX_GAP`] words.
    pub far: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Word(Word),
    /// `(a b | c)`: one of the sequences.
    Group(Vec<Seq>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// As written, without a trailing `*`.
    pub text: String,
    /// `word*`: any word that starts with `text`.
    pub prefix: bool,
}

/// Why a pattern does not parse, with the character offset it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub at: usize,
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.at + 1)
    }
}

impl std::error::Error for PatternError {}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Star,
    Open,
    Close,
    Bar,
    Amp,
    Bang,
    Question,
    Far,
}

/// Characters that are operators, never part of a word.
fn is_operator(c: char) -> bool {
    matches!(c, '(' | ')' | '|' | '&' | '!' | '?' | '*')
}

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, PatternError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            '(' => Tok::Open,
            ')' => Tok::Close,
            '|' => Tok::Bar,
            '&' => Tok::Amp,
            '!' => Tok::Bang,
            '?' => Tok::Question,
            '*' => Tok::Star,
            '.' if chars.get(i + 1) == Some(&'.') => {
                out.push((i, Tok::Far));
                i += 2;
                continue;
            }
            _ => {
                let start = i;
                let far_next = |i: usize| chars[i] == '.' && chars.get(i + 1) == Some(&'.');
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !is_operator(chars[i])
                    && !far_next(i)
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                out.push((start, Tok::Word(word)));
                continue;
            }
        };
        out.push((i, tok));
        i += 1;
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map(|(a, _)| *a).unwrap_or(self.len)
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, PatternError> {
        Err(PatternError {
            at: self.at(),
            message: message.into(),
        })
    }

    fn pattern(&mut self) -> Result<Pattern, PatternError> {
        let mut alternatives = vec![self.conj()?];
        while self.peek() == Some(&Tok::Bar) {
            self.pos += 1;
            alternatives.push(self.conj()?);
        }
        Ok(Pattern { alternatives })
    }

    fn conj(&mut self) -> Result<Conj, PatternError> {
        let mut parts = vec![self.part()?];
        while self.peek() == Some(&Tok::Amp) {
            self.pos += 1;
            parts.push(self.part()?);
        }
        if parts.iter().all(|p| p.absent) {
            return self.err("a pattern needs something that must be present, not only `!` parts");
        }
        Ok(Conj { parts })
    }

    fn part(&mut self) -> Result<Part, PatternError> {
        let absent = self.peek() == Some(&Tok::Bang);
        if absent {
            self.pos += 1;
        }
        Ok(Part {
            absent,
            seq: self.seq()?,
        })
    }

    fn seq(&mut self) -> Result<Seq, PatternError> {
        let mut steps = Vec::new();
        loop {
            let far = self.peek() == Some(&Tok::Far);
            if far {
                if steps.is_empty() {
                    return self.err("`..` needs a word before it");
                }
                self.pos += 1;
            }
            let item = match self.peek() {
                Some(Tok::Word(_)) => self.word()?,
                Some(Tok::Open) => self.group()?,
                _ if far => return self.err("`..` needs a word after it"),
                _ => break,
            };
            let optional = self.peek() == Some(&Tok::Question);
            if optional {
                self.pos += 1;
            }
            steps.push(Step {
                item,
                optional,
                far,
            });
        }
        if steps.is_empty() {
            return match self.peek() {
                Some(Tok::Question) => self.err("`?` must follow a word or a group"),
                Some(Tok::Star) => self.err("`*` must follow a word directly"),
                Some(Tok::Close) => self.err("`)` without `(`"),
                Some(_) => self.err("expected a word or `(`"),
                None => self.err("expected a word or `(`, found the end"),
            };
        }
        if steps.iter().all(|s| s.optional) {
            return self.err("a sequence needs at least one word that is not optional");
        }
        Ok(Seq { steps })
    }

    fn word(&mut self) -> Result<Item, PatternError> {
        let Some((at, Tok::Word(text))) = self.toks.get(self.pos).cloned() else {
            return self.err("expected a word");
        };
        self.pos += 1;
        let prefix =
            self.peek() == Some(&Tok::Star) && self.toks[self.pos].0 == at + text.chars().count();
        if prefix {
            self.pos += 1;
            if text.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
                return Err(PatternError {
                    at,
                    message: format!("`{text}*`: a prefix needs at least 3 letters"),
                });
            }
        }
        if !text.chars().any(char::is_alphanumeric) {
            return Err(PatternError {
                at,
                message: format!("`{text}` has no letters or digits"),
            });
        }
        if self.peek() == Some(&Tok::Star) {
            return self.err("`*` must follow a word directly, with no space");
        }
        Ok(Item::Word(Word { text, prefix }))
    }

    fn group(&mut self) -> Result<Item, PatternError> {
        self.pos += 1; // '('
        let mut alternatives = vec![self.seq()?];
        loop {
            match self.peek() {
                Some(Tok::Bar) => {
                    self.pos += 1;
                    alternatives.push(self.seq()?);
                }
                Some(Tok::Close) => {
                    self.pos += 1;
                    return Ok(Item::Group(alternatives));
                }
                Some(Tok::Amp) => return self.err("`&` cannot be used inside `( )`"),
                _ => return self.err("`(` is never closed"),
            }
        }
    }
}

/// Parses a pattern.
pub fn parse(text: &str) -> Result<Pattern, PatternError> {
    let toks = lex(text)?;
    if toks.is_empty() {
        return Err(PatternError {
            at: 0,
            message: "the pattern is empty".into(),
        });
    }
    let mut p = Parser {
        toks,
        pos: 0,
        len: text.chars().count(),
    };
    let pattern = p.pattern()?;
    match p.peek() {
        None => Ok(pattern),
        Some(Tok::Close) => p.err("`)` without `(`"),
        Some(Tok::Question) => p.err("`?` must follow a word or a group"),
        Some(_) => p.err("unexpected operator"),
    }
}

impl Pattern {
    /// A plain term: one sequence of plain words (no operators), which the grader may also match
    /// in any order and in part.
    pub fn plain_words(&self) -> Option<Vec<&str>> {
        let [conj] = self.alternatives.as_slice() else {
            return None;
        };
        let [part] = conj.parts.as_slice() else {
            return None;
        };
        if part.absent {
            return None;
        }
        part.seq
            .steps
            .iter()
            .map(|s| match &s.item {
                Item::Word(w) if !w.prefix && !s.optional && !s.far => Some(w.text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Every word the pattern names, present or absent, optional or not.
    pub fn words(&self) -> Vec<&Word> {
        fn seq_words<'a>(seq: &'a Seq, out: &mut Vec<&'a Word>) {
            for s in &seq.steps {
                match &s.item {
                    Item::Word(w) => out.push(w),
                    Item::Group(alts) => alts.iter().for_each(|a| seq_words(a, out)),
                }
            }
        }
        let mut out = Vec::new();
        for c in &self.alternatives {
            for p in &c.parts {
                seq_words(&p.seq, &mut out);
            }
        }
        out
    }
}

/// Removes the operator characters of the pattern language from free text, so a phrase taken
/// from prose (an extracted term) reads as plain words.
pub fn plain(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if is_operator(c) { ' ' } else { c })
        .collect();
    cleaned
        .replace("..", " ")
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Step {
        Step {
            item: Item::Word(Word {
                text: text.into(),
                prefix: false,
            }),
            optional: false,
            far: false,
        }
    }

    #[test]
    fn a_plain_phrase_is_one_sequence_of_words() {
        let p = parse("consistent hashing").unwrap();
        assert_eq!(p.plain_words(), Some(vec!["consistent", "hashing"]));
        assert_eq!(
            p.alternatives[0].parts[0].seq.steps,
            vec![w("consistent"), w("hashing")]
        );
        let p = parse("write-through cache").unwrap();
        assert_eq!(p.plain_words(), Some(vec!["write-through", "cache"]));
        assert_eq!(
            parse("node.js pub/sub C++ C# id_token read:write")
                .unwrap()
                .words()
                .len(),
            6
        );
    }

    #[test]
    fn operators_build_the_tree() {
        let p =
            parse("oauth* (is | handles) authenticat* & !oidc | openid .. authorization?").unwrap();
        assert_eq!(p.alternatives.len(), 2);
        let first = &p.alternatives[0];
        assert_eq!(first.parts.len(), 2);
        assert!(first.parts[1].absent);
        let steps = &first.parts[0].seq.steps;
        assert!(matches!(&steps[0].item, Item::Word(w) if w.prefix && w.text == "oauth"));
        assert!(matches!(&steps[1].item, Item::Group(g) if g.len() == 2));
        let second = &p.alternatives[1].parts[0].seq.steps;
        assert!(second[1].far && second[1].optional);
        assert_eq!(p.plain_words(), None);
    }

    #[test]
    fn groups_hold_sequences() {
        let p = parse("(write back | write-behind) cache").unwrap();
        let Item::Group(alts) = &p.alternatives[0].parts[0].seq.steps[0].item else {
            panic!("group expected");
        };
        assert_eq!(alts[0].steps.len(), 2);
        assert_eq!(alts[1].steps.len(), 1);
    }

    #[test]
    fn mistakes_are_reported_with_their_place() {
        for (bad, needle) in [
            ("", "empty"),
            ("(a | b", "never closed"),
            ("a b)", "without `(`"),
            ("ab*", "at least 3 letters"),
            ("abc *", "directly"),
            (".. a", "before it"),
            ("a ..", "after it"),
            ("!a", "must be present"),
            ("a & !b & !c | !d", "must be present"),
            ("x?", "not optional"),
            ("a | | b", "expected a word"),
            ("(a & b)", "inside `( )`"),
            ("? a", "must follow"),
            ("a & ", "found the end"),
            ("+ +", "no letters"),
        ] {
            let e = parse(bad).expect_err(bad);
            assert!(e.message.contains(needle), "{bad:?}: {e}");
        }
        assert_eq!(parse("a b)").unwrap_err().at, 3);
    }

    #[test]
    fn prose_is_made_plain() {
        assert_eq!(plain("Cache (Redis) | *fast*"), "Cache Redis fast");
        assert_eq!(plain("wait... what?!"), "wait what");
        assert!(parse(&plain("a (b) & c!")).unwrap().plain_words().is_some());
    }
}
