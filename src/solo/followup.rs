//! Solo follow-ups: "Answer the follow-up" on a feedback page makes the follow-up the judgment
//! chose the next item of the same interview, graded by what it asks (see
//! [`crate::rubric::followup`]): the next link of the question's chain is that bank question; a
//! probe of a missed or wrong criterion is an own question graded by that criterion alone.

use sqlx::PgPool;
use uuid::Uuid;

use crate::db;
use crate::db::interviews::{Item, NewFollowup};
use crate::db::questions::QuestionRow;
use crate::grader::Judgment;
use crate::rubric::{Rubric, followup};

use super::{SoloError, owned_item};

/// What a follow-up would be, before it is added.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowupKind {
    /// The next question of the chain, from the bank.
    Chain { question_id: String },
    /// The probe of one criterion of the item's rubric.
    Probe { criterion_id: String },
}

/// Which follow-up `judgment` asks after `item`, when it can be answered: its chain's next
/// question, or the probe of a criterion of `rubric`. `None` for the general questions the grader
/// asks when no criterion is missing ("What would you build first?").
pub fn kind_of(
    judgment: &Judgment,
    rubric: Option<&Rubric>,
    chain_next: Option<(&str, &str)>,
) -> Option<FollowupKind> {
    let text = judgment.followup.trim();
    if text.is_empty() {
        return None;
    }
    if let Some((id, prompt)) = chain_next
        && prompt.trim() == text
    {
        return Some(FollowupKind::Chain {
            question_id: id.to_string(),
        });
    }
    let c = followup::criterion_for_probe(rubric?, text)?;
    Some(FollowupKind::Probe {
        criterion_id: c.id.clone(),
    })
}

/// The answerable follow-up of a user's answered solo item, if it has one.
pub async fn available(
    pool: &PgPool,
    item: &Item,
    judgment: &Judgment,
) -> Result<Option<FollowupKind>, SoloError> {
    if item.kind != "solo" || item.followup_of.is_some() {
        return Ok(None);
    }
    Ok(find(pool, item, judgment).await?.0)
}

/// The follow-up `judgment` asks after `item` (see [`kind_of`]) and the rubric it was found in.
async fn find(
    pool: &PgPool,
    item: &Item,
    judgment: &Judgment,
) -> Result<(Option<FollowupKind>, Option<Rubric>), SoloError> {
    let rubric = rubric_of(pool, item).await?;
    let chain = match db::questions::get(pool, &item.question_id)
        .await?
        .and_then(|q| q.chain_next)
    {
        Some(next) => db::questions::get(pool, &next)
            .await?
            .map(|q| (q.id, q.prompt)),
        None => None,
    };
    let kind = kind_of(
        judgment,
        rubric.as_ref(),
        chain.as_ref().map(|(id, p)| (id.as_str(), p.as_str())),
    );
    Ok((kind, rubric))
}

/// The rubric an item is graded by: its own (an interviewer's question), or its bank question's.
async fn rubric_of(pool: &PgPool, item: &Item) -> Result<Option<Rubric>, SoloError> {
    match db::interviews::own_question(pool, item.id).await? {
        (_, Some(json)) => Ok(serde_json::from_value(json).ok()),
        _ => super::load_rubric(pool, &item.question_id).await,
    }
}

/// The bank question an item stands for: its own, or for a probe follow-up, the question of the
/// item it follows (for the topic and difficulty a page shows).
pub async fn bank_question(pool: &PgPool, item: &Item) -> Result<Option<QuestionRow>, SoloError> {
    if let Some(q) = db::questions::get(pool, &item.question_id).await? {
        return Ok(Some(q));
    }
    match item.followup_of {
        Some(parent) => match db::interviews::item(pool, parent).await? {
            Some(p) => Ok(db::questions::get(pool, &p.question_id).await?),
            None => Ok(None),
        },
        None => Ok(None),
    }
}

/// For a follow-up, the prompt of the question it follows (the parent item's own, or its bank
/// question's); `None` for any other item.
pub async fn parent_prompt(pool: &PgPool, item: &Item) -> Result<Option<String>, SoloError> {
    let Some(parent) = item.followup_of else {
        return Ok(None);
    };
    let Some(p) = db::interviews::item(pool, parent).await? else {
        return Ok(None);
    };
    if let Some(prompt) = p.prompt {
        return Ok(Some(prompt));
    }
    Ok(db::questions::get(pool, &p.question_id)
        .await?
        .map(|q| q.prompt))
}

/// Adds the follow-up of `user_id`'s answered item `item_id` as the next item of its interview
/// and returns the new item's id (the existing one when it was added before).
pub async fn start(pool: &PgPool, user_id: Uuid, item_id: Uuid) -> Result<Uuid, SoloError> {
    let item = owned_item(pool, item_id, user_id).await?;
    if item.kind != "solo" {
        return Err(SoloError::NotFound(
            "there is no such practice question".into(),
        ));
    }
    if item.followup_of.is_some() {
        return Err(SoloError::Invalid(
            "this is already a follow-up; go on with the interview".into(),
        ));
    }
    let answer = db::answers::for_item(pool, item.id)
        .await?
        .ok_or_else(|| SoloError::Invalid("answer the question before its follow-up".into()))?;
    let judgment: Judgment = answer
        .judgment
        .and_then(|j| serde_json::from_value(j).ok())
        .ok_or_else(|| {
            SoloError::NotFound("this answer was not graded, so it has no follow-up".into())
        })?;
    // (the kind and followup_of checks of `available` were made above, with their errors)
    let (kind, parent) = find(pool, &item, &judgment).await?;
    let new = match kind {
        Some(FollowupKind::Chain { question_id }) => NewFollowup {
            question_id,
            prompt: None,
            rubric: None,
        },
        Some(FollowupKind::Probe { criterion_id }) => {
            // a probe is only ever found in a rubric
            let parent =
                parent.ok_or_else(|| SoloError::NotFound("this question has no rubric".into()))?;
            let rubric = followup::for_criterion(&parent, &criterion_id)
                .ok_or_else(|| SoloError::NotFound("the follow-up's concept is gone".into()))?;
            NewFollowup {
                question_id: crate::interviews::own_question::id(&rubric.id),
                prompt: Some(rubric.prompt.clone()),
                rubric: Some(
                    serde_json::to_value(&rubric).map_err(|e| SoloError::Grading(e.to_string()))?,
                ),
            }
        }
        None => {
            return Err(SoloError::NotFound(
                "this answer's follow-up is a general question with nothing to grade it by".into(),
            ));
        }
    };
    Ok(db::interviews::add_followup(pool, &item, &new).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::{Criterion, Lexicon};

    fn rubric() -> Rubric {
        let mut a = Criterion::new("a", "Alpha concept", 1.0, &["alpha"], "Alpha matters.");
        a.probe = "What about alpha?".into();
        let b = Criterion::new("b", "Beta concept", 1.0, &["beta"], "Beta matters.");
        Rubric::new("q1", "Explain alpha and beta.", "general", vec![a, b])
    }

    fn judged(followup: &str) -> Judgment {
        let mut j = crate::grader::Grader::new(Lexicon::builtin()).grade(&rubric(), "beta only");
        j.followup = followup.to_string();
        j
    }

    #[test]
    fn the_followup_is_a_chain_link_a_probe_or_nothing_answerable() {
        let r = rubric();
        assert_eq!(
            kind_of(&judged("What about alpha?"), Some(&r), None),
            Some(FollowupKind::Probe {
                criterion_id: "a".into()
            })
        );
        assert_eq!(
            kind_of(&judged("Next link?"), Some(&r), Some(("q2", "Next link?"))),
            Some(FollowupKind::Chain {
                question_id: "q2".into()
            })
        );
        assert_eq!(
            kind_of(
                &judged("What would you build first, and why?"),
                Some(&r),
                None
            ),
            None
        );
        assert_eq!(kind_of(&judged("What about alpha?"), None, None), None);
        assert_eq!(kind_of(&judged(""), Some(&r), None), None);
    }
}
