//! The question bank: parsing and repairing the corpus files into distinct questions.
//!
//! [`load_dir`] reads every `*.txt` of a directory in name order; [`Corpus::parse_files`] does the
//! work: each file is repaired and parsed ([`parse`]), occurrences of the same question are
//! merged ([`merge`]), follow-up chains are linked ([`chains`]), cross references resolved
//! ([`xref`]), and every question gets a topic and tags ([`topics`]) and a difficulty and rating
//! ([`difficulty`]). Nothing here touches a database or the web.

pub mod chains;
pub mod difficulty;
pub mod error;
pub mod merge;
mod model;
pub mod parse;
pub mod repeats;
pub mod stats;
pub mod topics;
pub mod xref;

use std::collections::HashMap;
use std::path::Path;

pub use error::CorpusError;
pub use model::{ChainLink, Difficulty, Question, ReferenceAnswer, SourceRef};
pub use stats::CorpusStats;

use merge::MergeRecord;
use parse::{Format, ParsedFile, RawQuestion};

/// One parsed corpus file, for reporting.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileSummary {
    pub name: String,
    pub prefix: String,
    pub format: Format,
    /// Question headings found in the file.
    pub questions: usize,
}

/// The distinct questions of the corpus, with indexes for lookup.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub questions: Vec<Question>,
    pub files: Vec<FileSummary>,
    /// Every occurrence merged into another question.
    pub merges: Vec<MergeRecord>,
    /// Matches not merged (an expansion whose prompt disagrees, or a match that would join two
    /// questions of one file).
    pub merge_conflicts: Vec<String>,
    /// Cross references resolved to another question.
    pub resolved_refs: usize,
    /// Cross references naming no known question, as `<source key> -> Qn`.
    pub unresolved_refs: Vec<String>,
    /// `(Repeated).` answers resolved to earlier questions (see [`repeats`]).
    pub resolved_repeats: usize,
    /// Source keys of `(Repeated).` answers with no alike earlier question.
    pub unresolved_repeats: Vec<String>,
    by_id: HashMap<String, usize>,
    by_source: HashMap<String, usize>,
    by_text: HashMap<String, usize>,
    by_canonical: HashMap<String, usize>,
}

/// Reads every `*.txt` file of `dir` in name order and builds the corpus.
pub fn load_dir(dir: &Path) -> Result<Corpus, CorpusError> {
    let io = |source| CorpusError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "txt") {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(CorpusError::Empty(dir.to_path_buf()));
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let content = std::fs::read_to_string(&path).map_err(|source| CorpusError::Io {
            path: path.clone(),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((name, content));
    }
    Corpus::parse_files(&files)
}

impl Corpus {
    /// Builds the corpus from `(file name, content)` pairs.
    pub fn parse_files(files: &[(String, String)]) -> Result<Corpus, CorpusError> {
        let mut parsed: Vec<ParsedFile> = files
            .iter()
            .map(|(name, content)| parse::parse_file(name, content))
            .collect::<Result<_, _>>()?;
        let mut prefixes: HashMap<&str, &str> = HashMap::new();
        for f in &parsed {
            if let Some(other) = prefixes.insert(&f.prefix, &f.name) {
                return Err(CorpusError::malformed(
                    &f.name,
                    1,
                    format!("file prefix `{}` is already used by {other}", f.prefix),
                ));
            }
        }
        parsed.sort_by(|a, b| (a.format, &a.name).cmp(&(b.format, &b.name)));
        let summary_prefix = parsed
            .iter()
            .find(|f| f.format == Format::Summary)
            .map(|f| f.prefix.clone());
        let mut corpus = Corpus {
            files: parsed
                .iter()
                .map(|f| FileSummary {
                    name: f.name.clone(),
                    prefix: f.prefix.clone(),
                    format: f.format,
                    questions: f.questions.len(),
                })
                .collect(),
            ..Corpus::default()
        };
        let raws: Vec<RawQuestion> = parsed.into_iter().flat_map(|f| f.questions).collect();
        let merged = merge::merge(&raws);
        corpus.merges = merged.records.clone();
        corpus.merge_conflicts = merged.conflicts.clone();

        let baseline = difficulty::Baseline::new(
            &raws
                .iter()
                .map(|r| (r.format, difficulty::coverage(&r.answer)))
                .collect::<Vec<_>>(),
        );
        let mut primaries = Vec::with_capacity(merged.groups.len());
        for group in &merged.groups {
            let primary = &raws[group[0]];
            primaries.push(primary);
            corpus.questions.push(build_question(primary, group, &raws));
        }
        for (i, q) in corpus.questions.iter().enumerate() {
            for s in &q.sources {
                corpus.by_source.insert(s.key.clone(), i);
            }
            corpus.by_id.insert(q.id.clone(), i);
        }

        let members: Vec<chains::Member> = primaries
            .iter()
            .zip(&corpus.questions)
            .filter_map(|(raw, q)| {
                raw.depth.map(|depth| chains::Member {
                    chain: format!("{}-{}", raw.file, raw.number),
                    depth,
                    id: q.id.clone(),
                })
            })
            .collect();
        for (id, link) in chains::link(&members) {
            if let Some(&i) = corpus.by_id.get(&id) {
                corpus.questions[i].chain = Some(link);
            }
        }

        for i in 0..corpus.questions.len() {
            let mut see_also = Vec::new();
            for answer in &corpus.questions[i].answers {
                let r = xref::resolve(
                    &answer.markdown,
                    summary_prefix.as_deref(),
                    &corpus.by_source,
                );
                for t in r.targets {
                    let id = &corpus.questions[t].id;
                    if t != i && !see_also.contains(id) {
                        see_also.push(id.clone());
                        corpus.resolved_refs += 1;
                    }
                }
                for u in r.unresolved {
                    corpus
                        .unresolved_refs
                        .push(format!("{} -> {u}", answer.source));
                }
            }
            corpus.questions[i].see_also = see_also;
        }

        resolve_repeats(&mut corpus);

        let formats: HashMap<&str, Format> =
            raws.iter().map(|r| (r.key.as_str(), r.format)).collect();
        for (i, primary) in primaries.iter().enumerate() {
            classify(&mut corpus, i, primary, &formats, &baseline);
        }

        for (i, raw) in raws.iter().enumerate() {
            let q = corpus.by_source.get(&raw.key).copied().unwrap_or(i);
            corpus
                .by_text
                .entry(crate::text::normalize_text(&raw.prompt))
                .or_insert(q);
            corpus
                .by_canonical
                .entry(crate::text::normalize_question(&raw.prompt))
                .or_insert(q);
        }
        tracing::debug!(
            questions = corpus.questions.len(),
            merged = corpus.merges.len(),
            "corpus built"
        );
        Ok(corpus)
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.by_id.get(id).map(|&i| &self.questions[i])
    }

    /// Finds a question by id, by any source key (`002-4-d16`), or by prompt text (compared after
    /// normalising case, punctuation, quotes and whitespace, then after canonical phrasing).
    pub fn find(&self, needle: &str) -> Option<&Question> {
        let needle = needle.trim();
        let index = self
            .by_id
            .get(needle)
            .or_else(|| self.by_source.get(needle))
            .or_else(|| self.by_text.get(&crate::text::normalize_text(needle)))
            .or_else(|| {
                self.by_canonical
                    .get(&crate::text::normalize_question(needle))
            })?;
        Some(&self.questions[*index])
    }

    /// The reference answers of the questions `q` refers to (`(Same as Q291).`).
    pub fn referenced_answers(&self, q: &Question) -> Vec<&ReferenceAnswer> {
        q.see_also
            .iter()
            .filter_map(|id| self.get(id))
            .flat_map(|r| r.answers.iter())
            .collect()
    }

    /// The reference answers that carry content for `q`: its own answers that are more than a
    /// bare `(Repeated).` marker, then the answers of the questions it refers to. Empty for the
    /// few questions the corpus gives no answer for (see [`CorpusStats::without_answer`]).
    pub fn answer_content<'a>(&'a self, q: &'a Question) -> Vec<&'a ReferenceAnswer> {
        q.answers
            .iter()
            .chain(self.referenced_answers(q))
            .filter(|a| !repeats::is_marker_only(&a.markdown))
            .collect()
    }

    /// Counts for `whetstone corpus stats`.
    pub fn stats(&self) -> CorpusStats {
        stats::compute(self)
    }
}

/// Splits a source key such as `001-641` into file prefix and number (`None` for chain keys).
fn split_key(key: &str) -> Option<(&str, u32)> {
    let (file, number) = key.rsplit_once('-')?;
    Some((file, number.parse().ok()?))
}

/// Resolves `(Repeated).` answers of questions that have no explicit cross reference to the
/// most alike earlier questions of the same file (see [`repeats`]).
fn resolve_repeats(corpus: &mut Corpus) {
    let words: Vec<Vec<String>> = corpus
        .questions
        .iter()
        .map(|q| repeats::content_words(&q.prompt))
        .collect();
    let idf = repeats::Idf::new(&words);
    for i in 0..corpus.questions.len() {
        let q = &corpus.questions[i];
        if !q.see_also.is_empty() {
            continue;
        }
        let mut found_ids = Vec::new();
        let mut unresolved = Vec::new();
        for a in q.answers.iter().filter(|a| repeats::is_marker(&a.markdown)) {
            let Some((file, number)) = split_key(&a.source) else {
                continue;
            };
            let earlier =
                |s: &SourceRef| split_key(&s.key).is_some_and(|(f, n)| f == file && n < number);
            if q.sources.iter().any(earlier) {
                // Merged with the earlier question it repeats.
                continue;
            }
            let candidates: Vec<(usize, &[String])> = corpus
                .questions
                .iter()
                .enumerate()
                .filter(|(j, other)| *j != i && other.sources.iter().any(earlier))
                .map(|(j, _)| (j, words[j].as_slice()))
                .collect();
            let found = repeats::best_matches(&idf, &words[i], &candidates);
            if found.is_empty() {
                unresolved.push(a.source.clone());
            }
            for (j, _) in found {
                let id = corpus.questions[j].id.clone();
                if !found_ids.contains(&id) {
                    found_ids.push(id);
                }
            }
        }
        corpus.resolved_repeats += found_ids.len();
        corpus.unresolved_repeats.extend(unresolved);
        corpus.questions[i].see_also.extend(found_ids);
    }
}

/// A question from a merge group, not yet classified (topic, tags and difficulty come later,
/// once cross references are known).
fn build_question(primary: &RawQuestion, group: &[usize], raws: &[RawQuestion]) -> Question {
    let members: Vec<&RawQuestion> = group.iter().map(|&i| &raws[i]).collect();
    Question {
        id: primary.key.clone(),
        prompt: primary.prompt.clone(),
        section: primary.section.clone(),
        topic: String::new(),
        tags: Vec::new(),
        difficulty: Difficulty::Medium,
        rating: 0,
        sources: members
            .iter()
            .map(|r| SourceRef {
                file: r.file.clone(),
                key: r.key.clone(),
                line: r.line,
            })
            .collect(),
        answers: members
            .iter()
            .map(|r| ReferenceAnswer {
                source: r.key.clone(),
                markdown: r.answer.clone(),
            })
            .collect(),
        see_also: Vec::new(),
        chain: None,
    }
}

/// Sets topic, tags, difficulty and rating of question `i`. Difficulty looks at the answers
/// with content ([`Corpus::answer_content`]): the answers the question refers to
/// (`(Same as Q291).`) count, they are what a good answer covers; bare `(Repeated).` markers
/// do not.
fn classify(
    corpus: &mut Corpus,
    i: usize,
    primary: &RawQuestion,
    formats: &HashMap<&str, Format>,
    baseline: &difficulty::Baseline,
) {
    let q = &corpus.questions[i];
    let own: Vec<&ReferenceAnswer> = q.answers.iter().collect();
    let all: Vec<&ReferenceAnswer> = corpus.answer_content(q);
    let own_normalized = crate::text::normalize_text(
        &own.iter()
            .map(|a| a.markdown.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let all_normalized = crate::text::normalize_text(
        &all.iter()
            .map(|a| a.markdown.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let assessment = difficulty::assess(
        &difficulty::Evidence {
            section: &primary.section,
            prompt: &primary.prompt,
            depth: primary.depth,
            answers: all
                .iter()
                .map(|a| {
                    let format = formats
                        .get(a.source.as_str())
                        .copied()
                        .unwrap_or(primary.format);
                    (format, a.markdown.as_str())
                })
                .collect(),
            answers_normalized: &all_normalized,
        },
        baseline,
    );
    let follow_up = primary.depth.is_some_and(|d| d > 0);
    let topic = topics::assign(&primary.section, &primary.prompt, follow_up).to_string();
    let tags = topics::tags(
        &crate::text::normalize_text(&primary.prompt),
        &own_normalized,
    );
    let q = &mut corpus.questions[i];
    q.topic = topic;
    q.tags = tags;
    q.difficulty = assessment.difficulty;
    q.rating = assessment.rating;
}

#[cfg(test)]
mod tests;
