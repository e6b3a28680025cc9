//! Own-words evidence: a criterion's idea stated in the words of its `expects` rather than its
//! terms (the paraphrase rule), and a claim of a short reference stated in the answer's words.

use super::{PARAPHRASE_MIN, PARAPHRASE_SHARE, PARAPHRASE_WINDOW, Scan};
use crate::grader::compiled::CompiledCriterion;
use crate::grader::negation::mention_asserted;
use crate::grader::patterns::Match;

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
pub(super) fn own_words(c: &CompiledCriterion, scan: &Scan, claims: bool) -> Option<(Match, bool)> {
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
