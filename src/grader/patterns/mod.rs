//! Compiled patterns: a rubric's `terms` and `wrong` claims (see [`crate::rubric::pattern`]) turned
//! into token matchers over a [`Vocab`](super::vocab::Vocab), and matched against an answer's tokens.
//!
//! Each word of a pattern becomes one or more alternatives: its own tokens (a hyphenated or dotted
//! word is several adjacent tokens, and also matches written as one word), and the equivalents
//! the [`Lexicon`](crate::rubric::Lexicon) lists for it ("db" for "database"). A run of plain words is also expanded as a
//! phrase ("lb" for "load balancer"). Content words match through the vocabulary's forgiving
//! lookup; function words match exactly.
//!
//! Matching works one sentence at a time: a sequence's steps follow each other with at most
//! [`MAX_GAP`](crate::rubric::pattern::MAX_GAP) tokens between them (`..` steps anywhere later), and a conjunction's parts all hold
//! in the sentence. `compile` builds the matchers, `matching` runs them.

mod compile;
mod matching;
#[cfg(test)]
mod tests;

use crate::text::tokenize::Token;

use super::vocab::Words;

pub use matching::bag_matches;

/// How one answer token is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMatch {
    /// A content word, by vocabulary id.
    Id(u32),
    /// A function word, by the id of its exact normalised form.
    Norm(u32),
    /// Any word starting with a prefix, by the prefix's id.
    Prefix(u32),
}

/// One way of matching a step: tokens that must be adjacent.
type Chain = Vec<TokenMatch>;

#[derive(Debug, Clone)]
enum CItem {
    /// Alternatives, each a chain of adjacent tokens.
    Word(Vec<Chain>),
    /// Alternatives, each a sequence.
    Group(Vec<CSeq>),
}

#[derive(Debug, Clone)]
struct CStep {
    item: CItem,
    optional: bool,
    far: bool,
}

#[derive(Debug, Clone)]
struct CSeq {
    steps: Vec<CStep>,
    /// The words a match can start with.
    starts: Vec<TokenMatch>,
}

impl CSeq {
    fn new(steps: Vec<CStep>) -> CSeq {
        let mut starts = Vec::new();
        for step in &steps {
            item_starts(&step.item, &mut starts);
            if !step.optional {
                break;
            }
        }
        CSeq { steps, starts }
    }
}

fn item_starts(item: &CItem, out: &mut Vec<TokenMatch>) {
    match item {
        CItem::Word(chains) => {
            for m in chains.iter().filter_map(|c| c.first()) {
                if !out.contains(m) {
                    out.push(*m);
                }
            }
        }
        CItem::Group(alts) => {
            for seq in alts {
                for m in &seq.starts {
                    if !out.contains(m) {
                        out.push(*m);
                    }
                }
            }
        }
    }
}

#[derive(Debug, Clone)]
struct CPart {
    absent: bool,
    seq: CSeq,
}

/// A pattern ready to match.
#[derive(Debug, Clone)]
pub struct Compiled {
    alternatives: Vec<Vec<CPart>>,
    /// Per alternative: sets of words of which at least one must occur in the answer for it to
    /// match (a quick rejection: most patterns do not match most answers).
    gates: Vec<Vec<Vec<TokenMatch>>>,
    /// For a plain term (words only): its content-word ids, for matching in any order and in
    /// part.
    pub bag: Vec<u32>,
}

/// Where a pattern matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Token index range, inclusive.
    pub first: usize,
    pub last: usize,
    /// Every token the pattern's words matched (not the words between them).
    pub tokens: Vec<usize>,
}

/// The answer as patterns see it.
pub struct Answer<'a> {
    pub tokens: &'a [Token],
    /// Per token: false for tokens to ignore (repeated sentences).
    pub active: &'a [bool],
    /// Sentence ranges `[start, end)` of token indexes.
    pub sentences: &'a [(usize, usize)],
    pub words: &'a Words,
}

impl Answer<'_> {
    fn matches(&self, i: usize, m: &TokenMatch) -> bool {
        self.active[i]
            && match *m {
                TokenMatch::Id(id) => self.words.ids[i] == id,
                TokenMatch::Norm(n) => self.words.norms[i] == n,
                TokenMatch::Prefix(p) => self.words.has_prefix(i, p),
            }
    }

    fn present(&self, m: &TokenMatch) -> bool {
        match *m {
            TokenMatch::Id(id) => self.words.id_present(id),
            TokenMatch::Norm(n) => self.words.norm_present(n),
            TokenMatch::Prefix(p) => self.words.prefix_present(p),
        }
    }

    /// Per token: its vocabulary id, or [`NONE`].
    pub fn ids(&self) -> &[u32] {
        &self.words.ids
    }
}

/// Sentence ranges of a token stream.
pub fn sentences(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || tokens[i].sentence != tokens[start].sentence {
            if start < i {
                out.push((start, i));
            }
            start = i;
        }
    }
    out
}
