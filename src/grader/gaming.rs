//! Anti-gaming signals: what a careful interviewer does not reward.
//!
//! - keyword dumps: bare lists of terms with no explanatory sentences (short comma/line separated
//!   segments, almost no function words);
//! - padding: repeated sentences or one term pasted over and over;
//! - gibberish: letter salad that is not English;
//! - the question copied back;
//! - generic filler: prose whose content words are all generic.
//!
//! Each signal is computed from the token stream and the raw text only, so it applies to any
//! question, including rubrics built on the fly.

use std::hash::Hasher;

use crate::text::fasthash::FastMap as HashMap;

use crate::text::is_generic;
use crate::text::tokenize::Token;

/// Structural facts about an answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    pub tokens: usize,
    pub content: usize,
    /// Share of tokens that are function words (prose: ~0.35-0.5, term lists: < 0.1).
    pub function_ratio: f32,
    /// Share of tokens inside short (<= 4 tokens) comma/line separated segments.
    pub list_share: f32,
    pub segments: usize,
    /// Share of tokens in sentences that repeat an earlier sentence.
    pub duplicate_share: f32,
    /// Largest share of content tokens taken by one word.
    pub top_term_share: f32,
    /// Share of alphabetic content words that look unpronounceable.
    pub weird_share: f32,
    /// Share of content words that are generic ("system", "important", ...).
    pub generic_share: f32,
    /// Per token: false when it belongs to a repeated sentence.
    pub active: Vec<bool>,
}

impl Shape {
    /// A bare list of terms: mostly short comma/line separated segments with few function words
    /// (a list of noun phrases may hold some: "who the user is", "on top of"), unlike prose or
    /// bullets that say something.
    pub fn keyword_dump(&self) -> bool {
        self.tokens >= 6
            && self.segments >= 4
            && ((self.list_share >= 0.6 && self.function_ratio < 0.2)
                || (self.list_share >= 0.8 && self.function_ratio < 0.3))
    }

    pub fn padding(&self) -> bool {
        self.duplicate_share >= 0.2 || (self.content >= 12 && self.top_term_share >= 0.25)
    }

    pub fn gibberish(&self) -> bool {
        self.content >= 3
            && (self.weird_share >= 0.3
                || (self.function_ratio < 0.05 && self.tokens >= 12 && self.list_share < 0.3))
    }

    /// 0..1: how much the answer is explanatory prose rather than a term list.
    pub fn explanation(&self) -> f32 {
        let fw = ((self.function_ratio - 0.08) / 0.22).clamp(0.0, 1.0);
        let prose = 1.0 - self.list_share;
        (0.5 * fw + 0.5 * prose).clamp(0.0, 1.0)
    }
}

fn looks_weird(norm: &str) -> bool {
    if !norm.chars().all(|c| c.is_ascii_alphabetic()) || norm.len() < 4 {
        return false;
    }
    let vowels = norm.chars().filter(|c| "aeiouy".contains(*c)).count();
    let mut run = 0;
    let mut max_run = 0;
    for c in norm.chars() {
        if "aeiouy".contains(c) {
            run = 0;
        } else {
            run += 1;
            max_run = max_run.max(run);
        }
    }
    vowels == 0 || max_run >= 5 || (norm.len() >= 6 && vowels * 6 < norm.len())
}

/// Computes the shape of an answer.
pub fn shape(text: &str, tokens: &[Token]) -> Shape {
    let n = tokens.len();
    if n == 0 {
        return Shape::default();
    }
    // repeated sentences
    let mut seen: crate::text::fasthash::FastSet<u64> =
        crate::text::fasthash::FastSet::with_capacity_and_hasher(n / 4 + 1, Default::default());
    let mut active = vec![true; n];
    let mut dup_tokens = 0usize;
    let mut i = 0;
    while i < n {
        let s = tokens[i].sentence;
        let mut j = i;
        while j < n && tokens[j].sentence == s {
            j += 1;
        }
        let mut h = crate::text::fasthash::Fnv::default();
        let mut words = 0;
        for t in tokens[i..j].iter().filter(|t| !t.stop) {
            h.write(t.stem.as_bytes());
            h.write_u32(0);
            words += 1;
        }
        if words >= 2 && !seen.insert(h.finish()) {
            for a in &mut active[i..j] {
                *a = false;
            }
            dup_tokens += j - i;
        }
        i = j;
    }
    let stop = tokens.iter().filter(|t| t.stop).count();
    let content: Vec<&Token> = tokens.iter().filter(|t| !t.stop).collect();
    let mut counts: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(content.len(), Default::default());
    for t in &content {
        *counts.entry(t.stem.as_str()).or_default() += 1;
    }
    let top = counts.values().copied().max().unwrap_or(0);
    let alpha: Vec<&&Token> = content
        .iter()
        .filter(|t| t.norm.chars().all(char::is_alphabetic))
        .collect();
    let weird = alpha.iter().filter(|t| looks_weird(&t.norm)).count();
    let generic = content.iter().filter(|t| is_generic(&t.norm)).count();
    // segments split by commas, semicolons, bullets and line breaks
    let mut list_tokens = 0usize;
    let mut segments = 0usize;
    let mut ti = 0usize;
    let mut seg_start = 0usize;
    let bytes = text.as_bytes();
    let mut boundaries: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| matches!(c, ',' | ';' | '\n' | '\u{2022}' | '|'))
        .map(|(i, _)| i)
        .collect();
    boundaries.push(bytes.len());
    for b in boundaries {
        let mut count = 0;
        while ti < n && tokens[ti].end <= b {
            if tokens[ti].start >= seg_start {
                count += 1;
            }
            ti += 1;
        }
        if count > 0 {
            segments += 1;
            if count <= 4 {
                list_tokens += count;
            }
        }
        seg_start = b;
    }
    Shape {
        tokens: n,
        content: content.len(),
        function_ratio: stop as f32 / n as f32,
        list_share: list_tokens as f32 / n as f32,
        segments,
        duplicate_share: dup_tokens as f32 / n as f32,
        top_term_share: if content.is_empty() {
            0.0
        } else {
            top as f32 / content.len() as f32
        },
        weird_share: if alpha.is_empty() {
            0.0
        } else {
            weird as f32 / alpha.len() as f32
        },
        generic_share: if content.is_empty() {
            0.0
        } else {
            generic as f32 / content.len() as f32
        },
        active,
    }
}

/// Whether the answer mostly restates the question: nearly all its content words are the
/// question's, and it is not much longer than the question.
pub fn copies_question(answer_content_ids: &[u32], prompt_ids: &[u32], prompt_len: usize) -> bool {
    if answer_content_ids.is_empty() || prompt_ids.is_empty() {
        return false;
    }
    let inq = answer_content_ids
        .iter()
        .filter(|id| prompt_ids.contains(id))
        .count();
    inq as f32 / answer_content_ids.len() as f32 >= 0.75
        && answer_content_ids.len() <= prompt_len * 2 + 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn sh(text: &str) -> Shape {
        shape(text, &tokenize(text))
    }

    #[test]
    fn keyword_lists_are_dumps_and_prose_is_not() {
        let dump = sh(
            "HIPAA, PHI, BAA, encryption at rest, KMS, TLS, MFA, RBAC, audit logging, CloudTrail, FHIR",
        );
        assert!(dump.keyword_dump(), "{dump:?}");
        let lines = sh("- Kafka\n- Redis\n- consistent hashing\n- sharding\n- replication");
        assert!(lines.keyword_dump(), "{lines:?}");
        let prose = sh(
            "Encrypt all patient data at rest with KMS keys and in transit with TLS, and keep an audit \
             log of every read so that access can be reviewed.",
        );
        assert!(!prose.keyword_dump(), "{prose:?}");
        assert!(prose.explanation() > dump.explanation() + 0.5);
    }

    #[test]
    fn repeated_sentences_are_padding_and_inactive() {
        let s = sh(
            "Use a cache in front of the database. Use a cache in front of the database. Also shard.",
        );
        assert!(s.padding(), "{s:?}");
        assert!(s.active.iter().any(|a| !a));
        let s = sh(
            "cache cache cache cache cache cache cache cache cache cache cache cache and a database",
        );
        assert!(s.padding());
        assert!(
            !sh("Use a cache in front of the database, then shard the writes by user id.")
                .padding()
        );
    }

    #[test]
    fn gibberish_is_detected() {
        assert!(sh("asdfg qwrtp zxcvb lkjhg mnbvc plokm").gibberish());
        assert!(!sh("We shard the database by user id and add read replicas.").gibberish());
    }

    #[test]
    fn copied_question_is_detected() {
        assert!(copies_question(&[1, 2, 3], &[1, 2, 3, 4], 4));
        assert!(!copies_question(&[1, 2, 5, 6, 7, 8, 9], &[1, 2, 3, 4], 4));
    }
}
