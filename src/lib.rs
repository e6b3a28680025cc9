//! Whetstone: a self-hosted tool for practising system-design interviews.
//!
//! Pure domain modules (no web framework or database): [`text`], [`corpus`], [`rubric`],
//! [`grader`], [`dealer`], [`leaderboard`], [`present`], [`markdown`] and the rules of [`auth`].
//! Services that hold the rules of a flow: [`solo`], [`teams`] and [`interviews`]. The
//! command line lives in [`cli`].
//!
//! The web app: [`config`] (settings from the environment), [`startup`] (building the server),
//! [`web`] (error type, who is asking, CSRF, middleware, page chrome), [`routes`],
//! [`live`] (LISTEN/NOTIFY fan-out for live views), [`bank_cache`] (question pages, topics and
//! searches cached until the bank changes), [`learned_ratings`] (questions' learned ratings, kept
//! a few seconds), [`telemetry`] (logs and metrics), [`pg`] (the
//! embedded PostgreSQL cluster) and [`db`] (persistence). `ARCHITECTURE.md` explains the layers.

pub mod auth;
pub mod cli;
pub mod corpus;
pub mod curation;
pub mod dealer;
pub mod grader;
pub mod interviews;
pub mod leaderboard;
pub mod live;
pub mod present;
pub mod ratings;
pub mod reviews;
pub mod rubric;
pub mod teams;
pub mod text;

pub mod bank_cache;
pub mod config;
pub mod db;
pub mod learned_ratings;
pub mod markdown;
pub mod pg;
pub mod routes;
pub mod solo;
pub mod startup;
pub mod telemetry;
pub mod web;
