//! `whetstone users grant-curator NAME` / `revoke-curator NAME`: the curator role (issue 17).
//! Curators answer appeals and flags and edit rubrics in the browser; the first account of a
//! fresh install is one already (see `db::users::create`).

use anyhow::Context;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Make the account NAME a curator.
    GrantCurator { name: String },
    /// Take the curator role from the account NAME.
    RevokeCurator { name: String },
}

pub fn run(command: Command) -> anyhow::Result<()> {
    let settings = crate::config::Settings::from_env()?;
    let url = settings
        .database_url
        .clone()
        .context("DATABASE_URL is not set: `whetstone users` changes accounts in the database")?;
    let (name, grant) = match &command {
        Command::GrantCurator { name } => (name.as_str(), true),
        Command::RevokeCurator { name } => (name.as_str(), false),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let pool = crate::startup::connect_migrated(url.expose()).await?;
        println!("{}", set_curator(&pool, name, grant).await?);
        Ok(())
    })
}

/// Grants or revokes the role; the sentence to print, or an error naming the missing account.
pub async fn set_curator(pool: &sqlx::PgPool, name: &str, grant: bool) -> anyhow::Result<String> {
    if !crate::db::users::set_curator(pool, name, grant).await? {
        anyhow::bail!("there is no account named {name:?}");
    }
    tracing::info!(account = name, curator = grant, "curator role changed");
    Ok(if grant {
        format!("{name} is a curator now")
    } else {
        format!("{name} is no longer a curator")
    })
}
