//! Grading stored answers again with the rubric the database holds now (`whetstone regrade`,
//! and a curator's accepted appeal), then rebuilding the leaderboard rows of every user whose
//! answers it touched.
//!
//! By default only answers graded by another version of their rubric (or before versions were
//! recorded) are regraded: an answer keeps the judgment it was given until this runs. `all`
//! regrades every selected answer (after a grader change, say). Verdicts a curator fixed for one
//! answer (an accepted appeal, remedy `verdict`) are applied again on every regrade.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{GRADER_VERSION, Graded, SoloError};
use crate::db;
use crate::db::regrade::Regraded;
use crate::grader::{Grader, Verdict};
use crate::rubric::Rubric;
use crate::rubric::store::fingerprint;

/// What a regrade did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outcome {
    pub selected: usize,
    pub regraded: usize,
    pub scores_changed: usize,
    pub users: usize,
}

/// Which answers to regrade.
#[derive(Debug, Default, Clone, Copy)]
pub struct Selection<'a> {
    pub question: Option<&'a str>,
    pub since: Option<DateTime<Utc>>,
    /// Every selected answer, not only those graded by another rubric version.
    pub all: bool,
    /// Only these answers (with `all`, these are regraded whatever graded them).
    pub answers: Option<&'a [Uuid]>,
}

/// A step of a regrade, for a progress display.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    /// `n` answers selected.
    Selected(usize),
    Answer,
    /// `n` users' leaderboard rows to rebuild.
    Users(usize),
    User,
}

/// Regrades the selected answers and rebuilds the leaderboard rows of their users. Each answer
/// is written in its own small transaction; each user's rebuild in its own.
pub async fn regrade(
    pool: &PgPool,
    grader: &Grader,
    sel: Selection<'_>,
    progress: &mut dyn FnMut(Step),
) -> Result<Outcome, SoloError> {
    let mut answers = db::regrade::gradable(pool, sel.question, sel.since).await?;
    if let Some(only) = sel.answers {
        answers.retain(|a| only.contains(&a.id));
    }
    let mut fixes: HashMap<Uuid, Vec<(String, Verdict)>> = HashMap::new();
    for (answer, criterion, verdict) in db::appeals::verdict_fixes(pool, sel.question).await? {
        let Ok(v) = serde_json::from_value::<Verdict>(serde_json::Value::String(verdict)) else {
            continue;
        };
        let list = fixes.entry(answer).or_default();
        list.retain(|(c, _)| *c != criterion);
        list.push((criterion, v));
    }
    let mut rubrics: HashMap<String, Option<(Rubric, String)>> = HashMap::new();
    let mut users: BTreeSet<Uuid> = BTreeSet::new();
    let mut o = Outcome {
        selected: answers.len(),
        ..Outcome::default()
    };
    progress(Step::Selected(answers.len()));
    for a in answers {
        progress(Step::Answer);
        if !rubrics.contains_key(&a.question_id) {
            let r = super::load_rubric(pool, &a.question_id).await?.map(|r| {
                let v = fingerprint(&r);
                (r, v)
            });
            rubrics.insert(a.question_id.clone(), r);
        }
        let Some((rubric, version)) = &rubrics[&a.question_id] else {
            continue;
        };
        if !sel.all && a.rubric_version.as_deref() == Some(version.as_str()) {
            continue;
        }
        let fixed = fixes.get(&a.id).map_or(&[][..], Vec::as_slice);
        let j = grader.grade_fixed(rubric, &a.body, fixed);
        let g = Graded::of(&j, version.clone()).map_err(|e| SoloError::Grading(e.to_string()))?;
        let mut tx = pool.begin().await?;
        db::regrade::write(
            &mut tx,
            &Regraded {
                id: a.id,
                judgment: g.judgment,
                score: g.score,
                band: g.band,
                flags: g.flags,
                grader_version: GRADER_VERSION.to_string(),
                rubric_version: g.rubric_version,
            },
        )
        .await?;
        tx.commit().await?;
        o.regraded += 1;
        if a.score != Some(j.score) {
            o.scores_changed += 1;
        }
        if let Some(u) = a.user_id {
            users.insert(u);
        }
    }
    progress(Step::Users(users.len()));
    for u in &users {
        let mut tx = pool.begin().await?;
        db::leaderboard::rebuild_user(&mut tx, *u).await?;
        tx.commit().await?;
        progress(Step::User);
    }
    o.users = users.len();
    Ok(o)
}
