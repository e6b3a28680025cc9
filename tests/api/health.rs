//! `/healthz` and `/readyz`.

use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_200_while_the_process_is_up() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(res.text().await.unwrap(), "ok\n");
}

#[tokio::test]
async fn readyz_answers_200_when_the_database_answers() {
    let app = spawn_app().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready\n");
}

#[tokio::test]
async fn readyz_answers_503_when_the_database_is_unreachable() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.drop_database().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 503);
    assert_eq!(res.text().await.unwrap(), "database unavailable\n");
    // The process itself is still up.
    assert_eq!(app.get("/healthz").await.status(), 200);
}
