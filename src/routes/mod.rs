//! HTTP routes.

pub mod accounts;
