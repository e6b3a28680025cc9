//! The points rule: best answer per question once, flagged answers and answers from sessions
//! that do not allow it earn nothing, harder questions earn more, and the windows. (Sessions that
//! allow it: sessions.rs.)

use serde_json::Value;

use super::{Answer, User, row, team_of};
use crate::helpers::spawn_app;

fn points(board: &Value, name: &str) -> i64 {
    row(board, name)["points"].as_i64().unwrap()
}

#[tokio::test]
async fn only_the_best_answer_to_a_question_counts_once() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let team = team_of(&ann, &[]).await;
    for score in [5.0, 7.0, 6.0, 7.0] {
        Answer::new(ann.id, "q1", score).insert(&app.pool).await;
    }
    let board = ann.board(team, "window=all").await;
    let r = row(&board, "ann");
    assert_eq!(r["points"], 140, "7.0 on a medium question, once: {r}");
    assert_eq!(r["answers_counted"], 1);
    assert_eq!(r["average_score"], 7.0);
    // A second question adds to it.
    Answer::new(ann.id, "q2", 4.0).insert(&app.pool).await;
    let board = ann.board(team, "window=all").await;
    assert_eq!(points(&board, "ann"), 140 + 80);
    assert_eq!(row(&board, "ann")["answers_counted"], 2);
    assert_eq!(row(&board, "ann")["average_score"], 5.5);
}

#[tokio::test]
async fn flagged_ungraded_and_unallowed_interview_answers_earn_nothing() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let team = team_of(&ann, &[]).await;
    for flag in ["keyword_dump", "off_topic", "copied_question"] {
        Answer::new(ann.id, "q1", 9.5)
            .flags(&[flag])
            .insert(&app.pool)
            .await;
    }
    let mut ungraded = Answer::new(ann.id, "q2", 0.0);
    ungraded.score = None;
    ungraded.insert(&app.pool).await;
    // A session answer whose interviewer did not allow it (no session lets it count).
    Answer::new(ann.id, "q3", 9.0)
        .source("interview")
        .insert(&app.pool)
        .await;
    let board = ann.board(team, "window=all").await;
    assert_eq!(points(&board, "ann"), 0);
    assert_eq!(row(&board, "ann")["answers_counted"], 0);
    assert_eq!(
        row(&board, "ann")["streak"],
        0,
        "no counted answer, no streak"
    );

    // A flag the rule does not name (padding) still counts; a flagged dump does not become the
    // best answer that a later honest one has to beat.
    Answer::new(ann.id, "q1", 3.0)
        .flags(&["padding"])
        .insert(&app.pool)
        .await;
    let board = ann.board(team, "window=all").await;
    assert_eq!(points(&board, "ann"), 60);
}

#[tokio::test]
async fn harder_questions_earn_more() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let team = team_of(&ann, &[]).await;
    Answer::new(ann.id, "e", 8.0)
        .difficulty("easy")
        .insert(&app.pool)
        .await;
    Answer::new(ann.id, "h", 8.0)
        .difficulty("hard")
        .insert(&app.pool)
        .await;
    let board = ann.board(team, "window=all").await;
    assert_eq!(points(&board, "ann"), 80 + 240);
    // The SQL rule on worked values: tenths of the clamped score times 1, 2 or 3, rounded as
    // PostgreSQL rounds the stored `real` in double precision.
    for (score, difficulty, expected) in [
        (7.0_f32, "easy", 70),
        (7.0, "medium", 140),
        (7.0, "hard", 210),
        (7.55, "hard", 228),
        (0.04, "easy", 0),
        // 9.95 is 9.9499998... as a real: 99 tenths, not 100
        (9.95, "medium", 198),
        (-3.0, "hard", 0),
        (12.0, "easy", 100),
        (10.0, "unknown", 100),
    ] {
        assert_eq!(
            super::points_for(&app.pool, score, difficulty).await,
            expected,
            "{score} {difficulty}"
        );
    }
}

#[tokio::test]
async fn windows_count_what_was_earned_in_them() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let team = team_of(&ann, &[]).await;
    // 40 days ago is always before this week and this month.
    Answer::new(ann.id, "old", 6.0)
        .days_ago(40)
        .insert(&app.pool)
        .await;
    Answer::new(ann.id, "improved", 5.0)
        .days_ago(40)
        .insert(&app.pool)
        .await;
    Answer::new(ann.id, "improved", 8.0).insert(&app.pool).await;
    Answer::new(ann.id, "new", 3.0).insert(&app.pool).await;

    let all = ann.board(team, "window=all").await;
    assert_eq!(points(&all, "ann"), 120 + 160 + 60);
    assert_eq!(row(&all, "ann")["answers_counted"], 3);

    for window in ["week", "month"] {
        let board = ann.board(team, &format!("window={window}")).await;
        // The improvement (5.0 -> 8.0 is 60 points) and the new question; not the old one.
        assert_eq!(points(&board, "ann"), 60 + 60, "{window}");
        assert_eq!(row(&board, "ann")["answers_counted"], 2, "{window}");
        assert_eq!(row(&board, "ann")["average_score"], 5.5, "{window}");
    }
    // The default window is this week.
    let board = ann.board(team, "").await;
    assert_eq!(board["window"], "week");
    assert_eq!(points(&board, "ann"), 120);
}

#[tokio::test]
async fn topic_filters_show_points_in_that_topic() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let team = team_of(&ann, &[]).await;
    Answer::new(ann.id, "c", 5.0).insert(&app.pool).await;
    Answer::new(ann.id, "d", 9.0)
        .topic("databases")
        .insert(&app.pool)
        .await;
    let board = ann.board(team, "window=all&topic=databases").await;
    assert_eq!(board["topic"], "databases");
    assert_eq!(points(&board, "ann"), 180);
    let board = ann.board(team, "window=all&topic=caching").await;
    assert_eq!(points(&board, "ann"), 100);
    let board = ann.board(team, "window=all&topic=").await;
    assert_eq!(points(&board, "ann"), 280, "an empty topic is every topic");
}

#[tokio::test]
async fn streaks_count_consecutive_days_ending_today_or_yesterday() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let cat = User::register(&app, "cat").await;
    let team = team_of(&ann, &[&bob, &cat]).await;
    for days in [5, 3, 2, 1] {
        Answer::new(ann.id, "a", 1.0)
            .days_ago(days)
            .insert(&app.pool)
            .await;
    }
    Answer::new(ann.id, "b", 1.0).insert(&app.pool).await;
    for days in [2, 1] {
        Answer::new(bob.id, "a", 1.0)
            .days_ago(days)
            .insert(&app.pool)
            .await;
    }
    Answer::new(cat.id, "a", 1.0)
        .days_ago(2)
        .insert(&app.pool)
        .await;
    let board = ann.board(team, "window=all").await;
    assert_eq!(
        row(&board, "ann")["streak"],
        4,
        "today and the three days before"
    );
    assert_eq!(
        row(&board, "bob")["streak"],
        2,
        "ending yesterday still counts"
    );
    assert_eq!(
        row(&board, "cat")["streak"],
        0,
        "ended the day before yesterday"
    );
}

/// The trigger (answer by answer) and `leaderboard_rebuild()` (set-based, for everybody or one
/// user) compute the same tables.
#[tokio::test]
async fn the_rebuild_agrees_with_the_trigger() {
    let app = spawn_app().await;
    let ann = User::register(&app, "ann").await;
    let bob = User::register(&app, "bob").await;
    let mut n = 0u32;
    for (user, q) in [(ann.id, "q1"), (ann.id, "q2"), (bob.id, "q1")] {
        for days in [70, 40, 9, 3, 1, 0] {
            n += 1;
            let score = ((n * 37) % 101) as f32 / 10.0;
            let flags: &[&str] = if n.is_multiple_of(7) {
                &["off_topic"]
            } else {
                &[]
            };
            let topic = if n.is_multiple_of(2) {
                "caching"
            } else {
                "databases"
            };
            Answer::new(user, q, score)
                .days_ago(days)
                .topic(topic)
                .flags(flags)
                .insert(&app.pool)
                .await;
        }
    }
    let snapshot = || async {
        sqlx::query_scalar!(
            r#"SELECT concat_ws(' | ',
                 (SELECT string_agg(concat_ws(',', user_id, question_id, points, score, achieved_at),
                                    ';' ORDER BY user_id, question_id) FROM leaderboard_best),
                 (SELECT string_agg(concat_ws(',', span, period, topic, user_id, points, counted,
                                              round(score_sum::numeric, 3)),
                                    ';' ORDER BY span, period, topic, user_id)
                  FROM leaderboard_points WHERE counted <> 0 OR points <> 0 OR score_sum <> 0),
                 (SELECT string_agg(concat_ws(',', user_id, last_day, length), ';' ORDER BY user_id)
                  FROM leaderboard_streaks)) AS "s!""#
        )
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    let incremental = snapshot().await;
    assert!(incremental.contains("caching"), "{incremental}");
    sqlx::query!("SELECT leaderboard_rebuild()")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(snapshot().await, incremental);
    // One user's rebuild (run when a session's setting changes) leaves everything as it was.
    sqlx::query!("SELECT leaderboard_rebuild($1)", ann.id)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(snapshot().await, incremental);
}
