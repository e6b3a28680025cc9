//! The live view shows the rubric that grades an own question: the one stored on the candidate's
//! item when the session started, not one built again (it used to be rebuilt with another
//! lexicon, so what the interviewer read could differ from what graded the answer).

use crate::helpers::spawn_app;
use crate::interviews_support::*;

const REFERENCE: &str = "A cache keeps hot data in memory so reads avoid the database. \
Use a TTL for expiry and an LRU eviction policy when memory is full.";

#[tokio::test]
async fn the_live_view_lists_the_stored_rubric_of_an_own_question() {
    let app = spawn_app().await;
    seed_questions(&app.pool).await;
    let (id, token) = prepared(&app, "owner").await;
    add_own_question(&app, &id, "How would you cache reads?", REFERENCE).await;
    let live = app.html(&format!("/interviews/{id}/live")).await;
    assert!(
        live.contains("TTL"),
        "before the start: built from the reference\n{live}"
    );

    let _candidate = started_candidate(&app, &token, "Ada").await;
    // what graded the answer is what the item stores; mark it to tell it apart
    let changed = sqlx::query(
        "UPDATE interview_items i
         SET rubric = jsonb_set(rubric, '{criteria,0,label}', '\"Label stored at the start\"')
         FROM interview_sessions s
         WHERE s.id = $1::uuid AND i.interview_id = s.interview_id AND i.question_id LIKE 'own-%'",
    )
    .bind(&id)
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(changed.rows_affected(), 1);
    let live = app.html(&format!("/interviews/{id}/live")).await;
    assert!(live.contains("Label stored at the start"), "{live}");
}
