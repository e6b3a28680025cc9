//! Compiled patterns: a rubric's `terms` and `wrong` claims (see [`crate::rubric::pattern`]) turned
//! into token matchers over a [`Vocab`], and matched against an answer's tokens.
//!
//! Each word of a pattern becomes one or more alternatives: its own tokens (a hyphenated or dotted
//! word is several adjacent tokens, and also matches written as one word), and the equivalents
//! the [`Lexicon`] lists for it ("db" for "database"). A run of plain words is also expanded as a
//! phrase ("lb" for "load balancer"). Content words match through the vocabulary's forgiving
//! lookup; function words match exactly.
//!
//! Matching works one sentence at a time: a sequence's steps follow each other with at most
//! [`MAX_GAP`] tokens between them (`..` steps anywhere later), and a conjunction's parts all hold
//! in the sentence.

use crate::rubric::Lexicon;
use crate::rubric::pattern::{self, Item, MAX_GAP, Pattern, Seq};
use crate::text::tokenize::{Token, phrase_stems, stem, tokenize};

use super::vocab::{Vocab, Words};

/// Max lexicon variants per word or phrase.
const MAX_VARIANTS: usize = 12;

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

/// Compiles the words of one pattern word (`write-through`, `db`, `authoriz*`).
fn word_chains(w: &pattern::Word, vocab: &mut Vocab, lexicon: &Lexicon) -> Vec<Chain> {
    let toks = tokenize(&w.text);
    if toks.is_empty() {
        return Vec::new();
    }
    if w.prefix {
        // the prefix applies to the last token: `pub/sub*` = "pub" then a word starting "sub"
        let mut chain: Chain = toks[..toks.len() - 1]
            .iter()
            .map(|t| token_match(t, vocab))
            .collect();
        chain.push(TokenMatch::Prefix(
            vocab.intern_prefix(&toks[toks.len() - 1].norm),
        ));
        return vec![chain];
    }
    let mut out: Vec<Chain> = vec![toks.iter().map(|t| token_match(t, vocab)).collect()];
    if toks.len() > 1 {
        let joined: String = toks.iter().map(|t| t.norm.as_str()).collect();
        out.push(vec![TokenMatch::Id(
            vocab.intern_word(&joined, &stem(&joined)),
        )]);
    }
    let stems: Vec<String> = toks
        .iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem.to_string())
        .collect();
    if !stems.is_empty() {
        for v in lexicon.expand(&stems, MAX_VARIANTS).into_iter().skip(1) {
            let chain: Chain = v.iter().map(|s| TokenMatch::Id(vocab.intern(s))).collect();
            if !chain.is_empty() && !out.contains(&chain) {
                out.push(chain);
            }
        }
    }
    out
}

fn token_match(t: &Token, vocab: &mut Vocab) -> TokenMatch {
    if t.stop {
        TokenMatch::Norm(vocab.intern_norm(&t.norm))
    } else {
        TokenMatch::Id(vocab.intern_word(&t.norm, &t.stem))
    }
}

/// A step that is one plain content word (no prefix, not optional, not far), with its stem.
fn plain_content_word(step: &pattern::Step) -> Option<String> {
    match &step.item {
        Item::Word(w) if !w.prefix && !step.optional && !step.far => {
            let toks = tokenize(&w.text);
            match toks.as_slice() {
                [t] if !t.stop => Some(t.stem.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

fn compile_seq(seq: &Seq, vocab: &mut Vocab, lexicon: &Lexicon) -> CSeq {
    let mut steps: Vec<CStep> = Vec::new();
    let mut i = 0;
    while i < seq.steps.len() {
        // a run of two or more plain content words may have a phrase equivalent ("load
        // balancer" = "lb"): the run becomes a group of the run itself and its equivalents
        let mut j = i;
        let mut run: Vec<String> = Vec::new();
        while j < seq.steps.len()
            && let Some(s) = plain_content_word(&seq.steps[j])
        {
            run.push(s);
            j += 1;
        }
        if run.len() >= 2 {
            let variants = lexicon.expand(&run, MAX_VARIANTS);
            if variants.len() > 1 {
                let own = CSeq::new(
                    seq.steps[i..j]
                        .iter()
                        .map(|s| compile_step(s, vocab, lexicon))
                        .collect(),
                );
                let mut alts = vec![own];
                for v in variants.into_iter().skip(1) {
                    alts.push(CSeq::new(vec![CStep {
                        item: CItem::Word(vec![
                            v.iter().map(|s| TokenMatch::Id(vocab.intern(s))).collect(),
                        ]),
                        optional: false,
                        far: false,
                    }]));
                }
                steps.push(CStep {
                    item: CItem::Group(alts),
                    optional: false,
                    far: seq.steps[i].far,
                });
                i = j;
                continue;
            }
        }
        steps.push(compile_step(&seq.steps[i], vocab, lexicon));
        i += 1;
    }
    CSeq::new(steps)
}

fn compile_step(step: &pattern::Step, vocab: &mut Vocab, lexicon: &Lexicon) -> CStep {
    let item = match &step.item {
        Item::Word(w) => CItem::Word(word_chains(w, vocab, lexicon)),
        Item::Group(alts) => CItem::Group(
            alts.iter()
                .map(|s| compile_seq(s, vocab, lexicon))
                .collect(),
        ),
    };
    CStep {
        item,
        optional: step.optional,
        far: step.far,
    }
}

impl Compiled {
    /// Compiles a parsed pattern, interning its words into `vocab`.
    pub fn build(p: &Pattern, vocab: &mut Vocab, lexicon: &Lexicon) -> Compiled {
        let alternatives: Vec<Vec<CPart>> = p
            .alternatives
            .iter()
            .map(|c| {
                c.parts
                    .iter()
                    .map(|part| CPart {
                        absent: part.absent,
                        seq: compile_seq(&part.seq, vocab, lexicon),
                    })
                    .collect()
            })
            .collect();
        let gates = alternatives_gates(&alternatives);
        // a plain term that holds a negation ("no client secret") keeps its order: in any order
        // its content words alone would match the very claim it denies
        let negated = p.words().iter().any(|w| {
            matches!(
                w.text.to_lowercase().as_str(),
                "no" | "not" | "without" | "never" | "don't" | "dont" | "none" | "nothing"
            )
        });
        let bag = match p.plain_words().filter(|_| !negated) {
            Some(words) => words
                .iter()
                .flat_map(|w| phrase_stems(w))
                .map(|s| vocab.intern(&s))
                .collect(),
            None => Vec::new(),
        };
        Compiled {
            alternatives,
            gates,
            bag,
        }
    }

    /// A plain sequence of content stems with the word at `exact` matched by its exact form
    /// instead (an antonym variant of a term: "stateful" must not match every "state").
    pub fn from_stems(
        stems: &[String],
        exact: Option<(usize, &str)>,
        vocab: &mut Vocab,
    ) -> Compiled {
        let ids: Vec<u32> = stems.iter().map(|s| vocab.intern(s)).collect();
        let steps = ids
            .iter()
            .enumerate()
            .map(|(i, &id)| CStep {
                item: CItem::Word(vec![vec![match exact {
                    Some((k, word)) if k == i => TokenMatch::Norm(vocab.intern_norm(word)),
                    _ => TokenMatch::Id(id),
                }]]),
                optional: false,
                far: false,
            })
            .collect();
        let alternatives = vec![vec![CPart {
            absent: false,
            seq: CSeq::new(steps),
        }]];
        Compiled {
            gates: alternatives_gates(&alternatives),
            alternatives,
            bag: if ids.len() >= 2 && exact.is_none() {
                ids
            } else {
                Vec::new()
            },
        }
    }

    /// Parses and compiles; `None` when the text does not parse (`rubrics check` reports it).
    pub fn parse(text: &str, vocab: &mut Vocab, lexicon: &Lexicon) -> Option<Compiled> {
        pattern::parse(text)
            .ok()
            .map(|p| Compiled::build(&p, vocab, lexicon))
    }

    /// Every place the pattern matches, in answer order (one per sentence and alternative at
    /// most for each start).
    pub fn find(&self, a: &Answer) -> Vec<Match> {
        let mut out = Vec::new();
        for (parts, gates) in self.alternatives.iter().zip(&self.gates) {
            if gates.iter().any(|g| !g.iter().any(|m| a.present(m))) {
                continue;
            }
            for &(s, e) in a.sentences {
                find_conj(parts, a, s, e, &mut out);
            }
        }
        out.sort_by_key(|m| (m.first, m.last));
        out.dedup_by(|x, y| x.first == y.first && x.last == y.last);
        // keep the tightest: a match that contains another ("on, on top of" around "on top
        // of") quotes words that are not part of the claim
        let spans: Vec<(usize, usize)> = out.iter().map(|m| (m.first, m.last)).collect();
        out.retain(|m| {
            !spans
                .iter()
                .any(|&(f, l)| (f, l) != (m.first, m.last) && f >= m.first && l <= m.last)
        });
        out
    }
}

/// The gates of each alternative: for every positive part, the gates of its sequence.
fn alternatives_gates(alternatives: &[Vec<CPart>]) -> Vec<Vec<Vec<TokenMatch>>> {
    alternatives
        .iter()
        .map(|parts| {
            parts
                .iter()
                .filter(|p| !p.absent)
                .flat_map(|p| seq_gates(&p.seq))
                .collect()
        })
        .collect()
}

/// For each required step of a sequence: the first word of each way it can match (one of them
/// must occur).
fn seq_gates(seq: &CSeq) -> Vec<Vec<TokenMatch>> {
    seq.steps.iter().filter_map(step_gate).collect()
}

fn step_gate(step: &CStep) -> Option<Vec<TokenMatch>> {
    if step.optional {
        return None;
    }
    let mut gate = Vec::new();
    match &step.item {
        CItem::Word(chains) => {
            for chain in chains {
                gate.push(*chain.first()?);
            }
        }
        CItem::Group(alts) => {
            for alt in alts {
                gate.extend(seq_gates(alt).into_iter().next()?);
            }
        }
    }
    Some(gate)
}

/// Matches of a conjunction in the sentence `[s, e)`: every match of its first positive part,
/// extended by the other positive parts, unless an absent part occurs in the clauses the match
/// spans.
fn find_conj(parts: &[CPart], a: &Answer, s: usize, e: usize, out: &mut Vec<Match>) {
    let positive: Vec<&CPart> = parts.iter().filter(|p| !p.absent).collect();
    let Some((head, rest)) = positive.split_first() else {
        return;
    };
    let mut others: Vec<Match> = Vec::with_capacity(rest.len());
    for p in rest {
        match seq_matches(&p.seq, a, s, e).into_iter().next() {
            Some(m) => others.push(m),
            None => return,
        }
    }
    for mut m in seq_matches(&head.seq, a, s, e) {
        for o in &others {
            m.first = m.first.min(o.first);
            m.last = m.last.max(o.last);
            m.tokens.extend_from_slice(&o.tokens);
        }
        let (cs, ce) = clause_span(a.tokens, m.first, m.last, s, e);
        if parts
            .iter()
            .filter(|p| p.absent)
            .any(|p| !seq_matches(&p.seq, a, cs, ce).is_empty())
        {
            continue;
        }
        out.push(m);
    }
}

/// The token range of the clauses from the one holding `first` to the one holding `last`, within
/// the sentence `[s, e)`.
fn clause_span(tokens: &[Token], first: usize, last: usize, s: usize, e: usize) -> (usize, usize) {
    let (c0, c1) = (tokens[first].clause, tokens[last].clause);
    let start = (s..=first)
        .find(|&i| tokens[i].clause == c0)
        .unwrap_or(first);
    let end = (last..e)
        .rev()
        .find(|&i| tokens[i].clause == c1)
        .map_or(last + 1, |i| i + 1);
    (start, end)
}

/// Every match of a sequence within `[s, e)`, one per start token.
fn seq_matches(seq: &CSeq, a: &Answer, s: usize, e: usize) -> Vec<Match> {
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    for start in start_positions(seq, a, s, e) {
        tokens.clear();
        if let Some(last) = match_steps(&seq.steps, a, start, None, e, &mut tokens)
            && let Some(&first) = tokens.iter().min()
        {
            out.push(Match {
                first,
                last,
                tokens: tokens.clone(),
            });
        }
    }
    // a start that only skips optional steps finds the same match again
    out.dedup_by(|x, y| x.first == y.first && x.last == y.last);
    out
}

/// Matches `steps` where the first (non-skipped) step starts exactly at `start` when `prev` is
/// `None`, else within the gap after `prev`. Returns the last token matched; `tokens` collects
/// the matched tokens.
fn match_steps(
    steps: &[CStep],
    a: &Answer,
    start: usize,
    prev: Option<usize>,
    end: usize,
    tokens: &mut Vec<usize>,
) -> Option<usize> {
    match_from(steps, a, start, prev, end, false, tokens)
}

/// [`match_steps`], where `far` makes the first step far whatever it says (a skipped optional far
/// step passes its distance on: `a .. (b)? c` finds `c` anywhere after `a`).
fn match_from(
    steps: &[CStep],
    a: &Answer,
    start: usize,
    prev: Option<usize>,
    end: usize,
    far: bool,
    tokens: &mut Vec<usize>,
) -> Option<usize> {
    let Some((step, rest)) = steps.split_first() else {
        return prev;
    };
    let candidates = match prev {
        None => start..start + 1,
        Some(p) if step.far || far => p + 1..end,
        Some(p) => p + 1..(p + 2 + MAX_GAP).min(end),
    };
    let mark = tokens.len();
    for pos in candidates {
        if !item_can_start(&step.item, a, pos) {
            continue;
        }
        for (last, used) in item_ends(&step.item, a, pos, end) {
            tokens.extend_from_slice(&used);
            if let Some(l) = match_steps(rest, a, start, Some(last), end, tokens) {
                return Some(l);
            }
            tokens.truncate(mark);
        }
    }
    if step.optional {
        return match_from(rest, a, start, prev, end, step.far || far, tokens);
    }
    None
}

/// The tokens in `[s, e)` where a match of `seq` may start: where one of its start words is.
fn start_positions(seq: &CSeq, a: &Answer, s: usize, e: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for m in &seq.starts {
        let ps = match *m {
            TokenMatch::Id(id) => &a.words.positions[id as usize],
            TokenMatch::Norm(n) => &a.words.norm_positions[n as usize],
            TokenMatch::Prefix(p) => &a.words.prefix_positions[p as usize],
        };
        let from = ps.partition_point(|&p| p < s);
        out.extend(ps[from..].iter().copied().take_while(|&p| p < e));
    }
    if seq.starts.len() > 1 {
        out.sort_unstable();
        out.dedup();
    }
    out
}

/// A cheap test that `steps` may match starting at `pos`: the first token of its first
/// required step (or of an optional step before it) matches there.
fn can_start(steps: &[CStep], a: &Answer, pos: usize) -> bool {
    for step in steps {
        if item_can_start(&step.item, a, pos) {
            return true;
        }
        if !step.optional {
            return false;
        }
    }
    false
}

fn item_can_start(item: &CItem, a: &Answer, pos: usize) -> bool {
    match item {
        CItem::Word(chains) => chains
            .iter()
            .any(|c| c.first().is_some_and(|m| a.matches(pos, m))),
        CItem::Group(alts) => alts.iter().any(|seq| can_start(&seq.steps, a, pos)),
    }
}

/// Each way `item` matches starting exactly at `pos` (within `end`): its last token and the
/// tokens it matched.
fn item_ends(item: &CItem, a: &Answer, pos: usize, end: usize) -> Vec<(usize, Vec<usize>)> {
    let mut ends: Vec<(usize, Vec<usize>)> = Vec::new();
    match item {
        CItem::Word(chains) => {
            for chain in chains {
                if pos + chain.len() <= end
                    && chain.iter().enumerate().all(|(k, m)| a.matches(pos + k, m))
                {
                    let last = pos + chain.len() - 1;
                    if !ends.iter().any(|(l, _)| *l == last) {
                        ends.push((last, (pos..=last).collect()));
                    }
                }
            }
        }
        CItem::Group(alts) => {
            for seq in alts {
                let mut inner = Vec::new();
                if let Some(last) = match_steps(&seq.steps, a, pos, None, end, &mut inner)
                    && inner.first() == Some(&pos)
                    && !ends.iter().any(|(l, _)| *l == last)
                {
                    ends.push((last, inner));
                }
            }
        }
    }
    ends
}

/// Matches of a plain term's words in any order, all within `window` tokens of the first one's
/// position, in one sentence (`full`), or of at least half of them anchored by a word that
/// `weak` does not exclude (partial). Returns (matches, full).
pub fn bag_matches<'p>(
    bag: &[u32],
    a: &Answer,
    positions: &impl Fn(u32) -> &'p [usize],
    weak: &impl Fn(u32) -> bool,
) -> (Vec<Match>, bool) {
    let k = bag.len();
    if k < 2 {
        return (Vec::new(), false);
    }
    let window = k + 2;
    let mut full = Vec::new();
    for &p in positions(bag[0]) {
        let sentence = a.tokens[p].sentence;
        let mut toks = vec![p];
        let ok = bag[1..].iter().all(|&w| {
            match positions(w)
                .iter()
                .copied()
                .filter(|&q| a.tokens[q].sentence == sentence && q.abs_diff(p) <= window)
                .min_by_key(|&q| q.abs_diff(p))
            {
                Some(q) => {
                    toks.push(q);
                    true
                }
                None => false,
            }
        });
        if ok {
            full.push(span(toks));
        }
    }
    if !full.is_empty() {
        return (full, true);
    }
    let need = k.div_ceil(2);
    let mut partial = Vec::new();
    for &anchor in bag {
        if weak(anchor) {
            continue;
        }
        for &p in positions(anchor) {
            let sentence = a.tokens[p].sentence;
            let mut toks = vec![p];
            for &w in bag {
                if w == anchor {
                    continue;
                }
                if let Some(q) = positions(w)
                    .iter()
                    .copied()
                    .find(|&q| a.tokens[q].sentence == sentence && q.abs_diff(p) <= window)
                {
                    toks.push(q);
                }
            }
            if toks.len() >= need {
                partial.push(span(toks));
            }
        }
    }
    (partial, false)
}

fn span(mut tokens: Vec<usize>) -> Match {
    tokens.sort_unstable();
    tokens.dedup();
    Match {
        first: tokens[0],
        last: tokens[tokens.len() - 1],
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles `pattern` and returns the answer text of each match.
    fn run(pattern: &str, answer: &str) -> Vec<String> {
        let lex = Lexicon::builtin();
        let mut vocab = Vocab::default();
        let c = Compiled::parse(pattern, &mut vocab, &lex).expect("parses");
        let toks = tokenize(answer);
        let active = vec![true; toks.len()];
        let words = vocab.words(&toks, &active);
        let sents = sentences(&toks);
        let a = Answer {
            tokens: &toks,
            active: &active,
            sentences: &sents,
            words: &words,
        };
        c.find(&a)
            .iter()
            .map(|m| answer[toks[m.first].start..toks[m.last].end].to_string())
            .collect()
    }

    fn hit(pattern: &str, answer: &str) -> bool {
        !run(pattern, answer).is_empty()
    }

    #[test]
    fn words_forgive_case_forms_typos_and_synonyms() {
        assert!(hit("read replica", "Add READ-REPLICAS!"));
        assert!(hit("replication", "use replicaton"));
        assert!(hit("load balancer", "put an LB in front"));
        assert!(hit("database", "the db is the bottleneck"));
        assert!(hit("kubernetes", "deploy on k8s"));
        assert!(!hit("raft", "use rift"));
    }

    #[test]
    fn hyphenated_and_joined_words() {
        assert!(hit("write-through", "a write through cache"));
        assert!(hit("write-through", "a writethrough cache"));
        assert!(hit("write through", "a write-through cache"));
        assert!(hit("node.js", "written in Node.js"));
        assert!(!hit("write-through", "write the data through a queue"));
    }

    #[test]
    fn sequences_keep_order_and_a_small_gap() {
        assert_eq!(
            run(
                "oauth2 authentication",
                "OAuth2 is an authentication protocol."
            ),
            vec!["OAuth2 is an authentication"]
        );
        assert!(hit("fan out write", "fan-out on write"));
        assert!(!hit(
            "oauth2 authentication",
            "authentication is built on OAuth2"
        ));
        assert!(!hit(
            "oauth2 authentication",
            "OAuth2 handles authorization while OIDC adds authentication"
        ));
        assert!(!hit("cache invalidation", "cache. invalidation"));
    }

    #[test]
    fn far_steps_optional_steps_and_groups() {
        assert!(hit(
            "write-through .. faster",
            "write-through, as everyone knows, makes everything faster"
        ));
        assert!(!hit("write-through .. faster", "faster than write-through"));
        assert!(hit("(the)? leader election", "leader election"));
        assert!(hit("(the)? leader election", "the leader election"));
        assert!(hit(
            "(write back | write-behind) cache",
            "a write-behind cache"
        ));
        assert!(hit(
            "(write back | write-behind) cache",
            "a write back cache"
        ));
        assert!(!hit("(write back | write-behind) cache", "a write cache"));
        assert!(hit(
            "post (is|are)? (natural*)? idempotent",
            "POST is idempotent"
        ));
        assert!(hit(
            "post (is|are)? (natural*)? idempotent",
            "POST is naturally idempotent"
        ));
    }

    #[test]
    fn prefixes_and_function_words() {
        assert!(hit("authoriz*", "the authorization server"));
        assert!(hit("authoriz*", "it authorizes calls"));
        assert!(!hit("authoriz*", "authentication"));
        // a prefix ending in "e" still finds its "-ing" form
        assert!(hit("rename*", "renaming a field"));
        assert!(hit("parse*", "parsing the logs"));
        assert!(hit("not needed", "it is not needed"));
        assert!(!hit("not needed", "it is needed"));
    }

    #[test]
    fn conjunctions_and_absent_parts_are_per_sentence() {
        let p = "oauth* & authenticat* & !oidc";
        assert!(hit(p, "Authentication is what OAuth2 does."));
        assert!(!hit(p, "OAuth2 and OIDC adds authentication."));
        // an absent part only counts in the clauses the match spans
        assert!(hit(
            p,
            "OIDC is separate, while OAuth2 does authentication."
        ));
        assert!(!hit(
            p,
            "OAuth2 delegates access. Authentication is separate."
        ));
        assert!(hit(
            "a | oauth* & authenticat*",
            "authentication with oauth"
        ));
    }

    #[test]
    fn plain_terms_also_match_in_any_order_and_in_part() {
        let lex = Lexicon::builtin();
        let mut vocab = Vocab::default();
        let c = Compiled::parse("consistent hashing", &mut vocab, &lex).unwrap();
        let check = |answer: &str| {
            let toks = tokenize(answer);
            let active = vec![true; toks.len()];
            let words = vocab.words(&toks, &active);
            let sents = sentences(&toks);
            let a = Answer {
                tokens: &toks,
                active: &active,
                sentences: &sents,
                words: &words,
            };
            let mut pos: Vec<Vec<usize>> = vec![Vec::new(); vocab.len()];
            for (i, &id) in words.ids.iter().enumerate() {
                if id != crate::grader::vocab::NONE {
                    pos[id as usize].push(i);
                }
            }
            let positions = |id: u32| pos[id as usize].as_slice();
            let (m, full) = bag_matches(&c.bag, &a, &positions, &|_| false);
            (m.len(), full)
        };
        assert_eq!(check("hashing that is consistent"), (1, true));
        assert_eq!(check("we use hashing for it"), (1, false));
        assert_eq!(check("nothing relevant"), (0, false));
    }
}
