//! Database administration over a maintenance connection: create a database if it is missing.

use sqlx::{Connection, PgConnection};

/// Creates database `name` on the server of `admin_url` unless it exists. Returns true when it
/// was created. `name` must be a plain identifier (letters, digits, `_`).
pub async fn create_database_if_missing(admin_url: &str, name: &str) -> anyhow::Result<bool> {
    anyhow::ensure!(
        !name.is_empty()
            && name.len() <= 63
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "invalid database name {name:?}: use letters, digits and underscores"
    );
    let mut conn = PgConnection::connect(admin_url).await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut conn)
            .await?;
    if !exists {
        // Identifiers cannot be bound as parameters; `name` was validated above.
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
            .execute(&mut conn)
            .await?;
    }
    conn.close().await?;
    Ok(!exists)
}
