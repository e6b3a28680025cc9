//! Reading team leaderboards, activity and weak topics from the precomputed tables (see
//! [`crate::leaderboard`] for how they are kept).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

/// One member's row of a board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub user_id: Uuid,
    pub username: String,
    /// Ties share a rank (1, 1, 3).
    pub rank: i64,
    /// 1-based place in display order (points, then name).
    pub position: i64,
    pub points: i64,
    pub counted: i64,
    pub score_sum: f64,
    pub streak_last_day: Option<NaiveDate>,
    pub streak_length: Option<i32>,
}

/// Which board to read.
#[derive(Debug, Clone)]
pub struct BoardQuery<'a> {
    pub team: Uuid,
    /// `week`, `month` or `all`.
    pub span: &'a str,
    pub period: NaiveDate,
    /// A topic slug, or `""` for every topic.
    pub topic: &'a str,
    pub viewer: Uuid,
    /// Rows from the top; the viewer's row comes as well when below them.
    pub limit: i64,
}

/// The top `limit` rows of a board plus the viewer's row, and the number of members.
pub async fn board(pool: &PgPool, q: &BoardQuery<'_>) -> Result<(Vec<BoardRow>, i64), sqlx::Error> {
    let rows = sqlx::query!(
        r#"WITH ranked AS (
               SELECT m.user_id, u.username,
                      coalesce(p.points, 0) AS points,
                      coalesce(p.counted, 0)::bigint AS counted,
                      coalesce(p.score_sum, 0) AS score_sum,
                      rank() OVER (ORDER BY coalesce(p.points, 0) DESC) AS rank,
                      row_number() OVER (ORDER BY coalesce(p.points, 0) DESC, lower(u.username),
                                         m.user_id) AS position,
                      count(*) OVER () AS members
               FROM team_members m
               JOIN users u ON u.id = m.user_id
               LEFT JOIN leaderboard_points p
                      ON p.span = $2 AND p.period = $3 AND p.topic = $4 AND p.user_id = m.user_id
               WHERE m.team_id = $1
           )
           SELECT r.user_id AS "user_id!", r.username AS "username!", r.rank AS "rank!",
                  r.position AS "position!", r.points AS "points!", r.counted AS "counted!",
                  r.score_sum AS "score_sum!", r.members AS "members!",
                  s.last_day AS "last_day?", s.length AS "length?"
           FROM ranked r
           LEFT JOIN leaderboard_streaks s ON s.user_id = r.user_id
           WHERE r.position <= $5 OR r.user_id = $6
           ORDER BY r.position"#,
        q.team,
        q.span,
        q.period,
        q.topic,
        q.limit,
        q.viewer
    )
    .fetch_all(pool)
    .await?;
    let members = rows.first().map_or(0, |r| r.members);
    let rows = rows
        .into_iter()
        .map(|r| BoardRow {
            user_id: r.user_id,
            username: r.username,
            rank: r.rank,
            position: r.position,
            points: r.points,
            counted: r.counted,
            score_sum: r.score_sum,
            streak_last_day: r.last_day,
            streak_length: r.length,
        })
        .collect();
    Ok((rows, members))
}

/// A recent counted answer by a member.
#[derive(Debug, Clone)]
pub struct Activity {
    pub username: String,
    pub question_id: String,
    pub prompt: Option<String>,
    pub topic: String,
    pub difficulty: String,
    pub score: f32,
    pub submitted_at: DateTime<Utc>,
}

/// The team's latest answers that count on the leaderboard, newest first.
pub async fn activity(pool: &PgPool, team: Uuid, limit: i64) -> Result<Vec<Activity>, sqlx::Error> {
    sqlx::query_as!(
        Activity,
        r#"SELECT u.username, a.question_id, q.prompt AS "prompt?", a.topic, a.difficulty,
                  a.score AS "score!", a.submitted_at
           FROM answers a
           JOIN team_members m ON m.user_id = a.user_id AND m.team_id = $1
           JOIN users u ON u.id = a.user_id
           LEFT JOIN questions q ON q.id = a.question_id
           WHERE a.score IS NOT NULL
             AND leaderboard_counts(a.source, a.user_id, a.score, a.flags)
           ORDER BY a.submitted_at DESC
           LIMIT $2"#,
        team,
        limit
    )
    .fetch_all(pool)
    .await
}

/// A topic's average best score across the team.
#[derive(Debug, Clone)]
pub struct TopicAverage {
    pub topic: String,
    pub average: f64,
    pub answers: i64,
}

/// The topics with the lowest average best score across the team's members, lowest first.
pub async fn weakest_topics(
    pool: &PgPool,
    team: Uuid,
    limit: i64,
) -> Result<Vec<TopicAverage>, sqlx::Error> {
    sqlx::query_as!(
        TopicAverage,
        r#"SELECT p.topic, sum(p.score_sum) / sum(p.counted) AS "average!",
                  sum(p.counted)::bigint AS "answers!"
           FROM team_members m
           JOIN leaderboard_points p
             ON p.user_id = m.user_id AND p.span = 'all' AND p.period = DATE '1970-01-01'
            AND p.topic <> ''
           WHERE m.team_id = $1
           GROUP BY p.topic
           HAVING sum(p.counted) > 0
           ORDER BY 2, 1
           LIMIT $2"#,
        team,
        limit
    )
    .fetch_all(pool)
    .await
}
