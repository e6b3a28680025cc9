//! The column types of the interviews' tables: the states of a session, of an item (a question of any interview, solo or interviewer-led)
//! and the kinds of shared link, as Rust enums read from and written to their `text` columns
//! (whose CHECK constraints in `migrations/` list the same values). Compared as enums, never as
//! text; they print (and serialise) as the stored words. `interviews` re-exports them.

use std::fmt;

use serde::Serialize;

/// Where an interviewer-led session is: `draft` (being prepared), `scheduled` (its candidate
/// link was issued), `live` (started), `finished`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type, Serialize)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum SessionState {
    Draft,
    Scheduled,
    Live,
    Finished,
}

impl SessionState {
    /// In the order the dashboard groups them.
    pub const DASHBOARD: [SessionState; 4] = [
        SessionState::Live,
        SessionState::Scheduled,
        SessionState::Draft,
        SessionState::Finished,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::Draft => "draft",
            SessionState::Scheduled => "scheduled",
            SessionState::Live => "live",
            SessionState::Finished => "finished",
        }
    }

    /// The dashboard's heading of the group.
    pub fn label(self) -> &'static str {
        match self {
            SessionState::Draft => "Draft",
            SessionState::Scheduled => "Scheduled",
            SessionState::Live => "Live",
            SessionState::Finished => "Finished",
        }
    }

    /// Whether the session's questions may still change: not once it has started.
    pub fn questions_can_change(self) -> bool {
        matches!(self, SessionState::Draft | SessionState::Scheduled)
    }

    /// Whether it has started (live or finished): it has a live view and results.
    pub fn started(self) -> bool {
        matches!(self, SessionState::Live | SessionState::Finished)
    }

    pub fn is_draft(self) -> bool {
        self == SessionState::Draft
    }

    pub fn is_scheduled(self) -> bool {
        self == SessionState::Scheduled
    }

    pub fn is_live(self) -> bool {
        self == SessionState::Live
    }

    pub fn is_finished(self) -> bool {
        self == SessionState::Finished
    }
}

impl fmt::Display for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a question of an interview is: `pending` (not opened), `active` (its clock runs),
/// `submitted` or `timed_out`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type, Serialize)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Pending,
    Active,
    Submitted,
    TimedOut,
}

impl ItemState {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Pending => "pending",
            ItemState::Active => "active",
            ItemState::Submitted => "submitted",
            ItemState::TimedOut => "timed_out",
        }
    }

    /// Answered, in time or not.
    pub fn is_done(self) -> bool {
        matches!(self, ItemState::Submitted | ItemState::TimedOut)
    }

    /// How a page names the state (`not started`, `in progress`, `submitted`, `timed out`).
    pub fn label(self) -> &'static str {
        match self {
            ItemState::Pending => "not started",
            ItemState::Active => "in progress",
            ItemState::Submitted => "submitted",
            ItemState::TimedOut => "timed out",
        }
    }
}

impl fmt::Display for ItemState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a shared link opens: the candidate's pages or the read-only report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type, Serialize)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    Candidate,
    Report,
}

impl LinkKind {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Candidate => "candidate",
            LinkKind::Report => "report",
        }
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_print_and_serialise_as_stored() {
        for (state, word) in [
            (SessionState::Draft, "draft"),
            (SessionState::Scheduled, "scheduled"),
            (SessionState::Live, "live"),
            (SessionState::Finished, "finished"),
        ] {
            assert_eq!(state.to_string(), word);
            assert_eq!(serde_json::to_value(state).unwrap(), word);
        }
        for (state, word) in [
            (ItemState::Pending, "pending"),
            (ItemState::Active, "active"),
            (ItemState::Submitted, "submitted"),
            (ItemState::TimedOut, "timed_out"),
        ] {
            assert_eq!(state.to_string(), word);
            assert_eq!(serde_json::to_value(state).unwrap(), word);
        }
        assert_eq!(LinkKind::Report.to_string(), "report");
        assert!(ItemState::TimedOut.is_done() && !ItemState::Active.is_done());
        assert!(SessionState::Scheduled.questions_can_change());
        assert!(!SessionState::Live.questions_can_change());
    }
}
