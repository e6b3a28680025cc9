//! Appeals: a candidate disputes one criterion verdict of their answer ("I was right", or for a
//! contradicted verdict "that is not what I said"); a curator accepts (adding the candidate's
//! phrase to the criterion's terms as a new rubric version, or fixing the verdict for that
//! answer only; the answers are regraded and leaderboard rows rebuilt) or rejects with a reason.
//! Either way the appeal becomes a labelled case of the question.

use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::{CurationError, MAX_PHRASE, bounded, draft};
use crate::db;
use crate::db::appeals::{NewAppeal, Resolution};
use crate::db::cases::NewCase;
use crate::grader::{Grader, Judgment, Verdict};
use crate::solo::regrade::{Selection, regrade};

/// What the candidate says of a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// "I was right": the answer covered the criterion.
    Right,
    /// "That is not what I said": a contradicted verdict misread the answer.
    Misread,
}

impl Kind {
    pub fn parse(s: &str) -> Result<Kind, CurationError> {
        match s {
            "right" => Ok(Kind::Right),
            "misread" => Ok(Kind::Misread),
            _ => Err(CurationError::Invalid(format!(
                "{s:?} is not a kind of appeal (right or misread)."
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Right => "right",
            Kind::Misread => "misread",
        }
    }
}

/// Parses a verdict as forms and uploads name it.
pub fn verdict(s: &str) -> Result<Verdict, CurationError> {
    Verdict::ALL
        .into_iter()
        .find(|v| v.as_str() == s)
        .ok_or_else(|| {
            CurationError::Invalid(format!(
                "{s:?} is not a verdict (met, partial, missed or contradicted)."
            ))
        })
}

/// Records an appeal of the verdict on `criterion` of the user's answer to item `item_id`.
pub async fn appeal(
    pool: &PgPool,
    user_id: Uuid,
    item_id: Uuid,
    criterion: &str,
    kind: &str,
    comment: &str,
) -> Result<Uuid, CurationError> {
    // someone else's item is not found, whatever the form says
    let item = crate::solo::owned_item(pool, item_id, user_id).await?;
    let kind = Kind::parse(kind)?;
    let comment = bounded(comment, "comment")?;
    let answer = db::answers::for_item(pool, item.id).await?.ok_or_else(|| {
        CurationError::Invalid("This question has no answer to appeal yet.".into())
    })?;
    let judgment_json = answer.judgment.clone().ok_or_else(|| {
        CurationError::Invalid(
            "This answer was not graded, so there is no verdict to appeal.".into(),
        )
    })?;
    let judgment: Judgment = serde_json::from_value(judgment_json.clone())?;
    let c = judgment
        .criteria
        .iter()
        .find(|c| c.id == criterion)
        .ok_or_else(|| {
            CurationError::Invalid(format!("The judgment has no criterion {criterion:?}."))
        })?;
    match kind {
        Kind::Right if c.verdict == Verdict::Met => {
            return Err(CurationError::Invalid(format!(
                "“{}” is already met: there is nothing to appeal.",
                c.label
            )));
        }
        Kind::Misread if c.verdict != Verdict::Contradicted => {
            return Err(CurationError::Invalid(format!(
                "“{}” was not judged a wrong claim, so “that is not what I said” does not apply.",
                c.label
            )));
        }
        _ => {}
    }
    let id = db::appeals::insert(
        pool,
        &NewAppeal {
            answer_id: answer.id,
            user_id,
            question_id: answer.question_id.clone(),
            criterion: c.id.clone(),
            label: c.label.clone(),
            kind: kind.as_str(),
            verdict: c.verdict.as_str(),
            comment: comment.to_string(),
            answer_body: answer.body.clone(),
            judgment: judgment_json,
            score: answer.score,
        },
    )
    .await?
    .ok_or_else(|| {
        CurationError::Conflict(format!(
            "You have already appealed “{}” on this answer; a curator will look at it.",
            c.label
        ))
    })?;
    tracing::info!(appeal = %id, user = %user_id, answer = %answer.id, criterion, kind = kind.as_str(), "appeal filed");
    Ok(id)
}

/// How a curator accepts an appeal.
#[derive(Debug, Clone)]
pub enum Remedy {
    /// Add `phrase` to the criterion's terms (a new rubric version; every answer to the question
    /// graded by the old version is regraded). `expected` labels the case.
    Terms { phrase: String, expected: Verdict },
    /// Give this answer `verdict` on the criterion (this answer only).
    Verdict(Verdict),
}

/// What accepting an appeal did.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub old_score: Option<f32>,
    pub new_score: Option<f32>,
    /// Answers regraded (all of the question's stale ones for a new term).
    pub regraded: usize,
}

async fn open_appeal(pool: &PgPool, id: Uuid) -> Result<db::appeals::Appeal, CurationError> {
    let a = db::appeals::get(pool, id)
        .await?
        .ok_or_else(|| CurationError::NotFound("There is no such appeal.".into()))?;
    if a.state != "open" {
        return Err(CurationError::Conflict(format!(
            "This appeal was {} already.",
            a.state
        )));
    }
    Ok(a)
}

fn case_of(a: &db::appeals::Appeal, expected: Verdict, author: Uuid) -> NewCase {
    NewCase {
        question_id: a.question_id.clone(),
        source: "appeal",
        appeal_id: Some(a.id),
        answer: a.answer_body.clone(),
        score: None,
        verdicts: serde_json::json!({ a.criterion.clone(): expected.as_str() }),
        author_id: Some(author),
    }
}

/// Closes open appeal `a` in `tx` as `resolution` says, labels its case with the verdict `label`
/// (what the curator says the answer earned), and commits; a conflict when another curator
/// closed it meanwhile, and then nothing is stored.
async fn close(
    mut tx: Transaction<'_, Postgres>,
    a: &db::appeals::Appeal,
    resolution: &Resolution,
    label: Verdict,
) -> Result<(), CurationError> {
    if !db::appeals::resolve(&mut tx, resolution).await? {
        return Err(CurationError::Conflict(
            "This appeal was resolved meanwhile.".into(),
        ));
    }
    db::cases::insert(&mut tx, &case_of(a, label, resolution.by)).await?;
    tx.commit().await?;
    Ok(())
}

/// Accepts an open appeal with `remedy`, regrades and records the labelled case.
pub async fn accept(
    pool: &PgPool,
    grader: &Grader,
    curator: Uuid,
    id: Uuid,
    remedy: Remedy,
    reason: &str,
) -> Result<Accepted, CurationError> {
    let reason = bounded(reason, "reason")?;
    let a = open_appeal(pool, id).await?;
    let mut tx = pool.begin().await?;
    let (remedy_name, expected, phrase) = match &remedy {
        Remedy::Terms { phrase, expected } => {
            let phrase = phrase.trim();
            if phrase.is_empty() || phrase.chars().count() > MAX_PHRASE {
                return Err(CurationError::Invalid(format!(
                    "Give the phrase to add to the terms (1 to {MAX_PHRASE} characters)."
                )));
            }
            let rubric = crate::solo::load_rubric(pool, &a.question_id)
                .await?
                .ok_or_else(|| {
                    CurationError::Invalid("This question has no rubric to edit.".into())
                })?;
            let edited = draft::with_term(&rubric, &a.criterion, phrase)
                .map_err(|e| CurationError::Invalid(e.join("; ")))?;
            let why = if reason.is_empty() {
                format!("appeal: “{phrase}” added to the terms of {}", a.criterion)
            } else {
                format!(
                    "appeal: “{phrase}” added to the terms of {}: {reason}",
                    a.criterion
                )
            };
            db::rubric_versions::save(
                &mut tx,
                &a.question_id,
                &serde_json::to_value(&edited)?,
                curator,
                &why,
            )
            .await?;
            ("terms", *expected, Some(phrase.to_string()))
        }
        Remedy::Verdict(v) => ("verdict", *v, None),
    };
    let resolution = Resolution {
        id,
        state: "accepted",
        remedy: Some(remedy_name),
        expected: Some(expected.as_str().to_string()),
        phrase,
        reason: reason.to_string(),
        new_score: None,
        by: curator,
    };
    close(tx, &a, &resolution, expected).await?;
    let only = [a.answer_id];
    let sel = Selection {
        question: Some(&a.question_id),
        since: None,
        // a fixed verdict regrades this answer whatever graded it; a new term every stale answer
        all: remedy_name == "verdict",
        answers: (remedy_name == "verdict").then_some(&only[..]),
    };
    let o = regrade(pool, grader, sel, &mut |_| {}).await?;
    let new_score = db::appeals::set_new_score(pool, id).await?;
    tracing::info!(appeal = %id, curator = %curator, remedy = remedy_name, regraded = o.regraded, "appeal accepted");
    Ok(Accepted {
        old_score: a.score,
        new_score,
        regraded: o.regraded,
    })
}

/// Rejects an open appeal with a reason; the case is labelled with the verdict it had.
pub async fn reject(
    pool: &PgPool,
    curator: Uuid,
    id: Uuid,
    reason: &str,
) -> Result<(), CurationError> {
    let reason = bounded(reason, "reason")?;
    if reason.is_empty() {
        return Err(CurationError::Invalid(
            "Say why the appeal is rejected: the candidate reads it.".into(),
        ));
    }
    let a = open_appeal(pool, id).await?;
    let kept = verdict(&a.verdict)?;
    let tx = pool.begin().await?;
    let resolution = Resolution {
        id,
        state: "rejected",
        remedy: None,
        expected: Some(kept.as_str().to_string()),
        phrase: None,
        reason: reason.to_string(),
        new_score: None,
        by: curator,
    };
    close(tx, &a, &resolution, kept).await?;
    tracing::info!(appeal = %id, curator = %curator, "appeal rejected");
    Ok(())
}
