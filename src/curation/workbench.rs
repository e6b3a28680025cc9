//! The rubric workbench of one question: its labelled cases (stored cases from appeals and
//! uploads, and interviewer overrides as human scores), the agreement of the current rubric with
//! them, a draft tried against them without saving (which scores and verdicts would change, and
//! the golden tests of `rubrics check`), and saving a draft as a new rubric version.

use sqlx::PgPool;
use uuid::Uuid;

use super::agreement::{self, Agreement, Graded};
use super::{CurationError, bounded, upload};
use crate::db;
use crate::db::cases::NewCase;
use crate::grader::{Grader, Verdict, golden};
use crate::rubric::Rubric;

/// A labelled case.
#[derive(Debug, Clone)]
pub struct Case {
    /// `appeal`, `upload` or `override`.
    pub source: String,
    pub answer: String,
    pub human: Option<f32>,
    pub expected: Vec<(String, Verdict)>,
}

/// The question's rubric and cases.
pub struct Bench {
    pub rubric: Rubric,
    pub cases: Vec<Case>,
}

/// Loads the rubric and every labelled case of a question.
pub async fn load(pool: &PgPool, question_id: &str) -> Result<Bench, CurationError> {
    let rubric = crate::solo::load_rubric(pool, question_id)
        .await?
        .ok_or_else(|| CurationError::NotFound("This question has no rubric to work on.".into()))?;
    let mut rows = db::cases::of_question(pool, question_id).await?;
    rows.extend(db::cases::override_cases(pool, question_id).await?);
    let cases = rows
        .into_iter()
        .map(|c| Case {
            source: c.source,
            answer: c.answer,
            human: c.score,
            expected: c
                .verdicts
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| {
                            let v = super::appeals::verdict(v.as_str()?).ok()?;
                            Some((k.clone(), v))
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    Ok(Bench { rubric, cases })
}

/// The cases graded by `rubric`, and its agreement with them.
pub struct Evaluation {
    pub graded: Vec<Graded>,
    pub agreement: Agreement,
}

pub fn evaluate(grader: &Grader, rubric: &Rubric, cases: &[Case]) -> Evaluation {
    let graded: Vec<Graded> = cases
        .iter()
        .map(|c| {
            let j = grader.grade(rubric, &c.answer);
            Graded {
                human: c.human,
                expected: c.expected.clone(),
                score: j.score,
                verdicts: j
                    .criteria
                    .iter()
                    .map(|r| (r.id.clone(), r.verdict))
                    .collect(),
            }
        })
        .collect();
    let ids: Vec<String> = rubric.criteria.iter().map(|c| c.id.clone()).collect();
    let agreement = agreement::measure(&ids, &graded);
    Evaluation { graded, agreement }
}

/// A draft tried against the cases.
pub struct Tried {
    pub before: Evaluation,
    pub after: Evaluation,
    /// The golden tests of `rubrics check` on the draft (empty: all pass).
    pub golden: Vec<golden::Failure>,
}

pub async fn try_draft(
    pool: &PgPool,
    grader: &Grader,
    bench: &Bench,
    draft: &Rubric,
) -> Result<Tried, CurationError> {
    let refs = db::cases::reference_texts(pool, &draft.id).await?;
    let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
    Ok(Tried {
        before: evaluate(grader, &bench.rubric, &bench.cases),
        after: evaluate(grader, draft, &bench.cases),
        golden: golden::check(grader, draft, &refs),
    })
}

/// Saves `draft` as the question's rubric (a new version with author and reason).
pub async fn save(
    pool: &PgPool,
    curator: Uuid,
    draft: &Rubric,
    reason: &str,
) -> Result<i64, CurationError> {
    let reason = bounded(reason, "reason")?;
    if reason.is_empty() {
        return Err(CurationError::Invalid(
            "Say why the rubric changes: the reason is kept with the version.".into(),
        ));
    }
    let mut tx = pool.begin().await?;
    let v = db::rubric_versions::save(
        &mut tx,
        &draft.id,
        &serde_json::to_value(draft)?,
        curator,
        reason,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(question = %draft.id, curator = %curator, version = v, "rubric saved");
    Ok(v)
}

/// Imports uploaded cases (CSV or JSON lines): all of them, or none and every bad row.
pub async fn upload(
    pool: &PgPool,
    curator: Uuid,
    rubric: &Rubric,
    text: &str,
) -> Result<usize, Result<Vec<upload::RowError>, CurationError>> {
    let ids: Vec<String> = rubric.criteria.iter().map(|c| c.id.clone()).collect();
    let rows = upload::parse(text, &ids).map_err(Ok)?;
    let store = async {
        let mut tx = pool.begin().await?;
        for r in &rows {
            let verdicts: serde_json::Map<String, serde_json::Value> = r
                .verdicts
                .iter()
                .map(|(c, v)| (c.clone(), serde_json::Value::from(v.as_str())))
                .collect();
            db::cases::insert(
                &mut tx,
                &NewCase {
                    question_id: rubric.id.clone(),
                    source: "upload",
                    appeal_id: None,
                    answer: r.answer.clone(),
                    score: r.score,
                    verdicts: serde_json::Value::Object(verdicts),
                    author_id: Some(curator),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(())
    };
    store.await.map_err(|e| Err(e.into()))?;
    tracing::info!(question = %rubric.id, curator = %curator, cases = rows.len(), "cases uploaded");
    Ok(rows.len())
}
