//! Per-topic vocabulary, learnt at load time from the rubrics of each topic (prompts, criterion
//! terms and `expects`), so that grading still needs only `rubrics/`.
//!
//! A short reference ("Secure manufacturing process. Claiming process.") cannot list the words a
//! real answer uses; the words other questions of the same topic use can. A stem belongs to a
//! topic when at least two of the topic's questions use it and it is at least twice as common in
//! the topic as in the whole bank: distinctive topic words, not English at large.

use std::sync::Arc;

use crate::rubric::Rubric;
use crate::text::fasthash::{FastMap, FastSet};
use crate::text::is_generic;
use crate::text::tokenize::tokenize;

/// Distinctive stems per topic.
#[derive(Debug, Clone, Default)]
pub struct TopicVocab {
    topics: FastMap<String, Arc<FastSet<String>>>,
}

/// Minimum number of a topic's questions that must use a stem.
const MIN_QUESTIONS: usize = 2;
/// How many times more common in the topic than in the bank a stem must be.
const LIFT: f32 = 2.0;

impl TopicVocab {
    /// Learns the vocabulary of every topic of `rubrics`.
    pub fn build(rubrics: &[Rubric]) -> TopicVocab {
        let mut df_all: FastMap<String, usize> = FastMap::default();
        let mut df_topic: FastMap<&str, FastMap<String, usize>> = FastMap::default();
        let mut n_topic: FastMap<&str, usize> = FastMap::default();
        for r in rubrics {
            let mut stems: FastSet<String> = FastSet::default();
            let mut add = |text: &str| {
                for t in tokenize(text) {
                    if !t.stop && t.stem.len() > 2 && !is_generic(&t.norm) {
                        stems.insert(t.stem.to_string());
                    }
                }
            };
            add(&r.prompt);
            for c in &r.criteria {
                for term in &c.terms {
                    add(&crate::rubric::pattern::plain(term));
                }
                add(&c.expects);
            }
            *n_topic.entry(r.topic.as_str()).or_default() += 1;
            let per = df_topic.entry(r.topic.as_str()).or_default();
            for s in stems {
                *df_all.entry(s.clone()).or_default() += 1;
                *per.entry(s).or_default() += 1;
            }
        }
        let total = rubrics.len().max(1) as f32;
        let topics = df_topic
            .into_iter()
            .map(|(topic, per)| {
                let n = n_topic[topic] as f32;
                let set: FastSet<String> = per
                    .into_iter()
                    .filter(|(s, df)| {
                        *df >= MIN_QUESTIONS
                            && (*df as f32 / n) >= LIFT * (df_all[s] as f32 / total)
                    })
                    .map(|(s, _)| s)
                    .collect();
                (topic.to_string(), Arc::new(set))
            })
            .collect();
        TopicVocab { topics }
    }

    /// The distinctive stems of `topic`, if it is known.
    pub fn get(&self, topic: &str) -> Option<&Arc<FastSet<String>>> {
        self.topics.get(topic)
    }

    /// Number of topics learnt.
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Criterion;

    fn rubric(id: &str, topic: &str, prompt: &str, expects: &str) -> Rubric {
        Rubric::new(
            id,
            prompt,
            topic,
            vec![Criterion::new("c", "C", 1.0, &["c"], expects)],
        )
    }

    #[test]
    fn distinctive_words_shared_by_a_topics_questions_belong_to_it() {
        let bank = vec![
            rubric(
                "1",
                "iot",
                "Provision devices",
                "Devices get a certificate.",
            ),
            rubric(
                "2",
                "iot",
                "Update device firmware",
                "Sign firmware with a certificate.",
            ),
            rubric(
                "3",
                "db",
                "Shard a database",
                "Pick a shard key for the database.",
            ),
            rubric(
                "4",
                "db",
                "Replicate a database",
                "Replicas copy the database log.",
            ),
        ];
        let v = TopicVocab::build(&bank);
        let iot = v.get("iot").unwrap();
        assert!(iot.contains("certif"), "{iot:?}");
        assert!(iot.contains("devic"), "{iot:?}");
        // used by one question only: not (yet) the topic's vocabulary
        assert!(!iot.contains("firmwar"));
        assert!(v.get("db").unwrap().contains("databas"));
        assert!(!v.get("db").unwrap().contains("certif"));
        assert!(v.get("cooking").is_none());
    }

    #[test]
    fn the_grader_counts_topic_words_but_not_the_questions_own() {
        let r = |id: &str, topic: &str, prompt: &str, hint: &str| rubric(id, topic, prompt, hint);
        let bank = vec![
            r(
                "1",
                "iot",
                "Provision devices",
                "Devices get a certificate.",
            ),
            r(
                "2",
                "iot",
                "Update device firmware",
                "Sign firmware with a key.",
            ),
            r(
                "3",
                "iot",
                "Register a sensor",
                "Push signed firmware to a sensor.",
            ),
            r(
                "4",
                "db",
                "Shard a database",
                "Pick a shard key for the database.",
            ),
            r(
                "5",
                "db",
                "Replicate a database",
                "Replicas copy the database log.",
            ),
            r("6", "db", "Index a table", "A B-tree index speeds lookups."),
            r(
                "7",
                "db",
                "Choose isolation",
                "Snapshot isolation avoids dirty reads.",
            ),
        ];
        let grader = crate::grader::Grader::new(crate::rubric::Lexicon::builtin());
        let with = crate::grader::Grader::new(crate::rubric::Lexicon::builtin()).with_topics(&bank);
        let answer = "Each unit runs signed firmware from the factory.";
        let (_, plain) = grader.grade_detailed(&bank[0], answer);
        let (_, topical) = with.grade_detailed(&bank[0], answer);
        assert!(
            topical.topic_share > plain.topic_share,
            "{topical:?} vs {plain:?}"
        );
        // restating the question is not evidence of knowing the topic
        let (_, copied) = with.grade_detailed(&bank[0], "Provision devices. Provision devices.");
        assert_eq!(copied.topic_share, 0.0);
    }
}
