//! The account queries on their own: case-insensitive lookups, revocation bookkeeping.

use chrono::{Duration, Utc};
use uuid::Uuid;
use whetstone::db::users::{self, CreateUserError};

use crate::helpers::spawn_app;

#[tokio::test]
async fn lookups_ignore_case_and_uniqueness_names_the_field() {
    let app = spawn_app().await;
    let u = users::create(&app.pool, "Olga", "Olga@Example.com", "hash")
        .await
        .unwrap();
    assert_eq!((u.username.as_str(), u.token_version), ("Olga", 0));
    for login in ["olga", "OLGA", "olga@example.COM"] {
        let c = users::find_credentials(&app.pool, login).await.unwrap();
        assert_eq!(c.unwrap().user.id, u.id, "{login}");
    }
    assert!(
        users::find_credentials(&app.pool, "olg")
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        users::create(&app.pool, "OLGA", "x@example.com", "h").await,
        Err(CreateUserError::UsernameTaken)
    ));
    assert!(matches!(
        users::create(&app.pool, "olga2", "OLGA@example.com", "h").await,
        Err(CreateUserError::EmailTaken)
    ));
    assert_eq!(users::find_by_id(&app.pool, u.id).await.unwrap(), Some(u));
    assert_eq!(
        users::find_by_id(&app.pool, Uuid::new_v4()).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn revocations_are_kept_until_the_token_expires_then_purged() {
    let app = spawn_app().await;
    let u = users::create(&app.pool, "pete", "pete@example.com", "hash")
        .await
        .unwrap();
    let (old, live) = (Uuid::new_v4(), Uuid::new_v4());
    users::revoke_token(&app.pool, old, u.id, Utc::now() - Duration::minutes(1))
        .await
        .unwrap();
    let (_, revoked) = users::token_state(&app.pool, u.id, old)
        .await
        .unwrap()
        .unwrap();
    assert!(revoked);
    // The next revocation purges rows whose tokens have expired anyway.
    users::revoke_token(&app.pool, live, u.id, Utc::now() + Duration::hours(1))
        .await
        .unwrap();
    // Revoking twice is harmless.
    users::revoke_token(&app.pool, live, u.id, Utc::now() + Duration::hours(1))
        .await
        .unwrap();
    let jtis: Vec<Uuid> = sqlx::query_scalar("SELECT jti FROM revoked_tokens")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(jtis, vec![live]);
    let (_, revoked) = users::token_state(&app.pool, u.id, live)
        .await
        .unwrap()
        .unwrap();
    assert!(revoked);
    let (_, revoked) = users::token_state(&app.pool, u.id, Uuid::new_v4())
        .await
        .unwrap()
        .unwrap();
    assert!(!revoked);
    assert!(
        users::token_state(&app.pool, Uuid::new_v4(), live)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn token_version_bumps_per_account() {
    let app = spawn_app().await;
    let u = users::create(&app.pool, "quinn", "quinn@example.com", "hash")
        .await
        .unwrap();
    assert_eq!(
        users::bump_token_version(&app.pool, u.id).await.unwrap(),
        Some(1)
    );
    assert_eq!(
        users::bump_token_version(&app.pool, u.id).await.unwrap(),
        Some(2)
    );
    assert_eq!(
        users::bump_token_version(&app.pool, Uuid::new_v4())
            .await
            .unwrap(),
        None
    );
}
