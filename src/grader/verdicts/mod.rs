//! Per-criterion verdicts: met, partial, missed or contradicted, with the answer's own words as
//! evidence.
//!
//! - **contradicted**: one of the criterion's `wrong` claims is asserted (not negated, not framed
//!   as a mistake), or the answer asserts an antonym variant of one of its terms ("CP" for "AP")
//!   and never states the term itself. A negation near a term is never a contradiction.
//! - **met**: a term is stated (not negated) in a sentence that says something about it.
//! - **partial**: a term only named (a sentence of little more than the term, as in a list), half
//!   of a long term, or the idea put in the words of its `expects` without any term.
//! - A claim of a short reference (an extracted criterion that is one clause of it) put in the
//!   answer's words is **met**, and a specific word of it **partial** (see [`own_words`]).
//! - **missed**: none of these.

use super::compiled::{CompiledCriterion, CompiledRubric};
use super::judgment::Verdict;
use super::negation::{Cues, claim_asserted, mention_asserted};
use super::patterns::{Answer, Match, bag_matches};
use crate::text::tokenize::Token;

mod own_words;
#[cfg(test)]
mod tests;

use own_words::own_words;

/// Other words a sentence needs beside a term for the term to be stated rather than named.
pub const STATEMENT_WORDS: usize = 3;
/// Tokens within which the words of an own-words explanation must lie.
pub const PARAPHRASE_WINDOW: usize = 14;
/// Distinct `expects` words an own-words explanation needs, and the share of them.
pub const PARAPHRASE_MIN: usize = 3;
pub const PARAPHRASE_SHARE: f32 = 0.4;

/// An answer prepared for judging: tokens, vocabulary ids and where each id occurs.
pub struct Scan<'a> {
    pub answer: Answer<'a>,
    pub cues: Cues,
    /// Byte offsets of the answer's semicolons: a statement after one is a statement of its own.
    pub semicolons: Vec<usize>,
}

impl Scan<'_> {
    /// The (active) tokens where vocabulary id `id` occurs.
    pub fn positions(&self, id: u32) -> &[usize] {
        self.answer
            .words
            .positions
            .get(id as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The token range `[start, end)` of the sentence holding `token`.
    fn sentence_of(&self, token: usize) -> (usize, usize) {
        let s = self.answer.tokens[token].sentence;
        self.answer
            .sentences
            .iter()
            .copied()
            .find(|&(a, _)| self.answer.tokens[a].sentence == s)
            .unwrap_or((token, token + 1))
    }

    /// Whether a term's mention sits in a statement about it: a sentence with other words, or,
    /// in a sentence that is a list of short items ("TTL, LRU, write-through, ..."), an item with
    /// other words.
    fn in_statement(&self, m: &Match) -> bool {
        let tokens = self.answer.tokens;
        let (s, e) = self.sentence_of(m.first);
        let need = m.tokens.len() + STATEMENT_WORDS;
        if e - s < need {
            return false;
        }
        // clause lengths within the sentence
        let mut clauses: Vec<(u32, usize)> = Vec::new();
        for t in &tokens[s..e] {
            match clauses.last_mut() {
                Some((c, n)) if *c == t.clause => *n += 1,
                _ => clauses.push((t.clause, 1)),
            }
        }
        let short: usize = clauses
            .iter()
            .filter(|(_, n)| *n <= LIST_ITEM_WORDS)
            .map(|(_, n)| n)
            .sum();
        // a list with a lead-in that says something ("the platform offers faults: kill pods, CPU
        // burn, ...") is a statement about its items; a bare list is not
        let lead_in = e - s - short >= LEAD_IN_WORDS;
        let list_like = clauses.len() >= 3 && short * 10 >= (e - s) * 6 && !lead_in;
        if !list_like {
            return true;
        }
        let own = tokens[m.first].clause;
        clauses
            .iter()
            .find(|(c, _)| *c == own)
            .is_some_and(|(_, n)| *n >= need)
    }
}

/// Words at most in an item of a list ("write-through cache", "LRU eviction").
const LIST_ITEM_WORDS: usize = 4;
/// Words outside a list's short items that make the list part of a statement.
const LEAD_IN_WORDS: usize = 5;

/// Where the answer names the subjects of a comparison question's criteria, to tell which
/// subject a statement is about.
#[derive(Debug, Clone, Default)]
pub struct Subjects {
    /// (first token of a mention, criterion index), by token.
    mentions: Vec<(usize, usize)>,
}

impl Subjects {
    pub fn find(rubric: &CompiledRubric, scan: &Scan) -> Subjects {
        let mut mentions = Vec::new();
        for (i, c) in rubric.criteria.iter().enumerate() {
            if let Some(s) = &c.subject {
                mentions.extend(s.find(&scan.answer).into_iter().map(|m| (m.first, i)));
            }
        }
        mentions.sort_unstable();
        Subjects { mentions }
    }

    /// The criteria whose subject a statement at token `p` is about: the nearest subject named
    /// before it in its sentence, skipping one named as the object of a comparison or relation
    /// ("like debouncing", "unlike throttling", "on top of OAuth2") or as a predicate ("are
    /// serializable"). Empty when the statement's own clause names `own`'s subject, or when a
    /// contrast stands between the subject and the statement ("regardless of", "unlike", "than").
    fn governing(&self, tokens: &[Token], p: usize, own: usize) -> Vec<usize> {
        if self.mentions.is_empty() {
            return Vec::new();
        }
        let (sentence, clause) = (tokens[p].sentence, tokens[p].clause);
        if self
            .mentions
            .iter()
            .any(|&(t, c)| c == own && tokens[t].clause == clause)
        {
            return Vec::new();
        }
        let related = |t: usize| {
            (t.saturating_sub(2)..t).any(|i| {
                tokens[i].sentence == sentence
                    && matches!(
                        tokens[i].norm.as_str(),
                        "like"
                            | "unlike"
                            | "than"
                            | "vs"
                            | "versus"
                            | "compared"
                            | "comparing"
                            | "over"
                            | "of"
                            | "on"
                            | "from"
                            | "against"
                            | "instead"
                            | "rather"
                            // a predicate ("transactions are serializable") is not what the
                            // clause is about
                            | "is"
                            | "are"
                            | "was"
                            | "were"
                            | "be"
                            | "being"
                            | "been"
                    )
            })
        };
        let Some(&(t, _)) = self
            .mentions
            .iter()
            .rev()
            .find(|&&(t, _)| t < p && tokens[t].sentence == sentence && !related(t))
        else {
            return Vec::new();
        };
        // a contrast between the subject and the statement sets the statement against it
        // ("concurrency limiting counts requests in flight, regardless of requests per second")
        if (t + 1..p).any(|i| {
            matches!(
                tokens[i].norm.as_str(),
                "regardless"
                    | "unlike"
                    | "than"
                    | "instead"
                    | "rather"
                    | "versus"
                    | "vs"
                    | "whereas"
                    | "compared"
                    | "opposed"
                    | "contrast"
                    | "not"
                    | "no"
                    | "without"
            )
        }) {
            return Vec::new();
        }
        self.mentions
            .iter()
            .filter(|(x, _)| *x == t)
            .map(|(_, c)| *c)
            .collect()
    }
}

/// How a verdict was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A wrong claim, by its index in the criterion's `wrong`.
    Wrong(usize),
    /// Another criterion's definition stated about this criterion's subject (by its index).
    Swapped(usize),
    /// An antonym of a term asserted.
    Antonym,
    /// A term stated in a sentence.
    Stated,
    /// A term only named, or half of a long term.
    Named,
    /// The `expects` idea in other words.
    OwnWords,
    Nothing,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub verdict: Verdict,
    pub basis: Basis,
    /// The answer's words the verdict rests on.
    pub evidence: Vec<Match>,
    /// Sentences where the criterion was named, stated, explained or contradicted.
    pub sentences: Vec<u32>,
    /// This criterion's terms stated about another criterion's subject: (that criterion, where).
    pub swaps: Vec<(usize, Match)>,
}

/// Judges criterion `index`; `subjects` tell which subject each statement is about.
pub fn judge(rubric: &CompiledRubric, index: usize, scan: &Scan, subjects: &Subjects) -> Outcome {
    let c = &rubric.criteria[index];
    let tokens = scan.answer.tokens;
    let mut sentences: Vec<u32> = Vec::new();
    let mut swaps: Vec<(usize, Match)> = Vec::new();
    // a term stated about a sibling's subject is a swapped definition, not evidence for this one
    let mut swapped = |m: &Match| -> bool {
        if c.subject.is_none() {
            return false;
        }
        let about = subjects.governing(tokens, m.first, index);
        if about.is_empty()
            || about.contains(&index)
            || !claim_asserted(tokens, &scan.cues, m.first, m.last, &m.tokens)
        {
            return false;
        }
        let target = about
            .iter()
            .copied()
            .max_by(|a, b| rubric.weights[*a].total_cmp(&rubric.weights[*b]))
            .unwrap_or(about[0]);
        swaps.push((target, m.clone()));
        true
    };
    // wrong claims
    for (k, w) in c.wrong.iter().enumerate() {
        let Some(w) = w else { continue };
        if let Some(m) = w
            .find(&scan.answer)
            .into_iter()
            .find(|m| claim_asserted(tokens, &scan.cues, m.first, m.last, &m.tokens))
        {
            sentences.push(tokens[m.first].sentence);
            return Outcome {
                verdict: Verdict::Contradicted,
                basis: Basis::Wrong(k),
                evidence: vec![m],
                sentences,
                swaps,
            };
        }
    }
    // terms
    let positions = |id: u32| scan.positions(id);
    let weak = |id: u32| rubric.is_weak(id);
    let mut stated: Vec<Match> = Vec::new();
    let mut named: Vec<Match> = Vec::new();
    for t in &c.terms {
        let mut full = t.find(&scan.answer);
        let mut partial = Vec::new();
        if !t.bag.is_empty() {
            let (found, is_full) = bag_matches(&t.bag, &scan.answer, &positions, &weak);
            if is_full {
                full.extend(found);
            } else if full.is_empty() && rubric.partial_terms {
                partial = found;
            }
        }
        for m in full {
            if mention_asserted(tokens, &scan.cues, m.first, m.last, &m.tokens) {
                sentences.push(tokens[m.first].sentence);
                if scan.in_statement(&m) {
                    // only a statement can swap definitions; a bare mention is no claim
                    if !swapped(&m) {
                        stated.push(m);
                    }
                } else {
                    named.push(m);
                }
            }
        }
        for m in partial {
            if mention_asserted(tokens, &scan.cues, m.first, m.last, &m.tokens) {
                sentences.push(tokens[m.first].sentence);
                named.push(m);
            }
        }
    }
    if stated.is_empty() && named.is_empty() {
        for v in &c.antonyms {
            if let Some(m) = v
                .find(&scan.answer)
                .into_iter()
                .find(|m| claim_asserted(tokens, &scan.cues, m.first, m.last, &m.tokens))
            {
                sentences.push(tokens[m.first].sentence);
                return Outcome {
                    verdict: Verdict::Contradicted,
                    basis: Basis::Antonym,
                    evidence: vec![m],
                    sentences,
                    swaps,
                };
            }
        }
    }
    sentences.sort_unstable();
    sentences.dedup();
    let by_place = |v: &mut Vec<Match>| {
        v.sort_by_key(|m| (m.first, m.last));
        v.dedup_by(|x, y| x.first == y.first);
    };
    // an extracted rubric's `expects` is the reference's sentence, often cut to nothing: its
    // terms stated are enough
    let needs_support = !rubric.partial_terms || c.in_question;
    if !stated.is_empty()
        && (!needs_support || stated.iter().any(|m| supported(c, scan, m, &stated)))
    {
        by_place(&mut stated);
        return Outcome {
            verdict: Verdict::Met,
            basis: Basis::Stated,
            evidence: stated,
            sentences,
            swaps,
        };
    }
    // a claim of a short reference is its own sentence: saying it in other words states it
    let claims = c.claim;
    let own = if claims || (named.is_empty() && stated.is_empty()) {
        own_words(c, scan, claims)
    } else {
        None
    };
    if claims {
        // every sentence that speaks of the claim's own words is about it (relevance)
        for &id in &c.explanation {
            for &p in scan.positions(id) {
                if mention_asserted(tokens, &scan.cues, p, p, &[p]) {
                    sentences.push(tokens[p].sentence);
                }
            }
        }
    }
    if let Some((m, true)) = &own
        && claims
    {
        sentences.push(tokens[m.first].sentence);
        sentences.sort_unstable();
        sentences.dedup();
        return Outcome {
            verdict: Verdict::Met,
            basis: Basis::OwnWords,
            evidence: vec![m.clone()],
            sentences,
            swaps,
        };
    }
    named.append(&mut stated);
    if !named.is_empty() {
        by_place(&mut named);
        return Outcome {
            verdict: Verdict::Partial,
            basis: Basis::Named,
            evidence: named,
            sentences,
            swaps,
        };
    }
    if let Some((m, _)) = own {
        sentences.push(tokens[m.first].sentence);
        return Outcome {
            verdict: Verdict::Partial,
            basis: Basis::OwnWords,
            evidence: vec![m],
            sentences,
            swaps,
        };
    }
    Outcome {
        verdict: Verdict::Missed,
        basis: Basis::Nothing,
        evidence: Vec::new(),
        sentences,
        swaps,
    }
}

/// Whether a stated term says something about the criterion rather than dropping its name: its
/// sentence also holds a specific word of the criterion's `expects` (not negated) or another of
/// its terms (within the same statement: not past a semicolon), or the answer states the
/// criterion in another place too.
fn supported(c: &CompiledCriterion, scan: &Scan, m: &Match, stated: &[Match]) -> bool {
    let tokens = scan.answer.tokens;
    let sentence = tokens[m.first].sentence;
    // naming the question's own subject twice is still only repeating the question
    if !c.in_question
        && stated
            .iter()
            .any(|o| !(o.first <= m.last && m.first <= o.last))
    {
        return true;
    }
    let (s, e) = scan.sentence_of(m.first);
    let apart = |a: usize, b: usize| {
        let (lo, hi) = (tokens[a.min(b)].end, tokens[a.max(b)].start);
        scan.semicolons.iter().any(|&x| lo <= x && x < hi)
    };
    (s..e).any(|i| {
        !m.tokens.contains(&i)
            && tokens[i].sentence == sentence
            && scan.answer.active[i]
            && c.explanation.contains(&scan.answer.ids()[i])
            && !apart(i, m.first)
            && mention_asserted(tokens, &scan.cues, i, i, &[i])
    })
}
