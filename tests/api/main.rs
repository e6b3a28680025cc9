//! Integration tests: the app against a real PostgreSQL, one database per test.

mod accounts;
mod errors;
mod health;
mod helpers;
mod metrics;
mod teams;
