//! Integration tests: the app against a real PostgreSQL, one database per test.

mod accounts;
mod errors;
mod health;
mod helpers;
mod metrics;
mod teams;

mod solo;
mod solo_api;
mod solo_bad_input;
mod solo_support;
