//! Labelled cases uploaded to the workbench: CSV rows `answer,score[,criterion=verdict...]` (an
//! optional header row `answer,score,...`; fields may be quoted, with `""` for a quote and line
//! breaks inside quotes) or JSON lines `{"answer": "...", "score": 7, "verdicts": {"id": "met"}}`.
//! A score (0-10) or at least one verdict is required. Every bad row is reported with its line
//! number and nothing is imported unless every row is good. Pure.

use crate::grader::Verdict;

/// Most cases one upload takes.
pub const MAX_CASES: usize = 2000;

/// One good row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub answer: String,
    pub score: Option<f32>,
    pub verdicts: Vec<(String, Verdict)>,
}

/// A bad row: its 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Parses an upload against the rubric's criterion ids: every row, or every error.
pub fn parse(text: &str, criteria: &[String]) -> Result<Vec<Row>, Vec<RowError>> {
    let text = text.trim_start_matches('\u{feff}');
    let json = text.trim_start().starts_with('{');
    let records = if json {
        json_records(text)
    } else {
        csv_records(text)
    };
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line, rec) in records {
        match rec.and_then(|r| check(r, criteria)) {
            Ok(mut r) => {
                r.line = line;
                rows.push(r);
            }
            Err(message) => errors.push(RowError { line, message }),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 1,
            message: "there are no cases in the upload".into(),
        });
    }
    if rows.len() > MAX_CASES {
        errors.push(RowError {
            line: rows[MAX_CASES].line,
            message: format!("at most {MAX_CASES} cases per upload"),
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// A row before its values are checked.
struct Raw {
    answer: String,
    score: Option<String>,
    verdicts: Vec<(String, String)>,
}

fn check(raw: Raw, criteria: &[String]) -> Result<Row, String> {
    let answer = raw.answer.trim().to_string();
    if answer.is_empty() {
        return Err("the answer is empty".into());
    }
    let score = match raw.score.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match s.parse::<f32>() {
            Ok(x) if x.is_finite() && (0.0..=10.0).contains(&x) => Some(x),
            _ => return Err(format!("the score {s:?} is not a number from 0 to 10")),
        },
    };
    let mut verdicts = Vec::new();
    for (id, v) in raw.verdicts {
        let id = id.trim().to_string();
        if !criteria.contains(&id) {
            return Err(format!(
                "the rubric has no criterion {id:?} (it has {})",
                criteria.join(", ")
            ));
        }
        let verdict = match v.trim() {
            "met" => Verdict::Met,
            "partial" => Verdict::Partial,
            "missed" => Verdict::Missed,
            "contradicted" => Verdict::Contradicted,
            other => {
                return Err(format!(
                    "{other:?} is not a verdict (met, partial, missed or contradicted)"
                ));
            }
        };
        verdicts.push((id, verdict));
    }
    if score.is_none() && verdicts.is_empty() {
        return Err("a case needs a score or at least one criterion=verdict".into());
    }
    Ok(Row {
        line: 0,
        answer,
        score,
        verdicts,
    })
}

fn json_records(text: &str) -> Vec<(usize, Result<Raw, String>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, json_record(l)))
        .collect()
}

fn json_record(line: &str) -> Result<Raw, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let answer = match v.get("answer") {
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => return Err("\"answer\" must be a string".into()),
    };
    let score = match v.get("score") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(other) => Some(other.to_string()),
    };
    let verdicts = match v.get("verdicts") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().unwrap_or("(not a string)").to_string(),
                )
            })
            .collect(),
        Some(_) => return Err("\"verdicts\" must be an object of criterion: verdict".into()),
    };
    Ok(Raw {
        answer,
        score,
        verdicts,
    })
}

/// CSV records with the line each starts on (a header row is dropped).
fn csv_records(text: &str) -> Vec<(usize, Result<Raw, String>)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        let start = line;
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut unclosed = false;
        loop {
            let Some(c) = chars.next() else {
                unclosed = quoted;
                break;
            };
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        fields.last_mut().unwrap().push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        line += 1;
                        fields.last_mut().unwrap().push('\n');
                    }
                    c => fields.last_mut().unwrap().push(c),
                }
            } else {
                match c {
                    '"' if fields.last().unwrap().trim().is_empty() => quoted = true,
                    ',' => fields.push(String::new()),
                    '\r' => {}
                    '\n' => {
                        line += 1;
                        break;
                    }
                    c => fields.last_mut().unwrap().push(c),
                }
            }
        }
        if fields.len() == 1 && fields[0].trim().is_empty() && !unclosed {
            continue;
        }
        let header = out.is_empty()
            && fields[0].trim().eq_ignore_ascii_case("answer")
            && fields
                .get(1)
                .is_none_or(|f| f.trim().eq_ignore_ascii_case("score"));
        if header {
            continue;
        }
        let rec = if unclosed {
            Err("a quoted field is never closed".to_string())
        } else {
            csv_fields(fields)
        };
        out.push((start, rec));
    }
    out
}

fn csv_fields(fields: Vec<String>) -> Result<Raw, String> {
    let mut it = fields.into_iter();
    let answer = it.next().unwrap_or_default();
    let score = it.next();
    let mut verdicts = Vec::new();
    for f in it {
        if f.trim().is_empty() {
            continue;
        }
        let Some((id, v)) = f.split_once('=') else {
            return Err(format!("{:?} is not criterion=verdict", f.trim()));
        };
        verdicts.push((id.to_string(), v.to_string()));
    }
    Ok(Raw {
        answer,
        score,
        verdicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        vec!["ttl".into(), "eviction".into()]
    }

    #[test]
    fn csv_rows_with_header_quotes_and_verdicts() {
        let text = "answer,score\n\"Set a TTL, then evict with LRU.\",8,ttl=met,eviction=partial\n\
                    \"He said \"\"cache\"\"\nover two lines\",\nJust words,,ttl=missed\n";
        let rows = parse(text, &ids()).unwrap_err();
        // the second row has neither a score nor verdicts
        assert_eq!(
            rows,
            vec![RowError {
                line: 3,
                message: "a case needs a score or at least one criterion=verdict".into()
            }]
        );
        let text = text.replace("over two lines\",", "over two lines\",4");
        let rows = parse(&text, &ids()).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].answer, "Set a TTL, then evict with LRU.");
        assert_eq!(rows[0].score, Some(8.0));
        assert_eq!(
            rows[0].verdicts,
            vec![
                ("ttl".into(), Verdict::Met),
                ("eviction".into(), Verdict::Partial)
            ]
        );
        assert_eq!(
            (rows[1].line, rows[1].answer.as_str()),
            (3, "He said \"cache\"\nover two lines")
        );
        assert_eq!((rows[2].line, rows[2].score), (5, None));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "ok answer,7\n,5\nanswer two,11\nanswer three,x\nanswer four,5,nope=met\n\
                    answer five,5,ttl=great\nanswer six,5,ttl\n\"never closed,5\n";
        let errs = parse(text, &ids()).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7, 8], "{errs:?}");
        assert!(errs[3].message.contains("no criterion \"nope\""));
        assert!(errs[4].message.contains("not a verdict"));
        assert!(errs[6].message.contains("never closed"));
    }

    #[test]
    fn json_lines() {
        let text = "{\"answer\": \"TTL and LRU\", \"score\": 6.5, \"verdicts\": {\"ttl\": \"met\"}}\n\n\
                    {\"answer\": \"x\", \"score\": \"high\"}\n{not json}\n{\"answer\": 3}\n";
        let errs = parse(text, &ids()).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![3, 4, 5]
        );
        let rows = parse(text.lines().next().unwrap(), &ids()).unwrap();
        assert_eq!(rows[0].score, Some(6.5));
        assert_eq!(rows[0].verdicts, vec![("ttl".into(), Verdict::Met)]);
    }

    #[test]
    fn an_empty_upload_is_an_error() {
        assert!(parse("\n\n", &ids()).is_err());
        assert!(parse("answer,score\n", &ids()).is_err());
    }
}
