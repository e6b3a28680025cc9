//! Integration tests: the app against a real PostgreSQL, one database per test.

mod access_matrix;
mod accounts;
mod databases;
mod errors;
mod health;
mod helpers;
mod history_pages;
mod home;
mod import;
mod import_cli;
mod interviews;
mod interviews_access;
mod interviews_answer;
mod interviews_during;
mod interviews_extend;
mod interviews_followup_next;
mod interviews_live;
mod interviews_live_answers;
mod interviews_overrides;
mod interviews_positions;
mod interviews_report;
mod interviews_results;
mod interviews_support;
mod metrics;
mod teams;
mod under_load;

mod regrade;
mod security;
mod serve;
mod small_things;
mod solo;
mod solo_api;
mod solo_bad_input;
mod solo_followups;
mod solo_support;
