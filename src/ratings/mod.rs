//! Ratings that learn from every attempt (issue 16): Glicko-2 ratings of users (overall and per
//! topic) and of questions, moved by graded first solo answers.
//!
//! [`glicko2`] is the pure algorithm, [`rules`] the one statement of which answers move which
//! ratings, [`service`] applies them inside the answer's transaction, [`report`] lists questions
//! whose learned rating left their label's, and [`simulate`] runs the
//! real rating and dealing code on simulated users and questions (`whetstone dev simulate`).

pub mod glicko2;
pub mod report;
pub mod rules;
pub mod service;
pub mod simulate;
