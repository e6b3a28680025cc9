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

/// The criterion's idea in the words of its `expects`: at least [`PARAPHRASE_MIN`] distinct
/// specific words of it, and [`PARAPHRASE_SHARE`] of them, asserted within
/// [`PARAPHRASE_WINDOW`] tokens (a claim: within one sentence). Returns the words found and
/// whether they state the idea in full.
///
/// For a claim of a short reference (`claims`), `expects` is the reference's own clause, often of one or
/// two specific words ("By reference.", "Abstraction and reusability."), and the words it shares
/// with the question are part of the claim ("measure the physical running time"): they count
/// too, and the rule asks for all the words when there are fewer than [`PARAPHRASE_MIN`]. Any
/// credit needs a word the question does not state (repeating the question states nothing):
/// one such word is a partial statement, the rule met with one is the claim met. Elsewhere only
/// the full rule counts, as partial evidence.
fn own_words(c: &CompiledCriterion, scan: &Scan, claims: bool) -> Option<(Match, bool)> {
    let context: &[u32] = if claims { &c.context } else { &[] };
    let n = c.explanation.len() + context.len();
    let rule = PARAPHRASE_MIN.max((PARAPHRASE_SHARE * n as f32).ceil() as usize);
    let need = if claims { rule.min(n) } else { rule };
    if c.explanation.is_empty() || n < need {
        return None;
    }
    let least = if claims { 1 } else { need };
    let tokens = scan.answer.tokens;
    let mut found: Vec<(usize, u32)> = Vec::new();
    let mut denied: Vec<usize> = Vec::new();
    for &id in c.explanation.iter().chain(context) {
        for &p in scan.positions(id) {
            // a negative claim's words stand negated when it is stated
            if (claims && c.negative) || mention_asserted(tokens, &scan.cues, p, p, &[p]) {
                found.push((p, id));
            } else {
                denied.push(p);
            }
        }
    }
    if found.len() < least {
        return None;
    }
    found.sort_unstable();
    // the window with most distinct words, among those holding a word the question lacks
    let mut best: Option<((bool, usize), usize, usize)> = None;
    let mut ids: Vec<u32> = Vec::new();
    for (a, &(start, _)) in found.iter().enumerate() {
        ids.clear();
        let mut last = start;
        for &(p, id) in &found[a..] {
            // a claim is stated within one sentence, wherever its words fall in it
            let apart = if claims {
                tokens[p].sentence != tokens[start].sentence
            } else {
                p - start > PARAPHRASE_WINDOW
            };
            if apart {
                break;
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
            last = p;
        }
        let key = (ids.iter().any(|id| c.explanation.contains(id)), ids.len());
        if best.is_none_or(|(k, _, _)| key > k) {
            best = Some((key, start, last));
        }
    }
    let ((specific, distinct), first, last) = best?;
    (specific && distinct >= least).then(|| {
        let m = Match {
            first,
            last,
            tokens: found
                .iter()
                .map(|&(p, _)| p)
                .filter(|&p| (first..=last).contains(&p))
                .collect(),
        };
        // a claim whose own words are denied beside it ("it never caches static content:
        // images and CSS are not cached") is not stated, whatever else the sentence names
        let sentence = tokens[first].sentence;
        let contested = claims && denied.iter().any(|&p| tokens[p].sentence == sentence);
        (m, specific && distinct >= need && !contested)
    })
}

#[cfg(test)]
mod tests {
    use crate::grader::{Flag, Grader, Verdict};
    use crate::rubric::{Lexicon, extract};

    /// Verdicts and flags of `answer` against the rubric extracted from a one-line reference.
    fn judge(question: &str, reference: &str, answer: &str) -> (Vec<Verdict>, Vec<Flag>, f32) {
        let lexicon = Lexicon::builtin();
        let rubric = extract::from_reference(question, reference, &lexicon);
        let j = Grader::new(lexicon).grade(&rubric, answer);
        (
            j.criteria.iter().map(|c| c.verdict).collect(),
            j.flags,
            j.score,
        )
    }

    #[test]
    fn a_one_line_claim_in_other_words_is_met_and_half_of_it_partial() {
        let q = "What is the main difference between a while and a do...while statement?";
        let reference = "The block inside a do...while statement will execute at least once.";
        // before: fragments "Block inside", "Execute", "Least once" of which this met one
        let (v, _, score) = judge(
            q,
            reference,
            "A do while loop always executes its block of code at least once, even when the \
             condition is false.",
        );
        assert_eq!(v, [Verdict::Met]);
        assert!(score >= 7.0, "{score}");
        let (v, _, _) = judge(q, reference, "The do while loop executes the code first.");
        assert_eq!(v, [Verdict::Partial]);
        // a list of two: both met, one partial
        let q = "What are the main advantages associated with object-oriented programming?";
        let (v, _, _) = judge(
            q,
            "Abstraction and reusability.",
            "Reusability and abstraction.",
        );
        assert_eq!(v, [Verdict::Met]);
        let (v, _, _) = judge(q, "Abstraction and reusability.", "Data abstraction.");
        assert_eq!(v, [Verdict::Partial]);
    }

    #[test]
    fn a_negative_claim_is_met_by_its_negation_and_a_denied_claim_is_not_met() {
        let (v, _, _) = judge(
            "What is a leaf?",
            "A node that has no children.",
            "A leaf is a node with no children.",
        );
        assert_eq!(v, [Verdict::Met]);
        let q = "What is the main difference between a while and a do...while statement?";
        let reference = "The block inside a do...while statement will execute at least once.";
        let (v, _, _) = judge(
            q,
            reference,
            "A do while block does not execute at least once; it may never run.",
        );
        assert_ne!(v, [Verdict::Met]);
    }

    #[test]
    fn repeating_the_question_meets_no_claim_and_restating_it_with_the_answer_is_no_copy() {
        let q = "What is the experimental approach for measuring the running time of an algorithm?";
        let (v, _, _) = judge(
            q,
            "Implement the algorithm and measure the physical running time.",
            "The experimental approach measures the running time of an algorithm.",
        );
        assert_eq!(v, [Verdict::Missed]);
        // before: flagged "copied question" and capped at 0.5
        let (v, flags, score) = judge(
            "How are arrays passed to functions?",
            "By reference.",
            "Arrays are passed to functions by reference.",
        );
        assert_eq!(v, [Verdict::Met]);
        assert!(!flags.contains(&Flag::CopiedQuestion), "{flags:?}");
        assert!(score >= 7.0, "{score}");
        let (_, flags, score) = judge(
            "How are arrays passed to functions?",
            "By reference.",
            "How are arrays passed to functions?",
        );
        assert!(flags.contains(&Flag::CopiedQuestion), "{flags:?}");
        assert!(score <= 0.5);
    }
}
