//! Persistence: SQL for each feature, one file per area. [`bank`] writes the question bank.

pub mod bank;
pub mod leaderboard;
pub mod scorecards;
pub mod sessions;
pub mod states;
pub mod teams;
pub mod users;

pub mod account_data;
pub mod answers;
pub mod appeals;
pub mod cases;
pub mod flags;
pub mod interviews;
pub mod overrides;
pub mod questions;
pub mod ratings;
pub mod regrade;
pub mod reviews;
pub mod rubric_versions;
