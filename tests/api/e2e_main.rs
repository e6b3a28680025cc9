//! The end-to-end browser tests as their own test binary (see `Cargo.toml`), sharing the api
//! tests' harness and fixtures.

#[path = "databases.rs"]
mod databases;
// Not every helper is used here.
#[allow(dead_code)]
#[path = "helpers.rs"]
mod helpers;
#[path = "interviews_support.rs"]
mod interviews_support;
#[path = "solo_support.rs"]
mod solo_support;

#[path = "chromium.rs"]
mod chromium;

mod e2e;
mod e2e_a11y;
mod e2e_curation;
mod e2e_interviews;
mod e2e_live_view;
mod e2e_pages;
mod e2e_ratings;
mod e2e_reviews;
