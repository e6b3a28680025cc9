//! Flags: a candidate reports a problem with a question from a feedback page (wrong or outdated
//! reference, unclear question, duplicate) with a reason; a curator resolves or dismisses it.

use sqlx::PgPool;
use uuid::Uuid;

use super::{CurationError, bounded};
use crate::db;
use crate::db::flags::NewFlag;

/// The kinds of problem, as forms send them, with how a page names them.
pub const KINDS: [(&str, &str); 3] = [
    ("wrong-reference", "Wrong or outdated reference answer"),
    ("unclear", "Unclear question"),
    ("duplicate", "Duplicate of another question"),
];

/// How a page names a kind of problem.
pub fn kind_title(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("Problem", |(_, t)| t)
}

/// Records a flag of the question of the user's answered item `item_id`.
pub async fn flag(
    pool: &PgPool,
    user_id: Uuid,
    item_id: Uuid,
    kind: &str,
    reason: &str,
) -> Result<Uuid, CurationError> {
    // someone else's item is not found, whatever the form says
    let item = crate::solo::owned_item(pool, item_id, user_id).await?;
    let Some((kind, _)) = KINDS.iter().find(|(k, _)| *k == kind) else {
        return Err(CurationError::Invalid(format!(
            "{kind:?} is not a kind of problem (wrong-reference, unclear or duplicate)."
        )));
    };
    let reason = bounded(reason, "reason")?;
    if reason.is_empty() {
        return Err(CurationError::Invalid(
            "Say what is wrong with the question, so a curator can fix it.".into(),
        ));
    }
    let answer = db::answers::for_item(pool, item.id)
        .await?
        .ok_or_else(|| CurationError::Invalid("Answer the question before reporting it.".into()))?;
    // a probe follow-up stands for the question it follows
    let question_id = crate::solo::followup::bank_question(pool, &item)
        .await?
        .map_or_else(|| answer.question_id.clone(), |q| q.id);
    let id = db::flags::insert(
        pool,
        &NewFlag {
            question_id: question_id.clone(),
            answer_id: answer.id,
            user_id,
            kind,
            reason: reason.to_string(),
            answer_body: answer.body.clone(),
            judgment: answer.judgment.clone(),
        },
    )
    .await?;
    tracing::info!(flag = %id, user = %user_id, question = %question_id, kind, "question flagged");
    Ok(id)
}

/// Closes an open flag: `resolved` (fixed) or `dismissed`, with a note.
pub async fn close(
    pool: &PgPool,
    curator: Uuid,
    id: Uuid,
    state: &str,
    note: &str,
) -> Result<(), CurationError> {
    if !matches!(state, "resolved" | "dismissed") {
        return Err(CurationError::Invalid(format!(
            "{state:?} is not how a flag is closed (resolved or dismissed)."
        )));
    }
    let note = bounded(note, "note")?;
    if !db::flags::resolve(pool, id, state, note, curator).await? {
        return Err(CurationError::Conflict(
            "There is no open flag with that id (closed already?).".into(),
        ));
    }
    tracing::info!(flag = %id, curator = %curator, state, "flag closed");
    Ok(())
}
