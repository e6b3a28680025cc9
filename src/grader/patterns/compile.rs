//! Compiling a parsed pattern into token matchers: each word becomes its alternatives (own
//! tokens, the joined form of a hyphenated word, the lexicon's equivalents), a run of plain words
//! is also expanded as a phrase, and every alternative gets the gates that reject it quickly.

use crate::rubric::Lexicon;
use crate::rubric::pattern::{self, Item, Pattern, Seq};
use crate::text::tokenize::{Token, phrase_stems, stem, tokenize};

use super::{CItem, CPart, CSeq, CStep, Chain, Compiled, TokenMatch};
use crate::grader::vocab::Vocab;

/// Max lexicon variants per word or phrase.
const MAX_VARIANTS: usize = 12;

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
