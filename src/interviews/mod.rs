//! Interviewer-led sessions: the rules that are not HTTP. Today the numbering of questions and
//! follow-ups ([`numbering`]), the strengths and weaknesses of an interview across its answers
//! ([`summary`]), the results an interviewer reports and a candidate reads ([`results`]), their
//! exports ([`export`]), which question the candidate answers next ([`next`]) and loading all
//! of it ([`service`]). The rest of the sessions' rules still live
//! in `routes/interviews/` (see ARCHITECTURE.md) and are meant to move here.

pub mod export;
pub mod next;
pub mod numbering;
pub mod own_rubric;
pub mod results;
pub mod service;
pub mod summary;

pub use numbering::{Numbered, number};
pub use results::{Report, ReportCriterion, ReportQuestion};
pub use summary::{Concept, Summary, VerdictCounts};
