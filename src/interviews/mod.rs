//! Interviewer-led sessions: the service that holds their rules, called by `routes::interviews`
//! and returning [`Error`] (mapped to HTTP statuses in one place there).
//!
//! Who may reach a session and how ([`access`]: the owner by id, the candidate and the report by
//! a shared link), preparing it ([`prepare`]: questions, templates, links), running it ([`run`]:
//! joining, starting, follow-ups, extensions, release, overrides, finishing), the interviewer's
//! notes and scorecard ([`scorecard`]), own questions' ids and rubrics ([`own_question`]), the
//! numbering of questions and follow-ups ([`numbering`]), which question the candidate answers
//! next ([`next`]), the live view's state ([`live_view`]), the strengths and weaknesses across
//! the answers ([`summary`]), the results ([`results`]), their exports ([`export`]) and loading
//! them ([`service`]). The states of sessions and items and the kinds of link are the enums of
//! [`crate::db::states`], re-exported here.

pub mod access;
mod error;
pub mod export;
pub mod live_view;
pub mod next;
pub mod numbering;
pub mod own_question;
pub mod prepare;
pub mod results;
pub mod run;
pub mod scorecard;
pub mod service;
pub mod summary;

pub use crate::db::states::{ItemState, LinkKind, SessionState};
pub use error::Error;
pub use numbering::{Numbered, number};
pub use results::{Report, ReportCriterion, ReportQuestion};
pub use summary::{Concept, Summary, VerdictCounts};
