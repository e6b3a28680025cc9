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
    /// The fingerprint of the rubric that graded it (see `rubric::store::fingerprint`).
    pub rubric_version: Option<String>,
}

impl Graded {
    /// The stored parts of `judgment`, made with the rubric of fingerprint `rubric_version`.
    pub fn of(judgment: &Judgment, rubric_version: String) -> Result<Graded, serde_json::Error> {
        Ok(Graded {
            score: Some(judgment.score),
            band: Some(as_label(&judgment.band)),
            flags: judgment.flags.iter().map(as_label).collect(),
            judgment: Some(serde_json::to_value(judgment)?),
            rubric_version: Some(rubric_version),
        })
    }
}

fn as_label<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The grader of `rubrics_dir`: its lexicon (synonyms and acronyms) and the vocabulary of each
/// topic across its rubrics, exactly as `whetstone eval` and `rubrics check` grade. Falls back
/// to the built-in lexicon, without topics, when the directory cannot be read (logged).
pub fn load_grader(rubrics_dir: &std::path::Path) -> Grader {
    match crate::rubric::RubricBank::load(rubrics_dir) {
        Ok(bank) => Grader::new(bank.lexicon().clone()).with_topics(bank.rubrics()),
        Err(e) => {
            tracing::warn!(error = %e, "rubrics not loaded: grading with the built-in lexicon");
            Grader::new(crate::rubric::Lexicon::builtin())
        }
    }
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

/// At most one grading per CPU at a time. Each runs on a blocking thread; without a bound, 64
/// submits at once meant 64 blocking threads grading side by side on two cores, which only added
/// threads, memory (RSS 64 -> 199 MB in `scripts/bench-http`) and context switches.
fn grading_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

/// Grades `body` against `rubric` on a blocking thread (waiting for a free slot, see
/// [`grading_slots`]) and records `whetstone_grading_seconds`.
pub async fn grade_answer(
    grader: &Arc<Grader>,
    rubric: Option<Rubric>,
    body: &str,
) -> Result<Graded, SoloError> {
    let Some(rubric) = rubric else {
        return Ok(Graded::default());
    };
    let rubric_version = crate::rubric::store::fingerprint(&rubric);
    let grader = Arc::clone(grader);
    let answer = body.to_string();
    let _slot = grading_slots()
        .acquire()
        .await
        .map_err(|e| SoloError::Grading(e.to_string()))?;
    let judgment: Judgment = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let j = grader.grade(&rubric, &answer);
        metrics::histogram!("whetstone_grading_seconds").record(started.elapsed().as_secs_f64());
        j
    })
    .await
    .map_err(|e| SoloError::Grading(e.to_string()))?;
    Graded::of(&judgment, rubric_version).map_err(|e| SoloError::Grading(e.to_string()))
}
