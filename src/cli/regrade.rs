//! `whetstone regrade [--question ID] [--since DATE] [--all]`: grades answers to bank questions
//! again with the rubric the database holds now, and rebuilds the leaderboard rows of every user
//! whose scores it touched.
//!
//! By default only answers graded by another version of their rubric (or before versions were
//! recorded) are regraded: an answer keeps the judgment it was given until this runs. `--all`
//! regrades every selected answer (after a grader change, say).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use super::progress::progress_bar;
use crate::db;
use crate::db::regrade::Regraded;
use crate::grader::Grader;
use crate::rubric::Rubric;
use crate::rubric::store::fingerprint;
use crate::solo::{GRADER_VERSION, Graded};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only answers to this question id.
    #[arg(long)]
    pub question: Option<String>,
    /// Only answers submitted on or after this day (YYYY-MM-DD, UTC).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// Regrade every selected answer, not only those graded by another rubric version.
    #[arg(long)]
    pub all: bool,
}

/// What a regrade did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outcome {
    pub selected: usize,
    pub regraded: usize,
    pub scores_changed: usize,
    pub users: usize,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let settings = crate::config::Settings::from_env()?;
    crate::telemetry::init_tracing(&settings.log_filter, settings.log_format);
    let url = settings
        .database_url
        .as_ref()
        .map(|u| u.expose().to_string())
        .context("DATABASE_URL is not set: `whetstone regrade` needs the database to regrade")?;
    let grader = Arc::new(crate::solo::load_grader(&settings.rubrics_dir));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let pool = crate::startup::connect_migrated(&url).await?;
        let started = Instant::now();
        let since = args
            .since
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| DateTime::<Utc>::from_naive_utc_and_offset(t, Utc));
        let o = regrade(&pool, &grader, args.question.as_deref(), since, args.all).await?;
        println!(
            "regraded {} of {} selected answers ({} scores changed); rebuilt the leaderboard rows of {} users in {:.1} s",
            o.regraded,
            o.selected,
            o.scores_changed,
            o.users,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    })
}

/// Regrades the selected answers (see the module comment) and rebuilds the leaderboard rows of
/// their users. Each answer is written in its own small transaction; each user's rebuild in its
/// own.
pub async fn regrade(
    pool: &PgPool,
    grader: &Grader,
    question: Option<&str>,
    since: Option<DateTime<Utc>>,
    all: bool,
) -> anyhow::Result<Outcome> {
    let answers = db::regrade::gradable(pool, question, since).await?;
    let mut rubrics: HashMap<String, Option<(Rubric, String)>> = HashMap::new();
    let mut users: BTreeSet<uuid::Uuid> = BTreeSet::new();
    let mut o = Outcome {
        selected: answers.len(),
        ..Outcome::default()
    };
    let bar = progress_bar(answers.len() as u64, "regrading");
    for a in answers {
        bar.inc(1);
        if !rubrics.contains_key(&a.question_id) {
            let r = crate::solo::load_rubric(pool, &a.question_id)
                .await?
                .map(|r| {
                    let v = fingerprint(&r);
                    (r, v)
                });
            rubrics.insert(a.question_id.clone(), r);
        }
        let Some((rubric, version)) = &rubrics[&a.question_id] else {
            continue;
        };
        if !all && a.rubric_version.as_deref() == Some(version.as_str()) {
            continue;
        }
        let j = grader.grade(rubric, &a.body);
        let g = Graded::of(&j, version.clone()).context("serialising a judgment")?;
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
    bar.finish_and_clear();
    let bar = progress_bar(users.len() as u64, "leaderboards");
    for u in &users {
        let mut tx = pool.begin().await?;
        db::leaderboard::rebuild_user(&mut tx, *u).await?;
        tx.commit().await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    o.users = users.len();
    Ok(o)
}
