//! Command-line subcommands. `src/main.rs` parses arguments and calls into these modules.

pub mod corpus;
pub mod dev;
pub mod eval;
pub mod grade;
pub mod import;
pub mod output;
pub mod progress;
pub mod ratings;
pub mod regrade;
pub mod reviews;
pub mod rubrics;
pub mod serve;
pub mod simulate;
pub mod users;
