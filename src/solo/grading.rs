//! Grading an answer against the question's stored rubric, on a blocking thread, timed.

use std::sync::Arc;
use std::time::Instant;

use sqlx::PgExecutor;

use crate::db;
use crate::grader::{Grader, Judgment};
use crate::rubric::Rubric;

use super::SoloError;

/// Recorded with every answer, so that regrading later can tell old judgments apart.
pub const GRADER_VERSION: &str = concat!("whetstone-", env!("CARGO_PKG_VERSION"));

/// The parts of a judgment stored in columns of `answers`.
#[derive(Debug, Clone, Default)]
pub struct Graded {
    pub judgment: Option<serde_json::Value>,
    pub score: Option<f32>,
    pub band: Option<String>,
    pub flags: Vec<String>,
}

fn as_label<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The grader with the lexicon of `rubrics_dir` (synonyms and acronyms), or the built-in one
/// when the directory has none (logged).
pub fn load_grader(rubrics_dir: &std::path::Path) -> Grader {
    let lexicon = crate::rubric::Lexicon::load(rubrics_dir).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "using the built-in lexicon");
        crate::rubric::Lexicon::builtin()
    });
    Grader::new(lexicon)
}

/// The stored rubric of a question. A missing or unreadable rubric is logged and yields `None`:
/// the answer is then recorded ungraded rather than lost.
pub async fn load_rubric<'e>(
    executor: impl PgExecutor<'e>,
    question_id: &str,
) -> Result<Option<Rubric>, SoloError> {
    let Some(json) = db::questions::rubric_json(executor, question_id).await? else {
        tracing::warn!(question_id, "no rubric: the answer is recorded ungraded");
        return Ok(None);
    };
    match serde_json::from_value(json) {
        Ok(r) => Ok(Some(r)),
        Err(e) => {
            tracing::error!(question_id, error = %e, "stored rubric is unreadable");
            Ok(None)
        }
    }
}

/// Grades `body` against `rubric` on a blocking thread and records `whetstone_grading_seconds`.
pub async fn grade_answer(
    grader: &Arc<Grader>,
    rubric: Option<Rubric>,
    body: &str,
) -> Result<Graded, SoloError> {
    let Some(rubric) = rubric else {
        return Ok(Graded::default());
    };
    let grader = Arc::clone(grader);
    let answer = body.to_string();
    let judgment: Judgment = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let j = grader.grade(&rubric, &answer);
        metrics::histogram!("whetstone_grading_seconds").record(started.elapsed().as_secs_f64());
        j
    })
    .await
    .map_err(|e| SoloError::Grading(e.to_string()))?;
    let value = serde_json::to_value(&judgment).map_err(|e| SoloError::Grading(e.to_string()))?;
    Ok(Graded {
        score: Some(judgment.score),
        band: Some(as_label(&judgment.band)),
        flags: judgment.flags.iter().map(as_label).collect(),
        judgment: Some(value),
    })
}
