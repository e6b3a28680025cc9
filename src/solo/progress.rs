//! Where a user stands in solo practice, for the signed-in home page and the question bank: the
//! interview to resume, the latest scores, the topic to practise next, and their record on each
//! question.

use std::collections::HashMap;

use sqlx::PgPool;
use uuid::Uuid;

use crate::db;
use crate::db::answers::{QuestionRecord, RecentAnswer, TopicAverage};
use crate::db::interviews::InProgress;

use super::SoloError;

/// Latest answers the home page lists.
pub const RECENT_ANSWERS: i64 = 5;

/// What the signed-in home page shows.
#[derive(Debug, Clone)]
pub struct Progress {
    /// The latest solo interview with questions left, to resume.
    pub in_progress: Option<InProgress>,
    /// The latest graded answers, newest first.
    pub recent: Vec<RecentAnswer>,
    /// The topic to practise next: the one with the lowest average score.
    pub next_topic: Option<TopicAverage>,
    /// Solo answers given so far.
    pub answered: i64,
}

/// The user's progress in solo practice.
pub async fn progress(pool: &PgPool, user: Uuid) -> Result<Progress, SoloError> {
    let in_progress = db::interviews::latest_in_progress(pool, user).await?;
    let recent = db::answers::recent_solo(pool, user, RECENT_ANSWERS).await?;
    let topics = db::answers::average_by_topic(pool, user).await?;
    Ok(Progress {
        in_progress,
        recent,
        answered: topics.iter().map(|t| t.answers).sum(),
        next_topic: weakest(topics),
    })
}

/// The topic to practise next: the lowest average (ties: more answers, then by name, as the
/// query orders them).
fn weakest(by_topic: Vec<TopicAverage>) -> Option<TopicAverage> {
    by_topic.into_iter().min_by(|a, b| {
        a.average
            .total_cmp(&b.average)
            .then(b.answers.cmp(&a.answers))
            .then(a.topic.cmp(&b.topic))
    })
}

/// The user's record on each of `question_ids` they answered, by question id.
pub async fn records(
    pool: &PgPool,
    user: Uuid,
    question_ids: &[String],
) -> Result<HashMap<String, QuestionRecord>, SoloError> {
    Ok(db::answers::records_for_questions(pool, user, question_ids)
        .await?
        .into_iter()
        .map(|r| (r.question_id.clone(), r))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn avg(topic: &str, answers: i64, average: f64) -> TopicAverage {
        TopicAverage {
            topic: topic.into(),
            answers,
            average,
        }
    }

    #[test]
    fn the_next_topic_is_the_lowest_average() {
        assert!(weakest(vec![]).is_none());
        let t = weakest(vec![
            avg("caching", 3, 6.0),
            avg("databases", 1, 4.5),
            avg("reliability", 2, 8.0),
        ])
        .unwrap();
        assert_eq!(t.topic, "databases");
        // a tie goes to the topic with more answers behind its average
        let t = weakest(vec![avg("a", 1, 5.0), avg("b", 4, 5.0)]).unwrap();
        assert_eq!(t.topic, "b");
    }
}
