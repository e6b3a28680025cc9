//! Reading team leaderboards, activity and weak topics from the precomputed tables (see
//! [`crate::leaderboard`] for how they are kept).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::leaderboard::Window;

/// One member's standing on a board.
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub user_id: Uuid,
    pub username: String,
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
    /// The board's window (the `span` column).
    pub window: Window,
    pub period: NaiveDate,
    /// A topic slug, or `""` for every topic.
    pub topic: &'a str,
    pub viewer: Uuid,
    /// Rows from the top.
    pub limit: i64,
}

/// The top `limit` members with points rows in the window, by points (ties in a stable order:
/// by user id). For a big team the planner walks `leaderboard_points_rank_idx` in points order
/// and stops after `limit` members; for a small one it probes each member's row.
pub async fn top(pool: &PgPool, q: &BoardQuery<'_>) -> Result<Vec<BoardRow>, sqlx::Error> {
    sqlx::query_as!(
        BoardRow,
        r#"SELECT t.user_id AS "user_id!", u.username, t.points AS "points!",
                  t.counted::bigint AS "counted!", t.score_sum AS "score_sum!",
                  s.last_day AS "streak_last_day?", s.length AS "streak_length?"
           FROM (
               SELECT p.user_id, p.points, p.counted, p.score_sum
               FROM leaderboard_points p
               JOIN team_members m ON m.team_id = $1 AND m.user_id = p.user_id
               WHERE p.span = $2 AND p.period = $3 AND p.topic = $4
               ORDER BY p.points DESC, p.user_id
               LIMIT $5
           ) AS t
           JOIN users u ON u.id = t.user_id
           LEFT JOIN leaderboard_streaks s ON s.user_id = t.user_id
           ORDER BY t.points DESC, t.user_id"#,
        q.team,
        q.window as Window,
        q.period,
        q.topic,
        q.limit
    )
    .fetch_all(pool)
    .await
}

/// Up to `limit` members with nothing in the window (0 points), by user id: they fill a board
/// whose members with points are fewer than its rows.
pub async fn idle(
    pool: &PgPool,
    q: &BoardQuery<'_>,
    limit: i64,
) -> Result<Vec<BoardRow>, sqlx::Error> {
    sqlx::query_as!(
        BoardRow,
        r#"SELECT m.user_id, u.username, 0::bigint AS "points!", 0::bigint AS "counted!",
                  0::float8 AS "score_sum!",
                  s.last_day AS "streak_last_day?", s.length AS "streak_length?"
           FROM team_members m
           JOIN users u ON u.id = m.user_id
           LEFT JOIN leaderboard_streaks s ON s.user_id = m.user_id
           WHERE m.team_id = $1
             AND NOT EXISTS (SELECT 1 FROM leaderboard_points p
                             WHERE p.span = $2 AND p.period = $3 AND p.topic = $4
                               AND p.user_id = m.user_id)
           ORDER BY m.user_id
           LIMIT $5"#,
        q.team,
        q.window as Window,
        q.period,
        q.topic,
        limit
    )
    .fetch_all(pool)
    .await
}

/// The viewer's row and how many members have more points (their rank is that plus one), or
/// `None` when the viewer is not a member.
pub async fn viewer(
    pool: &PgPool,
    q: &BoardQuery<'_>,
) -> Result<Option<(BoardRow, i64)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT m.user_id, u.username,
                  coalesce(p.points, 0) AS "points!",
                  coalesce(p.counted, 0)::bigint AS "counted!",
                  coalesce(p.score_sum, 0) AS "score_sum!",
                  s.last_day AS "last_day?", s.length AS "length?",
                  (SELECT count(*)
                   FROM team_members m2
                   JOIN leaderboard_points p2
                     ON p2.span = $2 AND p2.period = $3 AND p2.topic = $4
                    AND p2.user_id = m2.user_id
                   WHERE m2.team_id = $1 AND p2.points > coalesce(p.points, 0)) AS "ahead!"
           FROM team_members m
           JOIN users u ON u.id = m.user_id
           LEFT JOIN leaderboard_points p
                  ON p.span = $2 AND p.period = $3 AND p.topic = $4 AND p.user_id = m.user_id
           LEFT JOIN leaderboard_streaks s ON s.user_id = m.user_id
           WHERE m.team_id = $1 AND m.user_id = $5"#,
        q.team,
        q.window as Window,
        q.period,
        q.topic,
        q.viewer
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| {
        (
            BoardRow {
                user_id: r.user_id,
                username: r.username,
                points: r.points,
                counted: r.counted,
                score_sum: r.score_sum,
                streak_last_day: r.last_day,
                streak_length: r.length,
            },
            r.ahead,
        )
    }))
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
             AND leaderboard_counts(a.source, a.user_id, a.score, a.flags, a.question_id, a.item_id)
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

/// Recomputes one user's leaderboard rows from their answers (after their scores changed: a
/// regrade, or a session's answers starting or stopping to count). The SQL function builds
/// temporary tables that live until the transaction ends, so call it once per user per
/// transaction.
pub async fn rebuild_user(
    conn: &mut sqlx::PgConnection,
    user: uuid::Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT leaderboard_rebuild($1)", user)
        .execute(conn)
        .await?;
    Ok(())
}
