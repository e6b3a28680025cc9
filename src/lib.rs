//! Whetstone: a self-hosted tool for practising system-design interviews.
//!
//! Pure domain modules (no web framework or database): [`text`], [`corpus`], [`rubric`],
//! [`grader`]. The command line lives in [`cli`].

pub mod auth;
pub mod cli;
pub mod corpus;
pub mod db;
pub mod grader;
pub mod routes;
pub mod rubric;
pub mod session;
pub mod text;
