//! Reviews of missed concepts: every rubric criterion of a graded solo answer becomes a review
//! card for its user (question + criterion), scheduled with FSRS ([`schedule`]); the "Due today"
//! page and the JSON API review due cards one criterion at a time ([`service`]). No HTTP here.

mod error;
pub mod schedule;
pub mod service;

pub use error::ReviewError;
