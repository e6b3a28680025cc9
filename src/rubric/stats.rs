//! `rubrics stats`: what the bank holds and the defects that make a rubric read badly, counted
//! across every rubric (curated and extracted): labels that are a single word, labels inside a
//! sibling's label, `expects` shared with a sibling, and `expects` that only repeat the label.

use std::fmt;

use super::model::{Origin, Rubric};
use crate::text::words;

/// Counts over a set of rubrics.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    pub rubrics: usize,
    pub curated: usize,
    pub extracted: usize,
    pub criteria: usize,
    pub criteria_min: usize,
    pub criteria_max: usize,
    /// Rubrics with at least one `wrong` claim.
    pub with_wrong: usize,
    /// Rubrics whose every criterion has a `probe`.
    pub with_probe: usize,
    pub wrong_claims: usize,
    /// Rubrics with at least one criterion that has a `subject`.
    pub with_subject: usize,
    /// Rubrics with a `note`.
    pub with_note: usize,
    pub single_word_labels: usize,
    pub labels_inside_sibling: usize,
    pub shared_expects: usize,
    pub expects_repeating_label: usize,
}

impl Stats {
    pub fn criteria_mean(&self) -> f64 {
        if self.rubrics == 0 {
            0.0
        } else {
            self.criteria as f64 / self.rubrics as f64
        }
    }

    /// The defects, which a fully curated bank must not have.
    pub fn defects(&self) -> usize {
        self.single_word_labels
            + self.labels_inside_sibling
            + self.shared_expects
            + self.expects_repeating_label
    }
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "rubrics: {} ({} curated, {} extracted)",
            self.rubrics, self.curated, self.extracted
        )?;
        writeln!(
            f,
            "criteria per question: min {}, mean {:.2}, max {} ({} in all)",
            self.criteria_min,
            self.criteria_mean(),
            self.criteria_max,
            self.criteria
        )?;
        writeln!(
            f,
            "with wrong claims: {} ({:.1}%), {} claims in all",
            self.with_wrong,
            share(self.with_wrong, self.rubrics),
            self.wrong_claims
        )?;
        writeln!(
            f,
            "with a probe on every criterion: {} ({:.1}%)",
            self.with_probe,
            share(self.with_probe, self.rubrics)
        )?;
        writeln!(
            f,
            "with subjects (comparisons): {}; with a note: {}",
            self.with_subject, self.with_note
        )?;
        writeln!(f, "defects:")?;
        writeln!(
            f,
            "  single-word labels:            {}",
            self.single_word_labels
        )?;
        writeln!(
            f,
            "  labels inside a sibling's:     {}",
            self.labels_inside_sibling
        )?;
        writeln!(
            f,
            "  expects shared with a sibling: {}",
            self.shared_expects
        )?;
        write!(
            f,
            "  expects repeating the label:   {}",
            self.expects_repeating_label
        )
    }
}

fn contains_run(outer: &[String], inner: &[String]) -> bool {
    !inner.is_empty() && inner.len() < outer.len() && outer.windows(inner.len()).any(|w| w == inner)
}

/// Counts over `rubrics`.
pub fn stats(rubrics: &[Rubric]) -> Stats {
    let mut s = Stats {
        criteria_min: usize::MAX,
        ..Stats::default()
    };
    for r in rubrics {
        s.rubrics += 1;
        match r.origin {
            Origin::Curated => s.curated += 1,
            Origin::Extracted => s.extracted += 1,
        }
        let n = r.criteria.len();
        s.criteria += n;
        s.criteria_min = s.criteria_min.min(n);
        s.criteria_max = s.criteria_max.max(n);
        let claims: usize = r.criteria.iter().map(|c| c.wrong.len()).sum();
        s.wrong_claims += claims;
        s.with_wrong += usize::from(claims > 0);
        s.with_probe += usize::from(n > 0 && r.criteria.iter().all(|c| !c.probe.trim().is_empty()));
        s.with_subject += usize::from(r.criteria.iter().any(|c| c.subject.is_some()));
        s.with_note += usize::from(!r.note.trim().is_empty());
        let labels: Vec<Vec<String>> = r.criteria.iter().map(|c| words(&c.label)).collect();
        for (i, c) in r.criteria.iter().enumerate() {
            if labels[i].len() <= 1 {
                s.single_word_labels += 1;
            }
            if labels
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && contains_run(other, &labels[i]))
            {
                s.labels_inside_sibling += 1;
            }
            let expects = c.expects.trim();
            if r.criteria
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.expects.trim().eq_ignore_ascii_case(expects))
            {
                s.shared_expects += 1;
            }
            let exp_words = words(expects);
            if !exp_words.is_empty()
                && exp_words
                    .iter()
                    .all(|w| labels[i].contains(w) || w.len() <= 3)
            {
                s.expects_repeating_label += 1;
            }
        }
    }
    if s.rubrics == 0 {
        s.criteria_min = 0;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::model::{Criterion, Misconception};

    #[test]
    fn counts_and_defects() {
        let mut good = Rubric::new(
            "q1",
            "How do caches stay fresh?",
            "caching",
            vec![
                Criterion::new(
                    "ttl",
                    "Expiry with a TTL",
                    2.0,
                    &["ttl"],
                    "A TTL bounds staleness.",
                ),
                Criterion::new(
                    "inv",
                    "Invalidation on write",
                    1.0,
                    &["invalidat*"],
                    "Delete on write.",
                ),
                Criterion::new(
                    "herd",
                    "Stampede protection",
                    1.0,
                    &["stampede"],
                    "Coalesce misses.",
                ),
            ],
        );
        good.origin = Origin::Curated;
        for c in &mut good.criteria {
            c.probe = "Why?".into();
        }
        good.criteria[0].wrong.push(Misconception {
            pattern: "ttl".into(),
            example: "x".into(),
            correction: "y".into(),
        });
        let bad = Rubric::new(
            "q2",
            "What is caching?",
            "caching",
            vec![
                Criterion::new("a", "Live", 1.0, &["live"], "Live."),
                Criterion::new("b", "Live data", 1.0, &["data"], "Same words."),
                Criterion::new("c", "Read path", 1.0, &["read"], "Same words."),
            ],
        );
        let s = stats(&[good, bad]);
        assert_eq!((s.rubrics, s.curated, s.extracted), (2, 1, 1));
        assert_eq!((s.criteria_min, s.criteria_max, s.criteria), (3, 3, 6));
        assert_eq!((s.with_wrong, s.with_probe, s.wrong_claims), (1, 1, 1));
        assert_eq!(s.single_word_labels, 1);
        assert_eq!(s.labels_inside_sibling, 1);
        assert_eq!(s.shared_expects, 2);
        assert_eq!(s.expects_repeating_label, 1);
        assert_eq!(s.defects(), 5);
        assert!(
            s.to_string()
                .contains("rubrics: 2 (1 curated, 1 extracted)")
        );
    }
}
