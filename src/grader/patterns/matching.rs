//! Matching compiled patterns against an answer, one sentence at a time: sequences with a
//! bounded gap, far and optional steps, conjunctions with absent parts, and plain terms matched
//! as a bag of words in any order.

use crate::rubric::pattern::MAX_GAP;
use crate::text::tokenize::Token;

use super::{Answer, CItem, CPart, CSeq, CStep, Compiled, Match, TokenMatch};

impl Compiled {
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
