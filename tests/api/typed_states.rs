//! The states stored as text with a CHECK constraint (team role, leaderboard window, answer
//! source, review source) are Rust enums deriving `sqlx::Type`: each binds as the spelling its
//! column allows and reads back as itself, and a spelling no variant has is an error, never a
//! silent default.

use sqlx::PgPool;
use whetstone::db::answers::AnswerSource;
use whetstone::leaderboard::Window;
use whetstone::reviews::schedule::Source;
use whetstone::teams::Role;

use crate::helpers::migrated_pool;

/// Binds `value`, reads it back as text and as the enum.
async fn round_trip<T>(pool: &PgPool, value: T) -> (String, T)
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres>
        + for<'q> sqlx::Encode<'q, sqlx::Postgres>
        + sqlx::Type<sqlx::Postgres>
        + Send
        + Unpin
        + Copy,
{
    let text: String = sqlx::query_scalar("SELECT $1::text")
        .bind(value)
        .fetch_one(pool)
        .await
        .unwrap();
    let back: T = sqlx::query_scalar("SELECT $1::text")
        .bind(&text)
        .fetch_one(pool)
        .await
        .unwrap();
    (text, back)
}

#[tokio::test]
async fn state_enums_bind_and_read_the_spellings_their_columns_allow() {
    let pool = migrated_pool().await;
    for role in [Role::Owner, Role::Admin, Role::Member] {
        assert_eq!(
            round_trip(&pool, role).await,
            (role.as_str().to_string(), role)
        );
    }
    for window in Window::ALL {
        assert_eq!(
            round_trip(&pool, window).await,
            (window.slug().to_string(), window)
        );
    }
    for (source, text) in [
        (AnswerSource::Solo, "solo"),
        (AnswerSource::Interview, "interview"),
    ] {
        assert_eq!(round_trip(&pool, source).await, (text.to_string(), source));
    }
    for (source, text) in [(Source::Solo, "solo"), (Source::Review, "review")] {
        assert_eq!(round_trip(&pool, source).await, (text.to_string(), source));
    }
    // every spelling is one the column's CHECK accepts
    let user = uuid::Uuid::new_v4();
    sqlx::query("INSERT INTO users (id, username, email, password_hash) VALUES ($1, 'typed', 'typed@example.com', 'x')")
        .bind(user)
        .execute(&pool)
        .await
        .unwrap();
    let team: uuid::Uuid = sqlx::query_scalar("INSERT INTO teams (name) VALUES ('t') RETURNING id")
        .fetch_one(&pool)
        .await
        .unwrap();
    for role in [Role::Owner, Role::Admin, Role::Member] {
        sqlx::query("DELETE FROM team_members")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, $3)")
            .bind(team)
            .bind(user)
            .bind(role)
            .execute(&pool)
            .await
            .unwrap();
        let stored: Role = sqlx::query_scalar("SELECT role FROM team_members WHERE user_id = $1")
            .bind(user)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(stored, role);
    }
}

#[tokio::test]
async fn a_spelling_no_variant_has_is_an_error() {
    let pool = migrated_pool().await;
    let role = sqlx::query_scalar::<_, Role>("SELECT 'boss'::text")
        .fetch_one(&pool)
        .await;
    assert!(role.is_err(), "{role:?}");
    let window = sqlx::query_scalar::<_, Window>("SELECT 'year'::text")
        .fetch_one(&pool)
        .await;
    assert!(window.is_err(), "{window:?}");
    let source = sqlx::query_scalar::<_, AnswerSource>("SELECT 'review'::text")
        .fetch_one(&pool)
        .await;
    assert!(source.is_err(), "{source:?}");
}
