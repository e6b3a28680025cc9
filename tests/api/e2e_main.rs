//! The end-to-end browser test as its own test binary (see `Cargo.toml`), sharing the api tests'
//! harness and fixtures.

// Not every helper is used here.
#[allow(dead_code)]
#[path = "helpers.rs"]
mod helpers;
#[path = "solo_support.rs"]
mod solo_support;

#[path = "chromium.rs"]
mod chromium;

mod e2e;
mod e2e_a11y;
mod e2e_pages;
