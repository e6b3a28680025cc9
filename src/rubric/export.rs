//! Writing rubrics edited in the browser back to `rubrics/curated/*.toml` (`whetstone rubrics
//! export`): the question's `[[question]]` table is replaced where it stands (comments and blank
//! lines between it and the next question are kept), or appended to `curated/<topic>.toml` when
//! no curated file has the question yet. The follow-up of a chain question is left out: the import
//! takes it from the corpus, as for every rubric file.

use std::path::{Path, PathBuf};

use super::error::RubricError;
use super::model::{Origin, Rubric};
use super::store::{CURATED_DIR, StoredRubric, parse_file, rubric_files};

/// One rubric as a `[[question]]` table.
pub fn render_question(r: &Rubric) -> Result<String, RubricError> {
    #[derive(serde::Serialize)]
    struct One<'a> {
        question: [&'a StoredRubric; 1],
    }
    let mut stored = StoredRubric::from_rubric(r);
    stored.origin = Origin::Curated;
    stored.fingerprint.clear();
    // a chain question's follow-up is the corpus's next link, set at import: never in the files
    stored.followup.clear();
    toml::to_string(&One {
        question: [&stored],
    })
    .map_err(|e| RubricError::Serialize {
        path: PathBuf::from(format!("{}.toml", r.topic)),
        message: e.to_string(),
    })
}

fn is_question_header(line: &str) -> bool {
    line.trim() == "[[question]]"
}

/// `text` with the table of question `id` replaced by `table`; `None` when it has no such
/// question.
pub fn replace_question(text: &str, id: &str, table: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let id_line = format!("id = \"{id}\"");
    let headers: Vec<usize> = (0..lines.len())
        .filter(|&i| is_question_header(lines[i]))
        .collect();
    for (k, &start) in headers.iter().enumerate() {
        let end = headers.get(k + 1).copied().unwrap_or(lines.len());
        let block = &lines[start..end];
        // the id is the table's first key
        let own_id = block[1..]
            .iter()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        if own_id.is_none_or(|l| l.trim() != id_line) {
            continue;
        }
        // comments and blank lines at the end of the block belong to the next question
        let mut keep_from = end;
        while keep_from > start + 1 {
            let l = lines[keep_from - 1].trim();
            if l.is_empty() || l.starts_with('#') {
                keep_from -= 1;
            } else {
                break;
            }
        }
        let mut out: String = lines[..start].concat();
        out.push_str(table.trim_end());
        out.push('\n');
        let tail = lines[keep_from..].concat();
        if !tail.starts_with('\n') && keep_from < lines.len() {
            out.push('\n');
        }
        out.push_str(&tail);
        return Some(out);
    }
    None
}

/// Writes `rubrics` into the curated files of `dir`; returns the files written.
pub fn export(dir: &Path, rubrics: &[Rubric]) -> Result<Vec<PathBuf>, RubricError> {
    let curated: Vec<PathBuf> = rubric_files(dir)?
        .into_iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with(CURATED_DIR)))
        .collect();
    let mut written = Vec::new();
    for r in rubrics {
        let table = render_question(r)?;
        let mut done = false;
        for path in &curated {
            let text = std::fs::read_to_string(path).map_err(|e| RubricError::io(path, e))?;
            if let Some(new) = replace_question(&text, &r.id, &table) {
                // what is written must read back as this rubric
                let back = parse_file(path, &new)?;
                if !back
                    .iter()
                    .any(|s| s.id == r.id && s.criteria == r.criteria)
                {
                    return Err(RubricError::Serialize {
                        path: path.clone(),
                        message: format!("question {} does not read back as written", r.id),
                    });
                }
                std::fs::write(path, new).map_err(|e| RubricError::io(path, e))?;
                written.push(path.clone());
                done = true;
                break;
            }
        }
        if !done {
            let path = dir.join(CURATED_DIR).join(format!("{}.toml", r.topic));
            let mut text = std::fs::read_to_string(&path).unwrap_or_default();
            if !text.is_empty() && !text.ends_with("\n\n") {
                text.push('\n');
            }
            text.push_str(&table);
            std::fs::write(&path, text).map_err(|e| RubricError::io(&path, e))?;
            written.push(path);
        }
    }
    written.sort();
    written.dedup();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::model::Criterion;

    fn rubric(id: &str, term: &str) -> Rubric {
        let mut r = Rubric::new(
            id,
            "How do you cache?",
            "caching",
            vec![
                Criterion::new(
                    "ttl",
                    "Expiry with a TTL",
                    2.0,
                    &["ttl", term],
                    "Set a TTL.",
                ),
                Criterion::new(
                    "evict",
                    "Eviction policy choice",
                    1.0,
                    &["lru"],
                    "Evict with LRU.",
                ),
                Criterion::new(
                    "inval",
                    "Invalidation on writes",
                    1.0,
                    &["invalidat*"],
                    "Invalidate on write.",
                ),
            ],
        );
        r.origin = Origin::Curated;
        r.sources = vec![id.into()];
        r
    }

    #[test]
    fn a_question_is_replaced_in_place_and_reads_back() {
        let a = render_question(&rubric("q1", "time to live")).unwrap();
        let b = render_question(&rubric("q2", "expiry")).unwrap();
        let text = format!("# header comment\n\n{a}\n# ---- next\n{b}");
        let edited = rubric("q1", "expires after");
        let new = replace_question(&text, "q1", &render_question(&edited).unwrap()).unwrap();
        assert!(new.starts_with("# header comment\n\n[[question]]\nid = \"q1\""));
        assert!(
            new.contains("\n# ---- next\n[[question]]\nid = \"q2\""),
            "{new}"
        );
        let back = parse_file(Path::new("x.toml"), &new).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].to_rubric(), edited);
        assert_eq!(back[1].to_rubric(), rubric("q2", "expiry"));
        assert!(replace_question(&text, "q3", "").is_none());
        // the chain's follow-up comes from the corpus at import, not from the files
        let mut chained = rubric("q1", "ttl");
        chained.followup = "And across regions?".into();
        assert!(!render_question(&chained).unwrap().contains("followup"));
    }

    #[test]
    fn export_writes_the_file_holding_the_question_or_the_topic_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("curated")).unwrap();
        let file = dir.path().join("curated/storage.toml");
        std::fs::write(
            &file,
            render_question(&rubric("q1", "time to live")).unwrap(),
        )
        .unwrap();
        let written = export(
            dir.path(),
            &[rubric("q1", "expires after"), rubric("q9", "ttl9")],
        )
        .unwrap();
        assert_eq!(written.len(), 2);
        let back = parse_file(&file, &std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(back[0].to_rubric(), rubric("q1", "expires after"));
        let topic = dir.path().join("curated/caching.toml");
        let back = parse_file(&topic, &std::fs::read_to_string(&topic).unwrap()).unwrap();
        assert_eq!(back[0].id, "q9");
    }
}
