//! Concept matching: compiles a rubric into stem-id patterns once, then finds each criterion's
//! evidence in an answer.
//!
//! Forgives case, punctuation and Unicode forms (tokeniser), word forms (Snowball stems), typos
//! (optimal string alignment distance with length-dependent limits: words of 4 characters or fewer
//! must match exactly), multi-word terms in any order with up to one extra word per term word,
//! and synonyms/acronyms (every term is expanded through the [`Lexicon`]).

use super::fasthash::FastMap as HashMap;

use super::negation;
use super::tokenize::{Token, root, tokenize};
use crate::rubric::extract::is_generic;
use crate::rubric::{Lexicon, Rubric};

/// Max variants per term after lexicon expansion.
const MAX_VARIANTS: usize = 12;

/// Allowed edit distance for a word of `len` characters.
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

#[derive(Debug, Clone)]
pub struct CompiledCriterion {
    /// Variants as sequences of vocabulary ids (content words only).
    pub variants: Vec<Vec<u32>>,
    /// The reference states this concept negatively ("avoid a single point of failure"), so a
    /// negated mention agrees with it.
    pub negative: bool,
    /// All words of the criterion are in the question.
    pub in_question: bool,
    /// Stems opposite to what the reference says about this concept (see `Lexicon::opposites`).
    pub opposites: Vec<String>,
    /// Stems opposite to the criterion's own term ("CP" for "AP"): asserting them instead of the
    /// term contradicts the reference.
    pub term_opposites: Vec<String>,
    /// Specific hint words outside the question: a criterion the question already names is only
    /// met when one of these explains it in the same sentence.
    pub support: Vec<u32>,
    /// The same words drawn from the criterion's cleaned hint only (its own explanation, not a
    /// paragraph it shares with other criteria): what a paraphrase of the criterion states.
    pub explanation: Vec<u32>,
    /// (form, word) pairs: each explanation word, and its one-word lexicon equivalents ("host"
    /// for "server", "config" for "configuration"), which state it as well as the word itself.
    pub explanation_forms: Vec<(u32, u32)>,
}

/// A rubric prepared for fast grading.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub vocab: HashMap<String, u32>,
    /// Derivational root -> id (see [`root`]).
    pub roots: HashMap<String, u32>,
    /// Per vocabulary id: (normalised surface form, id) for typo matching.
    pub surfaces: Vec<(String, u32)>,
    /// Indexes into `surfaces` of typo-matchable ASCII surfaces, by first byte.
    pub by_first: HashMap<u8, Vec<u32>>,
    pub criteria: Vec<CompiledCriterion>,
    /// Ids of the question's content words.
    pub prompt_ids: Vec<u32>,
    /// Reference vocabulary (terms and hints, minus the question) with a weight per id.
    pub reference: Vec<(u32, f32)>,
    /// Per `reference` entry: the stem's first [`PREFIX`] characters, for loose partial credit.
    pub reference_prefix: Vec<String>,
    /// Weight per vocab id for "topic" relevance (1 if in rubric/reference/prompt).
    pub is_generic: Vec<bool>,
    pub prompt_tokens: usize,
    /// Distinctive stems of the rubric's topic across the bank (see `grader::topics`), if known.
    pub topic_stems: Option<std::sync::Arc<super::fasthash::FastSet<String>>>,
    /// Per criterion, the part of its hint that explains it (see [`crate::rubric::hint::clean`]),
    /// empty when the hint only repeats a label.
    pub hints: Vec<String>,
    /// Per vocabulary id: too weak to anchor a partial mention of a multi-word term (a generic
    /// word, or a word of the question: repeating the question's subject is no evidence).
    pub weak_anchor: Vec<bool>,
}

impl Compiled {
    fn intern(&mut self, t: &Token) -> u32 {
        if let Some(&id) = self.vocab.get(&t.stem) {
            return id;
        }
        let id = self.surfaces.len() as u32;
        self.vocab.insert(t.stem.clone(), id);
        self.roots.entry(root(&t.stem).to_string()).or_insert(id);
        self.surfaces.push((t.norm.clone(), id));
        self.is_generic.push(is_generic(&t.norm));
        id
    }

    fn intern_stem(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.vocab.get(stem) {
            return id;
        }
        let id = self.surfaces.len() as u32;
        self.vocab.insert(stem.to_string(), id);
        self.roots.entry(root(stem).to_string()).or_insert(id);
        self.surfaces.push((stem.to_string(), id));
        self.is_generic.push(is_generic(stem));
        id
    }

    pub fn build(rubric: &Rubric, lexicon: &Lexicon) -> Compiled {
        let mut c = Compiled {
            vocab: HashMap::default(),
            roots: HashMap::default(),
            by_first: HashMap::default(),
            surfaces: Vec::new(),
            criteria: Vec::new(),
            prompt_ids: Vec::new(),
            reference: Vec::new(),
            reference_prefix: Vec::new(),
            is_generic: Vec::new(),
            prompt_tokens: 0,
            topic_stems: None,
            hints: Vec::new(),
            weak_anchor: Vec::new(),
        };
        let labels: Vec<&str> = rubric.criteria.iter().map(|c| c.label.as_str()).collect();
        c.hints = rubric
            .criteria
            .iter()
            .map(|crit| crate::rubric::hint::clean(&crit.label, &crit.hint, &labels))
            .collect();
        let prompt_toks = tokenize(&rubric.prompt);
        c.prompt_tokens = prompt_toks.iter().filter(|t| !t.stop).count();
        for t in prompt_toks.iter().filter(|t| !t.stop) {
            let id = c.intern(t);
            if !c.prompt_ids.contains(&id) {
                c.prompt_ids.push(id);
            }
        }
        let mut ref_weights: HashMap<u32, f32> = HashMap::default();
        for crit in &rubric.criteria {
            let mut variants: Vec<Vec<u32>> = Vec::new();
            let mut all_words: Vec<u32> = Vec::new();
            for term in &crit.terms {
                let toks: Vec<Token> = tokenize(term).into_iter().filter(|t| !t.stop).collect();
                if toks.is_empty() {
                    continue;
                }
                for t in &toks {
                    let id = c.intern(t);
                    all_words.push(id);
                }
                let stems: Vec<String> = toks.iter().map(|t| t.stem.clone()).collect();
                for v in lexicon.expand(&stems, MAX_VARIANTS) {
                    let ids: Vec<u32> = v.iter().map(|s| c.intern_stem(s)).collect();
                    if !ids.is_empty() && !variants.contains(&ids) {
                        variants.push(ids);
                    }
                }
            }
            let hint_toks = tokenize(&crit.hint);
            for t in hint_toks.iter().filter(|t| !t.stop) {
                let id = c.intern(t);
                let w = if is_generic(&t.norm) { 0.6 } else { 1.0 };
                let e = ref_weights.entry(id).or_insert(0.0);
                *e = e.max(w);
            }
            for &id in &all_words {
                let w = if c.is_generic[id as usize] { 0.6 } else { 1.0 };
                let e = ref_weights.entry(id).or_insert(0.0);
                *e = e.max(w);
            }
            let negative = {
                // the hint negates one of the criterion's own words
                let first_words: Vec<usize> = hint_toks
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| {
                        all_words
                            .iter()
                            .any(|&id| c.vocab.get(&t.stem) == Some(&id))
                    })
                    .map(|(i, _)| i)
                    .collect();
                // ... by a cue that is not itself a word of the criterion ("Drop extras" is
                // the concept, not a denial of "extras")
                first_words.iter().any(|&i| {
                    negation::negating_cue(&hint_toks, i, i).is_some_and(|cue| {
                        !all_words
                            .iter()
                            .any(|&id| c.vocab.get(&hint_toks[cue].stem) == Some(&id))
                    })
                })
            };
            let in_question =
                !all_words.is_empty() && all_words.iter().all(|id| c.prompt_ids.contains(id));
            let own: Vec<String> = hint_toks
                .iter()
                .map(|t| t.stem.clone())
                .chain(
                    crit.terms
                        .iter()
                        .flat_map(|t| tokenize(t).into_iter().map(|t| t.stem)),
                )
                .chain(prompt_toks.iter().map(|t| t.stem.clone()))
                .collect();
            let mut opposites: Vec<String> = Vec::new();
            for t in hint_toks.iter().filter(|t| !t.stop) {
                for o in lexicon.opposites(&t.stem) {
                    if !own.contains(o) && !opposites.contains(o) {
                        opposites.push(o.clone());
                    }
                }
            }
            let mut term_opposites: Vec<String> = Vec::new();
            for term in &crit.terms {
                for t in tokenize(term).iter().filter(|t| !t.stop) {
                    for o in lexicon.opposites(&t.stem) {
                        if !own.contains(o) && !term_opposites.contains(o) {
                            term_opposites.push(o.clone());
                        }
                    }
                }
            }
            let mut support: Vec<u32> = Vec::new();
            for t in hint_toks.iter().filter(|t| !t.stop && !is_generic(&t.norm)) {
                let id = c.vocab[&t.stem];
                if !c.prompt_ids.contains(&id) && !all_words.contains(&id) && !support.contains(&id)
                {
                    support.push(id);
                }
            }
            let own_hint = tokenize(&c.hints[c.criteria.len()]);
            let explanation: Vec<u32> = support
                .iter()
                .copied()
                .filter(|&id| own_hint.iter().any(|t| c.vocab.get(&t.stem) == Some(&id)))
                .collect();
            let mut explanation_forms: Vec<(u32, u32)> = Vec::new();
            for &id in &explanation {
                explanation_forms.push((id, id));
                let stem = own_hint
                    .iter()
                    .find(|t| c.vocab.get(&t.stem) == Some(&id))
                    .map(|t| t.stem.clone())
                    .unwrap_or_default();
                for v in lexicon.expand(&[stem], MAX_VARIANTS).into_iter().skip(1) {
                    if let [alias] = v.as_slice() {
                        // one answer word states one explanation word: skip forms that are
                        // explanation words themselves or already stand for another
                        let a = c.intern_stem(alias);
                        if !explanation.contains(&a)
                            && !explanation_forms.iter().any(|&(f, _)| f == a)
                        {
                            explanation_forms.push((a, id));
                        }
                    }
                }
            }
            c.criteria.push(CompiledCriterion {
                variants,
                negative,
                in_question,
                opposites,
                term_opposites,
                support,
                explanation,
                explanation_forms,
            });
        }
        let mut reference: Vec<(u32, f32)> = ref_weights
            .into_iter()
            .filter(|(id, _)| !c.prompt_ids.contains(id))
            .collect();
        reference.sort_by_key(|&(id, _)| id);
        let mut stems_by_id: Vec<&str> = vec![""; c.surfaces.len()];
        for (stem, &id) in &c.vocab {
            stems_by_id[id as usize] = stem.as_str();
        }
        c.reference_prefix = reference
            .iter()
            .map(|&(id, _)| prefix(stems_by_id[id as usize]).to_string())
            .collect();
        c.reference = reference;
        c.weak_anchor = (0..c.surfaces.len())
            .map(|id| c.is_generic[id] || c.prompt_ids.contains(&(id as u32)))
            .collect();
        for (i, (surface, _)) in c.surfaces.iter().enumerate() {
            if surface.is_ascii() && typo_budget(surface.len()) > 0 {
                c.by_first
                    .entry(surface.as_bytes()[0])
                    .or_default()
                    .push(i as u32);
            }
        }
        c
    }

    /// Maps one answer token to a vocabulary id: exact stem, exact surface, or a typo within the
    /// length-dependent budget (same first letter).
    pub fn lookup(&self, t: &Token) -> Option<u32> {
        if let Some(&id) = self.vocab.get(&t.stem) {
            return Some(id);
        }
        if t.stop {
            return None;
        }
        // a word the stemmer cut shorter than another's stem ("embed" -> "emb", "embedded" ->
        // "embed")
        if let Some(&id) = self.vocab.get(&t.norm) {
            return Some(id);
        }
        if let Some(&id) = self.roots.get(root(&t.stem)) {
            return Some(id);
        }
        let len = t.norm.chars().count();
        let budget = typo_budget(len);
        if budget == 0 || !t.norm.is_ascii() {
            return None;
        }
        let first = t.norm.as_bytes()[0];
        let mut best: Option<(usize, u32)> = None;
        let cands = self.by_first.get(&first)?;
        for &i in cands {
            let (surface, id) = &self.surfaces[i as usize];
            let sl = surface.len();
            if sl.abs_diff(len) > budget {
                continue;
            }
            if bag_distance(t.norm.as_bytes(), surface.as_bytes()) > budget {
                continue;
            }
            let d = strsim::osa_distance(&t.norm, surface);
            if d <= budget.min(typo_budget(sl)) && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, *id));
            }
        }
        best.map(|(_, id)| id)
    }
}

/// A cheap lower bound of the edit distance of two ASCII words: the larger count of letters one
/// word has in excess of the other. Used to skip most typo comparisons.
fn bag_distance(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0i32; 64];
    for &c in a {
        counts[(c & 63) as usize] += 1;
    }
    for &c in b {
        counts[(c & 63) as usize] -= 1;
    }
    let (mut plus, mut minus) = (0i32, 0i32);
    for n in counts {
        if n > 0 {
            plus += n;
        } else {
            minus -= n;
        }
    }
    plus.max(minus) as usize
}

/// Characters of a stem compared for loose (prefix) similarity credit.
pub const PREFIX: usize = 4;

/// The comparison prefix of a stem: empty for stems shorter than `PREFIX + 1` or non-ASCII.
pub fn prefix(stem: &str) -> &str {
    if stem.len() > PREFIX && stem.is_ascii() {
        &stem[..PREFIX]
    } else {
        ""
    }
}

/// Where a criterion was found in the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Token index range, inclusive.
    pub first: usize,
    pub last: usize,
    pub negated: bool,
    /// All words of a variant (full) or only some (partial).
    pub full: bool,
}

/// Finds the hits of one criterion; `positions` maps a vocabulary id to the answer's token indexes.
pub fn find_hits(
    crit: &CompiledCriterion,
    tokens: &[Token],
    positions: &HashMap<u32, Vec<usize>>,
    generic: &[bool],
) -> Vec<Hit> {
    let mut hits = Vec::new();
    for v in &crit.variants {
        let k = v.len();
        let window = k + 1;
        let Some(starts) = positions.get(&v[0]) else {
            if k >= 2 {
                partial_hits(v, tokens, positions, generic, &mut hits);
            }
            continue;
        };
        let mut found_full = false;
        for &p in starts {
            let sentence = tokens[p].sentence;
            let (mut lo, mut hi) = (p, p);
            let mut ok = true;
            for &w in &v[1..] {
                let near = positions.get(&w).and_then(|ps| {
                    ps.iter()
                        .copied()
                        .filter(|&q| tokens[q].sentence == sentence && q.abs_diff(p) <= window)
                        .min_by_key(|&q| q.abs_diff(p))
                });
                match near {
                    Some(q) => {
                        lo = lo.min(q);
                        hi = hi.max(q);
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && crit.in_question && !crit.support.is_empty() {
                // the question names this concept: the answer must also explain it
                let explained = crit.support.iter().any(|id| {
                    positions
                        .get(id)
                        .is_some_and(|ps| ps.iter().any(|&q| tokens[q].sentence == sentence))
                });
                if !explained {
                    let negated = negation::is_negated(tokens, lo, hi);
                    hits.push(Hit {
                        first: lo,
                        last: hi,
                        negated,
                        full: false,
                    });
                    continue;
                }
            }
            if ok {
                found_full = true;
                let negated = negation::is_negated(tokens, lo, hi) ^ opposed(crit, tokens, lo, hi);
                hits.push(Hit {
                    first: lo,
                    last: hi,
                    negated,
                    full: true,
                });
            }
        }
        if !found_full && k >= 2 {
            partial_hits(v, tokens, positions, generic, &mut hits);
        }
    }
    hits
}

/// Tokens apart that a paraphrase's words may lie (run-on answers often have no sentence breaks).
pub const PARAPHRASE_WINDOW: usize = 14;

/// A criterion explained in other words: the answer states, close together and not negated,
/// distinct specific words of the criterion's own explanation (its hint, outside the question and
/// the term), as an answer does that describes the idea without its name ("kafka buffers spikes"
/// for "Message queue: buffer and distribute logs; Kafka"). Two such words are a partial
/// mention when they are at least a third of the explanation's words; three, and at least half of
/// them, or two of at most three, are a full one. The hit agrees
/// with the reference's polarity (it repeats the reference's own explanation).
///
/// `negated` memoises, per token, whether it is negated (0 unknown, 1 no, 2 yes) across the
/// criteria of one answer; it must be as long as `tokens`.
pub fn paraphrase_hit(
    crit: &CompiledCriterion,
    tokens: &[Token],
    positions: &HashMap<u32, Vec<usize>>,
    negated: &mut [u8],
) -> Option<Hit> {
    let n = crit.explanation.len();
    let present = crit
        .explanation
        .iter()
        .filter(|&&id| {
            crit.explanation_forms
                .iter()
                .any(|&(f, w)| w == id && positions.contains_key(&f))
        })
        .count();
    if n < 2 || present < 2 || present * 3 < n {
        return None;
    }
    // (token index, support id) of every mention that is not negated, in answer order
    let mut found: Vec<(usize, u32)> = Vec::new();
    for &(form, id) in &crit.explanation_forms {
        if let Some(ps) = positions.get(&form) {
            for &p in ps {
                if negated[p] == 0 {
                    negated[p] = if negation::is_negated(tokens, p, p) {
                        2
                    } else {
                        1
                    };
                }
                if negated[p] == 1 {
                    found.push((p, id));
                }
            }
        }
    }
    if found.len() < 2 {
        return None;
    }
    found.sort_unstable();
    let mut best: Option<(usize, usize, usize)> = None; // (distinct, first, last)
    let mut ids: Vec<u32> = Vec::with_capacity(crit.explanation.len());
    for (a, &(start, _)) in found.iter().enumerate() {
        ids.clear();
        let mut last = start;
        for &(p, id) in &found[a..] {
            if p - start > PARAPHRASE_WINDOW {
                break;
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
            last = p;
        }
        if best.is_none_or(|(d, _, _)| ids.len() > d) {
            best = Some((ids.len(), start, last));
        }
    }
    let (distinct, first, last) = best?;
    // a long explanation shares a few words with almost any text on the subject
    if distinct < 2 || distinct * 3 < n {
        return None;
    }
    let full = distinct >= 3 && distinct * 2 >= n || n <= 3;
    Some(Hit {
        first,
        last,
        negated: crit.negative,
        full,
    })
}

/// Tokens around a mention (same sentence, within [`OPPOSITE_WINDOW`]) that state the opposite of
/// the reference ("multi-object" where the reference says "single object").
pub const OPPOSITE_WINDOW: usize = 8;

fn opposed(crit: &CompiledCriterion, tokens: &[Token], lo: usize, hi: usize) -> bool {
    if crit.opposites.is_empty() {
        return false;
    }
    let s = tokens[lo].sentence;
    let from = lo.saturating_sub(OPPOSITE_WINDOW);
    let to = (hi + OPPOSITE_WINDOW + 1).min(tokens.len());
    tokens[from..to]
        .iter()
        .any(|t| t.sentence == s && crit.opposites.contains(&t.stem))
}

/// A multi-word term of which at least half the words (one of them not generic) occur close
/// together in one sentence.
fn partial_hits(
    v: &[u32],
    tokens: &[Token],
    positions: &HashMap<u32, Vec<usize>>,
    generic: &[bool],
    hits: &mut Vec<Hit>,
) {
    let need = v.len().div_ceil(2);
    for &anchor in v {
        if generic[anchor as usize] {
            continue;
        }
        let Some(ps) = positions.get(&anchor) else {
            continue;
        };
        for &p in ps {
            let sentence = tokens[p].sentence;
            let mut count = 1;
            let (mut lo, mut hi) = (p, p);
            for &w in v {
                if w == anchor {
                    continue;
                }
                if let Some(q) = positions.get(&w).and_then(|qs| {
                    qs.iter()
                        .copied()
                        .find(|&q| tokens[q].sentence == sentence && q.abs_diff(p) <= v.len() + 2)
                }) {
                    count += 1;
                    lo = lo.min(q);
                    hi = hi.max(q);
                }
            }
            if count >= need {
                let negated = negation::is_negated(tokens, lo, hi);
                hits.push(Hit {
                    first: lo,
                    last: hi,
                    negated,
                    full: false,
                });
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Difficulty;
    use crate::rubric::Criterion;

    fn rubric(terms: &[&[&str]]) -> Rubric {
        Rubric {
            id: "t".into(),
            prompt: "How do you scale reads?".into(),
            topic: "general".into(),
            difficulty: Difficulty::Medium,
            sources: vec![],
            criteria: terms
                .iter()
                .enumerate()
                .map(|(i, t)| Criterion {
                    id: format!("c{i}"),
                    label: t[0].into(),
                    weight: 1.0,
                    terms: t.iter().map(|s| s.to_string()).collect(),
                    hint: format!("{} matters", t[0]),
                })
                .collect(),
            followup: String::new(),
        }
    }

    fn hits(terms: &[&str], answer: &str) -> Vec<Hit> {
        let r = rubric(&[terms]);
        let c = Compiled::build(&r, &Lexicon::builtin());
        let toks = tokenize(answer);
        let ids: Vec<u32> = toks
            .iter()
            .map(|t| c.lookup(t).unwrap_or(u32::MAX))
            .collect();
        let mut pos: HashMap<u32, Vec<usize>> = HashMap::default();
        for (i, &id) in ids.iter().enumerate() {
            if id != u32::MAX {
                pos.entry(id).or_default().push(i);
            }
        }
        find_hits(&c.criteria[0], &toks, &pos, &c.is_generic)
    }

    fn full(terms: &[&str], answer: &str) -> bool {
        hits(terms, answer).iter().any(|h| h.full && !h.negated)
    }

    #[test]
    fn case_punctuation_unicode_and_word_forms() {
        assert!(full(&["read replicas"], "Add READ-REPLICAS!"));
        assert!(full(&["read replicas"], "replicated reads"));
        assert!(full(&["consistent hashing"], "ｃｏｎｓｉｓｔｅｎｔ hash"));
    }

    #[test]
    fn a_word_the_stemmer_cut_short_still_matches_its_longer_form() {
        // Snowball stems "embed" to "emb" but "embedded" to "embed"
        assert!(full(
            &["embedded analytics"],
            "embed the analytics in the product"
        ));
        assert!(!full(&["embedded analytics"], "emb analytics"));
    }

    #[test]
    fn typos_forgiven_by_length() {
        assert!(full(&["linearizability"], "linearizabilty matters"));
        assert!(full(&["replication"], "use replicaton"));
        assert!(
            !full(&["raft"], "use rift"),
            "short words match exactly only"
        );
        assert!(!full(&["cache"], "use cafe"));
        assert!(full(&["shard"], "use shart"), "5-7 letters allow one edit");
        assert!(!full(&["shard"], "use shzrt"), "but not two");
    }

    #[test]
    fn bag_distance_is_a_lower_bound() {
        for (a, b) in [
            ("replication", "replicaton"),
            ("cache", "cahce"),
            ("shard", "shzrt"),
            ("kafka", "redis"),
        ] {
            assert!(
                bag_distance(a.as_bytes(), b.as_bytes()) <= strsim::osa_distance(a, b),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn multiword_any_order_with_a_word_between() {
        assert!(full(&["consistent hashing"], "hashing that is consistent"));
        assert!(full(&["envelope encryption"], "envelope based encryption"));
        assert!(!full(
            &["envelope encryption"],
            "envelope. Later, much more text here about encryption"
        ));
    }

    #[test]
    fn synonyms_and_acronyms() {
        assert!(full(&["load balancer"], "put an LB in front"));
        assert!(full(&["Kubernetes"], "deploy on k8s"));
        let mut lex = Lexicon::builtin();
        lex.add_acronym("BAA", "Business Associate Agreement");
        let r = rubric(&[&["Business Associate Agreement"]]);
        let c = Compiled::build(&r, &lex);
        assert!(c.criteria[0].variants.len() >= 2);
    }

    #[test]
    fn partial_match_for_half_a_term() {
        let h = hits(&["envelope encryption"], "we use envelope tricks");
        assert!(h.iter().any(|h| !h.full), "{h:?}");
        let h = hits(&["envelope encryption"], "we use encryption");
        assert!(h.iter().any(|h| !h.full), "{h:?}");
    }

    #[test]
    fn negated_mentions_are_marked() {
        let h = hits(&["replication"], "we should not replicate anything");
        assert!(h.iter().all(|h| h.negated) && !h.is_empty());
    }

    #[test]
    fn opposite_claims_about_a_concept_are_contradictions() {
        let mut r = rubric(&[&["linearizability"]]);
        r.criteria[0].hint = "Real-time guarantee for a single object.".into();
        let c = Compiled::build(&r, &Lexicon::builtin());
        let check = |answer: &str| {
            let toks = tokenize(answer);
            let mut pos: HashMap<u32, Vec<usize>> = HashMap::default();
            for (i, t) in toks.iter().enumerate() {
                if let Some(id) = c.lookup(t) {
                    pos.entry(id).or_default().push(i);
                }
            }
            find_hits(&c.criteria[0], &toks, &pos, &c.is_generic)
        };
        assert!(
            check("Linearizability is the variant for multi-object transactions.")
                .iter()
                .all(|h| h.negated)
        );
        assert!(
            check("Linearizability is about one single object.")
                .iter()
                .all(|h| !h.negated)
        );
        assert!(
            check(
                "Linearizability is real time. Later, many other things happen in another sentence."
            )
            .iter()
            .all(|h| !h.negated)
        );
    }

    #[test]
    fn concepts_named_by_the_question_need_an_explanation() {
        let mut r = rubric(&[&["read replicas"]]);
        r.prompt = "How do read replicas help?".into();
        r.criteria[0].hint = "Replicas serve reads so the primary handles writes.".into();
        let c = Compiled::build(&r, &Lexicon::builtin());
        assert!(c.criteria[0].in_question);
        let run = |answer: &str| {
            let toks = tokenize(answer);
            let mut pos: HashMap<u32, Vec<usize>> = HashMap::default();
            for (i, t) in toks.iter().enumerate() {
                if let Some(id) = c.lookup(t) {
                    pos.entry(id).or_default().push(i);
                }
            }
            find_hits(&c.criteria[0], &toks, &pos, &c.is_generic)
        };
        assert!(run("Read replicas help.").iter().all(|h| !h.full));
        assert!(
            run("Read replicas take reads off the primary.")
                .iter()
                .any(|h| h.full)
        );
    }

    #[test]
    fn reference_polarity_is_learned() {
        let mut r = rubric(&[&["single point of failure"]]);
        r.criteria[0].hint = "Avoid a single point of failure.".into();
        let c = Compiled::build(&r, &Lexicon::builtin());
        assert!(c.criteria[0].negative);
        // a cue that is part of the concept's own name does not make the reference deny it:
        // "Drop extras" is what to do, so an answer that drops them agrees
        let mut r = rubric(&[&["Drop extras"]]);
        r.criteria[0].hint = "(Drop extras).".into();
        let c = Compiled::build(&r, &Lexicon::builtin());
        assert!(!c.criteria[0].negative);
        r.criteria[0].hint = "Never drop extras.".into();
        let c = Compiled::build(&r, &Lexicon::builtin());
        assert!(c.criteria[0].negative);
    }

    fn paraphrase(hint: &str, answer: &str) -> Option<Hit> {
        let mut r = rubric(&[&["Message queue", "Log broker"]]);
        r.prompt = "How would you design a distributed logging system?".into();
        r.criteria[0].hint = hint.into();
        let c = Compiled::build(&r, &Lexicon::builtin());
        let toks = tokenize(answer);
        let mut pos: HashMap<u32, Vec<usize>> = HashMap::default();
        for (i, t) in toks.iter().enumerate() {
            if let Some(id) = c.lookup(t).filter(|_| !t.stop) {
                pos.entry(id).or_default().push(i);
            }
        }
        paraphrase_hit(&c.criteria[0], &toks, &pos, &mut vec![0; toks.len()])
    }

    #[test]
    fn a_paraphrase_may_use_the_lexicon_equivalents_of_the_explanation() {
        // "host" is the curated equivalent of "server"
        let hint = "Agents on servers forward entries";
        assert!(paraphrase(hint, "agents on each host").is_some());
        assert!(paraphrase(hint, "agents on each laptop").is_none());
    }

    #[test]
    fn a_concept_explained_in_the_hints_own_words_is_found_without_its_name() {
        let hint = "Buffer & distribute logs; Kafka, Kinesis";
        // named by its parts, typos and all, in a run-on answer
        let h = paraphrase(hint, "agents ship to kafak, which buffers spikes").expect("found");
        assert!(h.full, "{h:?}");
        assert!(!h.negated);
        // one shared word is not an explanation
        assert!(paraphrase(hint, "logs go to kafka and then to search").is_none());
        // words far apart are not one statement
        let far = "kafka is there. then many other things happen in this design, with indexing \
                   shards replicas dashboards alerts and much more, and at the very end buffer";
        assert!(paraphrase(hint, far).is_none());
        // denied words do not explain it
        assert!(paraphrase(hint, "no kafka, no buffer: write straight to the database").is_none());
    }

    #[test]
    fn a_long_explanation_needs_a_third_of_its_words_and_half_for_a_full_paraphrase() {
        let hint = "Producers append events to a durable partitioned commit log; consumers \
                    track offsets, replay history and scale out in consumer groups.";
        let h =
            paraphrase(hint, "consumers replay history from their tracked offsets").expect("found");
        assert!(!h.full, "{h:?}");
        assert!(paraphrase(hint, "consumers replay from stored offsets").is_none());
        let h = paraphrase(
            hint,
            "producers append events to durable partitioned storage; consumers track offsets",
        )
        .expect("found");
        assert!(h.full, "{h:?}");
    }

    #[test]
    fn a_paraphrase_uses_only_the_criterions_own_part_of_a_shared_hint() {
        let para = "Linearizability: Real-time guarantee for a single object. Serializability: \
                    Transactions execute as if run in some serial order.";
        let mut r = rubric(&[&["Linearizability"], &["Serializability"]]);
        r.prompt = "Compare two consistency models.".into();
        for c in &mut r.criteria {
            c.hint = para.into();
        }
        let c = Compiled::build(&r, &Lexicon::builtin());
        let toks = tokenize("transactions execute in some serial order, one after another");
        let mut pos: HashMap<u32, Vec<usize>> = HashMap::default();
        for (i, t) in toks.iter().enumerate() {
            if let Some(id) = c.lookup(t).filter(|_| !t.stop) {
                pos.entry(id).or_default().push(i);
            }
        }
        let mut memo = vec![0; toks.len()];
        assert!(paraphrase_hit(&c.criteria[0], &toks, &pos, &mut memo).is_none());
        assert!(paraphrase_hit(&c.criteria[1], &toks, &pos, &mut memo).is_some());
    }

    #[test]
    fn a_word_of_the_question_alone_is_no_partial_mention() {
        // the question asks how to scale reads: "reads" alone does not half-mention read replicas
        let r = rubric(&[&["read replicas"]]);
        let c = Compiled::build(&r, &Lexicon::builtin());
        let partial = |answer: &str| {
            let toks = tokenize(answer);
            let mut pos: HashMap<u32, Vec<usize>> = HashMap::default();
            for (i, t) in toks.iter().enumerate() {
                if let Some(id) = c.lookup(t).filter(|_| !t.stop) {
                    pos.entry(id).or_default().push(i);
                }
            }
            find_hits(&c.criteria[0], &toks, &pos, &c.weak_anchor)
                .iter()
                .any(|h| !h.full)
        };
        assert!(!partial("We scale reads carefully."));
        assert!(partial("Add more replicas behind the primary."));
    }
}
