//! PostgreSQL helpers: the private embedded cluster ([`embedded`]) and database administration
//! ([`admin`]: create a database if it is missing).

pub mod admin;
pub mod embedded;

pub use embedded::{EmbeddedError, EmbeddedOptions, EmbeddedPostgres, PgBinaries};
