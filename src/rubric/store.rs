//! Reading and writing the rubric directory, and the [`RubricBank`] the app and CLI look rubrics
//! up in.
//!
//! Layout (see `rubrics/README.md`): `curated/*.toml` holds the rubrics people wrote,
//! `extracted/<topic>.toml` the drafts `rubrics extract` generates for every other question, and
//! the lexicon files sit at the top. Each file holds `[[question]]` tables. A curated rubric wins
//! over a draft of the same question; two curated rubrics of one question are an error.
//!
//! An extracted draft carries a `fingerprint` of its content as generated: when the content no
//! longer matches, somebody edited the draft by hand and re-extraction keeps it (unless forced).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::RubricError;
use super::lexicon::Lexicon;
use super::model::{Criterion, Origin, Rubric};
use crate::corpus::Difficulty;
use crate::text::{normalize_question, normalize_text};

/// The directory of curated rubrics, inside the rubric directory.
pub const CURATED_DIR: &str = "curated";
/// The directory of extracted drafts, inside the rubric directory.
pub const EXTRACTED_DIR: &str = "extracted";

/// One `[[question]]` table of a rubric file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRubric {
    pub id: String,
    pub prompt: String,
    pub topic: String,
    pub difficulty: Difficulty,
    pub sources: Vec<String>,
    #[serde(default)]
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub followup: String,
    /// Hash of an extracted draft's content as generated; see [`fingerprint`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    #[serde(rename = "criterion", default)]
    pub criteria: Vec<Criterion>,
}

impl StoredRubric {
    pub fn from_rubric(r: &Rubric) -> StoredRubric {
        StoredRubric {
            id: r.id.clone(),
            prompt: r.prompt.clone(),
            topic: r.topic.clone(),
            difficulty: r.difficulty,
            sources: r.sources.clone(),
            origin: r.origin,
            note: r.note.clone(),
            followup: r.followup.clone(),
            fingerprint: match r.origin {
                Origin::Extracted => fingerprint(r),
                Origin::Curated => String::new(),
            },
            criteria: r.criteria.clone(),
        }
    }

    pub fn to_rubric(&self) -> Rubric {
        Rubric {
            id: self.id.clone(),
            prompt: self.prompt.clone(),
            topic: self.topic.clone(),
            difficulty: self.difficulty,
            sources: self.sources.clone(),
            origin: self.origin,
            note: self.note.clone(),
            criteria: self.criteria.clone(),
            followup: self.followup.clone(),
        }
    }

    /// True when an extracted draft differs from what was generated (a hand edit).
    pub fn is_hand_edited(&self) -> bool {
        self.origin == Origin::Curated || self.fingerprint != fingerprint(&self.to_rubric())
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RubricFile {
    #[serde(default)]
    question: Vec<StoredRubric>,
}

/// A short, stable hash of a rubric's content.
pub fn fingerprint(r: &Rubric) -> String {
    let json = serde_json::to_string(r).unwrap_or_default();
    let digest = Sha256::digest(json.as_bytes());
    hex::encode(&digest[..8])
}

fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, RubricError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| RubricError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// The rubric files of a rubric directory: curated ones first, then extracted drafts, each
/// sorted by name.
pub fn rubric_files(dir: &Path) -> Result<Vec<PathBuf>, RubricError> {
    if !dir.is_dir() {
        return Err(RubricError::MissingDir(dir.to_path_buf()));
    }
    let mut files = toml_files(&dir.join(CURATED_DIR))?;
    files.extend(toml_files(&dir.join(EXTRACTED_DIR))?);
    Ok(files)
}

/// Parses one rubric file.
pub fn read_file(path: &Path) -> Result<Vec<StoredRubric>, RubricError> {
    let text = std::fs::read_to_string(path).map_err(|e| RubricError::io(path, e))?;
    parse_file(path, &text)
}

pub fn parse_file(path: &Path, text: &str) -> Result<Vec<StoredRubric>, RubricError> {
    let f: RubricFile = toml::from_str(text).map_err(|e| RubricError::parse(path, text, &e))?;
    Ok(f.question)
}

/// Renders one file of extracted drafts.
pub fn render_file(topic: &str, rubrics: &[StoredRubric]) -> Result<String, RubricError> {
    let body = toml::to_string(&RubricFile {
        question: rubrics.to_vec(),
    })
    .map_err(|e| RubricError::Serialize {
        path: PathBuf::from(format!("{topic}.toml")),
        message: e.to_string(),
    })?;
    Ok(format!(
        "# Draft rubrics for topic `{topic}`, generated by `whetstone rubrics extract` from corpus/\n\
         # for the questions nobody has curated yet. Curate a question by writing its rubric in\n\
         # rubrics/curated/ (see rubrics/README.md); the draft is then dropped on the next extraction.\n\n{body}"
    ))
}

/// What an extraction run did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct WriteReport {
    /// Drafts written, and their criteria.
    pub written: usize,
    pub criteria: usize,
    /// Questions with a curated rubric, left alone.
    pub curated: usize,
    /// Hand-edited drafts kept as they are.
    pub kept: Vec<String>,
    /// Hand-edited drafts overwritten because of `--force`.
    pub overwritten: Vec<String>,
    /// Drafts of questions that are curated now, removed.
    pub superseded: Vec<String>,
    /// Drafts of questions the corpus no longer has (hand-edited drafts of vanished questions are
    /// kept).
    pub dropped: Vec<String>,
    pub files: Vec<PathBuf>,
}

/// Curated rubrics of `dir`, by question id (the last definition wins; `rubrics check` reports
/// duplicates).
pub fn curated_ids(dir: &Path) -> Result<std::collections::HashSet<String>, RubricError> {
    let mut ids = std::collections::HashSet::new();
    for f in toml_files(&dir.join(CURATED_DIR))? {
        for r in read_file(&f)? {
            ids.insert(r.id);
        }
    }
    Ok(ids)
}

/// Writes freshly generated drafts into `dir/extracted/`, one file per topic, skipping curated
/// questions and protecting hand-edited drafts.
pub fn write_bank(
    dir: &Path,
    generated: &[Rubric],
    lexicon: &Lexicon,
    force: bool,
) -> Result<WriteReport, RubricError> {
    let out_dir = dir.join(EXTRACTED_DIR);
    std::fs::create_dir_all(&out_dir).map_err(|e| RubricError::io(&out_dir, e))?;
    let curated = curated_ids(dir)?;
    let mut existing: HashMap<String, StoredRubric> = HashMap::new();
    let old_files = toml_files(&out_dir)?;
    for f in &old_files {
        for r in read_file(f)? {
            existing.insert(r.id.clone(), r);
        }
    }
    let mut report = WriteReport::default();
    let mut by_topic: BTreeMap<String, Vec<StoredRubric>> = BTreeMap::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for r in generated {
        seen.insert(r.id.clone());
        if curated.contains(&r.id) {
            report.curated += 1;
            if existing.contains_key(&r.id) {
                report.superseded.push(r.id.clone());
            }
            continue;
        }
        let fresh = StoredRubric::from_rubric(r);
        let chosen = match existing.get(&r.id) {
            Some(old) if old.is_hand_edited() && !force => {
                report.kept.push(r.id.clone());
                old.clone()
            }
            Some(old) if old.is_hand_edited() => {
                report.overwritten.push(r.id.clone());
                fresh
            }
            _ => fresh,
        };
        by_topic
            .entry(chosen.topic.clone())
            .or_default()
            .push(chosen);
    }
    let mut gone: Vec<&StoredRubric> = existing
        .values()
        .filter(|r| !seen.contains(&r.id))
        .collect();
    gone.sort_by(|a, b| a.id.cmp(&b.id));
    for old in gone {
        if old.is_hand_edited() && !force {
            report.kept.push(old.id.clone());
            by_topic
                .entry(old.topic.clone())
                .or_default()
                .push(old.clone());
        } else {
            report.dropped.push(old.id.clone());
        }
    }
    for f in &old_files {
        std::fs::remove_file(f).map_err(|e| RubricError::io(f, e))?;
    }
    for (topic, rubrics) in &by_topic {
        let path = out_dir.join(format!("{}.toml", file_stem(topic)));
        let text = render_file(topic, rubrics)?;
        std::fs::write(&path, text).map_err(|e| RubricError::io(&path, e))?;
        report.written += rubrics.len();
        report.criteria += rubrics.iter().map(|r| r.criteria.len()).sum::<usize>();
        report.files.push(path);
    }
    let acr = dir.join(super::lexicon::ACRONYMS_FILE);
    std::fs::write(&acr, lexicon.acronyms_toml()).map_err(|e| RubricError::io(&acr, e))?;
    Ok(report)
}

fn file_stem(topic: &str) -> String {
    let s: String = topic
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "general".into() } else { s }
}

/// All rubrics of a directory, with lookups by id, source key and question text.
#[derive(Debug, Clone)]
pub struct RubricBank {
    rubrics: Vec<Rubric>,
    by_id: HashMap<String, usize>,
    by_source: HashMap<String, usize>,
    by_text: HashMap<String, usize>,
    by_canonical: HashMap<String, usize>,
    lexicon: Lexicon,
}

impl RubricBank {
    /// Loads every rubric file and the lexicon of `dir`. A curated rubric replaces the draft of
    /// its question. Parse errors carry file:line; a question defined twice with the same origin
    /// is an error.
    pub fn load(dir: &Path) -> Result<RubricBank, RubricError> {
        let lexicon = Lexicon::load(dir)?;
        let mut rubrics: Vec<Rubric> = Vec::new();
        let mut seen: HashMap<String, (usize, PathBuf)> = HashMap::new();
        for f in rubric_files(dir)? {
            for r in read_file(&f)? {
                match seen.get(&r.id) {
                    Some((i, _))
                        if rubrics[*i].origin == Origin::Curated
                            && r.origin == Origin::Extracted => {}
                    Some((_, other)) => {
                        return Err(RubricError::DuplicateId {
                            path: f.clone(),
                            id: r.id.clone(),
                            other: other.clone(),
                        });
                    }
                    None => {
                        seen.insert(r.id.clone(), (rubrics.len(), f.clone()));
                        rubrics.push(r.to_rubric());
                    }
                }
            }
        }
        Ok(RubricBank::from_rubrics(rubrics, lexicon))
    }

    pub fn from_rubrics(rubrics: Vec<Rubric>, lexicon: Lexicon) -> RubricBank {
        let mut by_id = HashMap::new();
        let mut by_source = HashMap::new();
        let mut by_text = HashMap::new();
        let mut by_canonical = HashMap::new();
        for (i, r) in rubrics.iter().enumerate() {
            by_id.insert(r.id.clone(), i);
            for s in &r.sources {
                by_source.entry(s.clone()).or_insert(i);
            }
            by_text.entry(normalize_text(&r.prompt)).or_insert(i);
            by_canonical
                .entry(normalize_question(&r.prompt))
                .or_insert(i);
        }
        RubricBank {
            rubrics,
            by_id,
            by_source,
            by_text,
            by_canonical,
            lexicon,
        }
    }

    pub fn len(&self) -> usize {
        self.rubrics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rubrics.is_empty()
    }

    pub fn rubrics(&self) -> &[Rubric] {
        &self.rubrics
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// By question id.
    pub fn get(&self, id: &str) -> Option<&Rubric> {
        self.by_id.get(id).map(|&i| &self.rubrics[i])
    }

    /// By id, then any source key, then the question text normalised for case, punctuation,
    /// quotes and whitespace, then its canonical phrasing (as `corpus::Corpus::find` does).
    pub fn find(&self, query: &str) -> Option<&Rubric> {
        let q = query.trim();
        self.get(q)
            .or_else(|| self.by_source.get(q).map(|&i| &self.rubrics[i]))
            .or_else(|| {
                self.by_text
                    .get(&normalize_text(q))
                    .map(|&i| &self.rubrics[i])
            })
            .or_else(|| {
                self.by_canonical
                    .get(&normalize_question(q))
                    .map(|&i| &self.rubrics[i])
            })
    }
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::SYNONYMS_FILE;
    use super::*;

    fn rubric(id: &str, topic: &str) -> Rubric {
        Rubric {
            id: id.into(),
            prompt: format!("What is \u{201C}{id}\u{201D}?"),
            topic: topic.into(),
            difficulty: Difficulty::Easy,
            sources: vec![id.into(), format!("{id}-dup")],
            origin: Origin::Extracted,
            note: String::new(),
            criteria: (0..3)
                .map(|i| Criterion {
                    id: format!("c{i}"),
                    label: format!("Concept {i}"),
                    weight: 1.0,
                    phase: None,
                    subject: None,
                    terms: vec![format!("concept {i}")],
                    expects: "because".into(),
                    wrong: Vec::new(),
                    probe: String::new(),
                })
                .collect(),
            followup: String::new(),
        }
    }

    fn setup() -> (tempfile::TempDir, Lexicon) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(SYNONYMS_FILE),
            include_str!("../../rubrics/synonyms.toml"),
        )
        .unwrap();
        (dir, Lexicon::builtin())
    }

    fn extracted(dir: &Path, topic: &str) -> PathBuf {
        dir.join(EXTRACTED_DIR).join(format!("{topic}.toml"))
    }

    #[test]
    fn write_then_load_round_trips_with_lookups() {
        let (dir, lex) = setup();
        let rs = vec![
            rubric("001-1", "caching"),
            rubric("001-2", "databases"),
            rubric("001-3", "caching"),
        ];
        let rep = write_bank(dir.path(), &rs, &lex, false).unwrap();
        assert_eq!(rep.written, 3);
        assert!(extracted(dir.path(), "caching").exists());
        let bank = RubricBank::load(dir.path()).unwrap();
        assert_eq!(bank.len(), 3);
        assert_eq!(bank.get("001-2").unwrap().topic, "databases");
        assert_eq!(bank.find("001-3-dup").unwrap().id, "001-3");
        assert_eq!(bank.find("  what is \"001-1\"  ").unwrap().id, "001-1");
        assert!(bank.find("nope").is_none());
        assert!(!read_file(&extracted(dir.path(), "caching")).unwrap()[0].is_hand_edited());
    }

    #[test]
    fn hand_edits_survive_reextraction_unless_forced() {
        let (dir, lex) = setup();
        let rs = vec![rubric("001-1", "caching"), rubric("001-2", "caching")];
        write_bank(dir.path(), &rs, &lex, false).unwrap();
        let path = extracted(dir.path(), "caching");
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replacen(
            "label = \"Concept 0\"",
            "label = \"Hand-written concept\"",
            1,
        );
        assert_ne!(text, edited);
        std::fs::write(&path, edited).unwrap();
        let rep = write_bank(dir.path(), &rs, &lex, false).unwrap();
        assert_eq!(rep.kept, vec!["001-1".to_string()]);
        let bank = RubricBank::load(dir.path()).unwrap();
        assert_eq!(
            bank.get("001-1").unwrap().criteria[0].label,
            "Hand-written concept"
        );
        // still detected as edited on the next run
        let rep = write_bank(dir.path(), &rs, &lex, false).unwrap();
        assert_eq!(rep.kept, vec!["001-1".to_string()]);
        let rep = write_bank(dir.path(), &rs, &lex, true).unwrap();
        assert_eq!(rep.overwritten, vec!["001-1".to_string()]);
        let bank = RubricBank::load(dir.path()).unwrap();
        assert_eq!(bank.get("001-1").unwrap().criteria[0].label, "Concept 0");
    }

    #[test]
    fn a_curated_rubric_wins_and_extraction_never_writes_its_question() {
        let (dir, lex) = setup();
        let rs = vec![rubric("001-1", "caching"), rubric("001-2", "caching")];
        write_bank(dir.path(), &rs, &lex, false).unwrap();
        let mut mine = rubric("001-1", "caching");
        mine.origin = Origin::Curated;
        mine.criteria[0].label = "Curated concept".into();
        let curated = dir.path().join(CURATED_DIR);
        std::fs::create_dir_all(&curated).unwrap();
        let text = toml::to_string(&RubricFile {
            question: vec![StoredRubric::from_rubric(&mine)],
        })
        .unwrap();
        std::fs::write(curated.join("caching.toml"), text).unwrap();
        // the old draft is still on disk: the curated rubric wins over it
        let bank = RubricBank::load(dir.path()).unwrap();
        assert_eq!(bank.len(), 2);
        assert_eq!(bank.get("001-1").unwrap().origin, Origin::Curated);
        assert_eq!(
            bank.get("001-1").unwrap().criteria[0].label,
            "Curated concept"
        );
        // re-extraction drops the draft, even with --force
        let rep = write_bank(dir.path(), &rs, &lex, true).unwrap();
        assert_eq!(rep.curated, 1);
        assert_eq!(rep.superseded, vec!["001-1".to_string()]);
        assert!(rep.dropped.is_empty());
        assert_eq!((rep.written, rep.criteria), (1, 3));
        assert_eq!(
            read_file(&extracted(dir.path(), "caching")).unwrap().len(),
            1
        );
        // two curated rubrics of one question are an error
        std::fs::copy(curated.join("caching.toml"), curated.join("copy.toml")).unwrap();
        assert!(matches!(
            RubricBank::load(dir.path()),
            Err(RubricError::DuplicateId { .. })
        ));
    }

    #[test]
    fn removed_questions_are_dropped_but_edited_ones_kept() {
        let (dir, lex) = setup();
        write_bank(
            dir.path(),
            &[rubric("001-1", "a"), rubric("001-2", "a")],
            &lex,
            false,
        )
        .unwrap();
        let rep = write_bank(dir.path(), &[rubric("001-1", "a")], &lex, false).unwrap();
        assert_eq!(rep.dropped, vec!["001-2".to_string()]);
    }

    #[test]
    fn parse_errors_carry_file_and_line() {
        let (dir, _) = setup();
        std::fs::create_dir_all(dir.path().join(CURATED_DIR)).unwrap();
        let p = dir.path().join(CURATED_DIR).join("broken.toml");
        std::fs::write(&p, "[[question]]\nid = \"x\"\nprompt = \"unterminated\n").unwrap();
        match RubricBank::load(dir.path()).unwrap_err() {
            RubricError::Parse { path, line, .. } => {
                assert!(path.ends_with("broken.toml"));
                assert_eq!(line, 3);
            }
            e => panic!("unexpected {e}"),
        }
    }

    #[test]
    fn duplicate_drafts_across_files_are_rejected() {
        let (dir, lex) = setup();
        write_bank(dir.path(), &[rubric("001-1", "a")], &lex, false).unwrap();
        std::fs::copy(extracted(dir.path(), "a"), extracted(dir.path(), "b")).unwrap();
        assert!(matches!(
            RubricBank::load(dir.path()),
            Err(RubricError::DuplicateId { .. })
        ));
        assert!(matches!(
            rubric_files(&dir.path().join("missing")),
            Err(RubricError::MissingDir(_))
        ));
    }
}
