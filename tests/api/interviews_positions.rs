//! Questions appended to one session at the same moment get distinct positions: appends take the
//! session's row lock before reading `max(position)`, where they used to race into the same
//! position and fail on the primary key (issue 14's defect list).

use uuid::Uuid;

use crate::helpers::spawn_app;
use crate::interviews_support::{create_session, seed_questions};

#[tokio::test]
async fn concurrent_appends_to_one_session_all_land_in_distinct_positions() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    app.register_and_log_in("iris").await;
    let session: Uuid = create_session(&app, "Race").await.parse().unwrap();

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..12 {
        let pool = app.pool.clone();
        tasks.spawn(async move {
            let prompt = format!("Own question {i}: how would you shard a queue?");
            whetstone::db::sessions::add_own_question(&pool, session, &prompt, "Partition.", 5)
                .await
        });
    }
    let bank = ["q-cache-1", "q-cache-2", "q-cache-3", "q-db-1", "q-db-2"];
    for id in bank {
        let pool = app.pool.clone();
        tasks.spawn(async move {
            whetstone::db::sessions::add_bank_question(&pool, session, id, 5)
                .await
                .map(|added| assert!(added, "{id} was not added"))
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap().expect("an append failed");
    }

    let positions: Vec<i32> = sqlx::query_scalar(
        "SELECT position FROM session_questions WHERE session_id = $1 ORDER BY position",
    )
    .bind(session)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(positions, (0..17).collect::<Vec<i32>>());
}
