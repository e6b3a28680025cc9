//! Everything an account owns, as a whole: deleting it in one transaction (handing its teams
//! over, keeping other people's interview records whole, rebuilding the leaderboard rows that
//! depended on it) and reading it out for "download my data".

use sqlx::PgPool;
use uuid::Uuid;

/// What deleting an account did besides removing its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deleted {
    /// Teams it owned that another member now owns.
    pub teams_handed_over: Vec<Uuid>,
    /// Teams it owned alone, deleted with it.
    pub teams_deleted: Vec<Uuid>,
    /// Candidates of the sessions it ran whose leaderboard rows were rebuilt (their answers to
    /// those sessions went with it).
    pub boards_rebuilt: Vec<Uuid>,
}

/// Deletes the account and everything it owns in one transaction. `false` when there is no
/// such account.
///
/// - A team it owns passes to the member who has been an admin longest, else the longest
///   member; a team with no other member is deleted.
/// - Answers it gave as a signed-in candidate in someone else's session stay in that session as
///   an anonymous candidate's (the interviewer's record stays whole), no longer tied to it.
/// - Its solo interviews, drafts and answers, the sessions it ran (with their candidates'
///   answers), its memberships and leaderboard rows go (`ON DELETE CASCADE`); the leaderboard
///   rows of candidates whose counted answers were in those sessions are rebuilt.
pub async fn delete_account(pool: &PgPool, user: Uuid) -> Result<Option<Deleted>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let found = sqlx::query_scalar!("SELECT id FROM users WHERE id = $1 FOR UPDATE", user)
        .fetch_optional(&mut *tx)
        .await?;
    if found.is_none() {
        return Ok(None);
    }
    let mut done = Deleted::default();
    let owned = sqlx::query_scalar!(
        "SELECT team_id FROM team_members WHERE user_id = $1 AND role = 'owner'
         ORDER BY team_id FOR UPDATE",
        user
    )
    .fetch_all(&mut *tx)
    .await?;
    for team in owned {
        let heir = sqlx::query_scalar!(
            "SELECT user_id FROM team_members WHERE team_id = $1 AND user_id <> $2
             ORDER BY (role = 'admin') DESC, joined_at, user_id LIMIT 1 FOR UPDATE",
            team,
            user
        )
        .fetch_optional(&mut *tx)
        .await?;
        match heir {
            Some(heir) => {
                sqlx::query!(
                    "DELETE FROM team_members WHERE team_id = $1 AND user_id = $2",
                    team,
                    user
                )
                .execute(&mut *tx)
                .await?;
                sqlx::query!(
                    "UPDATE team_members SET role = 'owner' WHERE team_id = $1 AND user_id = $2",
                    team,
                    heir
                )
                .execute(&mut *tx)
                .await?;
                done.teams_handed_over.push(team);
            }
            None => {
                sqlx::query!("DELETE FROM teams WHERE id = $1", team)
                    .execute(&mut *tx)
                    .await?;
                done.teams_deleted.push(team);
            }
        }
    }
    sqlx::query!(
        "UPDATE answers a SET user_id = NULL
         FROM interview_items i JOIN interviews iv ON iv.id = i.interview_id
         WHERE a.item_id = i.id AND a.user_id = $1 AND iv.user_id <> $1",
        user
    )
    .execute(&mut *tx)
    .await?;
    done.boards_rebuilt = sqlx::query_scalar!(
        r#"SELECT DISTINCT a.user_id AS "user_id!"
           FROM answers a
           JOIN interview_items i ON i.id = a.item_id
           JOIN interviews iv ON iv.id = i.interview_id
           WHERE iv.user_id = $1 AND a.user_id IS NOT NULL AND a.user_id <> $1
           ORDER BY 1"#,
        user
    )
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query!("DELETE FROM users WHERE id = $1", user)
        .execute(&mut *tx)
        .await?;
    for candidate in &done.boards_rebuilt {
        crate::db::leaderboard::rebuild_user(&mut tx, *candidate).await?;
    }
    tx.commit().await?;
    Ok(Some(done))
}

/// The account's data as JSON documents, one per part (see [`export`]).
#[derive(Debug, Clone)]
pub struct Export {
    pub account: serde_json::Value,
    pub teams: serde_json::Value,
    pub interviews: serde_json::Value,
    pub session_answers: serde_json::Value,
    pub sessions_run: serde_json::Value,
    /// Ratings overall and per topic, and every rated answer.
    pub ratings: serde_json::Value,
}

/// Everything stored about the account: the account itself (not its password hash), its teams,
/// its solo interviews with every question, draft and graded answer, the answers it gave as a
/// signed-in candidate in others' sessions (without scores: those are the interviewer's to
/// release), the sessions it ran, and its ratings with every rated answer. `None` when there is
/// no such account.
pub async fn export(pool: &PgPool, user: Uuid) -> Result<Option<Export>, sqlx::Error> {
    let Some(account) = sqlx::query_scalar!(
        r#"SELECT jsonb_build_object('id', id, 'username', username, 'email', email,
                                     'created_at', created_at) AS "a!"
           FROM users WHERE id = $1"#,
        user
    )
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let teams = sqlx::query_scalar!(
        r#"SELECT COALESCE(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name,
                                                        'role', m.role, 'joined_at', m.joined_at)
                                     ORDER BY m.joined_at), '[]') AS "t!"
           FROM team_members m JOIN teams t ON t.id = m.team_id
           WHERE m.user_id = $1"#,
        user
    )
    .fetch_one(pool)
    .await?;
    let interviews = sqlx::query_scalar!(
        r#"SELECT COALESCE(jsonb_agg(jsonb_build_object(
                   'id', iv.id, 'topics', iv.topics, 'difficulty', iv.difficulty,
                   'minutes_per_question', iv.minutes_per_question,
                   'created_at', iv.created_at, 'finished_at', iv.finished_at,
                   'questions', (
                       SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                  'number', i.position + 1, 'question_id', i.question_id,
                                  'prompt', COALESCE(i.prompt, q.prompt), 'state', i.state,
                                  'started_at', i.started_at, 'deadline', i.deadline,
                                  'draft', d.body, 'draft_saved_at', d.saved_at,
                                  'answer', CASE WHEN a.id IS NULL THEN NULL ELSE
                                      jsonb_build_object('body', a.body,
                                          'submitted_at', a.submitted_at,
                                          'timed_out', a.timed_out, 'score', a.score,
                                          'band', a.band, 'flags', a.flags,
                                          'judgment', a.judgment) END)
                              ORDER BY i.position), '[]')
                       FROM interview_items i
                       LEFT JOIN questions q ON q.id = i.question_id
                       LEFT JOIN drafts d ON d.item_id = i.id
                       LEFT JOIN answers a ON a.item_id = i.id
                       WHERE i.interview_id = iv.id))
               ORDER BY iv.created_at), '[]') AS "i!"
           FROM interviews iv
           WHERE iv.user_id = $1 AND iv.kind = 'solo'"#,
        user
    )
    .fetch_one(pool)
    .await?;
    let session_answers = sqlx::query_scalar!(
        r#"SELECT COALESCE(jsonb_agg(jsonb_build_object(
                   'question_id', a.question_id, 'prompt', COALESCE(i.prompt, q.prompt),
                   'body', a.body, 'submitted_at', a.submitted_at)
               ORDER BY a.submitted_at), '[]') AS "s!"
           FROM answers a
           JOIN interview_items i ON i.id = a.item_id
           JOIN interviews iv ON iv.id = i.interview_id
           LEFT JOIN questions q ON q.id = a.question_id
           WHERE a.user_id = $1 AND iv.user_id <> $1"#,
        user
    )
    .fetch_one(pool)
    .await?;
    let sessions_run = sqlx::query_scalar!(
        r#"SELECT COALESCE(jsonb_agg(jsonb_build_object(
                   'id', s.id, 'title', s.title, 'candidate_name', s.candidate_name,
                   'state', s.state, 'is_template', s.is_template,
                   'created_at', s.created_at, 'finished_at', s.finished_at,
                   'recommendation', s.recommendation, 'summary', s.summary)
               ORDER BY s.created_at), '[]') AS "r!"
           FROM interview_sessions s WHERE s.owner_id = $1"#,
        user
    )
    .fetch_one(pool)
    .await?;
    let ratings = sqlx::query_scalar!(
        r#"SELECT jsonb_build_object(
                   'current', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                   'topic', NULLIF(topic, ''), 'rating', rating,
                                   'deviation', deviation, 'volatility', volatility,
                                   'games', games, 'updated_at', updated_at)
                               ORDER BY topic), '[]')
                               FROM user_ratings WHERE user_id = $1),
                   'rated_answers', (SELECT COALESCE(jsonb_agg(jsonb_build_object(
                                         'question_id', question_id, 'topic', topic,
                                         'result', result, 'played_at', played_at,
                                         'topic_rating_after', topic_rating,
                                         'overall_rating_after', overall_rating)
                                     ORDER BY played_at), '[]')
                                     FROM rating_games WHERE user_id = $1)) AS "r!""#,
        user
    )
    .fetch_one(pool)
    .await?;
    Ok(Some(Export {
        account,
        teams,
        interviews,
        session_answers,
        sessions_run,
        ratings,
    }))
}
