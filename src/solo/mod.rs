//! The solo mock interview as an application service: dealing an interview, running the clock of
//! each question, saving drafts, submitting and grading answers once, and timing out items whose
//! deadline passed (the sweeper). Used by the HTML routes and the JSON API alike; no HTTP here.

mod error;
pub mod followup;
mod grading;
pub mod progress;
pub mod regrade;
mod service;
mod sweeper;

pub use error::SoloError;
pub use grading::{GRADER_VERSION, Graded, grade_answer, load_grader, load_rubric};
pub use service::{
    DraftSaved, MAX_ANSWER_CHARS, MAX_MINUTES, StartSettings, SubmitOutcome, current_item,
    open_if_current, open_item, owned_answer_view, owned_item, save_draft, save_item_draft,
    start_interview, start_single, submit, submit_item,
};
pub use sweeper::{SWEEP_EVERY, spawn_sweeper, sweep_once};
