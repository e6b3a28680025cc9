//! Fast counting of many fixed phrases in normalised text (see
//! [`normalize_text`](super::normalize_text)): one pass over the words, whatever the number of
//! phrases. Phrases match whole words only.

use std::collections::HashMap;

/// A set of phrases, each a sequence of normalised words, identified by their index.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    /// First word -> (phrase index, remaining words).
    by_first: HashMap<String, Vec<(usize, Vec<String>)>>,
    len: usize,
}

impl PhraseSet {
    /// Builds the set; each phrase is normalised the same way as the text it will be run on.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> PhraseSet {
        let mut set = PhraseSet::default();
        for (i, phrase) in phrases.into_iter().enumerate() {
            let norm = super::normalize_text(phrase);
            let mut words = norm
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string);
            if let Some(first) = words.next() {
                set.by_first
                    .entry(first)
                    .or_default()
                    .push((i, words.collect()));
            }
            set.len = i + 1;
        }
        set
    }

    /// Occurrences of each phrase (by index) in `normalized` text.
    pub fn count(&self, normalized: &str) -> Vec<usize> {
        let mut counts = vec![0; self.len];
        let words: Vec<&str> = normalized.split(' ').collect();
        for (i, w) in words.iter().enumerate() {
            if let Some(candidates) = self.by_first.get(*w) {
                for (idx, rest) in candidates {
                    let tail = &words[i + 1..];
                    if tail.len() >= rest.len() && rest.iter().zip(tail).all(|(a, b)| a == b) {
                        counts[*idx] += 1;
                    }
                }
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize_text;

    #[test]
    fn counts_whole_word_phrases() {
        let set = PhraseSet::new(["Kafka", "consistent hashing", "raft", "two-phase commit"]);
        let text = normalize_text(
            "Kafka (and kafka) use consistent-hashing; Raft; aircraft; two phase commit.",
        );
        assert_eq!(set.count(&text), vec![2, 1, 1, 1]);
        assert_eq!(set.count(""), vec![0, 0, 0, 0]);
    }
}
